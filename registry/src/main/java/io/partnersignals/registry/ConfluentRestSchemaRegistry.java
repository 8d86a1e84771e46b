package io.partnersignals.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * Client of any registry that speaks the Confluent Schema Registry REST protocol: Confluent Schema
 * Registry, Karapace, Apicurio ({@code http://host:port/apis/ccompat/v7}), Redpanda.
 *
 * <ul>
 *   <li>{@code POST {url}/subjects/{subject}/versions} with {@code {"schema": "..."}} registers a schema;
 *   <li>{@code POST {url}/subjects/{subject}} looks up the id of a registered schema;
 *   <li>{@code GET {url}/schemas/ids/{id}} fetches a schema by id.
 * </ul>
 *
 * <p>Schemas are sent as their full JSON ({@link Schema#toString()}), with docs, defaults and logical
 * types, because the registry checks compatibility on them. Answers are cached forever (a
 * (subject, schema) pair's id and an id's schema never change), so the registry is called once per
 * subject and schema, not per record. Thread-safe.
 */
public final class ConfluentRestSchemaRegistry implements SchemaRegistry {

    /** Content type of requests with a body. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private record SubjectSchema(String subject, Schema schema) {}

    private final RegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Map<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    public ConfluentRestSchemaRegistry(String url) {
        this(RegistrySettings.of(url));
    }

    public ConfluentRestSchemaRegistry(RegistrySettings settings) {
        this(settings, httpClient(settings));
    }

    /** HTTP/1.1 with the settings' connect timeout and, for https, their trust store if any. */
    private static HttpClient httpClient(RegistrySettings settings) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout());
        if (settings.trustStore() != null) {
            builder.sslContext(settings.trustStore().sslContext());
        }
        return builder.build();
    }

    /** With a caller-supplied client (proxy, TLS settings); its connect timeout is the caller's. */
    public ConfluentRestSchemaRegistry(RegistrySettings settings, HttpClient http) {
        this.settings = settings;
        this.http = http;
        if (settings.basicAuthUserInfo() != null) {
            this.authorization = "Basic " + Base64.getEncoder()
                    .encodeToString(settings.basicAuthUserInfo().getBytes(StandardCharsets.UTF_8));
        } else if (settings.bearerToken() != null) {
            this.authorization = "Bearer " + settings.bearerToken();
        } else {
            this.authorization = null;
        }
    }

    public RegistrySettings settings() {
        return settings;
    }

    @Override
    public int register(String subject, Schema schema) {
        return idOf(subject, schema, "/subjects/" + encode(subject) + "/versions");
    }

    @Override
    public int lookup(String subject, Schema schema) {
        return idOf(subject, schema, "/subjects/" + encode(subject));
    }

    private int idOf(String subject, Schema schema, String path) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = ids.get(key);
        if (cached != null) {
            return cached;
        }
        String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
        Exchange answer = send("POST", path, body);
        JsonNode id = answer.json().get("id");
        if (id == null || !id.canConvertToInt()) {
            throw answer.failure("the answer has no schema id");
        }
        int result = id.intValue();
        ids.putIfAbsent(key, result);
        schemas.putIfAbsent(result, schema);
        return result;
    }

    @Override
    public Schema byId(int id) {
        Schema cached = schemas.get(id);
        if (cached != null) {
            return cached;
        }
        Exchange answer = send("GET", "/schemas/ids/" + id, null);
        JsonNode type = answer.json().get("schemaType");
        if (type != null && !type.isNull() && !"AVRO".equalsIgnoreCase(type.asText())) {
            throw answer.failure("schema " + id + " is of type " + type.asText() + ", not AVRO");
        }
        JsonNode references = answer.json().get("references");
        if (references != null && references.size() > 0) {
            throw answer.failure("schema " + id + " uses schema references, which this client does not support");
        }
        JsonNode text = answer.json().get("schema");
        if (text == null || !text.isTextual()) {
            throw answer.failure("the answer has no schema");
        }
        Schema schema;
        try {
            schema = new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw answer.failure("schema " + id + " is not valid Avro: " + e.getMessage());
        }
        Schema previous = schemas.putIfAbsent(id, schema);
        return previous != null ? previous : schema;
    }

    /** A successful answer of the registry. */
    private record Exchange(String method, URI uri, int status, JsonNode json) {
        SchemaRegistryException failure(String problem) {
            return new SchemaRegistryException("Schema registry " + method + " " + uri + " (HTTP " + status + "): "
                    + problem + "; answer: " + abbreviate(json.toString()), status, -1);
        }
    }

    private Exchange send(String method, String path, String body) {
        URI uri = URI.create(settings.url() + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT);
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE)
                    .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new RegistryUnavailableException("Schema registry " + method + " " + uri + " timed out after "
                    + (e instanceof java.net.http.HttpConnectTimeoutException
                            ? settings.connectTimeout().toMillis() + " ms (connect)"
                            : settings.requestTimeout().toMillis() + " ms"), e);
        } catch (IOException e) {
            throw new RegistryUnavailableException("Schema registry " + method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("Schema registry " + method + " " + uri + " was interrupted", e);
        }
        int status = response.statusCode();
        String text = response.body() == null ? "" : response.body();
        JsonNode json = null;
        try {
            json = text.isBlank() ? null : JSON.readTree(text);
        } catch (JsonProcessingException e) {
            // not JSON: reported as text below
        }
        if (status / 100 != 2) {
            int errorCode = json != null && json.path("error_code").canConvertToInt() ? json.path("error_code").intValue() : -1;
            String message = json != null && json.hasNonNull("message") ? json.get("message").asText() : abbreviate(text);
            String problem = "Schema registry " + method + " " + uri + " failed: HTTP " + status
                    + (errorCode != -1 ? ", error_code " + errorCode : "") + ": " + message;
            if (isUnavailable(status, errorCode)) {
                throw new RegistryUnavailableException(problem + (status == 404
                        ? " (not a registry's answer: is the registry URL right?)" : ""), status, errorCode);
            }
            throw new SchemaRegistryException(problem, status, errorCode);
        }
        if (json == null || !json.isObject()) {
            // a success that is not the registry's JSON: a proxy or gateway page, not an answer
            throw new RegistryUnavailableException("Schema registry " + method + " " + uri + " (HTTP " + status
                    + ") did not answer with a JSON object: " + abbreviate(text), status, -1);
        }
        return new Exchange(method, uri, status, json);
    }

    /**
     * Whether an error status means that the registry could not answer rather than that it answered
     * no: it failed or is overloaded (5xx, 408, 429), refused the credentials (401, 403: an operator
     * must fix them, the records are not at fault), or a 404 came without a "not found" error code of
     * the registry (a wrong URL or a proxy, not the registry saying the subject or id does not exist).
     */
    static boolean isUnavailable(int status, int errorCode) {
        if (status >= 500 || status == 408 || status == 429 || status == 401 || status == 403) {
            return true;
        }
        return status == 404 && errorCode / 100 != 404;
    }

    /**
     * Asks the registry something cheap ({@code GET /config}, its compatibility level) to learn
     * whether it answers.
     *
     * @throws RegistryUnavailableException when it does not
     */
    @Override
    public void checkReachable() {
        send("GET", "/config", null);
    }

    /** Percent-encodes a subject for a path segment (a space is %20, a slash %2F). */
    static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String abbreviate(String text) {
        return text.length() <= MAX_BODY_IN_MESSAGE ? text : text.substring(0, MAX_BODY_IN_MESSAGE) + "...";
    }

    @Override
    public String toString() {
        return "ConfluentRestSchemaRegistry[" + settings + "]";
    }
}
