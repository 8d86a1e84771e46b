package io.partnersignals.registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * An in-process schema registry with the semantics of the Confluent Schema Registry, for runs in
 * which nothing leaves the JVM (offline replay). Ids are global and start at 1; the same schema
 * (the same JSON text) gets the same id under every subject; each subject keeps its list of versions,
 * and registering a schema the subject already has returns its id without adding a version. A new
 * version must pass the subject's {@link Compatibility} check against the earlier ones (BACKWARD by
 * default, as in Confluent), or registration fails with error code 409. Thread-safe.
 */
public final class LocalSchemaRegistry implements SchemaRegistry {

    /** Confluent's compatibility levels: which earlier versions a new one is checked against, and how. */
    public enum Compatibility {
        NONE(false, false, false),
        /** The new schema can read data written with the latest version. */
        BACKWARD(true, false, false),
        BACKWARD_TRANSITIVE(true, false, true),
        /** Data written with the new schema can be read with the latest version. */
        FORWARD(false, true, false),
        FORWARD_TRANSITIVE(false, true, true),
        FULL(true, true, false),
        FULL_TRANSITIVE(true, true, true);

        private final boolean backward;
        private final boolean forward;
        private final boolean transitive;

        Compatibility(boolean backward, boolean forward, boolean transitive) {
            this.backward = backward;
            this.forward = forward;
            this.transitive = transitive;
        }
    }

    private final Compatibility compatibility;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    // guarded by this
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();

    /** A registry that checks new versions for BACKWARD compatibility, as Confluent does by default. */
    public LocalSchemaRegistry() {
        this(Compatibility.BACKWARD);
    }

    public LocalSchemaRegistry(Compatibility compatibility) {
        this.compatibility = Objects.requireNonNull(compatibility, "compatibility");
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String text = schema.toString();
        Integer id = idsByText.get(text);
        List<Integer> versions = versionsBySubject.get(subject);
        if (id != null && versions != null && versions.contains(id)) {
            return id;
        }
        if (versions != null && !versions.isEmpty()) {
            checkCompatibility(subject, schema, versions);
        }
        if (id == null) {
            id = idsByText.size() + 1;
            idsByText.put(text, id);
            schemasById.put(id, schema);
        }
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    private void checkCompatibility(String subject, Schema schema, List<Integer> versions) {
        List<Integer> earlier = compatibility.transitive ? versions : versions.subList(versions.size() - 1, versions.size());
        for (int id : earlier) {
            Schema old = schemasById.get(id);
            List<String> problems = new ArrayList<>();
            if (compatibility.backward) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(schema, old), "reading"));
            }
            if (compatibility.forward) {
                problems.addAll(problems(SchemaCompatibility.checkReaderWriterCompatibility(old, schema), "being read by"));
            }
            if (!problems.isEmpty()) {
                throw new SchemaRegistryException("Schema being registered under subject '" + subject
                        + "' is incompatible with version " + (versions.indexOf(id) + 1) + " (id " + id + ", "
                        + compatibility + "): " + String.join("; ", problems), 409, SchemaRegistryException.INCOMPATIBLE_SCHEMA);
            }
        }
    }

    private static List<String> problems(SchemaPairCompatibility result, String direction) {
        return result.getResult().getIncompatibilities().stream()
                .map(i -> direction + " the earlier schema: " + i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                .toList();
    }

    @Override
    public synchronized int lookup(String subject, Schema schema) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found in the local schema registry",
                    404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        Integer id = idsByText.get(schema.toString());
        if (id == null || !versions.contains(id)) {
            throw new SchemaRegistryException("Schema " + schema.getFullName() + " not found under subject '" + subject
                    + "' in the local schema registry", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return id;
    }

    @Override
    public Schema byId(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema " + id + " not found in the local schema registry",
                    404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    /** The registered subjects, sorted. */
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    /** The schemas registered under {@code subject}, version 1 first; empty for an unknown subject. */
    public synchronized List<Schema> versions(String subject) {
        return versionsBySubject.getOrDefault(subject, List.of()).stream().map(schemasById::get).toList();
    }

    public Compatibility compatibility() {
        return compatibility;
    }

    @Override
    public synchronized String toString() {
        return "LocalSchemaRegistry[" + compatibility + ", " + idsByText.size() + " schemas, subjects " + versionsBySubject.keySet() + "]";
    }
}
