package io.partnersignals.http;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.SSLContext;
import org.apache.kafka.streams.state.HostInfo;

/** Servers on 127.0.0.1 (free ports) with their doubles, a client that follows no redirects, and sample scores. */
final class HttpFixture implements AutoCloseable {

    static final String TOKEN = "s3cret-token";
    static final Instant T0 = Instant.parse("2026-08-01T10:00:00Z");

    final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<AutoCloseable> started = new ArrayList<>();
    private final HttpClient client;

    HttpFixture() {
        this(null);
    }

    /** {@code trust}: what the client trusts over HTTPS (null: the JVM's CAs). */
    HttpFixture(SSLContext trust) {
        HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).followRedirects(HttpClient.Redirect.NEVER);
        if (trust != null) {
            builder.sslContext(trust);
        }
        this.client = builder.build();
    }

    /** One running instance: its server and the double behind it, already told its own address. */
    record Instance(HttpApi api, RiskViewDouble view) {
        HostInfo host() {
            return new HostInfo("127.0.0.1", api.port());
        }

        String url(String path) {
            return api.scheme() + "://127.0.0.1:" + api.port() + path;
        }
    }

    /**
     * The defaults on a free port of 127.0.0.1, except for the sign-in limit: tests that try many
     * wrong tokens on purpose would be refused (see the throttling tests for the default).
     */
    static HttpSettings settings(String token) {
        return HttpSettings.of("127.0.0.1", 0).withTokens(token, null).withLoginLimit(1000, Duration.ofMinutes(1));
    }

    Instance start(String token) {
        return startWith(settings(token));
    }

    Instance start(String token, Duration peerTimeout) {
        return startWith(settings(token).withPeerTimeout(peerTimeout));
    }

    /** Health follows the double's state, as the live application's minimal health does. */
    Instance startWith(HttpSettings settings) {
        return startWith(settings, Clock.systemUTC());
    }

    /** {@code clock}: the time of sessions and sign-in refusals. */
    Instance startWith(HttpSettings settings, Clock clock) {
        return startWith(settings, clock, HttpApi.NO_NOTES);
    }

    /** {@code notes}: where notes are written; {@code clock} also gives their time. */
    Instance startWith(HttpSettings settings, Clock clock, NoteWriter notes) {
        RiskViewDouble view = new RiskViewDouble(null);
        HttpApi api = HttpApi.start(settings, view, Health.following(view::state), meters, clock, notes);
        started.add(api);
        view.at(new HostInfo("127.0.0.1", api.port()));
        return new Instance(api, view);
    }

    HttpResponse<String> get(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** Sent without waiting for the answer. */
    CompletableFuture<HttpResponse<String>> getAsync(String url) {
        return client.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> head(String url, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .method("HEAD", HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    /** The value of one sample in the Prometheus text of /metrics, e.g. {@code partner_signals_http_login_failures_total}. */
    double metric(Instance instance, String sample) {
        for (String line : get(instance.url("/metrics")).body().split("\n")) {
            if (line.startsWith(sample + " ")) {
                return Double.parseDouble(line.substring(sample.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    HttpResponse<String> postForm(String url, String form) {
        return send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build());
    }

    /** A POST with a body and headers (name, value, ...). */
    HttpResponse<String> post(String url, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    static PartnerRisk risk(String id, String name, int score, Integer previous, Instant at, String... reasons) {
        RiskBand band = score >= 60 ? RiskBand.RED : score >= 35 ? RiskBand.AMBER : RiskBand.GREEN;
        return new PartnerRisk(id, name, at, score, band, previous, "v1",
                List.of(new RiskFactor("responsiveness", 0.5, 0.15, 7.5, List.of("request a-1 open for 33 days"))),
                List.of(reasons), null, List.of());
    }

    @Override
    public void close() throws Exception {
        for (AutoCloseable c : started) {
            c.close();
        }
        meters.close();
    }
}
