package io.partnersignals.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.server.handler.QoSHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most so many requests to scores, the page and the sign-in at once; more wait in a bounded
 * queue without holding a thread, and beyond it (or after waiting too long) get 503 with
 * Retry-After, counted in {@code partner_signals_http_rejected_total}. Health and metrics pass by
 * the gate: the threads beyond its limit are theirs, so a saturated gate cannot block the probes.
 */
final class RequestGate extends QoSHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);

    private final Counter queueFull;
    private final Counter waitedTooLong;
    private final LogLimit logLimit = new LogLimit(1, Duration.ofSeconds(10), java.time.Clock.systemUTC());

    RequestGate(Handler next, int maxConcurrent, int maxQueued, Duration maxWait, MeterRegistry meters, String... bypass) {
        super(next);
        setMaxRequestCount(maxConcurrent);
        setMaxSuspendedRequestCount(maxQueued);
        setMaxSuspend(maxWait);
        excludePath(bypass);
        this.queueFull = rejected(meters, "queue-full");
        this.waitedTooLong = rejected(meters, "queue-timeout");
        Gauge.builder("partner.signals.http.requests.queued", this, QoSHandler::getSuspendedRequestCount)
                .description("HTTP requests waiting for one of the places the gate allows").register(meters);
    }

    private static Counter rejected(MeterRegistry meters, String reason) {
        return Counter.builder("partner.signals.http.rejected").tag("reason", reason)
                .description("HTTP requests refused with 503 because too many were in flight").register(meters);
    }

    @Override
    protected void reject(Request request, Response response, Callback callback, int status) {
        queueFull.increment();
        busy(request, response, callback, "the request queue is full");
    }

    @Override
    protected void failSuspended(Request request, Response response, Callback callback, int status, Throwable failure) {
        waitedTooLong.increment();
        busy(request, response, callback, "the request waited too long in the queue");
    }

    private void busy(Request request, Response response, Callback callback, String why) {
        long left = logLimit.admit();
        if (left >= 0) {
            LOG.warn("HTTP busy: {} requests in flight and {} waiting; {}: 503{}", getMaxRequestCount(),
                    getSuspendedRequestCount(), why, left > 0 ? " (" + left + " more since the last such line)" : "");
        }
        new Exchange(request, response, callback).header("Retry-After", HttpApi.RETRY_AFTER_SECONDS)
                .error(503, "busy: " + why + "; retry later");
    }
}
