package io.partnersignals.http;

import static io.partnersignals.http.HttpFixture.T0;
import static io.partnersignals.http.HttpFixture.TOKEN;
import static io.partnersignals.http.HttpFixture.bearer;
import static io.partnersignals.http.HttpFixture.risk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.json.JsonRecords;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two instances on 127.0.0.1: a partner owned by the other one, and the list gathered from both. */
class HttpApiInstancesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpFixture fixture = new HttpFixture();
    private final List<ServerSocket> silent = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        fixture.close();
        for (ServerSocket s : silent) {
            s.close();
        }
    }

    @Test
    void aPartnerOwnedElsewhereIsRelayedFromItsOwnerWithTheAuthorization() throws Exception {
        HttpFixture.Instance a = fixture.start(TOKEN);
        HttpFixture.Instance b = fixture.start(TOKEN);
        a.view().owning("prodigal", b.host()).owning("ghost", b.host());
        b.view().holding(risk("prodigal", "Prodigal", 98, 90, T0, "Sponsor left."));

        HttpResponse<String> relayed = fixture.get(a.url("/api/partners/prodigal"), "Authorization", bearer(TOKEN));

        assertThat(relayed.statusCode()).isEqualTo(200); // b demands the token: it got a's caller's header
        assertThat(JSON.readTree(relayed.body())).isEqualTo(JsonRecords.toJson(risk("prodigal", "Prodigal", 98, 90, T0,
                "Sponsor left.")));
        assertThat(b.view().lookups()).containsExactly("prodigal");
        assertThat(a.view().lookups()).isEmpty();

        HttpResponse<String> unknown = fixture.get(a.url("/api/partners/ghost"), "Authorization", bearer(TOKEN));
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("ghost");

        assertThat(fixture.get(a.url("/api/partners/prodigal")).statusCode()).isEqualTo(401);
        assertThat(b.view().lookups()).containsExactly("prodigal", "ghost"); // the refused request went nowhere
    }

    @Test
    void anOwnerThatIsNotQueryableOrUnreachableGives503() throws Exception {
        HttpFixture.Instance a = fixture.start(null, Duration.ofMillis(500));
        HttpFixture.Instance b = fixture.start(null);
        b.view().holding(risk("prodigal", "Prodigal", 98, 90, T0));
        a.view().owning("prodigal", b.host()).owning("lost", closedPort()).owning("stuck", silentPort());

        b.view().state(KafkaStreams.State.REBALANCING);
        HttpResponse<String> rebalancing = fixture.get(a.url("/api/partners/prodigal"));
        assertThat(rebalancing.statusCode()).isEqualTo(503);
        assertThat(rebalancing.headers().firstValue("Retry-After")).hasValue("5");

        HttpResponse<String> refused = fixture.get(a.url("/api/partners/lost"));
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(JSON.readTree(refused.body()).get("error").asText()).contains("did not answer");

        HttpResponse<String> silent = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> fixture.get(a.url("/api/partners/stuck")));
        assertThat(silent.statusCode()).isEqualTo(503);
    }

    @Test
    void anInstanceAskedForItsOwnPartnerItNoLongerOwnsDoesNotForwardAgain() throws Exception {
        HttpFixture.Instance a = fixture.start(null);
        HttpFixture.Instance b = fixture.start(null);
        a.view().owning("prodigal", b.host());
        b.view().owning("prodigal", a.host()); // metadata disagree while the partition moves

        HttpResponse<String> answer = fixture.get(a.url("/api/partners/prodigal"));

        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(answer.body()).get("error").asText()).contains("moving");
    }

    @Test
    void theListCoversEveryInstanceAndNamesTheOnesThatDoNotAnswer() throws Exception {
        HttpFixture.Instance a = fixture.start(TOKEN);
        HttpFixture.Instance b = fixture.start(TOKEN);
        HostInfo dead = closedPort();
        a.view().withOthers(b.host(), dead).holding(
                risk("calm", "Calm Co", 12, 12, T0),
                risk("moved", "Moved Ltd", 40, 30, T0)); // an old copy: b has the newer score
        b.view().withOthers(a.host()).holding(
                risk("prodigal", "Prodigal", 98, 90, T0, "Sponsor left."),
                risk("moved", "Moved Ltd", 55, 40, T0.plusSeconds(3600)));

        HttpResponse<String> answer = fixture.get(a.url("/api/partners"), "Authorization", bearer(TOKEN));

        assertThat(answer.statusCode()).isEqualTo(200);
        JsonNode body = JSON.readTree(answer.body());
        List<String> rows = new ArrayList<>();
        body.get("partners").forEach(p -> rows.add(p.get("partnerId").asText() + ":" + p.get("score").asInt()));
        assertThat(rows).containsExactly("prodigal:98", "moved:55", "calm:12");
        assertThat(body.get("incomplete")).hasSize(1);
        assertThat(body.get("incomplete").get(0).asText()).isEqualTo("127.0.0.1:" + dead.port());

        // the page shows the same partners; signed in with the cookie, a passes its own token on to b
        String setCookie = fixture.postForm(a.url("/login"), "token=" + TOKEN).headers().firstValue("Set-Cookie").orElseThrow();
        HttpResponse<String> page = fixture.get(a.url("/"), "Cookie", setCookie.substring(0, setCookie.indexOf(';')));
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Prodigal").contains("Moved Ltd").contains("Calm Co")
                .contains("Incomplete: no answer from 127.0.0.1:" + dead.port());

        // b asked with scope=local answers for itself only
        JsonNode local = JSON.readTree(fixture.get(b.url("/api/partners?scope=local"), "Authorization", bearer(TOKEN)).body());
        assertThat(local.get("partners")).hasSize(2);
    }

    @Test
    void anInstanceThatIsNotRunningLeavesTheListIncomplete() throws Exception {
        HttpFixture.Instance a = fixture.start(null);
        HttpFixture.Instance b = fixture.start(null);
        a.view().withOthers(b.host()).holding(risk("calm", "Calm Co", 12, 12, T0));
        b.view().holding(risk("prodigal", "Prodigal", 98, 90, T0));
        b.view().state(KafkaStreams.State.REBALANCING);

        JsonNode body = JSON.readTree(fixture.get(a.url("/api/partners")).body());

        assertThat(body.get("partners")).hasSize(1);
        assertThat(body.get("incomplete").get(0).asText()).isEqualTo("127.0.0.1:" + b.api().port());
    }

    /** An address where nothing listens: connections are refused at once. */
    private static HostInfo closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new HostInfo("127.0.0.1", socket.getLocalPort());
        }
    }

    /** An address that accepts connections (into the backlog) and never answers. */
    private HostInfo silentPort() throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        silent.add(socket);
        return new HostInfo("127.0.0.1", socket.getLocalPort());
    }
}
