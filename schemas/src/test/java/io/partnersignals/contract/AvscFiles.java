package io.partnersignals.contract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/** Finds and parses the contract's .avsc files: the current ones and every released version. */
final class AvscFiles {

    /** Named types that other schemas reference; they are parsed first. */
    static final List<String> IMPORTED = List.of("RiskBand", "RiskFactor");

    private AvscFiles() {}

    /** The schemas module directory (surefire runs in it and sets basedir; an IDE may run in the project root). */
    static Path moduleDir() {
        Path dir = Path.of(System.getProperty("basedir", System.getProperty("user.dir"))).toAbsolutePath();
        if (!Files.isDirectory(dir.resolve("released")) && Files.isDirectory(dir.resolve("schemas/released"))) {
            dir = dir.resolve("schemas");
        }
        return dir;
    }

    static Path currentDir() {
        return moduleDir().resolve("src/main/avro");
    }

    /** released/v1, released/v2, ... in version order. */
    static List<Path> releasedVersions() {
        try (Stream<Path> dirs = Files.list(moduleDir().resolve("released"))) {
            return dirs.filter(Files::isDirectory)
                    .filter(d -> d.getFileName().toString().matches("v\\d+"))
                    .sorted(Comparator.comparingInt(d -> Integer.parseInt(d.getFileName().toString().substring(1))))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses every .avsc of {@code dir} with one parser, the imported types first, and returns the
     * top-level schemas by file name (without .avsc), in parse order.
     */
    static Map<String, Schema> parse(Path dir) {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> list = Files.list(dir)) {
            list.filter(f -> f.getFileName().toString().endsWith(".avsc")).forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(Comparator.comparingInt((Path f) -> {
            int i = IMPORTED.indexOf(baseName(f));
            return i < 0 ? IMPORTED.size() : i;
        }).thenComparing(AvscFiles::baseName));
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (Path file : files) {
            try {
                schemas.put(baseName(file), parser.parse(file.toFile()));
            } catch (IOException | SchemaParseException e) {
                throw new AssertionError("cannot parse " + file + ": " + e.getMessage(), e);
            }
        }
        return schemas;
    }

    static String baseName(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".avsc".length());
    }
}
