package io.partnersignals.topology;

import io.partnersignals.registry.RegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A processing exception caused by a schema registry that does not answer fails the stream thread:
 * the record is not at fault and must be processed again once the registry answers, so it is neither
 * skipped nor dead-lettered. Under exactly_once_v2 the open transaction is aborted; the replaced
 * thread reads again from the last commit. Every other exception goes to the delegate, named by
 * {@value #DELEGATE} ({@link LogAndContinueProcessingExceptionHandler} unless set).
 */
public final class RegistryOutageProcessingHandler implements ProcessingExceptionHandler {

    /** The handler of every exception that is not a registry outage: a class name or class. */
    public static final String DELEGATE = "partner-signals.processing.exception.handler.delegate";
    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutageProcessingHandler.class);

    private ProcessingExceptionHandler delegate = new LogAndContinueProcessingExceptionHandler();

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(DELEGATE);
        if (configured != null) {
            delegate = RegistryOutageDeserializationHandler.instance(configured, ProcessingExceptionHandler.class);
        }
        delegate.configure(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (RegistryUnavailableException.isCause(exception)) {
            LOG.warn("The schema registry does not answer while processing {}-{} at offset {} in {}: the stream thread "
                            + "stops, the record is processed again when it answers: {}", context.topic(),
                    context.partition(), context.offset(), context.processorNodeId(),
                    RegistryUnavailableException.in(exception).getMessage());
            return Response.fail();
        }
        return delegate.handleError(context, record, exception);
    }

    ProcessingExceptionHandler delegate() {
        return delegate;
    }
}
