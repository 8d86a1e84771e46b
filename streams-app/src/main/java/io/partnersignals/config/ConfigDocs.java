package io.partnersignals.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.apache.kafka.common.config.ConfigDef.ConfigKey;
import org.apache.kafka.common.config.ConfigDef.Type;

/**
 * The configuration tables of the documentation, rendered from {@link ConfigDeclaration}. A document
 * holds them between {@link #BEGIN} and {@link #END}; {@code main} rewrites that block:
 * {@code java -cp streams-app/target/partner-signals.jar io.partnersignals.config.ConfigDocs docs/operations.md}
 * (without an argument it prints the tables).
 */
public final class ConfigDocs {

    public static final String BEGIN = "<!-- config-table:begin -->";
    public static final String END = "<!-- config-table:end -->";
    /** The command that regenerates the block, for messages. */
    public static final String REGENERATE = "./mvnw -B -q package -DskipTests -pl streams-app -am && "
            + "java -cp streams-app/target/partner-signals.jar io.partnersignals.config.ConfigDocs docs/operations.md";

    private ConfigDocs() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0) {
            System.out.print(markdown());
            return;
        }
        Path doc = Path.of(args[0]);
        Files.writeString(doc, rewrite(Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : null),
                StandardCharsets.UTF_8);
        System.out.println("config-docs: wrote the configuration tables of " + doc.toAbsolutePath());
    }

    /** One table per group, in the declaration's order. */
    public static String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("<!-- generated from io.partnersignals.config.ConfigDeclaration; to change, edit it and run: ")
                .append(REGENERATE).append(" -->\n\n");
        String example = "model.weight.sponsorship";
        md.append("Every key can also be set in the environment as `").append(ConfigDeclaration.ENV_PREFIX)
                .append("` + the key in upper case with `.` and `-` as `_` (`").append(example).append("`: `")
                .append(ConfigDeclaration.envName(example)).append("`), or read from the file that variable + `_FILE` "
                        + "names (the way to give secrets). Durations are written ").append(Durations.FORMS)
                .append("; sizes ").append(Sizes.FORMS).append(".\n");
        ConfigDeclaration.GROUPS.forEach((group, title) -> {
            md.append("\n#### ").append(title).append("\n\n");
            md.append("| key | type | default | valid values | importance | description |\n");
            md.append("| --- | --- | --- | --- | --- | --- |\n");
            for (ConfigKey key : ConfigDeclaration.DEFINITION.configKeys().values()) {
                if (!group.equals(key.group)) {
                    continue;
                }
                md.append("| `").append(key.name).append("` | ").append(type(key)).append(" | ")
                        .append(defaultValue(key)).append(" | ").append(cell(validValues(key))).append(" | ")
                        .append(key.importance.name().toLowerCase(Locale.ROOT)).append(" | ")
                        .append(cell(key.documentation)).append(" |\n");
            }
        });
        return md.toString();
    }

    /**
     * {@code document} with the block between the markers replaced by {@link #markdown()}; a document
     * without the markers gets the block appended, a missing one (null) is a heading and the block.
     */
    public static String rewrite(String document) {
        String block = BEGIN + "\n" + markdown() + END;
        if (document == null) {
            return "# Operations\n\n## Configuration\n\n" + block + "\n";
        }
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        if (begin < 0 || end < begin) {
            return document + (document.endsWith("\n") ? "\n" : "\n\n") + block + "\n";
        }
        return document.substring(0, begin) + block + document.substring(end + END.length());
    }

    /** The block between the markers of {@code document} as it stands, markers included; null without them. */
    public static String block(String document) {
        int begin = document.indexOf(BEGIN);
        int end = document.indexOf(END);
        return begin < 0 || end < begin ? null : document.substring(begin, end + END.length());
    }

    private static String type(ConfigKey key) {
        if (key.validator instanceof Validators.DurationCheck) {
            return "duration";
        }
        if (key.validator instanceof Validators.SizeCheck) {
            return "size";
        }
        return key.type == Type.PASSWORD ? "secret" : key.type.name().toLowerCase(Locale.ROOT);
    }

    private static String defaultValue(ConfigKey key) {
        String text = ConfigValues.defaultText(key);
        return text.isEmpty() ? "(empty)" : "`" + text + "`";
    }

    private static String validValues(ConfigKey key) {
        if (key.validator != null) {
            return key.validator.toString();
        }
        return switch (key.type) {
            case BOOLEAN -> "true, false";
            case INT -> "whole number";
            case DOUBLE -> "number";
            default -> "";
        };
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
    }
}
