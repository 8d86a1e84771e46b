package io.partnersignals.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.Partner;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

class LocalSchemaRegistryTest {

    private final LocalSchemaRegistry registry = new LocalSchemaRegistry();
    private final Schema partner = AvroWireSerde.withoutJavaProperties(Partner.getClassSchema());
    private final Schema competitor = AvroWireSerde.withoutJavaProperties(Competitor.getClassSchema());

    private static Schema point(String... fields) {
        var record = SchemaBuilder.record("Point").namespace("test").fields();
        for (String field : fields) {
            if (field.endsWith("?")) {
                record = record.name(field.substring(0, field.length() - 1)).type().intType().intDefault(0);
            } else {
                record = record.name(field).type().intType().noDefault();
            }
        }
        return record.endRecord();
    }

    @Test
    void idsStartAtOneAndTheSameSchemaHasTheSameIdUnderEverySubject() {
        assertThat(registry.register("partners-value", partner)).isEqualTo(1);
        assertThat(registry.register("competitors-value", competitor)).isEqualTo(2);
        assertThat(registry.register("partners.copy-value", partner)).isEqualTo(1);
        assertThat(registry.register("partners-value", new Schema.Parser().parse(partner.toString()))).isEqualTo(1);

        assertThat(registry.byId(1)).isEqualTo(partner);
        assertThat(registry.byId(2)).isEqualTo(competitor);
        assertThat(registry.lookup("partners.copy-value", partner)).isEqualTo(1);
        assertThat(registry.subjects()).containsExactly("competitors-value", "partners-value", "partners.copy-value");
        assertThat(registry.versions("partners-value")).containsExactly(partner);
    }

    @Test
    void keepsVersionsPerSubject() {
        Schema v1 = point("x", "y");
        Schema v2 = point("x", "y", "z?");

        int id1 = registry.register("points-value", v1);
        int id2 = registry.register("points-value", v2);
        int again = registry.register("points-value", v1);

        assertThat(List.of(id1, id2, again)).containsExactly(1, 2, 1);
        assertThat(registry.versions("points-value")).containsExactly(v1, v2);
        assertThat(registry.versions("unknown")).isEmpty();
    }

    @Test
    void lookupOfAnUnknownSubjectOrSchemaFailsWithConfluentErrorCodes() {
        registry.register("partners-value", partner);

        assertThatThrownBy(() -> registry.lookup("nope-value", partner))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40401);
                    assertThat(e.isNotFound()).isTrue();
                })
                .hasMessageContaining("nope-value");
        assertThatThrownBy(() -> registry.lookup("partners-value", competitor))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        registry.register("competitors-value", competitor);
        assertThatThrownBy(() -> registry.lookup("partners-value", competitor)) // registered, but not under this subject
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(40403));
        assertThatThrownBy(() -> registry.byId(42))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(40403);
                    assertThat(e.httpStatus()).isEqualTo(404);
                })
                .hasMessageContaining("42");
    }

    @Test
    void backwardCompatibilityIsCheckedByDefault() {
        registry.register("points-value", point("x", "y"));

        assertThatThrownBy(() -> registry.register("points-value", point("x", "y", "z")))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.httpStatus()).isEqualTo(409);
                })
                .hasMessageContaining("points-value")
                .hasMessageContaining("READER_FIELD_MISSING_DEFAULT");
        assertThat(registry.register("points-value", point("x"))).isEqualTo(2); // removing a field is backward compatible
        assertThat(registry.versions("points-value")).hasSize(2);
    }

    @Test
    void otherCompatibilityLevels() {
        LocalSchemaRegistry none = new LocalSchemaRegistry(LocalSchemaRegistry.Compatibility.NONE);
        none.register("s", point("x"));
        assertThat(none.register("s", point("x", "z"))).isEqualTo(2);

        LocalSchemaRegistry forward = new LocalSchemaRegistry(LocalSchemaRegistry.Compatibility.FORWARD);
        forward.register("s", point("x", "y"));
        assertThatThrownBy(() -> forward.register("s", point("x"))).hasMessageContaining("being read by");

        // v3 reads v2 (no x: the default applies) but not v1 (an int x cannot be read as a string)
        Schema v3 = SchemaBuilder.record("Point").namespace("test").fields()
                .name("x").type().stringType().stringDefault("").endRecord();
        LocalSchemaRegistry latestOnly = new LocalSchemaRegistry(LocalSchemaRegistry.Compatibility.BACKWARD);
        latestOnly.register("s", point("x"));
        latestOnly.register("s", point());
        assertThat(latestOnly.register("s", v3)).isEqualTo(3);
        LocalSchemaRegistry transitive = new LocalSchemaRegistry(LocalSchemaRegistry.Compatibility.BACKWARD_TRANSITIVE);
        transitive.register("s", point("x"));
        transitive.register("s", point());
        assertThatThrownBy(() -> transitive.register("s", v3)).hasMessageContaining("version 1").hasMessageContaining("TYPE_MISMATCH");
    }

    @Test
    void isThreadSafe() throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        Set<Integer> ids = ConcurrentHashMap.newKeySet();
        List<Schema> schemas = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            schemas.add(SchemaBuilder.record("R" + i).fields().requiredInt("f").endRecord());
        }
        for (int t = 0; t < 8; t++) {
            pool.submit(() -> schemas.forEach(s -> ids.add(registry.register(s.getName() + "-value", s))));
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

        assertThat(ids).hasSize(50).allMatch(id -> id >= 1 && id <= 50);
        for (Schema s : schemas) {
            assertThat(registry.byId(registry.lookup(s.getName() + "-value", s))).isEqualTo(s);
            assertThat(registry.versions(s.getName() + "-value")).hasSize(1);
        }
    }
}
