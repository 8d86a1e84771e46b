package io.partnersignals.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;

/** Test double: forwards to a real registry and counts the calls, per method and per subject. */
final class CountingSchemaRegistryDouble implements SchemaRegistry {

    private final SchemaRegistry delegate;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    CountingSchemaRegistryDouble(SchemaRegistry delegate) {
        this.delegate = delegate;
    }

    @Override
    public int register(String subject, Schema schema) {
        count("register");
        count("register:" + subject);
        return delegate.register(subject, schema);
    }

    @Override
    public int lookup(String subject, Schema schema) {
        count("lookup");
        count("lookup:" + subject);
        return delegate.lookup(subject, schema);
    }

    @Override
    public Schema byId(int id) {
        count("byId");
        return delegate.byId(id);
    }

    int registerCalls() {
        return get("register");
    }

    int registerCalls(String subject) {
        return get("register:" + subject);
    }

    int lookupCalls() {
        return get("lookup");
    }

    int byIdCalls() {
        return get("byId");
    }

    int totalCalls() {
        return registerCalls() + lookupCalls() + byIdCalls();
    }

    private void count(String key) {
        calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    }

    private int get(String key) {
        AtomicInteger n = calls.get(key);
        return n == null ? 0 : n.get();
    }
}
