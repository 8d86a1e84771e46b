package io.partnersignals.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Wrong tokens per client address: after {@code maxFailures} within {@code window} the address is
 * refused for a window, and each further refusal before it has been quiet for a while doubles that,
 * up to {@link #MAX_BACKOFF} windows. Guessing a random token is hopeless anyway; this keeps a
 * guesser from loading the server and makes it visible. The table keeps the {@code maxClients}
 * addresses seen last: a flood of addresses costs bounded memory.
 */
final class LoginThrottle {

    static final int MAX_BACKOFF = 16;
    static final int DEFAULT_MAX_CLIENTS = 10_000;

    private final int maxFailures;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Client> clients;

    /** What {@link #failed} decided: failures counted in the current window, and the wait now imposed (zero: none). */
    record Verdict(int failures, Duration blockedFor) {
        boolean blocked() {
            return !blockedFor.isZero();
        }
    }

    private static final class Client {
        Instant windowStart;
        int failures;
        Instant blockedUntil = Instant.MIN;
        int strikes;

        Client(Instant now) {
            this.windowStart = now;
        }
    }

    LoginThrottle(int maxFailures, Duration window, int maxClients, Clock clock) {
        this.maxFailures = maxFailures;
        this.window = window;
        this.clock = clock;
        this.clients = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
                return size() > maxClients;
            }
        };
    }

    /** How long {@code client} must still wait; zero when it may try. */
    synchronized Duration blockedFor(String client) {
        Client c = clients.get(client);
        if (c == null) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), c.blockedUntil);
        return left.isNegative() || left.isZero() ? Duration.ZERO : roundUp(left);
    }

    /** Records a wrong token from {@code client}. */
    synchronized Verdict failed(String client) {
        Instant now = clock.instant();
        Client c = clients.computeIfAbsent(client, k -> new Client(now));
        if (!now.isBefore(c.windowStart.plus(window))) {
            // quiet for a window since the last block ended: forgiven
            if (now.isAfter(c.blockedUntil.plus(window.multipliedBy(MAX_BACKOFF)))) {
                c.strikes = 0;
            }
            c.windowStart = now;
            c.failures = 0;
        }
        c.failures++;
        if (c.failures < maxFailures) {
            return new Verdict(c.failures, Duration.ZERO);
        }
        int failures = c.failures;
        Duration block = window.multipliedBy(1L << Math.min(c.strikes, Integer.numberOfTrailingZeros(MAX_BACKOFF)));
        c.strikes++;
        c.blockedUntil = now.plus(block);
        c.windowStart = c.blockedUntil; // the next window starts when the block ends
        c.failures = 0;
        return new Verdict(failures, block);
    }

    /** A right token: the address starts afresh. */
    synchronized void succeeded(String client) {
        clients.remove(client);
    }

    synchronized int size() {
        return clients.size();
    }

    private static Duration roundUp(Duration d) {
        return Duration.ofSeconds(d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    }
}
