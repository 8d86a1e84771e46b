package io.partnersignals.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Where a Confluent-compatible schema registry is and how to talk to it.
 *
 * @param url base URL, e.g. {@code http://registry:8081} (Confluent, Karapace) or
 *     {@code http://apicurio:8080/apis/ccompat/v7} (Apicurio); a trailing slash is dropped
 * @param basicAuthUserInfo {@code user:password} for HTTP basic auth, or null
 * @param bearerToken token for {@code Authorization: Bearer}, or null
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one whole request
 * @param trustStore the certificates trusted for an https URL, or null for the JVM's default trust
 */
public record RegistrySettings(
        String url, String basicAuthUserInfo, String bearerToken, Duration connectTimeout, Duration requestTimeout,
        TrustStore trustStore) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

    public RegistrySettings {
        Objects.requireNonNull(url, "schema registry url");
        url = url.strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        URI uri = URI.create(url);
        if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
            throw new IllegalArgumentException("schema registry url must be http(s)://host[:port][/path], got " + url);
        }
        basicAuthUserInfo = blankToNull(basicAuthUserInfo);
        bearerToken = blankToNull(bearerToken);
        if (basicAuthUserInfo != null && bearerToken != null) {
            throw new IllegalArgumentException("configure either basic auth or a bearer token for the schema registry, not both");
        }
        if (basicAuthUserInfo != null && !basicAuthUserInfo.contains(":")) {
            throw new IllegalArgumentException("schema registry basic auth user info must be 'user:password'");
        }
        connectTimeout = positive(connectTimeout, DEFAULT_CONNECT_TIMEOUT, "connect timeout");
        requestTimeout = positive(requestTimeout, DEFAULT_REQUEST_TIMEOUT, "request timeout");
    }

    /** Settings with the JVM's default trust. */
    public RegistrySettings(String url, String basicAuthUserInfo, String bearerToken, Duration connectTimeout,
                            Duration requestTimeout) {
        this(url, basicAuthUserInfo, bearerToken, connectTimeout, requestTimeout, null);
    }

    /** Settings for {@code url} without authentication and with the default timeouts. */
    public static RegistrySettings of(String url) {
        return new RegistrySettings(url, null, null, null, null);
    }

    /**
     * Settings from configuration values where an empty or null credential means "not set"; a bearer
     * token wins over basic auth when both are given.
     */
    public static RegistrySettings of(String url, String basicAuthUserInfo, String bearerToken) {
        RegistrySettings settings = of(url);
        if (bearerToken != null && !bearerToken.isBlank()) {
            return settings.withBearerToken(bearerToken);
        }
        if (basicAuthUserInfo != null && !basicAuthUserInfo.isBlank()) {
            return settings.withBasicAuth(basicAuthUserInfo);
        }
        return settings;
    }

    /**
     * Reads the usual Confluent client keys: {@code schema.registry.url}, {@code basic.auth.user.info},
     * {@code bearer.auth.token}, {@code http.connect.timeout.ms}, {@code http.read.timeout.ms} and
     * {@code schema.registry.ssl.truststore.location}, {@code .password} and {@code .type}.
     */
    public static RegistrySettings fromConfig(Map<String, ?> config) {
        Object url = config.get("schema.registry.url");
        if (url == null) {
            throw new IllegalArgumentException("schema.registry.url is not configured");
        }
        return new RegistrySettings(String.valueOf(url), string(config.get("basic.auth.user.info")),
                string(config.get("bearer.auth.token")), millis(config.get("http.connect.timeout.ms")),
                millis(config.get("http.read.timeout.ms")),
                TrustStore.of(string(config.get("schema.registry.ssl.truststore.location")),
                        string(config.get("schema.registry.ssl.truststore.password")),
                        string(config.get("schema.registry.ssl.truststore.type"))));
    }

    public RegistrySettings withBasicAuth(String userInfo) {
        return new RegistrySettings(url, userInfo, null, connectTimeout, requestTimeout, trustStore);
    }

    public RegistrySettings withBearerToken(String token) {
        return new RegistrySettings(url, null, token, connectTimeout, requestTimeout, trustStore);
    }

    public RegistrySettings withTimeouts(Duration connect, Duration request) {
        return new RegistrySettings(url, basicAuthUserInfo, bearerToken, connect, request, trustStore);
    }

    /** With {@code store} trusted for an https URL; null restores the JVM's default trust. */
    public RegistrySettings withTrustStore(TrustStore store) {
        return new RegistrySettings(url, basicAuthUserInfo, bearerToken, connectTimeout, requestTimeout, store);
    }

    /** Never prints secrets. */
    @Override
    public String toString() {
        String auth = basicAuthUserInfo != null
                ? "basic(" + basicAuthUserInfo.substring(0, basicAuthUserInfo.indexOf(':')) + ":***)"
                : bearerToken != null ? "bearer(***)" : "none";
        return "RegistrySettings[url=" + url + ", auth=" + auth + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + (trustStore == null ? "" : ", " + trustStore) + "]";
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static Duration millis(Object value) {
        return value == null ? null : Duration.ofMillis(Long.parseLong(String.valueOf(value).strip()));
    }

    private static Duration positive(Duration value, Duration fallback, String what) {
        if (value == null) {
            return fallback;
        }
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("schema registry " + what + " must be positive, got " + value);
        }
        return value;
    }
}
