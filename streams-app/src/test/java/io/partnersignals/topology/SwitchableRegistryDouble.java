package io.partnersignals.topology;

import io.partnersignals.registry.LocalSchemaRegistry;
import io.partnersignals.registry.RegistryUnavailableException;
import io.partnersignals.registry.SchemaRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Test double: an in-process registry that can be switched off, then refusing every call as a dead registry does. */
final class SwitchableRegistryDouble implements SchemaRegistry {

    final LocalSchemaRegistry backing = new LocalSchemaRegistry();
    private volatile boolean down;
    private final AtomicInteger refused = new AtomicInteger();

    void down() {
        down = true;
    }

    void up() {
        down = false;
    }

    int refused() {
        return refused.get();
    }

    private void check() {
        if (down) {
            refused.incrementAndGet();
            throw new RegistryUnavailableException("Schema registry GET http://registry.test/ failed: "
                    + "java.net.ConnectException: Connection refused", new java.net.ConnectException("Connection refused"));
        }
    }

    @Override
    public int register(String subject, Schema schema) {
        check();
        return backing.register(subject, schema);
    }

    @Override
    public int lookup(String subject, Schema schema) {
        check();
        return backing.lookup(subject, schema);
    }

    @Override
    public Schema byId(int id) {
        check();
        return backing.byId(id);
    }
}
