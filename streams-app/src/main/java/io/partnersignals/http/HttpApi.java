package io.partnersignals.http;

import static io.partnersignals.http.Exchange.JSON;
import static io.partnersignals.http.Exchange.JSON_TYPE;
import static io.partnersignals.http.Exchange.TEXT_TYPE;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.model.RiskModelConfig;
import java.io.IOException;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.FormFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.server.handler.SizeLimitHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.Promise;
import org.eclipse.jetty.util.thread.Invocable;
import org.eclipse.jetty.util.URIUtil;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoints of one instance: health, metrics, the partners' scores as JSON (gathered from
 * every instance) and a page for people. Scores need a token when one is configured; health and
 * metrics stay open for probes and scrapers.
 *
 * <pre>
 * GET  /health/live         200 while live, else 503; {"status":"UP"|"DOWN","state":...,"problems":[...]}
 * GET  /health/ready        200 when ready, else 503; the same body
 * GET  /metrics             Prometheus text format
 * GET  /api/partners        every partner by risk, from all instances; "incomplete" names the silent ones
 * GET  /api/partners/{id}   the partner's PartnerRisk, read here or relayed from the instance that owns it
 * GET  /api/partners/{id}/history?days=N  its last score of each UTC day, oldest first (N: 1 to the
 *                           history retention's days, its default); from the owner like the score
 * GET  /api/partners/{id}/alerts  its alerts, newest first, each with its acknowledgement (or null)
 * GET  /                    the page (a token form when the token is missing)
 * POST /login               form field "token": sets the page's session cookie
 * </pre>
 * HEAD answers every GET route with the same status and headers and no body.
 *
 * <p>{@code ?scope=local} restricts an /api request to this instance's own store: the instances use
 * it among themselves, so a request is forwarded at most once.
 *
 * <p>Jetty reads request lines, headers and bodies without holding a thread while a client is slow,
 * and closes a connection idle for {@link HttpSettings#idleTimeout()}. Requests past health and
 * metrics go through a {@link RequestGate}; the thread pool has {@link #SPARE_THREADS} more threads
 * than the gate lets requests hold, for Jetty's acceptor and selector, the probes and the scrapes.
 */
public final class HttpApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApi.class);

    static final String RETRY_AFTER_SECONDS = "5";
    /** Threads beyond the gate's limit: 1 acceptor, 1 selector, the rest for health, metrics and rejections. */
    static final int SPARE_THREADS = 8;
    static final int MAX_HEADER_BYTES = 8 * 1024;
    static final int MAX_FORM_BYTES = 4096;
    private static final String PARTNERS = "/api/partners";
    private static final String HISTORY = "/history";
    private static final String ALERTS = "/alerts";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String REALM = "Bearer realm=\"partner-signals\"";

    private final HttpSettings settings;
    private final RiskView view;
    private final Health health;
    private final TokenAccess access;
    private final LoginThrottle throttle;
    private final PrometheusMeterRegistry meters;
    private final PeerClient peers;
    private final Counter loginFailures;
    private final Counter loginThrottled;
    private final LogLimit loginLog = new LogLimit(10, Duration.ofMinutes(1), Clock.systemUTC());
    private final Server server;
    private final ServerConnector connector;

    private HttpApi(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters, Clock clock)
            throws Exception {
        this.settings = settings;
        this.view = view;
        this.health = health;
        this.access = new TokenAccess(settings.token(), settings.nextToken(), clock);
        this.throttle = new LoginThrottle(settings.maxLoginFailures(), settings.loginWindow(),
                LoginThrottle.DEFAULT_MAX_CLIENTS, clock);
        this.meters = meters;
        this.peers = new PeerClient(settings.peerTimeout(), settings.tls() == null ? null : settings.tls().clientContext());
        this.loginFailures = Counter.builder("partner.signals.http.login.failures")
                .description("requests with a wrong token (sign-in form or bearer header)").register(meters);
        this.loginThrottled = Counter.builder("partner.signals.http.login.throttled")
                .description("requests refused with 429 because their address sent too many wrong tokens").register(meters);

        QueuedThreadPool threads = new QueuedThreadPool(settings.maxConcurrentRequests() + SPARE_THREADS, 4);
        threads.setName("http");
        threads.setDaemon(true);
        // daemon threads throughout: an HTTP thread never keeps the JVM up
        this.server = new Server(threads, new ScheduledExecutorScheduler("http-scheduler", true), null);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(MAX_HEADER_BYTES);
        http.setSendServerVersion(false);
        // the parser's header cache matches values ignoring case by default: a cached "Bearer s3cret-tokeN"
        // would then stand for a later "Bearer s3cret-token" on the same connection
        http.setHeaderCacheCaseSensitive(true);
        // a partner id may hold '/', sent encoded as %2F
        http.setUriCompliance(UriCompliance.DEFAULT.with("partner ids", UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        if (settings.tls() != null) {
            http.setSecureScheme("https");
            http.addCustomizer(new SecureRequestCustomizer());
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStore(settings.tls().keyStore());
            tls.setKeyStorePassword(settings.tls().keyStorePassword());
            tls.setKeyStoreType("PKCS12");
            this.connector = new ServerConnector(server, 1, 1, new SslConnectionFactory(tls, "http/1.1"),
                    new HttpConnectionFactory(http));
        } else {
            this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        }
        connector.setHost(settings.host());
        connector.setPort(settings.port());
        connector.setIdleTimeout(settings.idleTimeout().toMillis());
        server.addConnector(connector);

        Handler routes = new Handler.Abstract() { // blocking: store reads and peer calls wait
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                HttpApi.this.handle(new Exchange(request, response, callback));
                return true;
            }
        };
        // a third of the idle timeout, which also runs while a request waits: time is left to answer it
        Duration maxWait = settings.idleTimeout().dividedBy(3);
        SizeLimitHandler bodyLimit = new SizeLimitHandler(MAX_FORM_BYTES, -1);
        bodyLimit.setHandler(routes);
        server.setHandler(new RequestGate(bodyLimit,
                settings.maxConcurrentRequests(), settings.maxQueuedRequests(), maxWait, meters,
                "/health/live", "/health/ready", "/metrics"));
        server.start();
    }

    /**
     * Listens as {@code settings} say (port 0: any free port). Without a token the scores are open
     * to anyone who can reach the port.
     */
    public static HttpApi start(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters) {
        return start(settings, view, health, meters, Clock.systemUTC());
    }

    /** {@code clock}: the time of sessions and sign-in refusals. */
    static HttpApi start(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters, Clock clock) {
        try {
            HttpApi api = new HttpApi(settings, view, health, meters, clock);
            LOG.info("HTTP endpoints on {}://{}:{}; scores {}; idle timeout {}, {} requests at once, {} queued",
                    api.scheme(), settings.host(), api.port(),
                    api.access.open() ? "open to anyone (no http.token)" : "need the token",
                    settings.idleTimeout(), settings.maxConcurrentRequests(), settings.maxQueuedRequests());
            return api;
        } catch (Exception e) {
            throw new IllegalStateException("cannot listen for HTTP on " + settings.host() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** "https" when it serves TLS, else "http". */
    public String scheme() {
        return settings.tls() == null ? "http" : "https";
    }

    @Override
    public void close() {
        try {
            server.stop(); // a cut request is retried by its client
        } catch (Exception e) {
            LOG.warn("stopping the HTTP server failed", e);
        }
        peers.close();
    }

    // ---- routing -------------------------------------------------------------------------------

    private void handle(Exchange ex) {
        try {
            route(ex);
        } catch (NotQueryableException e) {
            ex.header("Retry-After", RETRY_AFTER_SECONDS).error(503, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("HTTP {} {} failed", ex.method(), ex.path(), e);
            if (ex.committed()) {
                ex.fail(e);
            } else {
                ex.error(500, "internal error: " + e.getClass().getSimpleName());
            }
        }
    }

    private void route(Exchange ex) {
        String path = ex.path() == null ? "" : ex.path();
        if ("/login".equals(path)) {
            if (!ex.method().equals("POST")) {
                methodNotAllowed(ex, "POST");
            } else {
                login(ex);
            }
            return;
        }
        if (!ex.method().equals("GET") && !ex.head()) {
            methodNotAllowed(ex, "GET, HEAD");
            return;
        }
        switch (path) {
            case "/health/live" -> probe(ex, "liveness", health::liveness);
            case "/health/ready" -> probe(ex, "readiness", health::readiness);
            case "/metrics" -> ex.send(200, PROMETHEUS_TYPE, meters.scrape());
            case "/" -> page(ex);
            default -> {
                if (!path.startsWith("/api/")) {
                    ex.error(404, "no such endpoint: " + path);
                } else if (admitted(ex, false)) {
                    api(ex, path);
                }
            }
        }
    }

    private void api(Exchange ex, String path) {
        if (path.equals(PARTNERS)) {
            ex.json(200, localScope(ex) ? here() : everywhere());
        } else if (path.startsWith(PARTNERS + "/") && path.length() > PARTNERS.length() + 1) {
            // from the raw path: an id holding "/" arrives as %2F, and the canonical path has decoded it
            String raw = ex.rawPath();
            String rest = raw.startsWith(PARTNERS + "/") ? raw.substring(PARTNERS.length() + 1)
                    : path.substring(PARTNERS.length() + 1);
            if (rest.endsWith(HISTORY) && rest.length() > HISTORY.length()) {
                history(ex, URIUtil.decodePath(rest.substring(0, rest.length() - HISTORY.length())), localScope(ex));
            } else if (rest.endsWith(ALERTS) && rest.length() > ALERTS.length()) {
                alerts(ex, URIUtil.decodePath(rest.substring(0, rest.length() - ALERTS.length())), localScope(ex));
            } else {
                partner(ex, URIUtil.decodePath(rest), localScope(ex));
            }
        } else {
            ex.error(404, "no such endpoint: " + path);
        }
    }

    /** Health is answered whatever happens: a check that throws is a DOWN answer with the reason. */
    private static void probe(Exchange ex, String what, java.util.function.Supplier<Health.Check> check) {
        Health.Check c;
        try {
            c = check.get();
        } catch (RuntimeException e) {
            c = new Health.Check(false, "UNKNOWN", List.of(what + " check failed: " + e));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", c.ok() ? "UP" : "DOWN");
        body.put("state", c.state());
        body.put("problems", c.problems());
        ex.json(c.ok() ? 200 : 503, body);
    }

    // ---- the API -------------------------------------------------------------------------------

    /** This instance's partners only: what the other instances ask for. */
    private PartnerListing here() {
        requireRunning();
        Map<String, PartnerSummary> byId = new HashMap<>();
        view.localAll().forEach(r -> byId.merge(r.getPartnerId(), summary(r), PartnerSummary::newer));
        return listing(byId, List.of());
    }

    /** Every instance's partners; instances that do not answer in time are named in "incomplete". */
    private PartnerListing everywhere() {
        requireRunning();
        Map<HostInfo, CompletableFuture<HttpResponse<String>>> asked = new LinkedHashMap<>();
        for (HostInfo other : view.otherInstances()) {
            asked.put(other, peers.get(other, PARTNERS, "scope=local", access.bearerHeader()));
        }
        Map<String, PartnerSummary> byId = new HashMap<>();
        view.localAll().forEach(r -> byId.merge(r.getPartnerId(), summary(r), PartnerSummary::newer));
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

    /**
     * The partner's summary with what its history, alerts and notes add, computed here: this instance
     * holds the partner's score, so it holds its history too. A partition moving away now leaves the
     * score without them (the next listing has them again).
     */
    private PartnerSummary summary(PartnerRisk risk) {
        String id = risk.getPartnerId();
        try {
            return PartnerSummary.of(risk, view.localHistory(id, settings.historyDays()), view.localAlerts(id), notes(id));
        } catch (NotQueryableException e) {
            return PartnerSummary.of(risk);
        }
    }

    private List<PartnerNote> notes(String partnerId) {
        try {
            return view.notes(partnerId);
        } catch (UnsupportedOperationException e) {
            // a view without the notes store (branch i15-notes not merged): no owner, no acknowledgement
            return List.of();
        }
    }

    private static PartnerListing listing(Map<String, PartnerSummary> byId, List<String> incomplete) {
        return new PartnerListing(byId.values().stream().sorted(PartnerSummary.BY_RISK).toList(), incomplete);
    }

    private void partner(Exchange ex, String partnerId, boolean localScope) {
        requireRunning();
        HostInfo owner = view.ownerOf(partnerId);
        if (owner.equals(view.self())) {
            Optional<PartnerRisk> risk = view.local(partnerId);
            if (risk.isPresent()) {
                ex.send(200, JSON_TYPE, JsonRecords.toLine(risk.get()));
            } else {
                ex.error(404, "no partner '" + partnerId + "'");
            }
        } else if (localScope) {
            // the asking instance thinks we own it, we think not: the partition is moving
            throw new NotQueryableException("partner " + partnerId + " is moving to " + address(owner));
        } else {
            relay(ex, owner, partnerId);
        }
    }

    /** {@code GET /api/partners/{id}/history?days=N}: the daily points within N days before the newest. */
    private void history(Exchange ex, String partnerId, boolean localScope) {
        int max = settings.historyDays();
        String given = parameter(ex, "days");
        int days;
        try {
            days = given == null ? max : Integer.parseInt(given.trim());
        } catch (NumberFormatException e) {
            days = 0;
        }
        if (days < 1 || days > max) {
            ex.error(400, "days must be a whole number from 1 to " + max + " (history.retention), got '" + given + "'");
            return;
        }
        int n = days;
        owned(ex, partnerId, localScope, HISTORY, "days=" + n, () -> {
            List<Map<String, Object>> points = new ArrayList<>();
            for (RiskSnapshot p : view.localHistory(partnerId, n)) {
                points.add(point(p));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("partnerId", partnerId);
            body.put("points", points);
            ex.json(200, body);
        });
    }

    /** {@code GET /api/partners/{id}/alerts}: newest first, each with its acknowledgement (null when none). */
    private void alerts(Exchange ex, String partnerId, boolean localScope) {
        owned(ex, partnerId, localScope, ALERTS, null, () -> {
            List<PartnerNote> notes = notes(partnerId);
            List<Map<String, Object>> alerts = new ArrayList<>();
            for (RiskAlert a : view.localAlerts(partnerId)) {
                alerts.add(alert(a, PartnerSummary.acknowledgement(a, notes)));
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("partnerId", partnerId);
            body.put("alerts", alerts);
            ex.json(200, body);
        });
    }

    static Map<String, Object> point(RiskSnapshot p) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("day", LocalDate.ofInstant(p.getComputedAt(), ZoneOffset.UTC).toString());
        point.put("computedAt", p.getComputedAt().toString());
        point.put("score", p.getScore());
        point.put("band", p.getBand());
        Map<String, Double> factors = new LinkedHashMap<>();
        factors.put(RiskModelConfig.SPONSORSHIP, p.getSponsorship());
        factors.put(RiskModelConfig.RESPONSIVENESS, p.getResponsiveness());
        factors.put(RiskModelConfig.RECIPROCITY, p.getReciprocity());
        factors.put(RiskModelConfig.ATTRIBUTION, p.getAttribution());
        factors.put(RiskModelConfig.DIVERSION, p.getDiversion());
        factors.put(RiskModelConfig.PRICING_EXCLUSION, p.getPricingExclusion());
        factors.put(RiskModelConfig.MARGIN_EROSION, p.getMarginErosion());
        factors.put(RiskModelConfig.HARMFUL_ASK, p.getHarmfulAsk());
        point.put("factors", factors);
        return point;
    }

    static Map<String, Object> alert(RiskAlert a, PartnerNote acknowledgement) {
        Map<String, Object> alert = new LinkedHashMap<>();
        alert.put("at", a.getAt().toString());
        alert.put("fromBand", a.getFromBand().name());
        alert.put("toBand", a.getToBand().name());
        alert.put("score", a.getScore());
        alert.put("reasons", List.copyOf(a.getReasons()));
        Map<String, Object> ack = null;
        if (acknowledgement != null) {
            ack = new LinkedHashMap<>();
            ack.put("by", acknowledgement.getAuthor());
            ack.put("at", acknowledgement.getAt().toString());
            ack.put("text", acknowledgement.getText());
        }
        alert.put("acknowledged", ack);
        return alert;
    }

    /**
     * Answers here when this instance owns the partner (404 when it has no score for it), or relays the
     * request to the owner ({@code suffix} after the partner's path, {@code query} besides scope=local).
     */
    private void owned(Exchange ex, String partnerId, boolean localScope, String suffix, String query, Runnable here) {
        requireRunning();
        HostInfo owner = view.ownerOf(partnerId);
        if (owner.equals(view.self())) {
            if (view.local(partnerId).isPresent()) {
                here.run();
            } else {
                ex.error(404, "no partner '" + partnerId + "'");
            }
        } else if (localScope) {
            throw new NotQueryableException("partner " + partnerId + " is moving to " + address(owner));
        } else {
            relay(ex, owner, partnerId, suffix, query == null ? "scope=local" : "scope=local&" + query);
        }
    }

    /** The first value of a query parameter (percent-decoded), or null. */
    private static String parameter(Exchange ex, String name) {
        String query = ex.query();
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private void relay(Exchange ex, HostInfo owner, String partnerId) {
        relay(ex, owner, partnerId, "", "scope=local");
    }

    /** Asks the owner for the partner's path with {@code suffix} and {@code query}, and answers with what it says. */
    private void relay(Exchange ex, HostInfo owner, String partnerId, String suffix, String query) {
        HttpResponse<String> answer;
        try {
            answer = peers.get(owner, PARTNERS + "/" + partnerId + suffix, query, access.bearerHeader()).join();
        } catch (CompletionException e) {
            LOG.warn("owner {} of partner {} did not answer: {}", address(owner), partnerId, reason(e));
            throw new NotQueryableException("the instance that holds partner " + partnerId + " (" + address(owner)
                    + ") did not answer", e);
        }
        for (String header : List.of("Retry-After", "WWW-Authenticate")) {
            answer.headers().firstValue(header).ifPresent(v -> ex.header(header, v));
        }
        ex.send(answer.statusCode(), answer.headers().firstValue("Content-Type").orElse(JSON_TYPE), answer.body());
    }

    private void requireRunning() {
        KafkaStreams.State state = view.state();
        if (state != KafkaStreams.State.RUNNING) {
            throw new NotQueryableException("this instance is " + state + ", not RUNNING; scores are not readable now");
        }
    }

    // ---- the page and its sign-in ----------------------------------------------------------------

    private void page(Exchange ex) {
        if (!admitted(ex, true)) {
            return;
        }
        try {
            ex.html(200, RiskPage.partners(everywhere()));
        } catch (NotQueryableException e) {
            ex.header("Retry-After", RETRY_AFTER_SECONDS).html(503, RiskPage.notReady(e.getMessage()));
        }
    }

    /** The body is read without holding a thread: a client that sends it slowly only holds its connection. */
    private void login(Exchange ex) {
        if (access.open()) {
            redirectHome(ex);
            return;
        }
        // the form is read even when the address is refused: an unread body would cost the connection.
        // The answer needs no blocking call: Jetty may run it on the thread that read the last byte
        FormFields.onFields(ex.request(), StandardCharsets.UTF_8, 16, MAX_FORM_BYTES,
                Promise.Invocable.from(Invocable.InvocationType.NON_BLOCKING, (Fields form, Throwable failure) -> {
            try {
                String token = failure == null ? form.getValue("token") : null;
                if (throttled(ex, true)) {
                    return;
                }
                if (failure != null) {
                    ex.error(400, "the form cannot be read: send token=... as application/x-www-form-urlencoded, "
                            + "at most " + MAX_FORM_BYTES + " bytes");
                } else if (access.validToken(token)) {
                    throttle.succeeded(ex.client());
                    ex.addHeader("Set-Cookie", access.sessionCookie(token, ex.secure()));
                    redirectHome(ex);
                } else {
                    wrongToken(ex, "sign-in form");
                    ex.header("WWW-Authenticate", REALM).html(401, RiskPage.login(true));
                }
            } catch (RuntimeException e) {
                LOG.warn("HTTP sign-in failed", e);
                if (!ex.committed()) {
                    ex.error(500, "internal error: " + e.getClass().getSimpleName());
                }
            }
        }));
    }

    private static void redirectHome(Exchange ex) {
        ex.header("Location", "/").send(303, TEXT_TYPE, "");
    }

    // ---- access ----------------------------------------------------------------------------------

    /**
     * True when the request may read scores; else it has been answered: 429 while its address is
     * refused, 401 otherwise (a wrong bearer token counts as a failed sign-in).
     */
    private boolean admitted(Exchange ex, boolean page) {
        if (access.open()) {
            return true;
        }
        if (throttled(ex, page)) {
            return false;
        }
        String authorization = ex.header("Authorization");
        if (access.allows(authorization, ex.cookies())) {
            return true;
        }
        if (access.wrongBearer(authorization)) {
            wrongToken(ex, "bearer header");
        }
        ex.header("WWW-Authenticate", REALM);
        if (page) {
            ex.html(401, RiskPage.login(false));
        } else {
            ex.error(401, "this needs the header Authorization: Bearer <token>");
        }
        return false;
    }

    /** Answers 429 with Retry-After when the client's address is refused for now. */
    private boolean throttled(Exchange ex, boolean page) {
        Duration wait = throttle.blockedFor(ex.client());
        if (wait.isZero()) {
            return false;
        }
        loginThrottled.increment();
        ex.header("Retry-After", String.valueOf(Math.max(1, wait.toSeconds())));
        String why = "too many wrong tokens from this address; try again in " + Math.max(1, wait.toSeconds()) + " s";
        if (page) {
            ex.html(429, RiskPage.tooManyAttempts(why));
        } else {
            ex.error(429, why);
        }
        return true;
    }

    /** Counted and logged with the client's address, never what it sent. */
    private void wrongToken(Exchange ex, String where) {
        loginFailures.increment();
        String client = ex.client();
        LoginThrottle.Verdict verdict = throttle.failed(client);
        long left = loginLog.admit();
        if (left >= 0) {
            LOG.warn("wrong token in the {} from {}: {} of {} allowed per {}{}{}", where, client, verdict.failures(),
                    settings.maxLoginFailures(), settings.loginWindow(),
                    verdict.blocked() ? "; this address is refused for " + verdict.blockedFor() : "",
                    left > 0 ? " (" + left + " such lines left out)" : "");
        }
    }

    private static boolean localScope(Exchange ex) {
        String query = ex.query();
        return query != null && List.of(query.split("&")).contains("scope=local");
    }

    // ---- answers ---------------------------------------------------------------------------------

    private static void methodNotAllowed(Exchange ex, String allowed) {
        ex.header("Allow", allowed).error(405, "use " + allowed);
    }

    private static String address(HostInfo host) {
        return host.host() + ":" + host.port();
    }

    private static String reason(Exception e) {
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
    }
}
