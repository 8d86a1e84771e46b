package io.partnersignals.replay;

import io.partnersignals.json.JsonRecordsTest;
import io.partnersignals.json.JsonRecords;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.registry.AvroWireSerde;
import io.partnersignals.topology.TopicNames;
import io.partnersignals.topology.TopologySettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayTest {

    static final Instant UNTIL = Instant.parse("2026-09-01T00:00:00Z");
    static final String PARTNERS = """
            {"partnerId":"acme","name":"Acme","domains":["acme.example"],"kind":"RESELLER"}
            {"partnerId":"zenith","name":"Zenith","kind":"SERVICE"}
            """;

    @TempDir
    Path tmp;

    static String activity(String id, String partner, String at, String type, String direction, String extra) {
        return "{\"activityId\":\"" + id + "\",\"partnerId\":\"" + partner + "\",\"occurredAt\":\"" + at + "\",\"type\":\""
                + type + "\",\"direction\":\"" + direction + "\"" + (extra == null ? "" : "," + extra) + "}";
    }

    static String sponsor(String id, String partner, String at, String level) {
        return activity(id, partner, at, "SPONSOR_CHANGED", "INBOUND", "\"sponsorLevel\":\"" + level + "\"");
    }

    private Path input(String partners, String crm) throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        if (partners != null) {
            Files.writeString(in.resolve("partners.jsonl"), partners);
        }
        if (crm != null) {
            Files.writeString(in.resolve("crm.activity.jsonl"), crm);
        }
        return in;
    }

    @Test
    void aBadLineIsReportedWithFileAndLineAndTheRestIsReplayed() throws IOException {
        String crm = String.join("\n",
                sponsor("a1", "acme", "2026-08-01T09:00:00Z", "EXECUTIVE"),
                "{\"activityId\":\"a2\",",
                "",
                activity("a3", "acme", "2026-08-02T09:00:00Z", "LUNCH", "OUTBOUND", null),
                sponsor("z1", "zenith", "2026-08-03T09:00:00Z", "STAFF"),
                activity("a4", "acme", "2026-08-04T09:00:00Z", "REQUEST", "OUTBOUND", "\"color\":\"red\"")) + "\n";
        Path in = input(PARTNERS, crm);
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("out"), TopologySettings.defaults()).withProgress(Replay.lines(new PrintStream(printed, true, StandardCharsets.UTF_8))));

        assertThat(report.badLineCount()).isEqualTo(3);
        String file = in.resolve("crm.activity.jsonl").toString();
        assertThat(report.badLines()).hasSize(3);
        assertThat(report.badLines().get(0)).startsWith(file + ":2: invalid JSON");
        assertThat(report.badLines().get(1)).isEqualTo(file + ":4: field 'type': unknown ActivityType 'LUNCH'; allowed: "
                + "MEETING, EMAIL, CALL, REQUEST, RESPONSE, ESCALATION, CONTRIBUTION, DEAL_REGISTERED, DEAL_WON, DEAL_LOST, "
                + "SPONSOR_CHANGED, COMPETITOR_APPROACH");
        assertThat(report.badLines().get(2)).startsWith(file + ":6: field 'color': unknown field of CrmActivity");
        assertThat(printed.toString(StandardCharsets.UTF_8)).contains(file + ":4: field 'type'");
        assertThat(report.recordsRead()).containsEntry("crm.activity.jsonl", 2).containsEntry("partners.jsonl", 2);
        assertThat(report.eventsPiped()).isEqualTo(2);
        assertThat(report.finalRisks()).extracting(PartnerRisk::getPartnerId).containsExactly("acme", "zenith");
        assertThat(report.risk("zenith").orElseThrow().getPartnerName()).isEqualTo("Zenith");
    }

    @Test
    void missingFilesAreEmptyTopics() throws IOException {
        Path in = input(null, sponsor("a1", "acme", "2026-08-01T09:00:00Z", "MANAGER") + "\n");
        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("out"), TopologySettings.defaults()));
        assertThat(report.missingFiles()).containsExactly("partners.jsonl", "competitors.jsonl", "web.crawl.jsonl",
                "pricing.events.jsonl");
        assertThat(report.recordsRead()).containsEntry("partners.jsonl", 0).containsEntry("crm.activity.jsonl", 1);
        assertThat(report.badLineCount()).isZero();
        PartnerRisk acme = report.risk("acme").orElseThrow();
        assertThat(acme.getPartnerName()).isNull();
        assertThat(acme.getScore()).isEqualTo(9); // MANAGER: 0.6 x 0.15
        for (String file : List.of("partner.risk.jsonl", "partner.risk.alerts.jsonl", "partner.risk.history.jsonl",
                "partner-signals.dlq.jsonl")) {
            assertThat(tmp.resolve("out").resolve(file)).exists();
        }
    }

    @Test
    void anEmptyInputDirectoryGivesEmptyOutputs() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("empty"));
        ReplayReport report = Replay.run(Replay.Options.of(in, null, tmp.resolve("out"), TopologySettings.defaults()));
        assertThat(report.totalRead()).isZero();
        assertThat(report.finalRisks()).isEmpty();
        assertThat(report.summaryTable()).isEqualTo("(no partner was scored)");
        assertThat(Files.size(tmp.resolve("out").resolve("partner.risk.jsonl"))).isZero();
    }

    @Test
    void aMissingInputDirectoryIsAnError() {
        assertThatThrownBy(() -> Replay.run(Replay.Options.of(tmp.resolve("nope"), UNTIL, tmp.resolve("out"), TopologySettings.defaults())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void recordsBeyondUntilAndTheSkewAreDeadLetters() throws IOException {
        TopologySettings settings = TopologySettings.defaults();
        Duration skew = settings.maxFutureSkew();
        String crm = String.join("\n",
                sponsor("a1", "acme", "2026-08-01T09:00:00Z", "EXECUTIVE"),
                sponsor("a2", "acme", UNTIL.plus(skew).plus(Duration.ofHours(1)).toString(), "STAFF"),
                // refused by the topology's own rules: a RESPONSE must name the request it answers
                activity("a3", "acme", "2026-08-02T09:00:00Z", "RESPONSE", "INBOUND", null)) + "\n";
        Path in = input(PARTNERS, crm);
        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("out"), settings));

        assertThat(report.badLineCount()).isZero();
        assertThat(report.deadLetters()).isEqualTo(2);
        assertThat(report.recordsWritten()).containsEntry("partner-signals.dlq.jsonl", 2);
        List<JsonNode> dlq = Files.readAllLines(tmp.resolve("out").resolve("partner-signals.dlq.jsonl")).stream()
                .map(JsonRecords::parse).toList();
        assertThat(dlq).hasSize(2);
        // events are piped in event-time order: a1 (offset 0), a3 (offset 1), a2 (offset 2)
        JsonNode rule = dlq.get(0);
        assertThat(rule.get("topic").asText()).isEqualTo("crm.activity");
        assertThat(rule.get("offset").asLong()).isEqualTo(1);
        assertThat(rule.get("source").asText()).isEqualTo("crm.activity.jsonl:3");
        assertThat(rule.get("message").asText()).contains("refActivityId");
        JsonNode future = dlq.get(1);
        assertThat(future.get("partition").asInt()).as("acme's partition, as Kafka's default partitioner puts it")
                .isEqualTo(Utils.toPositive(Utils.murmur2("acme".getBytes(StandardCharsets.UTF_8))) % Replay.DEFAULT_PARTITIONS);
        assertThat(future.get("offset").asLong()).isEqualTo(2);
        assertThat(future.get("source").asText()).isEqualTo("crm.activity.jsonl:2");
        assertThat(future.get("key").asText()).isEqualTo("acme");
        assertThat(future.get("exception").asText()).endsWith("InvalidRecordException");
        assertThat(future.get("message").asText()).contains("ahead of the clock");
        byte[] original = Base64.getDecoder().decode(future.get("value").asText());
        assertThat(original[0]).isEqualTo(AvroWireSerde.MAGIC_BYTE);
        assertThat(report.deadLetterMessages()).anySatisfy(m -> assertThat(m).contains("crm.activity.jsonl:2"));

        // the refused downgrade did not count: acme keeps its executive sponsor
        assertThat(report.risk("acme").orElseThrow().getScore()).isZero();
    }

    @Test
    void withoutUntilTheClockStopsAtTheLatestEvent() throws IOException {
        String crm = String.join("\n",
                sponsor("a1", "acme", "2026-08-01T09:00:00Z", "EXECUTIVE"),
                activity("a2", "acme", "2026-08-02T09:00:00Z", "REQUEST", "OUTBOUND", "\"subject\":\"Link to us\""),
                sponsor("z1", "zenith", "2026-08-05T09:00:00Z", "EXECUTIVE")) + "\n";
        Path in = input(PARTNERS, crm);
        ReplayReport stopped = Replay.run(Replay.Options.of(in, null, tmp.resolve("stopped"), TopologySettings.defaults()));
        PartnerRisk acme = stopped.risk("acme").orElseThrow();
        assertThat(acme.getComputedAt()).isBeforeOrEqualTo(Instant.parse("2026-08-05T09:00:00Z"));
        assertThat(acme.getScore()).isZero(); // the request is 3 days old: within the grace

        // with --until the clock moves on, and the unanswered request ages 30 days
        ReplayReport advanced = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("advanced"), TopologySettings.defaults()));
        PartnerRisk later = advanced.risk("acme").orElseThrow();
        assertThat(later.getComputedAt()).isEqualTo(UNTIL);
        assertThat(later.getScore()).isPositive();
        assertThat(later.getReasons()).anySatisfy(r -> assertThat(r).contains("a2"));
    }

    @Test
    void eventsArePipedInEventTimeOrderWhateverTheFileOrder() throws IOException {
        String crm = String.join("\n",
                sponsor("a2", "acme", "2026-08-10T09:00:00Z", "STAFF"),
                sponsor("a1", "acme", "2026-08-01T09:00:00Z", "EXECUTIVE")) + "\n";
        Path in = input(PARTNERS, crm);
        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("out"), TopologySettings.defaults()));
        List<RiskSnapshot> history = Files.readAllLines(tmp.resolve("out").resolve("partner.risk.history.jsonl")).stream()
                .map(l -> JsonRecords.fromJson(l, RiskSnapshot.class)).toList();
        assertThat(history).extracting(RiskSnapshot::getSponsorship).first().isEqualTo(0.0);
        // STAFF 0.8 plus the downgrade penalty 0.2
        assertThat(report.risk("acme").orElseThrow().getScore()).isEqualTo(15);
    }

    @Test
    void outputFilesFollowTheConfiguredTopicNames() throws IOException {
        TopicNames names = new TopicNames("p", "c", "crm", "crawl", "pricing", "risk", "alerts", "history", "dlq");
        Path in = Files.createDirectories(tmp.resolve("named"));
        Files.writeString(in.resolve("crm.jsonl"), sponsor("a1", "acme", "2026-08-01T09:00:00Z", "EXECUTIVE") + "\n");
        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("out"), TopologySettings.defaults().withTopics(names)));
        assertThat(report.recordsRead()).containsOnlyKeys("p.jsonl", "c.jsonl", "crm.jsonl", "crawl.jsonl", "pricing.jsonl")
                .containsEntry("crm.jsonl", 1);
        assertThat(report.recordsWritten()).containsOnlyKeys("risk.jsonl", "alerts.jsonl", "history.jsonl", "dlq.jsonl")
                .containsEntry("risk.jsonl", 1);
        assertThat(JsonRecords.fromJson(Files.readString(tmp.resolve("out").resolve("risk.jsonl")).strip(), PartnerRisk.class)
                .getPartnerId()).isEqualTo("acme");
    }

    @Test
    void aRecordFromBefore1970IsABadLine() throws IOException {
        Path in = input(PARTNERS, sponsor("a1", "acme", "1969-12-31T00:00:00Z", "EXECUTIVE") + "\n");
        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("out"), TopologySettings.defaults()));
        assertThat(report.badLines()).singleElement().satisfies(l -> assertThat(l)
                .endsWith("crm.activity.jsonl:1: field 'occurredAt': 1969-12-31T00:00:00Z is before 1970"));
    }

    @Test
    void readsJsonWrittenByJsonRecords() throws IOException {
        CrmActivity a = JsonRecordsTest.fullActivity();
        Path in = input(PARTNERS, JsonRecords.toLine(a) + "\n");
        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, tmp.resolve("out"), TopologySettings.defaults()));
        assertThat(report.badLineCount()).isZero();
        assertThat(report.recordsRead()).containsEntry("crm.activity.jsonl", 1);
    }
}
