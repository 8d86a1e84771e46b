package io.partnersignals.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.replay.JsonRecords;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of one instance: health, metrics, the partners' scores as JSON (gathered from
 * every instance) and a page for people. Scores need the token when one is configured; health and
 * metrics stay open for probes and scrapers.
 *
 * <pre>
 * GET  /health/live         200 while the process runs
 * GET  /health/ready        200 when Kafka Streams is RUNNING, else 503; {"state": ...}
 * GET  /metrics             Prometheus text format
 * GET  /api/partners        every partner by risk, from all instances; "incomplete" names the silent ones
 * GET  /api/partners/{id}   the partner's PartnerRisk, read here or relayed from the instance that owns it
 * GET  /                    the page (a token form when the token is missing)
 * POST /login               form field "token": sets the page's session cookie
 * </pre>
 *
 * {@code ?scope=local} restricts an /api request to this instance's own store: the instances use it
 * among themselves, so a request is forwarded at most once.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    static final Duration PEER_TIMEOUT = Duration.ofSeconds(3);
    static final String RETRY_AFTER_SECONDS = "5";
    private static final int THREADS = 8;
    private static final int QUEUE = 64;
    private static final int MAX_FORM_BYTES = 4096;
    private static final String PARTNERS = "/api/partners";
    private static final String JSON_TYPE = "application/json";
    private static final String HTML_TYPE = "text/html; charset=utf-8";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'";
    /** Lenient with fields it does not know: another instance may run a newer version. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    private final RiskView view;
    private final TokenAccess access;
    private final PrometheusMeterRegistry meters;
    private final PeerClient peers;
    private final ThreadPoolExecutor executor;
    private final HttpServer server;

    private HttpApi(String host, int port, RiskView view, String token, PrometheusMeterRegistry meters,
                    Duration peerTimeout) throws IOException {
        this.view = view;
        this.access = new TokenAccess(token);
        this.meters = meters;
        this.peers = new PeerClient(peerTimeout);
        AtomicInteger n = new AtomicInteger();
        // bounded: a flood of requests waits in a short queue, beyond it connections are dropped
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "http-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                },
                (task, pool) -> {
                    LOG.warn("HTTP busy: {} requests waiting; dropping a connection", QUEUE);
                    throw new RejectedExecutionException("HTTP request queue is full");
                });
        this.server = HttpServer.create(new InetSocketAddress(host, port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * Listens on {@code host:port} (port 0: any free port). A null or empty {@code token} leaves the
     * scores open to anyone who can reach the port.
     */
    public static HttpApi start(String host, int port, RiskView view, String token, PrometheusMeterRegistry meters) {
        return start(host, port, view, token, meters, PEER_TIMEOUT);
    }

    static HttpApi start(String host, int port, RiskView view, String token, PrometheusMeterRegistry meters,
                         Duration peerTimeout) {
        try {
            HttpApi api = new HttpApi(host, port, view, token, meters, peerTimeout);
            LOG.info("HTTP endpoints on {}:{}; scores {}", host, api.port(),
                    api.access.open() ? "open to anyone (no http.token)" : "need the token");
            return api;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen for HTTP on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0); // JDK 17's stop(n) always waits the full n seconds; a cut request is retried by its client
        executor.shutdownNow();
        peers.close();
    }

    // ---- routing -------------------------------------------------------------------------------

    private void handle(HttpExchange exchange) {
        try (exchange) {
            route(exchange);
        } catch (Exception e) {
            LOG.warn("HTTP {} {} failed", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
            try {
                sendJson(exchange, 500, error("internal error: " + e.getClass().getSimpleName()));
            } catch (IOException | RuntimeException ignored) {
                // the answer had already begun; the client sees a cut connection
            }
        }
    }

    private void route(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        if (path.equals("/login")) {
            if (!method.equals("POST")) {
                methodNotAllowed(ex, "POST");
                return;
            }
            login(ex);
            return;
        }
        if (!method.equals("GET")) {
            methodNotAllowed(ex, "GET");
            return;
        }
        if (path.startsWith("/api/") && !authorized(ex)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"partner-signals\"");
            sendJson(ex, 401, error("this needs the header Authorization: Bearer <token>"));
            return;
        }
        try {
            switch (path) {
                case "/health/live" -> sendJson(ex, 200, Map.of("status", "UP"));
                case "/health/ready" -> {
                    KafkaStreams.State state = view.state();
                    sendJson(ex, state == KafkaStreams.State.RUNNING ? 200 : 503, Map.of("state", state.name()));
                }
                case "/metrics" -> send(ex, 200, PROMETHEUS_TYPE, meters.scrape());
                case "/" -> page(ex);
                case PARTNERS -> sendJson(ex, 200, localScope(ex) ? here() : everywhere(authorizationToPassOn(ex)));
                default -> {
                    if (path.startsWith(PARTNERS + "/") && path.length() > PARTNERS.length() + 1) {
                        partner(ex, path.substring(PARTNERS.length() + 1), localScope(ex));
                    } else {
                        sendJson(ex, 404, error("no such endpoint: " + path));
                    }
                }
            }
        } catch (NotQueryableException e) {
            ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
            sendJson(ex, 503, error(e.getMessage()));
        }
    }

    // ---- the API -------------------------------------------------------------------------------

    /** This instance's partners only: what the other instances ask for. */
    private PartnerListing here() {
        requireRunning();
        Map<String, PartnerSummary> byId = new HashMap<>();
        view.localAll().forEach(r -> byId.merge(r.getPartnerId(), PartnerSummary.of(r), PartnerSummary::newer));
        return listing(byId, List.of());
    }

    /** Every instance's partners; instances that do not answer in time are named in "incomplete". */
    private PartnerListing everywhere(String authorization) {
        requireRunning();
        Map<HostInfo, CompletableFuture<HttpResponse<String>>> asked = new LinkedHashMap<>();
        for (HostInfo other : view.otherInstances()) {
            asked.put(other, peers.get(other, PARTNERS, "scope=local", authorization));
        }
        Map<String, PartnerSummary> byId = new HashMap<>();
        view.localAll().forEach(r -> byId.merge(r.getPartnerId(), PartnerSummary.of(r), PartnerSummary::newer));
        List<String> incomplete = new ArrayList<>();
        asked.forEach((host, answer) -> {
            try {
                HttpResponse<String> response = answer.join();
                if (response.statusCode() != 200) {
                    throw new IOException("HTTP " + response.statusCode());
                }
                JSON.readValue(response.body(), PartnerListing.class).partners()
                        .forEach(p -> byId.merge(p.partnerId(), p, PartnerSummary::newer));
            } catch (IOException | CompletionException e) {
                LOG.warn("instance {} gave no partner list: {}", address(host), reason(e));
                incomplete.add(address(host));
            }
        });
        return listing(byId, incomplete);
    }

    private static PartnerListing listing(Map<String, PartnerSummary> byId, List<String> incomplete) {
        return new PartnerListing(byId.values().stream().sorted(PartnerSummary.BY_RISK).toList(), incomplete);
    }

    private void partner(HttpExchange ex, String partnerId, boolean localScope) throws IOException {
        requireRunning();
        HostInfo owner = view.ownerOf(partnerId);
        if (owner.equals(view.self())) {
            Optional<PartnerRisk> risk = view.local(partnerId);
            if (risk.isPresent()) {
                send(ex, 200, JSON_TYPE, JsonRecords.toLine(risk.get()));
            } else {
                sendJson(ex, 404, error("no partner '" + partnerId + "'"));
            }
        } else if (localScope) {
            // the asking instance thinks we own it, we think not: the partition is moving
            throw new NotQueryableException("partner " + partnerId + " is moving to " + address(owner));
        } else {
            relay(ex, owner, partnerId);
        }
    }

    private void relay(HttpExchange ex, HostInfo owner, String partnerId) throws IOException {
        HttpResponse<String> answer;
        try {
            answer = peers.get(owner, PARTNERS + "/" + partnerId, "scope=local", authorizationToPassOn(ex)).join();
        } catch (CompletionException e) {
            LOG.warn("owner {} of partner {} did not answer: {}", address(owner), partnerId, reason(e));
            throw new NotQueryableException("the instance that holds partner " + partnerId + " (" + address(owner)
                    + ") did not answer", e);
        }
        for (String header : List.of("Retry-After", "WWW-Authenticate")) {
            answer.headers().firstValue(header).ifPresent(v -> ex.getResponseHeaders().set(header, v));
        }
        send(ex, answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(JSON_TYPE), answer.body());
    }

    private void requireRunning() {
        KafkaStreams.State state = view.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotQueryableException("this instance is " + state + ", not RUNNING; scores are not readable now");
        }
    }

    // ---- the page and its sign-in ----------------------------------------------------------------

    private void page(HttpExchange ex) throws IOException {
        if (!authorized(ex)) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"partner-signals\"");
            sendHtml(ex, 401, RiskPage.login(false));
            return;
        }
        try {
            sendHtml(ex, 200, RiskPage.partners(everywhere(authorizationToPassOn(ex))));
        } catch (NotQueryableException e) {
            ex.getResponseHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
            sendHtml(ex, 503, RiskPage.notReady(e.getMessage()));
        }
    }

    private void login(HttpExchange ex) throws IOException {
        if (access.open()) {
            redirectHome(ex);
            return;
        }
        String token = formField(ex, "token");
        if (access.validToken(token)) {
            ex.getResponseHeaders().add("Set-Cookie", access.sessionCookie());
            redirectHome(ex);
        } else {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"partner-signals\"");
            sendHtml(ex, 401, RiskPage.login(true));
        }
    }

    private static void redirectHome(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Location", "/");
        send(ex, 303, "text/plain; charset=utf-8", "");
    }

    private static String formField(HttpExchange ex, String name) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readNBytes(MAX_FORM_BYTES);
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            String[] kv = pair.split("=", 2);
            if (kv.length == 2 && URLDecoder.decode(kv[0], StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(kv[1], StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    // ---- access ----------------------------------------------------------------------------------

    private boolean authorized(HttpExchange ex) {
        return access.allows(ex.getRequestHeaders().getFirst("Authorization"), cookies(ex));
    }

    /**
     * The caller's own header when it carries one; a page signed in with the cookie has none, so
     * this instance's token goes on instead (all instances share it).
     */
    private String authorizationToPassOn(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        return access.open() || access.validBearer(header) ? header : access.bearerHeader();
    }

    private static String cookies(HttpExchange ex) {
        List<String> all = ex.getRequestHeaders().get("Cookie");
        return all == null ? null : String.join("; ", all);
    }

    private static boolean localScope(HttpExchange ex) {
        String query = ex.getRequestURI().getRawQuery();
        return query != null && List.of(query.split("&")).contains("scope=local");
    }

    // ---- answers ---------------------------------------------------------------------------------

    private static Map<String, String> error(String message) {
        return Map.of("error", message);
    }

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        String text;
        try {
            text = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IOException("cannot write JSON: " + e.getOriginalMessage(), e);
        }
        send(ex, status, JSON_TYPE, text);
    }

    private static void sendHtml(HttpExchange ex, int status, String html) throws IOException {
        ex.getResponseHeaders().set("Content-Security-Policy", PAGE_POLICY);
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        send(ex, status, HTML_TYPE, html);
    }

    private static void methodNotAllowed(HttpExchange ex, String allowed) throws IOException {
        ex.getResponseHeaders().set("Allow", allowed);
        sendJson(ex, 405, error("use " + allowed));
    }

    /** Scores are confidential: no cache keeps them. */
    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private static String reason(Exception e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
