package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.bearer;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Sign-in throttling per address, HEAD on every GET route, and rotating the token with no downtime. */
class HttpApiAccessTest {

    private static final String OLD = "old-token-4f2a";
    private static final String NEW = "new-token-9c1d";

    private final HttpFixture fixture = new HttpFixture();
    private final Logger apiLog = (Logger) LoggerFactory.getLogger(HttpApi.class);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();

    @AfterEach
    void close() throws Exception {
        apiLog.detachAppender(logged);
        fixture.close();
    }

    @Test
    void wrongTokensFromOneAddressAreCountedLoggedWithoutTheTokenAndThenRefusedWith429() {
        logged.start();
        apiLog.addAppender(logged);
        ClockDouble clock = new ClockDouble(T0);
        HttpFixture.Instance one = fixture.startWith(HttpSettings.of("127.0.0.1", 0).withTokens(OLD, null), clock);

        for (int i = 0; i < 4; i++) {
            assertThat(fixture.postForm(one.url("/login"), "token=guess-" + i).statusCode()).isEqualTo(401);
        }
        assertThat(fixture.get(one.url("/api/partners"), "Authorization", bearer("guess-4")).statusCode())
                .as("a wrong bearer token counts too").isEqualTo(401);
        HttpResponse<String> refused = fixture.postForm(one.url("/login"), "token=guess-5");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(v).isEqualTo("60"));
        assertThat(fixture.postForm(one.url("/login"), "token=" + OLD).statusCode()).as("even the right one, for now")
                .isEqualTo(429);
        assertThat(fixture.get(one.url("/api/partners"), "Authorization", bearer(OLD)).statusCode()).isEqualTo(429);
        assertThat(fixture.get(one.url("/health/live")).statusCode()).as("probes are never refused").isEqualTo(200);

        assertThat(fixture.metric(one, "partner_signals_http_login_failures_total")).isEqualTo(5.0);
        assertThat(fixture.metric(one, "partner_signals_http_login_throttled_total")).isEqualTo(3.0);
        List<String> lines = logged.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("wrong token")).toList();
        assertThat(lines).hasSize(5).allSatisfy(line -> assertThat(line).contains("127.0.0.1")
                .doesNotContain("guess").doesNotContain(OLD));
        assertThat(lines.get(4)).contains("5 of 5").contains("refused for");

        clock.advance(Duration.ofSeconds(59));
        assertThat(fixture.postForm(one.url("/login"), "token=" + OLD).headers().firstValue("Retry-After")).hasValue("1");
        // once the block is over, the right token works; the tries while blocked were not failures
        clock.advance(Duration.ofSeconds(1));
        assertThat(fixture.postForm(one.url("/login"), "token=" + OLD).statusCode()).isEqualTo(303);
        assertThat(fixture.metric(one, "partner_signals_http_login_failures_total")).isEqualTo(5.0);
        assertThat(fixture.metric(one, "partner_signals_http_login_throttled_total")).isEqualTo(4.0);
    }

    @Test
    void headAnswersEveryGetRouteWithTheSameStatusAndHeadersAndNoBody() {
        HttpFixture.Instance one = fixture.start(OLD);
        one.view().holding(risk("prodigal", "Prodigal", 98, 90, T0, "Sponsor left."));

        for (String path : List.of("/health/live", "/health/ready", "/metrics", "/api/partners", "/api/partners/prodigal",
                "/api/partners/nobody", "/", "/nothing-here")) {
            HttpResponse<String> get = fixture.get(one.url(path), "Authorization", bearer(OLD));
            HttpResponse<String> head = fixture.head(one.url(path), "Authorization", bearer(OLD));
            assertThat(head.statusCode()).as(path).isEqualTo(get.statusCode());
            assertThat(head.body()).as(path).isEmpty();
            for (String header : List.of("Content-Type", "Cache-Control", "Content-Security-Policy")) {
                assertThat(head.headers().firstValue(header)).as(path + " " + header).isEqualTo(get.headers().firstValue(header));
            }
            if (!path.equals("/metrics")) { // the scrape itself changes between the two
                assertThat(head.headers().firstValue("Content-Length")).as(path)
                        .hasValue(String.valueOf(get.body().getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            }
        }
        assertThat(fixture.head(one.url("/api/partners")).statusCode()).as("HEAD needs the token too").isEqualTo(401);
        assertThat(fixture.head(one.url("/login")).statusCode()).isEqualTo(405);
    }

    @Test
    void oversizedFormsHeadersAndPathsAreRefused() {
        HttpFixture.Instance one = fixture.start(OLD);
        assertThat(fixture.postForm(one.url("/login"), "token=" + "x".repeat(HttpApi.MAX_FORM_BYTES)).statusCode())
                .isEqualTo(413);
        assertThat(fixture.get(one.url("/health/live"), "X-Big", "x".repeat(HttpApi.MAX_HEADER_BYTES)).statusCode())
                .isEqualTo(431);
        assertThat(fixture.get(one.url("/" + "a".repeat(HttpApi.MAX_HEADER_BYTES))).statusCode()).isEqualTo(414);
        assertThat(fixture.get(one.url("/api/partners/%2e%2e/%2e%2e/metrics"), "Authorization", bearer(OLD)).statusCode())
                .isEqualTo(400);
        assertThat(fixture.get(one.url("/health/live")).statusCode()).as("and the server goes on").isEqualTo(200);
    }

    @Test
    void rotationKeepsEveryStepWorkingAndTheRemovedTokenAndItsCookiesStopWorking() throws Exception {
        // step 1 done on a: next token set; b is already at step 3: new token current, old one still accepted
        HttpFixture.Instance a = fixture.startWith(HttpFixture.settings(OLD).withTokens(OLD, NEW));
        HttpFixture.Instance b = fixture.startWith(HttpFixture.settings(OLD).withTokens(NEW, OLD));
        a.view().owning("prodigal", b.host()).withOthers(b.host());
        b.view().holding(risk("prodigal", "Prodigal", 98, 90, T0)).withOthers(a.host());

        for (String token : List.of(OLD, NEW)) {
            for (HttpFixture.Instance i : List.of(a, b)) {
                assertThat(fixture.get(i.url("/api/partners/prodigal"), "Authorization", bearer(token)).statusCode())
                        .as("token %s on %s", token, i.url("")).isEqualTo(200); // a relays to b with OLD, its current
                assertThat(fixture.get(i.url("/api/partners"), "Authorization", bearer(token)).body()).contains("prodigal");
            }
        }
        String oldCookie = cookie(fixture.postForm(a.url("/login"), "token=" + OLD));
        String newCookie = cookie(fixture.postForm(a.url("/login"), "token=" + NEW));
        assertThat(fixture.get(b.url("/"), "Cookie", oldCookie).statusCode()).isEqualTo(200);
        assertThat(fixture.get(b.url("/"), "Cookie", newCookie).statusCode()).isEqualTo(200);

        // step 4: the old token dropped
        HttpFixture.Instance c = fixture.startWith(HttpFixture.settings(NEW));
        c.view().holding(risk("prodigal", "Prodigal", 98, 90, T0));
        assertThat(fixture.get(c.url("/api/partners/prodigal"), "Authorization", bearer(NEW)).statusCode()).isEqualTo(200);
        assertThat(fixture.get(c.url("/api/partners/prodigal"), "Authorization", bearer(OLD)).statusCode()).isEqualTo(401);
        assertThat(fixture.get(c.url("/"), "Cookie", newCookie).statusCode()).isEqualTo(200);
        assertThat(fixture.get(c.url("/"), "Cookie", oldCookie).statusCode()).isEqualTo(401);
        assertThat(fixture.get(c.url("/api/partners"), "Cookie", oldCookie).statusCode()).isEqualTo(401);
    }

    private static String cookie(HttpResponse<String> login) {
        assertThat(login.statusCode()).isEqualTo(303);
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
