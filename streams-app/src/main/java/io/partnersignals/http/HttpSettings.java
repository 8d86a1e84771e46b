package io.partnersignals.http;

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
 * @param historyRetention how far back the partners' history is kept (history.retention): its whole days
 *                        are the most a history request may ask for
 */
public record HttpSettings(String host, int port, String token, String nextToken, Duration idleTimeout,
                           int maxConcurrentRequests, int maxQueuedRequests, int maxLoginFailures,
                           Duration loginWindow, HttpTls tls, Duration peerTimeout,
                           Duration historyRetention) {

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_CONCURRENT_REQUESTS = 16;
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 256;
    public static final int DEFAULT_MAX_LOGIN_FAILURES = 5;
    public static final Duration DEFAULT_LOGIN_WINDOW = Duration.ofMinutes(1);
    public static final Duration DEFAULT_PEER_TIMEOUT = Duration.ofSeconds(3);
    public static final Duration DEFAULT_HISTORY_RETENTION = Duration.ofDays(180);

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
        requirePositive(historyRetention, "history retention");
        if (maxConcurrentRequests < 1 || maxQueuedRequests < 0 || maxLoginFailures < 1) {
            throw new IllegalArgumentException("concurrent requests and login failures must be 1 or more, queued requests 0 or more");
        }
    }

    /** The defaults, plain HTTP, no token. */
    public static HttpSettings of(String host, int port) {
        return new HttpSettings(host, port, "", "", DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_CONCURRENT_REQUESTS,
                DEFAULT_MAX_QUEUED_REQUESTS, DEFAULT_MAX_LOGIN_FAILURES, DEFAULT_LOGIN_WINDOW, null, DEFAULT_PEER_TIMEOUT,
                DEFAULT_HISTORY_RETENTION);
    }

    public HttpSettings withTokens(String current, String next) {
        return new HttpSettings(host, port, current, next, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, peerTimeout, historyRetention);
    }

    public HttpSettings withIdleTimeout(Duration timeout) {
        return new HttpSettings(host, port, token, nextToken, timeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, peerTimeout, historyRetention);
    }

    public HttpSettings withRequestLimits(int concurrent, int queued) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, concurrent, queued, maxLoginFailures,
                loginWindow, tls, peerTimeout, historyRetention);
    }

    public HttpSettings withLoginLimit(int failures, Duration window) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                failures, window, tls, peerTimeout, historyRetention);
    }

    public HttpSettings withTls(HttpTls httpTls) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, httpTls, peerTimeout, historyRetention);
    }

    public HttpSettings withPeerTimeout(Duration timeout) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, timeout, historyRetention);
    }

    public HttpSettings withHistoryRetention(Duration retention) {
        return new HttpSettings(host, port, token, nextToken, idleTimeout, maxConcurrentRequests, maxQueuedRequests,
                maxLoginFailures, loginWindow, tls, peerTimeout, retention);
    }

    /** The most days a history request may ask for: the whole days of the retention, at least 1. */
    public int historyDays() {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, historyRetention.toDays()));
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
