package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.topology.TopicNames;
import io.partnersignals.topology.Topics;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Notes on real parts (KRaft broker and Apicurio Registry in process), two instances of the application
 * in this JVM: a note posted on instance A is written to partner.notes (compacted, Avro in the Confluent
 * wire format) and read back into the global store of both, so that instance B shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NotesIT {

    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String TOKEN = "notes-it-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LiveCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    void start() throws IOException {
        cluster = new LiveCluster();
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(int port, String path, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(40)).header("Authorization", "Bearer " + TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private boolean answers(int port, String path) {
        try {
            return get(port, path).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The notes B shows for the partner, or null while B cannot answer. */
    private JsonNode notesOn(int port, String partnerId) {
        try {
            HttpResponse<String> answer = get(port, "/api/partners/" + partnerId + "/notes");
            return answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Test
    void aNotePostedOnOneInstanceIsShownByTheOther() throws Exception {
        TopicNames t = LiveCluster.topics("notes.");
        int portA = LiveCluster.freePort();
        int portB = LiveCluster.freePort();
        Map<String, String> a = cluster.settings("it-notes", t, portA);
        Map<String, String> b = cluster.settings("it-notes", t, portB);
        a.put("http.token", TOKEN);
        b.put("http.token", TOKEN);
        try (LiveApplication appA = new LiveApplication(AppConfig.load(null, Map.of(), a));
             LiveApplication appB = new LiveApplication(AppConfig.load(null, Map.of(), b))) {
            appA.start();
            appB.start();
            cluster.sendAll(t, LiveCluster.story());
            LiveCluster.await("both instances to answer for prodigal", PATIENCE,
                    () -> answers(portA, "/api/partners/prodigal") && answers(portB, "/api/partners/prodigal"));

            // the topic: compacted, created with the others
            try (Admin admin = cluster.admin()) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, t.notes());
                Config config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
                assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo("compact");
            }

            HttpResponse<String> owner = post(portA, "/api/partners/prodigal/notes",
                    "{\"author\":\"Ana\",\"kind\":\"OWNER_SET\",\"text\":\"Bo Berg\"}");
            assertThat(owner.statusCode()).as(owner.body()).isEqualTo(201);
            HttpResponse<String> note = post(portA, "/api/partners/prodigal/notes",
                    "{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"Called the sponsor.\\nNo answer yet.\"}");
            assertThat(note.statusCode()).as(note.body()).isEqualTo(201);
            String noteId = JSON.readTree(note.body()).get("noteId").asText();

            // an acknowledgement of one of prodigal's real alerts
            AtomicReference<RiskAlert> alert = new AtomicReference<>();
            AvroWireSerde<RiskAlert> alerts = AvroWireSerde.forValue(cluster.registryClient, RiskAlert.class);
            LiveCluster.await("an alert of prodigal", PATIENCE, () -> {
                cluster.readAll(t.alerts(), alerts.deserializer()).stream().map(ConsumerRecord::value)
                        .filter(r -> r.getPartnerId().equals("prodigal")).findFirst().ifPresent(alert::set);
                return alert.get() != null;
            });
            HttpResponse<String> ack = post(portA, "/api/partners/prodigal/notes",
                    "{\"author\":\"Ana\",\"kind\":\"ACKNOWLEDGED\",\"text\":\"On it.\",\"alertAt\":\""
                            + alert.get().getAt() + "\"}");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(201);
            assertThat(post(portA, "/api/partners/nobody/notes", "{\"author\":\"Ana\",\"kind\":\"NOTE\",\"text\":\"x\"}")
                    .statusCode()).isEqualTo(404);

            AtomicReference<JsonNode> onB = new AtomicReference<>();
            LiveCluster.await("instance B to show the three notes", Duration.ofSeconds(30), () -> {
                onB.set(notesOn(portB, "prodigal"));
                return onB.get() != null && onB.get().get("notes").size() == 3;
            });
            JsonNode shown = onB.get();
            assertThat(shown.get("owner").asText()).isEqualTo("Bo Berg");
            assertThat(shown.get("notes")).extracting(n -> n.get("kind").asText())
                    .containsExactly("OWNER_SET", "NOTE", "ACKNOWLEDGED");
            assertThat(shown.get("notes").get(1).get("noteId").asText()).isEqualTo(noteId);
            assertThat(shown.get("notes").get(1).get("text").asText()).isEqualTo("Called the sponsor.\nNo answer yet.");
            assertThat(shown.get("notes").get(2).get("alertAt").asText()).isEqualTo(alert.get().getAt().toString());
            assertThat(notesOn(portA, "prodigal").get("notes")).hasSize(3);
            assertThat(notesOn(portB, "drifter").get("notes")).isEmpty();

            // on the topic: Avro in the wire format, keyed partnerId/noteId
            AvroWireSerde<PartnerNote> notes = AvroWireSerde.forValue(cluster.registryClient, PartnerNote.class);
            List<ConsumerRecord<String, PartnerNote>> written = cluster.readAll(t.notes(), notes.deserializer());
            assertThat(written).hasSize(3).allSatisfy(r -> assertThat(r.key()).isEqualTo(Topics.noteKey(r.value())));
            assertThat(written).extracting(r -> r.value().getKind())
                    .containsExactlyInAnyOrder(NoteKind.OWNER_SET, NoteKind.NOTE, NoteKind.ACKNOWLEDGED);
            // the schema id the contract's serde registers under <topic>-value is the one the notes carry
            byte[] again = notes.serializer().serialize(t.notes(), written.get(0).value());
            byte[] stored = cluster.readAll(t.notes(), cluster.bytes()).get(0).value();
            assertThat(java.util.Arrays.copyOfRange(stored, 0, 5)).isEqualTo(java.util.Arrays.copyOfRange(again, 0, 5));
        }
    }
}
