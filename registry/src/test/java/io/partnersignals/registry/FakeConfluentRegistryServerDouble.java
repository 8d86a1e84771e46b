package io.partnersignals.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.avro.Schema;

/**
 * Test double: a tiny Confluent-protocol registry on 127.0.0.1, backed by a {@link LocalSchemaRegistry}.
 * It records every request and can be told to demand an Authorization header, to delay its answers,
 * or to answer everything with a fixed response.
 */
final class FakeConfluentRegistryServerDouble implements AutoCloseable {

    record Request(String method, String rawPath, String contentType, String accept, String authorization, String body) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REGISTER = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LOOKUP = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern BY_ID = Pattern.compile("/schemas/ids/(-?\\d+)");

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String basePath;
    private final LocalSchemaRegistry backing = new LocalSchemaRegistry(LocalSchemaRegistry.Compatibility.NONE);
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;
    private volatile Duration delay = Duration.ZERO;
    private volatile int fixedStatus;
    private volatile String fixedBody;

    private FakeConfluentRegistryServerDouble(String basePath) throws IOException {
        this.basePath = basePath;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(basePath.isEmpty() ? "/" : basePath, this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** Starts a server whose registry API lives under {@code basePath} ("" or e.g. "/apis/ccompat/v7"). */
    static FakeConfluentRegistryServerDouble start(String basePath) {
        try {
            return new FakeConfluentRegistryServerDouble(basePath);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    LocalSchemaRegistry backing() {
        return backing;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    void clearRequests() {
        requests.clear();
    }

    void requireAuthorization(String headerValue) {
        this.requiredAuthorization = headerValue;
    }

    void delayAnswers(Duration delay) {
        this.delay = delay;
    }

    /** Answers every request with this status and body, whatever it asks. */
    void answerEverythingWith(int status, String body) {
        this.fixedBody = body;
        this.fixedStatus = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String rawPath = exchange.getRequestURI().getRawPath();
            var headers = exchange.getRequestHeaders();
            requests.add(new Request(exchange.getRequestMethod(), rawPath, headers.getFirst("Content-Type"),
                    headers.getFirst("Accept"), headers.getFirst("Authorization"), body));
            if (!delay.isZero()) {
                try {
                    Thread.sleep(delay.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (fixedBody != null) {
                send(exchange, fixedStatus, fixedBody);
                return;
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(headers.getFirst("Authorization"))) {
                send(exchange, 401, error(401, "Unauthorized"));
                return;
            }
            route(exchange, exchange.getRequestMethod(), rawPath.substring(basePath.length()), body);
        }
    }

    private void route(HttpExchange exchange, String method, String path, String body) throws IOException {
        try {
            Matcher m;
            if (method.equals("POST") && (m = REGISTER.matcher(path)).matches()) {
                int id = backing.register(decode(m.group(1)), schemaOf(body));
                send(exchange, 200, JSON.createObjectNode().put("id", id).toString());
            } else if (method.equals("POST") && (m = LOOKUP.matcher(path)).matches()) {
                String subject = decode(m.group(1));
                Schema schema = schemaOf(body);
                int id = backing.lookup(subject, schema);
                ObjectNode answer = JSON.createObjectNode().put("subject", subject).put("id", id)
                        .put("version", backing.versions(subject).indexOf(backing.byId(id)) + 1)
                        .put("schema", schema.toString());
                send(exchange, 200, answer.toString());
            } else if (method.equals("GET") && (m = BY_ID.matcher(path)).matches()) {
                Schema schema = backing.byId(Integer.parseInt(m.group(1)));
                send(exchange, 200, JSON.createObjectNode().put("schema", schema.toString()).toString());
            } else {
                send(exchange, 404, error(404, "HTTP 404 Not Found"));
            }
        } catch (SchemaRegistryException e) {
            String message = switch (e.errorCode()) {
                case SchemaRegistryException.SCHEMA_NOT_FOUND -> "Schema not found";
                case SchemaRegistryException.SUBJECT_NOT_FOUND -> "Subject not found.";
                default -> e.getMessage();
            };
            send(exchange, e.httpStatus(), error(e.errorCode(), message));
        } catch (RuntimeException e) {
            send(exchange, 422, error(42201, "Invalid schema: " + e.getMessage()));
        }
    }

    private static Schema schemaOf(String body) {
        try {
            return new Schema.Parser().parse(JSON.readTree(body).get("schema").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String error(int code, String message) {
        return JSON.createObjectNode().put("error_code", code).put("message", message).toString();
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
