package io.partnersignals.registry;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/**
 * Test double: a registry that does not answer the first {@code failures} calls (as if it were down),
 * then forwards to an in-process registry; counts the calls.
 */
final class UnreachableRegistryDouble implements SchemaRegistry {

    private final SchemaRegistry backing;
    private final AtomicInteger failuresLeft;
    private final AtomicInteger calls = new AtomicInteger();

    UnreachableRegistryDouble(SchemaRegistry backing, int failures) {
        this.backing = backing;
        this.failuresLeft = new AtomicInteger(failures);
    }

    int calls() {
        return calls.get();
    }

    void failNext(int failures) {
        failuresLeft.set(failures);
    }

    private void maybeFail() {
        calls.incrementAndGet();
        if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new RegistryUnavailableException("Schema registry GET http://registry/ failed: "
                    + "java.net.ConnectException: Connection refused", new java.net.ConnectException("Connection refused"));
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        maybeFail();
        return backing.register(subject, schema);
    }

    @Override
    public int lookup(String subject, Schema schema) {
        maybeFail();
        return backing.lookup(subject, schema);
    }

    @Override
    public Schema byId(int id) {
        maybeFail();
        return backing.byId(id);
    }

    @Override
    public void checkReachable() {
        maybeFail();
    }
}
