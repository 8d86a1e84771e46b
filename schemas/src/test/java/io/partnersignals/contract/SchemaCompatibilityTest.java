package io.partnersignals.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The guard of the contract's evolution: the current schemas can read everything written with any
 * released version (released/v1, released/v2, ...), and no released schema is removed.
 */
class SchemaCompatibilityTest {

    /**
     * Everything that stops the current schemas from reading data written with a released version,
     * one line per problem, each naming the schema and the incompatibility; empty when compatible.
     */
    static List<String> problems(String version, Map<String, Schema> released, Map<String, Schema> current) {
        List<String> problems = new ArrayList<>();
        for (Schema old : released.values()) {
            Schema now = current.values().stream().filter(s -> s.getFullName().equals(old.getFullName())).findFirst().orElse(null);
            if (now == null) {
                problems.add(old.getFullName() + " of " + version + " was removed; released schemas must stay readable");
                continue;
            }
            SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(now, old);
            if (result.getType() != SchemaCompatibilityType.COMPATIBLE) {
                result.getResult().getIncompatibilities().forEach(i -> problems.add("current " + now.getFullName()
                        + " cannot read data written with " + version + ": " + i.getType() + " at " + i.getLocation()
                        + ": " + i.getMessage()));
            }
        }
        return problems;
    }

    @Test
    void thereIsAtLeastTheFirstReleasedVersion() {
        assertThat(AvscFiles.releasedVersions()).extracting(p -> p.getFileName().toString()).startsWith("v1");
        assertThat(AvscFiles.parse(AvscFiles.releasedVersions().get(0))).isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> currentSchemasReadEveryReleasedVersion() {
        Map<String, Schema> current = AvscFiles.parse(AvscFiles.currentDir());
        return AvscFiles.releasedVersions().stream().flatMap(dir -> {
            String version = dir.getFileName().toString();
            Map<String, Schema> released = AvscFiles.parse(dir);
            return released.values().stream().map(old -> DynamicTest.dynamicTest(version + " " + old.getName(), () ->
                    assertThat(problems(version, Map.of(old.getFullName(), old), current))
                            .as("current %s reading %s data", old.getName(), version)
                            .isEmpty()));
        });
    }

    @Test
    void noReleasedSchemaWasRemoved() {
        Map<String, Schema> current = AvscFiles.parse(AvscFiles.currentDir());
        List<String> currentNames = current.values().stream().map(Schema::getFullName).toList();
        for (Path dir : AvscFiles.releasedVersions()) {
            assertThat(currentNames).as("schemas of released/%s still present", dir.getFileName())
                    .containsAll(AvscFiles.parse(dir).values().stream().map(Schema::getFullName).toList());
        }
    }

    /**
     * Each released version is BACKWARD compatible with the one before, subject by subject: what a
     * producer wrote with released/v(n-1) is read by released/vn (so a registry with BACKWARD
     * compatibility accepts the new version under each topic's subject).
     */
    @TestFactory
    Stream<DynamicTest> everyReleasedVersionReadsTheOneBefore() {
        List<Path> versions = AvscFiles.releasedVersions();
        return IntStream.range(1, versions.size()).boxed().flatMap(i -> {
            String before = versions.get(i - 1).getFileName().toString();
            String later = versions.get(i).getFileName().toString();
            Map<String, Schema> older = AvscFiles.parse(versions.get(i - 1));
            Map<String, Schema> newer = AvscFiles.parse(versions.get(i));
            return older.values().stream().map(old -> DynamicTest.dynamicTest(later + " reads " + before + " " + old.getName(), () ->
                    assertThat(problems(before, Map.of(old.getFullName(), old), newer))
                            .as("released/%s %s reading %s data", later, old.getName(), before)
                            .isEmpty()));
        });
    }

    /** Each released version is the whole contract as released: a later one holds every type of the earlier ones. */
    @Test
    void everyReleasedVersionHoldsTheTypesOfTheOnesBefore() {
        List<Path> versions = AvscFiles.releasedVersions();
        for (int i = 1; i < versions.size(); i++) {
            List<String> later = AvscFiles.parse(versions.get(i)).values().stream().map(Schema::getFullName).toList();
            assertThat(later).as("types of released/%s", versions.get(i).getFileName())
                    .containsAll(AvscFiles.parse(versions.get(i - 1)).values().stream().map(Schema::getFullName).toList());
        }
    }

    // --- the guard itself ---------------------------------------------------------------------------

    private static Path copyOfCurrent(Path tmp) throws IOException {
        try (Stream<Path> files = Files.list(AvscFiles.currentDir())) {
            for (Path f : files.toList()) {
                Files.copy(f, tmp.resolve(f.getFileName()));
            }
        }
        return tmp;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertThat(text).as("text to edit in %s", file).contains(from);
        Files.writeString(file, text.replace(from, to));
    }

    @Test
    void theGuardCatchesIncompatibleChanges(@TempDir Path tmp) throws IOException {
        Path changed = copyOfCurrent(tmp);
        edit(changed.resolve("PartnerRisk.avsc"), "\"fields\": [",
                "\"fields\": [\n    {\"name\": \"region\", \"type\": \"string\", \"doc\": \"New and required: breaks old data.\"},");
        edit(changed.resolve("RiskBand.avsc"), ", \"RED\"]", "]");
        Files.delete(changed.resolve("Competitor.avsc"));
        Path v1 = AvscFiles.releasedVersions().get(0);

        List<String> problems = problems("v1", AvscFiles.parse(v1), AvscFiles.parse(changed));

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("current io.partnersignals.contract.PartnerRisk cannot read data written with v1")
                .contains("READER_FIELD_MISSING_DEFAULT").contains("region"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("current io.partnersignals.contract.RiskBand").contains("MISSING_ENUM_SYMBOLS").contains("RED"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("io.partnersignals.contract.Competitor of v1 was removed"));
        assertThat(problems).noneMatch(p -> p.contains("Partner ") || p.contains("CrawlResult"));
    }

    /** The notes (first released in v2) are guarded like the rest: v1, which has none, cannot vouch for them. */
    @Test
    void theGuardCatchesIncompatibleChangesToTheNotes(@TempDir Path tmp) throws IOException {
        Path changed = copyOfCurrent(tmp);
        edit(changed.resolve("NoteKind.avsc"), ", \"NOTE\"]", "]");
        edit(changed.resolve("PartnerNote.avsc"), "\"fields\": [",
                "\"fields\": [\n    {\"name\": \"team\", \"type\": \"string\", \"doc\": \"New and required.\"},");
        Path v2 = AvscFiles.releasedVersions().stream().filter(d -> d.getFileName().toString().equals("v2")).findFirst()
                .orElseThrow(() -> new AssertionError("released/v2 holds the notes"));

        List<String> problems = problems("v2", AvscFiles.parse(v2), AvscFiles.parse(changed));

        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("current io.partnersignals.contract.NoteKind").contains("MISSING_ENUM_SYMBOLS").contains("NOTE"));
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("current io.partnersignals.contract.PartnerNote cannot read data written with v2")
                .contains("READER_FIELD_MISSING_DEFAULT").contains("team"));
    }

    /** The model-v2 contract (first released in v3) is guarded against v2: its new fields must keep their defaults. */
    @Test
    void theGuardCatchesTheModelV2FieldsLosingTheirDefaults(@TempDir Path tmp) throws IOException {
        Path changed = copyOfCurrent(tmp);
        edit(changed.resolve("RiskSnapshot.avsc"), "\"name\": \"dealFlow\", \"type\": \"double\", \"default\": 0.0,",
                "\"name\": \"dealFlow\", \"type\": \"double\",");
        edit(changed.resolve("RiskAlert.avsc"), "\"name\": \"kind\", \"type\": \"AlertKind\", \"default\": \"BAND_CHANGE\",",
                "\"name\": \"kind\", \"type\": \"AlertKind\",");
        edit(changed.resolve("PartnerRisk.avsc"), "\"items\": \"string\"}, \"default\": [], \"doc\": \"Ids of",
                "\"items\": \"string\"}, \"doc\": \"Ids of");
        Path v2 = AvscFiles.releasedVersions().stream().filter(d -> d.getFileName().toString().equals("v2")).findFirst()
                .orElseThrow();

        List<String> problems = problems("v2", AvscFiles.parse(v2), AvscFiles.parse(changed));

        assertThat(problems).anySatisfy(p -> assertThat(p).contains("RiskSnapshot").contains("READER_FIELD_MISSING_DEFAULT")
                .contains("dealFlow"));
        // Avro reports the enum field without a default as a type mismatch at its position, not by name
        assertThat(problems).anySatisfy(p -> assertThat(p)
                .contains("current io.partnersignals.contract.RiskAlert cannot read data written with v2"));
        assertThat(problems).anySatisfy(p -> assertThat(p).contains("PartnerRisk").contains("READER_FIELD_MISSING_DEFAULT")
                .contains("competitorApproaches"));
    }

    @Test
    void theGuardAcceptsCompatibleChanges(@TempDir Path tmp) throws IOException {
        Path changed = copyOfCurrent(tmp);
        edit(changed.resolve("PartnerRisk.avsc"), "\"fields\": [",
                "\"fields\": [\n    {\"name\": \"region\", \"type\": [\"null\", \"string\"], \"default\": null, \"doc\": \"Optional.\"},");
        edit(changed.resolve("Partner.avsc"), "\"OTHER\"]", "\"OTHER\", \"OEM\"]");
        edit(changed.resolve("RiskSnapshot.avsc"), "\"name\": \"score\", \"type\": \"int\"", "\"name\": \"score\", \"type\": \"long\"");
        Path v1 = AvscFiles.releasedVersions().get(0);

        assertThat(problems("v1", AvscFiles.parse(v1), AvscFiles.parse(changed))).isEmpty();
    }
}
