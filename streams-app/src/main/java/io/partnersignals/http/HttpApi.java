package io.partnersignals.http;

import static io.partnersignals.http.Exchange.JSON;
import static io.partnersignals.http.Exchange.JSON_TYPE;
import static io.partnersignals.http.Exchange.TEXT_TYPE;

import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.Partner;
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
import org.eclipse.jetty.io.Content;
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
 * GET  /api/partners/{id}/reference  its record of the partners topic (name, domains, kind), from the owner
 * GET  /api/partners/{id}/alerts  its alerts, newest first, each with its acknowledgement (or null)
 * GET  /api/partners/{id}/notes  the partner's notes, oldest first, and its owner (every instance holds all notes)
 * POST /api/partners/{id}/notes  JSON {"author","kind","text","alertAt"}: 201 with the note written, 400 naming the field
 * POST /partners/{id}/notes      the page's form (session cookie, same-origin): 303 to /partners/{id}
 * GET  /                    the overview page (a token form when the token is missing); ?band=&q=&sort=
 * GET  /partners/{id}       the partner's page: history chart, factors, alerts, owner, notes
 * GET  /assets/{file}       the pages' style sheet and script (open: they hold no scores)
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
    /** A note's body: 2000 characters of text, each up to 9 bytes when form-encoded, and the other fields. */
    static final int MAX_NOTE_BYTES = 24 * 1024;
    private static final String NOTES = "/notes";
    private static final String PAGES = "/partners";
    /** How long a request waits for the broker to take a note. */
    static final Duration NOTE_WRITE_TIMEOUT = Duration.ofSeconds(30);
    private static final String PARTNERS = "/api/partners";
    private static final String PARTNER_PAGES = "/partners/";
    private static final String ASSETS = "/assets/";
    private static final String HISTORY = "/history";
    private static final String ALERTS = "/alerts";
    private static final String REFERENCE = "/reference";
    private static final String PROMETHEUS_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final String REALM = "Bearer realm=\"partner-signals\"";

    private final HttpSettings settings;
    private final RiskView view;
    private final Health health;
    private final TokenAccess access;
    private final LoginThrottle throttle;
    private final PrometheusMeterRegistry meters;
    private final PeerClient peers;
    private final NoteWriter notes;
    private final Clock clock;
    private final Counter loginFailures;
    private final Counter loginThrottled;
    private final LogLimit loginLog = new LogLimit(10, Duration.ofMinutes(1), Clock.systemUTC());
    private final Server server;
    private final ServerConnector connector;

    private HttpApi(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters, Clock clock,
                    NoteWriter notes) throws Exception {
        this.settings = settings;
        this.notes = notes;
        this.clock = clock;
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

        // a third of the idle timeout, which also runs while a request waits: time is left to answer it
        Duration maxWait = settings.idleTimeout().dividedBy(3);
        // bodies: a note may be longer than the sign-in form; every other request gets the form's limit
        SizeLimitHandler noteLimit = new SizeLimitHandler(MAX_NOTE_BYTES, -1) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                String path = Request.getPathInContext(request);
                return path != null && path.endsWith(NOTES) && super.handle(request, response, callback);
            }
        };
        noteLimit.setHandler(routes());
        SizeLimitHandler bodyLimit = new SizeLimitHandler(MAX_FORM_BYTES, -1);
        bodyLimit.setHandler(routes());
        server.setHandler(new RequestGate(new Handler.Sequence(noteLimit, bodyLimit),
                settings.maxConcurrentRequests(), settings.maxQueuedRequests(), maxWait, meters,
                "/health/live", "/health/ready", "/metrics"));
        server.start();
    }

    private Handler routes() {
        return new Handler.Abstract() { // blocking: store reads and peer calls wait
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                HttpApi.this.handle(new Exchange(request, response, callback));
                return true;
            }
        };
    }

    /**
     * Listens as {@code settings} say (port 0: any free port). Without a token the scores are open
     * to anyone who can reach the port. Notes cannot be written (503).
     */
    public static HttpApi start(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters) {
        return start(settings, view, health, meters, Clock.systemUTC(), NO_NOTES);
    }

    /** As {@link #start(HttpSettings, RiskView, Health, PrometheusMeterRegistry)}; notes are written with {@code notes}. */
    public static HttpApi start(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters,
                                NoteWriter notes) {
        return start(settings, view, health, meters, Clock.systemUTC(), notes);
    }

    /** {@code clock}: the time of sessions and sign-in refusals. */
    static HttpApi start(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters, Clock clock) {
        return start(settings, view, health, meters, clock, NO_NOTES);
    }

    /** {@code clock}: the time of sessions, sign-in refusals and notes. */
    static HttpApi start(HttpSettings settings, RiskView view, Health health, PrometheusMeterRegistry meters, Clock clock,
                         NoteWriter notes) {
        try {
            HttpApi api = new HttpApi(settings, view, health, meters, clock, notes);
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
        if (notesRoute(ex, path)) {
            return;
        }
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
                if (path.startsWith(ASSETS)) {
                    asset(ex, path.substring(ASSETS.length()));
                } else if (path.startsWith(PARTNER_PAGES) && path.length() > PARTNER_PAGES.length()) {
                    String raw = ex.rawPath();
                    String id = raw.startsWith(PARTNER_PAGES) ? URIUtil.decodePath(raw.substring(PARTNER_PAGES.length()))
                            : path.substring(PARTNER_PAGES.length());
                    partnerPage(ex, id);
                } else if (!path.startsWith("/api/")) {
                    ex.error(404, "no such endpoint: " + path);
                } else if (admitted(ex, false)) {
                    api(ex, path);
                }
            }
        }
    }

    private void api(Exchange ex, String path) {
        String notesOf = partnerOf(ex, PARTNERS);
        if (notesOf != null) {
            notesOf(ex, notesOf);
        } else if (path.equals(PARTNERS)) {
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
            } else if (rest.endsWith(REFERENCE) && rest.length() > REFERENCE.length()) {
                reference(ex, URIUtil.decodePath(rest.substring(0, rest.length() - REFERENCE.length())), localScope(ex));
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
        return view.notes(partnerId);
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

    /** The partner's reference data (the partners topic's record), read where its score is. */
    private void reference(Exchange ex, String partnerId, boolean localScope) {
        owned(ex, partnerId, localScope, REFERENCE, null, () -> {
            Optional<Partner> partner = view.localPartner(partnerId);
            if (partner.isPresent()) {
                ex.send(200, JSON_TYPE, JsonRecords.toLine(partner.get()));
            } else {
                ex.error(404, "no reference data for partner '" + partnerId + "' (no record on the partners topic)");
            }
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
        alert.put("kind", a.getKind().name());
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

    // ---- notes: acknowledgements, owners and notes people write ---------------------------------

    /** Without a writer, a note cannot be written: 503 with the reason. */
    static final NoteWriter NO_NOTES = note -> CompletableFuture.failedFuture(
            new IllegalStateException("this instance has no writer of notes"));

    /**
     * The partner id of {@code <prefix>/{id}/notes} (from the raw path: an id may hold an encoded
     * '/'), or null when the path is not that.
     */
    private static String partnerOf(Exchange ex, String prefix) {
        String raw = ex.rawPath();
        if (raw == null || !raw.startsWith(prefix + "/") || !raw.endsWith(NOTES)
                || raw.length() <= prefix.length() + 1 + NOTES.length()) {
            return null;
        }
        String id = URIUtil.decodePath(raw.substring(prefix.length() + 1, raw.length() - NOTES.length()));
        return id.isEmpty() ? null : id;
    }

    /** Answers the POSTs of notes (JSON and form) and any other method on the form's path; false for other requests. */
    private boolean notesRoute(Exchange ex, String path) {
        String api = partnerOf(ex, PARTNERS);
        String page = api == null ? partnerOf(ex, PAGES) : null;
        if (page != null && !ex.method().equals("POST")) {
            methodNotAllowed(ex, "POST");
            return true;
        }
        if (!ex.method().equals("POST") || (api == null && page == null)) {
            return false;
        }
        if (api != null) {
            if (admitted(ex, false)) {
                postJson(ex, api);
            }
        } else {
            postForm(ex, page);
        }
        return true;
    }

    /** GET /api/partners/{id}/notes: from this instance's global store, which holds every note. */
    private void notesOf(Exchange ex, String partnerId) {
        requireRunning();
        List<PartnerNote> all = view.notes(partnerId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partnerId", partnerId);
        body.put("owner", owner(all));
        body.put("notes", all.stream().map(JsonRecords::toJson).toList());
        ex.json(200, body);
    }

    /** The text of the latest OWNER_SET note, or null. */
    static String owner(List<PartnerNote> notesOldestFirst) {
        String owner = null;
        for (PartnerNote n : notesOldestFirst) {
            if (n.getKind() == NoteKind.OWNER_SET) {
                owner = n.getText();
            }
        }
        return owner;
    }

    /**
     * POST /api/partners/{id}/notes, a JSON object. The body is read without holding a thread; checking
     * the partner and waiting for the broker then run on a thread of the pool.
     */
    private void postJson(Exchange ex, String partnerId) {
        String type = ex.header("Content-Type");
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith(JSON_TYPE)) {
            // a page of another site cannot send application/json without asking first (CORS): no forged notes
            ex.error(415, "send the note as Content-Type: application/json");
            return;
        }
        Content.Source.asStringAsync(ex.request(), StandardCharsets.UTF_8).whenCompleteAsync((text, failure) -> {
            try {
                if (failure != null) {
                    ex.error(400, "the body cannot be read: send at most " + MAX_NOTE_BYTES + " bytes of JSON");
                    return;
                }
                NoteForm form;
                try {
                    form = jsonForm(text);
                } catch (NoteForm.Refused e) {
                    ex.error(400, e.getMessage());
                    return;
                }
                PartnerNote note = writeNote(partnerId, form);
                ex.header("Location", PARTNERS + "/" + URIUtil.encodePath(partnerId).replace("/", "%2F") + NOTES)
                        .send(201, JSON_TYPE, JsonRecords.toLine(note));
            } catch (NoteForm.Refused e) {
                ex.error(400, e.getMessage());
            } catch (UnknownPartner e) {
                ex.error(404, e.getMessage());
            } catch (NotQueryableException e) {
                ex.header("Retry-After", RETRY_AFTER_SECONDS).error(503, e.getMessage());
            } catch (RuntimeException e) {
                LOG.warn("HTTP POST {} failed", ex.path(), e);
                if (!ex.committed()) {
                    ex.error(500, "internal error: " + e.getClass().getSimpleName());
                }
            }
        }, server.getThreadPool());
    }

    private static NoteForm jsonForm(String text) {
        com.fasterxml.jackson.databind.JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (IOException e) {
            throw new NoteForm.Refused("the body is not JSON: send {\"author\":...,\"kind\":...,\"text\":...,\"alertAt\":...}");
        }
        if (json == null || !json.isObject()) {
            throw new NoteForm.Refused("the body must be a JSON object with author, kind, text and alertAt");
        }
        return NoteForm.of(jsonText(json, "author"), jsonText(json, "kind"), jsonText(json, "text"), jsonText(json, "alertAt"));
    }

    private static String jsonText(com.fasterxml.jackson.databind.JsonNode json, String field) {
        com.fasterxml.jackson.databind.JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw new NoteForm.Refused(field + " must be a string");
        }
        return value.textValue();
    }

    /**
     * POST /partners/{id}/notes, the page's form: needs the session (or open access) and must come from a
     * page of this host (Origin, else Referer), so that another site cannot post in a signed-in person's name.
     */
    private void postForm(Exchange ex, String partnerId) {
        if (!sameOrigin(ex)) {
            ex.html(403, StatusPages.noteRefused(partnerId, "This form must be sent from this application's own page."));
            return;
        }
        if (!admitted(ex, true)) {
            return;
        }
        String back = "/partners/" + URIUtil.encodePath(partnerId).replace("/", "%2F");
        FormFields.onFields(ex.request(), StandardCharsets.UTF_8, 16, MAX_NOTE_BYTES,
                Promise.Invocable.from(Invocable.InvocationType.BLOCKING, (Fields form, Throwable failure) -> {
            try {
                if (failure != null) {
                    ex.html(400, StatusPages.noteRefused(partnerId, "The form cannot be read: send at most " + MAX_NOTE_BYTES
                            + " bytes as application/x-www-form-urlencoded."));
                    return;
                }
                writeNote(partnerId, NoteForm.of(form.getValue("author"), form.getValue("kind"), form.getValue("text"),
                        form.getValue("alertAt")));
                ex.header("Location", back).send(303, TEXT_TYPE, "");
            } catch (NoteForm.Refused e) {
                ex.html(400, StatusPages.noteRefused(partnerId, e.getMessage()));
            } catch (UnknownPartner e) {
                ex.html(404, StatusPages.noteRefused(partnerId, e.getMessage()));
            } catch (NotQueryableException e) {
                ex.header("Retry-After", RETRY_AFTER_SECONDS).html(503, StatusPages.noteRefused(partnerId, e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("HTTP POST {} failed", ex.path(), e);
                if (!ex.committed()) {
                    ex.error(500, "internal error: " + e.getClass().getSimpleName());
                }
            }
        }));
    }

    /**
     * True when the Origin header (else the Referer) names this host: the authority the request was sent
     * to (the Host header), compared without the scheme so that a TLS-terminating proxy does not matter.
     */
    static boolean sameOrigin(String origin, String referer, String host) {
        String from = origin != null && !origin.isBlank() ? origin : referer;
        if (from == null || from.isBlank() || host == null || host.isBlank()) {
            return false;
        }
        java.net.URI uri;
        try {
            uri = java.net.URI.create(from.strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return uri.getRawAuthority() != null && uri.getRawAuthority().equalsIgnoreCase(host.strip())
                && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    }

    private static boolean sameOrigin(Exchange ex) {
        return sameOrigin(ex.header("Origin"), ex.header("Referer"), ex.header("Host"));
    }

    /** The partner has no score anywhere: 404. */
    static final class UnknownPartner extends RuntimeException {
        UnknownPartner(String partnerId) {
            super("no partner '" + partnerId + "'");
        }
    }

    /**
     * Checks that the partner is known (a score exists, here or on its owner) and, for an
     * acknowledgement, that the alert is one of the partner's when this instance holds its alerts;
     * writes the note and waits until the broker has it. Never logs the text.
     */
    private PartnerNote writeNote(String partnerId, NoteForm form) {
        requireRunning();
        HostInfo owner = view.ownerOf(partnerId);
        boolean here = owner.equals(view.self());
        if (!(here ? view.local(partnerId).isPresent() : knownTo(owner, partnerId))) {
            throw new UnknownPartner(partnerId);
        }
        if (form.kind() == NoteKind.ACKNOWLEDGED && here) {
            List<RiskAlert> alerts = view.localAlerts(partnerId);
            if (alerts.stream().noneMatch(a -> a.getAt().equals(form.alertAt()))) {
                throw new NoteForm.Refused("alertAt: partner " + partnerId + " has no alert at " + form.alertAt());
            }
        }
        PartnerNote note = form.toNote(partnerId, clock.instant());
        try {
            notes.write(note).get(NOTE_WRITE_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotQueryableException("interrupted while writing the note", e);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("note {} of kind {} for partner {} was not written: {}", note.getNoteId(), note.getKind(), partnerId,
                    cause.toString());
            throw new NotQueryableException("the note could not be written now (" + cause.getClass().getSimpleName()
                    + "); try again", cause);
        }
        Counter.builder("partner.signals.notes.written").description("notes written through the HTTP API, by kind")
                .tag("kind", note.getKind().name()).register(meters).increment();
        LOG.info("note {} of kind {} for partner {} written", note.getNoteId(), note.getKind(), partnerId);
        return note;
    }

    /** Asks the partner's owner whether it has a score: 200 yes, 404 no, anything else is "not now". */
    private boolean knownTo(HostInfo owner, String partnerId) {
        HttpResponse<String> answer;
        try {
            answer = peers.get(owner, PARTNERS + "/" + URIUtil.encodePath(partnerId).replace("/", "%2F"), "scope=local",
                    access.bearerHeader()).join();
        } catch (CompletionException e) {
            throw new NotQueryableException("the instance that holds partner " + partnerId + " (" + address(owner)
                    + ") did not answer", e);
        }
        return switch (answer.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw new NotQueryableException("the instance that holds partner " + partnerId + " ("
                    + address(owner) + ") answered HTTP " + answer.statusCode());
        };
    }

    // ---- the page and its sign-in ----------------------------------------------------------------

    private void page(Exchange ex) {
        if (!admitted(ex, true)) {
            return;
        }
        try {
            // the page reads the listing as the script does, from its JSON: one shape for both
            com.fasterxml.jackson.databind.JsonNode listing = JSON.valueToTree(everywhere());
            List<OverviewPage.Row> rows = OverviewPage.rows(listing);
            ex.html(200, OverviewPage.render(rows, OverviewPage.incomplete(listing), OverviewPage.Query.parse(ex.query()),
                    now(rows.stream().map(OverviewPage.Row::computedAt).toList()), clock.instant(), settings.page().storyTime()));
        } catch (NotQueryableException e) {
            ex.header("Retry-After", RETRY_AFTER_SECONDS).html(503, StatusPages.notReady(e.getMessage()));
        }
    }

    /** What "ago" counts from: the wall clock, or in the demo's story time the latest score among {@code times}. */
    private java.time.Instant now(List<java.time.Instant> times) {
        if (!settings.page().storyTime()) {
            return clock.instant();
        }
        return times.stream().filter(java.util.Objects::nonNull).max(java.util.Comparator.naturalOrder())
                .orElse(clock.instant());
    }

    private void partnerPage(Exchange ex, String partnerId) {
        if (!admitted(ex, true)) {
            return;
        }
        try {
            Optional<PartnerPage.Data> data = partnerData(partnerId);
            if (data.isPresent()) {
                ex.html(200, PartnerPage.render(data.get()));
            } else {
                ex.html(404, StatusPages.notFound("No partner '" + partnerId + "' has a score."));
            }
        } catch (NotQueryableException e) {
            ex.header("Retry-After", RETRY_AFTER_SECONDS).html(503, StatusPages.notReady(e.getMessage()));
        }
    }

    /**
     * The partner's score, history and alerts from the instance that owns it (here, or asked with
     * scope=local like the JSON endpoint), its notes from here (every instance holds them all).
     */
    private Optional<PartnerPage.Data> partnerData(String partnerId) {
        requireRunning();
        HostInfo owner = view.ownerOf(partnerId);
        PartnerRisk risk;
        List<ScoreChart.Point> history;
        List<PartnerPage.Alert> alerts;
        Partner reference;
        if (owner.equals(view.self())) {
            Optional<PartnerRisk> local = view.local(partnerId);
            if (local.isEmpty()) {
                return Optional.empty();
            }
            risk = local.get();
            history = PageData.points(view.localHistory(partnerId, settings.historyDays()));
            alerts = PageData.alerts(view.localAlerts(partnerId));
            reference = view.localPartner(partnerId).orElse(null);
        } else {
            String base = PARTNERS + "/" + partnerId;
            CompletableFuture<HttpResponse<String>> askedRisk = peers.get(owner, base, "scope=local", access.bearerHeader());
            CompletableFuture<HttpResponse<String>> askedHistory = peers.get(owner, base + "/history",
                    "scope=local&days=" + settings.historyDays(), access.bearerHeader());
            CompletableFuture<HttpResponse<String>> askedAlerts = peers.get(owner, base + ALERTS, "scope=local",
                    access.bearerHeader());
            CompletableFuture<HttpResponse<String>> askedReference = peers.get(owner, base + REFERENCE, "scope=local",
                    access.bearerHeader());
            HttpResponse<String> answer;
            try {
                answer = askedRisk.join();
            } catch (CompletionException e) {
                LOG.warn("owner {} of partner {} did not answer: {}", address(owner), partnerId, reason(e));
                throw new NotQueryableException("the instance that holds partner " + partnerId + " (" + address(owner)
                        + ") did not answer", e);
            }
            if (answer.statusCode() == 404) {
                return Optional.empty();
            }
            if (answer.statusCode() != 200) {
                throw new NotQueryableException("the instance that holds partner " + partnerId + " (" + address(owner)
                        + ") answered HTTP " + answer.statusCode());
            }
            risk = JsonRecords.fromJson(answer.body(), PartnerRisk.class);
            // without history or alerts the page still shows the score: they are left empty, and logged
            history = PageData.points(peerJson(askedHistory, owner, partnerId, "history").path("points"));
            alerts = PageData.alerts(peerJson(askedAlerts, owner, partnerId, "alerts").path("alerts"));
            com.fasterxml.jackson.databind.JsonNode given = peerJson(askedReference, owner, partnerId, "reference data");
            reference = given.isMissingNode() ? null : JsonRecords.fromJson(given, Partner.class);
        }
        List<io.partnersignals.contract.PartnerNote> notes = view.notes(partnerId);
        java.time.Instant latest = history.isEmpty() ? risk.getComputedAt() : history.get(history.size() - 1).at();
        return Optional.of(new PartnerPage.Data(risk, reference, history, alerts, notes,
                now(List.of(risk.getComputedAt(), latest)), settings.page().storyTime(),
                settings.page().amberAt(), settings.page().redAt()));
    }


    private com.fasterxml.jackson.databind.JsonNode peerJson(CompletableFuture<HttpResponse<String>> asked, HostInfo owner,
                                                              String partnerId, String what) {
        try {
            HttpResponse<String> response = asked.join();
            if (response.statusCode() == 200) {
                return JSON.readTree(response.body());
            }
            LOG.warn("owner {} gave no {} of partner {}: HTTP {}", address(owner), what, partnerId, response.statusCode());
        } catch (IOException | CompletionException e) {
            LOG.warn("owner {} gave no {} of partner {}: {}", address(owner), what, partnerId, reason(e));
        }
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
    }

    /** Open like health: style and script hold nothing confidential, and the sign-in page needs them. */
    private static void asset(Exchange ex, String name) {
        Optional<Assets.Asset> asset = Assets.get(name);
        if (asset.isPresent()) {
            ex.asset(asset.get());
        } else {
            ex.error(404, "no such asset: " + name);
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
                    redirect(ex, StatusPages.next(form.getValue("next")));
                } else {
                    wrongToken(ex, "sign-in form");
                    ex.header("WWW-Authenticate", REALM).html(401,
                            StatusPages.login(true, StatusPages.next(form.getValue("next"))));
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
        redirect(ex, "/");
    }

    /** {@code to}: a path of this app, checked by {@link StatusPages#next}. */
    private static void redirect(Exchange ex, String to) {
        ex.header("Location", to).send(303, TEXT_TYPE, "");
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
            // a shared link to a partner's page leads there again after signing in
            String query = ex.query();
            ex.html(401, StatusPages.login(false, StatusPages.next(ex.rawPath() + (query == null ? "" : "?" + query))));
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
            ex.html(429, StatusPages.tooManyAttempts(why));
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
