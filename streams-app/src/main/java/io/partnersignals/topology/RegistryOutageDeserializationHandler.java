package io.partnersignals.topology;

import io.partnersignals.registry.RegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record of a source topic (the partners table, the competitors global table, the repartition
 * topics) that cannot be decoded because the schema registry does not answer fails the thread
 * instead of being skipped: the record is not at fault, and a partner or competitor skipped while the
 * registry was down would be missing for good. Every other failure goes to the delegate, named by
 * {@value #DELEGATE} ({@link LogAndContinueExceptionHandler} unless set).
 */
public final class RegistryOutageDeserializationHandler implements DeserializationExceptionHandler {

    /** The handler of every failure that is not a registry outage: a class name or class. */
    public static final String DELEGATE = "partner-signals.deserialization.exception.handler.delegate";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageDeserializationHandler.class);

    private DeserializationExceptionHandler delegate = new LogAndContinueExceptionHandler();

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(DELEGATE);
        if (configured != null) {
            delegate = instance(configured, DeserializationExceptionHandler.class);
        }
        delegate.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (RegistryUnavailableException.isCause(exception)) {
            LOG.warn("The schema registry does not answer while reading {}-{} at offset {}: the thread stops, the record "
                            + "is read again when it answers: {}", record.topic(), record.partition(), record.offset(),
                    RegistryUnavailableException.in(exception).getMessage());
            return Response.fail();
        }
        return delegate.handleError(context, record, exception);
    }

    DeserializationExceptionHandler delegate() {
        return delegate;
    }

    /** An instance of the class named or given by a configuration value. */
    static <T> T instance(Object configured, Class<T> type) {
        try {
            Class<?> c = configured instanceof Class<?> k ? k : Class.forName(String.valueOf(configured).trim(), true,
                    Utils.getContextOrKafkaClassLoader());
            return Utils.newInstance(c.asSubclass(type));
        } catch (ClassNotFoundException | ClassCastException | KafkaException e) {
            throw new IllegalArgumentException("cannot make a " + type.getSimpleName() + " of " + configured + ": " + e, e);
        }
    }
}
