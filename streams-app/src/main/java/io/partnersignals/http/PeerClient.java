package io.partnersignals.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks other instances of the application over HTTP, or HTTPS when this instance serves HTTPS (all
 * instances of an application share the setting), with timeouts and this instance's token.
 */
final class PeerClient implements AutoCloseable {

    private final ExecutorService executor;
    private final HttpClient client;
    private final Duration timeout;
    private final String scheme;

    /** {@code tls} null: plain HTTP; else HTTPS, trusting what it trusts (host names are verified). */
    PeerClient(Duration timeout, SSLContext tls) {
        AtomicInteger n = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "http-peers-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.timeout = timeout;
        this.scheme = tls == null ? "http" : "https";
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).executor(executor);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.client = builder.build();
    }

    /** GET {@code path?query} on {@code host}; fails (exceptionally) when it cannot be reached in time. */
    CompletableFuture<HttpResponse<String>> get(HostInfo host, String path, String query, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(host, path, query)).timeout(timeout).GET()
                .header("Accept", "application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        // the request timeout ends at the response headers; this bounds a body that never ends too
        return client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString())
                .orTimeout(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    /** The multi-argument URI constructor quotes what a path may not hold (spaces, '%', non-ASCII). */
    private URI uri(HostInfo host, String path, String query) {
        try {
            return new URI(scheme, null, host.host(), host.port(), path, query, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("cannot address " + host + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
