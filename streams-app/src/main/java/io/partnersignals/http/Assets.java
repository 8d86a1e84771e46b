package io.partnersignals.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;

/**
 * The pages' style sheet and script, from the jar (resources/assets): a fixed list read once, so a
 * request names a file of the list or gets 404, and no path reaches anything else.
 */
final class Assets {

    record Asset(String contentType, byte[] body) {
    }

    /** The files and their types; nothing outside this list is served. */
    private static final Map<String, String> TYPES = Map.of(
            "site.css", "text/css; charset=utf-8",
            "overview.js", "text/javascript; charset=utf-8");

    /** Short: a new version of the app may change them, and the URLs carry no version. */
    static final String CACHE_CONTROL = "public, max-age=300";

    private static final Map<String, Asset> FILES = load();

    private Assets() {
    }

    /** The asset at {@code /assets/<name>}, or empty. */
    static Optional<Asset> get(String name) {
        return Optional.ofNullable(FILES.get(name));
    }

    private static Map<String, Asset> load() {
        Map<String, Asset> files = new java.util.HashMap<>();
        TYPES.forEach((name, type) -> {
            try (InputStream in = Assets.class.getResourceAsStream("/assets/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("asset missing from the jar: /assets/" + name);
                }
                files.put(name, new Asset(type, in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return Map.copyOf(files);
    }
}
