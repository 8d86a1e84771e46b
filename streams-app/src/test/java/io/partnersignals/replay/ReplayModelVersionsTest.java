package io.partnersignals.replay;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replay reads versions of the model from partner-signals.model.jsonl and switches at their effectiveFrom, as live. */
class ReplayModelVersionsTest {

    private static final Instant UNTIL = Instant.parse("2026-09-01T00:00:00Z");
    private static final Instant SWITCH = Instant.parse("2026-08-10T00:00:00Z");
    private static final List<String> PARTNERS = List.of("acme", "zenith", "orbit", "nova");

    @TempDir
    Path tmp;

    @Test
    void everyPartnerOfEveryPartitionSwitchesAtEffectiveFromAndAnInvalidVersionIsOneDeadLetter() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        StringBuilder crm = new StringBuilder();
        int n = 0;
        for (String partner : PARTNERS) {
            crm.append(ReplayTest.activity("q" + n++, partner, "2026-08-01T09:00:00Z", "REQUEST", "OUTBOUND",
                    "\"subject\":\"please review\"")).append('\n');
            crm.append(ReplayTest.sponsor("s" + n++, partner, "2026-08-03T09:00:00Z", "STAFF")).append('\n');
            crm.append(ReplayTest.activity("c" + n++, partner, "2026-08-20T09:00:00Z", "CONTRIBUTION", "OUTBOUND",
                    "\"valueUsd\":1000")).append('\n');
        }
        Files.writeString(in.resolve("crm.activity.jsonl"), crm);
        Files.writeString(in.resolve("partner-signals.model.jsonl"), String.join("\n",
                "{\"version\":\"v2-replayed\",\"effectiveFrom\":\"" + SWITCH + "\","
                        + "\"settings\":{\"model.weight.sponsorship\":\"0.5\",\"model.threshold.amber\":\"20\"}}",
                "{\"version\":\"bad-bands\",\"effectiveFrom\":\"2026-08-05T00:00:00Z\","
                        + "\"settings\":{\"model.threshold.amber\":\"70\",\"model.threshold.red\":\"60\"}}") + "\n");
        Path out = tmp.resolve("out");

        ReplayReport report = Replay.run(Replay.Options.of(in, UNTIL, out, TopologySettings.defaults()).withPartitions(3));

        assertThat(report.recordsRead()).containsEntry("partner-signals.model.jsonl", 2);
        assertThat(report.deadLetters()).isEqualTo(1);
        assertThat(report.deadLetterMessages()).singleElement().asString().contains("amber=70 red=60");
        Map<String, List<JsonNode>> history = Files.readAllLines(out.resolve("partner.risk.history.jsonl")).stream()
                .map(JsonRecords::parse).collect(Collectors.groupingBy(j -> j.get("partnerId").asText()));
        assertThat(history).containsOnlyKeys(PARTNERS);
        String configured = TopologySettings.defaults().model().modelVersion();
        history.forEach((partner, scores) -> {
            assertThat(scores).filteredOn(s -> Instant.parse(s.get("computedAt").asText()).isBefore(SWITCH))
                    .isNotEmpty().allMatch(s -> s.get("modelVersion").asText().equals(configured));
            assertThat(scores).filteredOn(s -> Instant.parse(s.get("computedAt").asText()).equals(SWITCH))
                    .as("%s is re-scored once at effectiveFrom", partner)
                    .singleElement().matches(s -> s.get("modelVersion").asText().equals("v2-replayed"));
            assertThat(scores).filteredOn(s -> !Instant.parse(s.get("computedAt").asText()).isBefore(SWITCH))
                    .hasSizeGreaterThan(1).allMatch(s -> s.get("modelVersion").asText().equals("v2-replayed"));
        });
        assertThat(Files.readString(out.resolve("partner.risk.jsonl"))).doesNotContain("\"modelVersion\":\"" + configured + "\"");

        // the same input gives the same bytes
        Path again = tmp.resolve("again");
        Replay.run(Replay.Options.of(in, UNTIL, again, TopologySettings.defaults()).withPartitions(3));
        assertThat(Files.readString(again.resolve("partner.risk.history.jsonl")))
                .isEqualTo(Files.readString(out.resolve("partner.risk.history.jsonl")));
    }
}
