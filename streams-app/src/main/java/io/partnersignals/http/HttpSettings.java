package io.partnersignals.http;

import io.partnersignals.config.ConfigValues;
import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP endpoints listen and defend themselves.
 *
 * @param token           the current token (null or empty: scores open to anyone); sent to the other instances
 * @param nextToken       a second accepted token while tokens are rotated (null or empty: none)
 * @param idleTimeout     a connection that sends or reads nothing for this long is closed: request line,
 *                        headers, body and the wait between requests alike
 * @param maxConcurrentRequests requests to scores, the page and the sign-in handled at once; health and
 *                        metrics are not counted and always have threads of their own
 * @param maxQueuedRequests requests beyond those that wait (holding no thread); beyond them: 503
 * @param maxLoginFailures wrong tokens from one client address within {@code loginWindow} before it is refused
 * @param loginWindow     the window of those failures and the first refusal; each further refusal doubles it
 * @param tls             the keystore to serve HTTPS from and what to trust when asking other instances;
 *                        null: plain HTTP
 * @param peerTimeout     how long another instance may take to answer
 * @param page            what the pages need to know beyond the scores: story time, band thresholds
 * @param historyRetention how far back the partners' history is kept (history.retention): its whole days
 *                        are the most a history request may ask for
 */
public record HttpSettings(String host, int port, String token, String nextToken, Duration idleTimeout,
                           int maxConcurrentRequests, int maxQueuedRequests, int maxLoginFailures,
                           Duration loginWindow, HttpTls tls, Duration peerTimeout, PageSettings page,
                           Duration historyRetention) {

    // the declared defaults, for settings built without a configuration (tests, tools)
    public static final Duration DEFAULT_IDLE_TIMEOUT = ConfigValues.defaults().duration("http.idle-timeout");
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = ConfigValues.defaults().integer("http.max-concurrent-requests");
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = ConfigValues.defaults().integer("http.max-queued-requests");
    public static final int DEFAULT_MAX_LOGIN_FAILURES = ConfigValues.defaults().integer("http.login.max-failures");
    public static final Duration DEFAULT_LOGIN_WINDOW = ConfigValues.defaults().duration("http.login.window");
    public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_HISTORY_RETENTION = ConfigValues.defaults().duration("history.retention");

    public HttpSettings {
        Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, got " + port);
        }
        token = token == null ? "" : token;
        nextToken = nextToken == null ? "" : nextToken;
        if (token.isEmpty() && !nextToken.isEmpty()) {
            throw new IllegalArgumentException("a next token needs a current token");
        }
        requirePositive(idleTimeout, "idle timeout");
        requirePositive(loginWindow, "login window");
        requirePositive(peerTimeout, "peer timeout");
        page = page == null ? PageSettings.DEFAULT : page;
        requirePositive(historyRetention, "history retention");
        if (maxConcurrentRequests < 1 || maxQueuedRequests < 0 || maxLoginFailures < 1) {
            throw new IllegalArgumentException("concurrent requests and login failures must be 1 or more, queued requests 0 or more");
        }
    }

    /** The defaults, plain HTTP, no token. */
    public static HttpSettings of(String host, int port) {
        return new HttpSettings(host, port, "", "", DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS,
                DEFAULT_MAX_QUEUED_REQUESTS, DEFAULT_MAX_LOGIN_FAILURES, DEFAULT_LOGIN_WINDOW, null, DEFAULT_PEER_TIMEOUT,
                PageSettings.DEFAULT, DEFAULT_HISTORY_RETENTION);
    }

    public HttpSettings withTokens(String current, String next) {
        return new HttpSettings(host, port, current, next, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, peerTimeout, page, historyRetention);
    }

    public HttpSettings withIdleTimeout(Duration timeout) {
        return new HttpSettings(host, port, token, nextToken, timeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, peerTimeout, page, historyRetention);
    }

    public HttpSettings withRequestLimits(int concurrent, int queued) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, concurrent, queued, maxLoginFailures,
                loginWindow, tls, peerTimeout, page, historyRetention);
    }

    public HttpSettings withLoginLimit(int failures, Duration window) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                failures, window, tls, peerTimeout, page, historyRetention);
    }

    public HttpSettings withTls(HttpTls httpTls) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, httpTls, peerTimeout, page, historyRetention);
    }

    public HttpSettings withPeerTimeout(Duration timeout) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, timeout, page, historyRetention);
    }

    public HttpSettings withPage(PageSettings pageSettings) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, peerTimeout, pageSettings, historyRetention);
    }

    public HttpSettings withHistoryRetention(Duration retention) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, peerTimeout, page, retention);
    }

    /** The most days a history request may ask for: the whole days of the retention, at least 1. */
    public int historyDays() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, historyRetention.toDays()));
    }

    /**
     * @param storyTime    the scores' times are a demo story's, running ahead of the wall clock: the pages say
     *                     so and measure "ago" from the latest score instead of from now
     * @param amberAt      the lowest AMBER score (model.threshold.amber), drawn on the score chart
     * @param redAt        the lowest RED score (model.threshold.red)
     */
    public record PageSettings(boolean storyTime, int amberAt, int redAt) {
        public static final PageSettings DEFAULT = new PageSettings(false,
                ConfigValues.defaults().integer("model.threshold.amber"), ConfigValues.defaults().integer("model.threshold.red"));
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be more than 0, got " + d);
        }
    }

    /** Never the tokens or passwords. */
    @Override
    public String toString() {
        return "HttpSettings[" + host + ":" + port + ", token " + (token.isEmpty() ? "none" : "set")
                + (nextToken.isEmpty() ? "" : ", next token set") + ", idle timeout " + idleTimeout
                + ", " + maxConcurrentRequests + " concurrent + " + maxQueuedRequests + " queued requests, "
                + maxLoginFailures + " login failures per " + loginWindow + ", " + (tls == null ? "HTTP" : "HTTPS") + "]";
    }
}
