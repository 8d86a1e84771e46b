package io.partnersignals.registry;

import org.apache.avro.Schema;

/**
 * A schema registry with the semantics of the Confluent Schema Registry: schemas are registered
 * under subjects ({@code <topic>-value}, {@code <topic>-key}) and identified by a global integer id
 * that the Confluent wire format carries in front of every record.
 *
 * <p>Implementations are thread-safe. Failures are reported as {@link SchemaRegistryException}; a
 * registry that could not answer at all (unreachable, failing, overloaded) as its subclass
 * {@link RegistryUnavailableException}, after which the same call may succeed.
 */
public interface SchemaRegistry {

    /**
     * Registers {@code schema} under {@code subject} and returns its id. Idempotent: registering a
     * schema that is already registered returns the existing id.
     */
    int register(String subject, Schema schema);

    /**
     * Returns the id of {@code schema}, which must already be registered under {@code subject}.
     *
     * @throws SchemaRegistryException if the subject or the schema is not registered
     */
    int lookup(String subject, Schema schema);

    /**
     * Returns the schema with the given id.
     *
     * @throws SchemaRegistryException if there is no such schema
     */
    Schema byId(int id);

    /**
     * Returns when the registry answers; an in-process registry always does.
     *
     * @throws RegistryUnavailableException when it does not answer
     */
    default void checkReachable() {
    }
}
