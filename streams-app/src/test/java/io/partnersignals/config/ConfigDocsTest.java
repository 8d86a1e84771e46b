package io.partnersignals.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.junit.jupiter.api.Test;

/**
 * docs/operations.md's configuration tables are the declaration's. Run with -Dconfig.docs.write=true
 * to rewrite them instead of checking.
 */
class ConfigDocsTest {

    /** The module's tests run in streams-app/; the document is at the repository's root. */
    private static final Path DOC = Path.of("..", "docs", "operations.md");

    @Test
    void theOperationsDocumentHasTheGeneratedTables() throws IOException {
        if (Boolean.getBoolean("config.docs.write")) {
            Files.writeString(DOC, ConfigDocs.rewrite(Files.exists(DOC) ? Files.readString(DOC, StandardCharsets.UTF_8) : null),
                    StandardCharsets.UTF_8);
        }
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        String expected = ConfigDocs.BEGIN + "\n" + ConfigDocs.markdown() + ConfigDocs.END;
        assertEquals(expected, ConfigDocs.block(doc), "docs/operations.md: the configuration tables between "
                + ConfigDocs.BEGIN + " and " + ConfigDocs.END + " differ from io.partnersignals.config.ConfigDeclaration; "
                + "regenerate them with: " + ConfigDocs.REGENERATE + "  (or: ./mvnw -B test -pl streams-app -am "
                + "-Dtest=ConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dconfig.docs.write=true)");
    }

    @Test
    void everyKeyHasARowInItsGroupsTable() {
        String md = ConfigDocs.markdown();
        for (ConfigKey key : ConfigDeclaration.DEFINITION.configKeys().values()) {
            assertThat(md).contains("| `" + key.name + "` |");
        }
        ConfigDeclaration.GROUPS.values().forEach(title -> assertThat(md).contains("#### " + title + "\n"));
        assertThat(md).contains("| `model.lateness` | duration | `1d` | duration >= 0 | medium |");
    }

    @Test
    void rewritingReplacesOnlyTheBlock() {
        String doc = "# Operations\n\nbefore\n\n" + ConfigDocs.BEGIN + "\nold\n" + ConfigDocs.END + "\n\nafter\n";
        String rewritten = ConfigDocs.rewrite(doc);
        assertThat(rewritten).startsWith("# Operations\n\nbefore\n\n" + ConfigDocs.BEGIN + "\n")
                .endsWith(ConfigDocs.END + "\n\nafter\n").doesNotContain("\nold\n");
        assertThat(ConfigDocs.rewrite(rewritten)).isEqualTo(rewritten);
    }
}
