package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that send a request line and a header and then nothing, and requests stuck in a slow
 * store: health, metrics and the API keep answering, idle connections are closed, a full queue is
 * refused with 503 and counted.
 */
class HttpApiSlowClientsTest {

    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(10); // generous on a busy machine: starved, they never answer

    private final HttpFixture fixture = new HttpFixture();
    private final List<Socket> sockets = new ArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);

    @AfterEach
    void close() throws Exception {
        released.countDown();
        for (Socket s : sockets) {
            s.close();
        }
        fixture.close();
    }

    @Test
    void fiftyIdleClientsStarveNothingAndAreClosedAfterTheIdleTimeout() throws Exception {
        HttpFixture.Instance one = fixture.startWith(HttpFixture.settings(null).withIdleTimeout(Duration.ofSeconds(3)));
        one.view().holding(risk("prodigal", "Prodigal", 98, 90, T0));
        for (int i = 0; i < 50; i++) {
            sockets.add(halfARequest(one));
        }

        assertTimeoutPreemptively(ANSWER_DEADLINE, () -> {
            assertThat(fixture.get(one.url("/health/live")).statusCode()).isEqualTo(200);
            assertThat(fixture.get(one.url("/health/ready")).statusCode()).isEqualTo(200);
            assertThat(fixture.get(one.url("/api/partners/prodigal")).statusCode()).isEqualTo(200);
            assertThat(fixture.get(one.url("/api/partners")).body()).contains("prodigal");
        });
        // every one of them is closed by the server once idle for 3 s (the wait is bounded per socket)
        for (Socket s : sockets) {
            assertThat(closedByServer(s, Duration.ofSeconds(15))).as("closed by the server").isTrue();
        }
    }

    @Test
    void healthAndMetricsAnswerWhileEveryPlaceAndTheQueueAreTaken() throws Exception {
        HttpFixture.Instance one = fixture.startWith(HttpFixture.settings(null).withRequestLimits(2, 2)
                .withIdleTimeout(Duration.ofSeconds(60)));
        one.view().holding(risk("prodigal", "Prodigal", 98, 90, T0)).stallLookups(released);
        List<CompletableFuture<HttpResponse<String>>> stuck = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            stuck.add(fixture.getAsync(one.url("/api/partners/prodigal")));
        }
        // two requests hold the gate's places, stuck in the store; two wait in its queue
        await(() -> one.view().stalled() == 2, "two requests stuck in the store");
        await(() -> fixture.metric(one, "partner_signals_http_requests_queued") == 2.0, "two requests queued");
        for (int i = 0; i < 50; i++) {
            sockets.add(halfARequest(one));
        }

        assertTimeoutPreemptively(ANSWER_DEADLINE, () -> {
            HttpResponse<String> refused = fixture.get(one.url("/api/partners"));
            assertThat(refused.statusCode()).isEqualTo(503);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
            assertThat(refused.body()).contains("busy");
            HttpResponse<String> live = fixture.get(one.url("/health/live"));
            assertThat(live.statusCode()).isEqualTo(200);
            assertThat(live.body()).contains("\"status\":\"UP\"");
            assertThat(fixture.get(one.url("/health/ready")).statusCode()).isEqualTo(200);
            assertThat(fixture.head(one.url("/health/live")).statusCode()).isEqualTo(200);
            assertThat(fixture.metric(one, "partner_signals_http_rejected_total{reason=\"queue-full\"}")).isEqualTo(1.0);
        });

        released.countDown();
        for (CompletableFuture<HttpResponse<String>> answer : stuck) {
            assertThat(answer.get().statusCode()).isEqualTo(200); // get() is bounded by the request's 60 s timeout
        }
    }

    /** A connection that sends a request line and one header, then nothing. */
    private static Socket halfARequest(HttpFixture.Instance instance) throws IOException {
        Socket s = new Socket("127.0.0.1", instance.api().port());
        s.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        return s;
    }

    /** True when the server ends the connection (end of stream or reset) within {@code deadline}. */
    private static boolean closedByServer(Socket s, Duration deadline) throws IOException {
        s.setSoTimeout((int) deadline.toMillis());
        InputStream in = s.getInputStream();
        try {
            while (in.read() != -1) {
                // whatever it says before closing (a 408) is fine
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (SocketException e) {
            return true; // reset
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            Thread.sleep(20);
        }
    }
}
