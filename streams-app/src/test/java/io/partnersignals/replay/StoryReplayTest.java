package io.partnersignals.replay;

import io.partnersignals.json.JsonRecords;
import static org.assertj.core.api.Assertions.assertThat;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Replays examples/story, the three partners of the example story, through model v1. */
class StoryReplayTest {

    static final Path STORY = Path.of("../examples/story");
    static final Instant UNTIL = Instant.parse("2026-09-01T00:00:00Z");
    static final List<String> OUTPUTS = List.of("partner.risk.jsonl", "partner.risk.alerts.jsonl",
            "partner.risk.history.jsonl", "partner-signals.dlq.jsonl");

    @TempDir
    static Path tmp;
    static ReplayReport report;
    static Map<String, PartnerRisk> risks;

    @BeforeAll
    static void replay() {
        report = Replay.run(Replay.Options.of(STORY, UNTIL, tmp.resolve("first"), TopologySettings.defaults()));
        risks = report.finalRisks().stream().collect(Collectors.toMap(PartnerRisk::getPartnerId, Function.identity()));
    }

    @Test
    void readsEveryLineOfTheStory() throws IOException {
        assertThat(report.badLineCount()).isZero();
        assertThat(report.missingFiles()).isEmpty();
        assertThat(report.deadLetters()).isZero();
        assertThat(report.recordsRead()).containsKeys("partners.jsonl", "competitors.jsonl", "crm.activity.jsonl",
                "web.crawl.jsonl", "pricing.events.jsonl");
        for (Map.Entry<String, Integer> e : report.recordsRead().entrySet()) {
            long lines = Files.readAllLines(STORY.resolve(e.getKey())).stream().filter(l -> !l.isBlank()).count();
            assertThat(e.getValue()).as(e.getKey()).isEqualTo((int) lines).isPositive();
        }
        assertThat(report.recordsRead().get("partners.jsonl")).isEqualTo(3);
        assertThat(report.eventsPiped()).isEqualTo(report.totalRead() - 3 - report.recordsRead().get("competitors.jsonl"));
    }

    @Test
    void fixstarsIsGreenProdigalRedDrifterAmber() {
        assertThat(risks.keySet()).containsExactlyInAnyOrder("fixstars", "prodigal", "drifter");
        assertThat(risks.get("fixstars").getBand()).isEqualTo(RiskBand.GREEN);
        assertThat(risks.get("prodigal").getBand()).isEqualTo(RiskBand.RED);
        assertThat(risks.get("drifter").getBand()).isEqualTo(RiskBand.AMBER);
        assertThat(risks.get("fixstars").getScore()).isLessThan(35 - 10);
        assertThat(risks.get("prodigal").getScore()).isGreaterThanOrEqualTo(60 + 10);
        assertThat(risks.get("drifter").getScore()).isBetween(35 + 3, 60 - 3);
        assertThat(report.finalRisks()).extracting(PartnerRisk::getPartnerId).containsExactly("drifter", "fixstars", "prodigal");
        assertThat(risks.get("prodigal").getPartnerName()).isEqualTo("Prodigal Accelerators");
    }

    @Test
    void theScoresAreExplained() {
        for (PartnerRisk r : report.finalRisks()) {
            assertThat(r.getReasons()).as(r.getPartnerId()).isNotEmpty();
            assertThat(r.getFactors()).as(r.getPartnerId()).hasSize(9);
            assertThat(r.getComputedAt()).isEqualTo(UNTIL);
            for (RiskFactor f : r.getFactors()) {
                if (f.getValue() > 0) {
                    assertThat(f.getEvidence()).as(r.getPartnerId() + " " + f.getName()).isNotEmpty();
                }
            }
        }
        PartnerRisk prodigal = risks.get("prodigal");
        Map<String, RiskFactor> factors = prodigal.getFactors().stream()
                .collect(Collectors.toMap(RiskFactor::getName, Function.identity()));
        // every warning sign of the story shows (dealFlow does not apply: the story has no deals won before)
        assertThat(factors.values()).filteredOn(f -> f.getWeight() > 0)
                .allSatisfy(f -> assertThat(f.getValue()).as(f.getName()).isGreaterThan(0.5));
        assertThat(factors.get("sponsorship").getEvidence()).anySatisfy(e -> assertThat(e).contains("EXECUTIVE to MANAGER"));
        assertThat(factors.get("responsiveness").getEvidence()).anySatisfy(e -> assertThat(e).startsWith("pd-010"));
        assertThat(factors.get("diversion").getEvidence()).anySatisfy(e -> assertThat(e)
                .contains("benchmarks/scalable-informatics-results").contains("Bladewell Systems"));
        assertThat(factors.get("pricingExclusion").getEvidence()).anySatisfy(e -> assertThat(e).contains("summer-sale"));
        assertThat(factors.get("harmfulAsk").getEvidence()).anySatisfy(e -> assertThat(e).contains("pd-013"));
        assertThat(prodigal.getReasons()).anySatisfy(r -> assertThat(r).contains("push its promotion summer-sale"));

        PartnerRisk drifter = risks.get("drifter");
        assertThat(drifter.getReasons().get(0)).contains("passed down");
        assertThat(drifter.getFactors()).filteredOn(f -> f.getName().equals("harmfulAsk"))
                .singleElement().satisfies(f -> assertThat(f.getValue()).isZero());
        PartnerRisk fixstars = risks.get("fixstars");
        assertThat(fixstars.getFactors()).filteredOn(f -> f.getName().equals("sponsorship"))
                .singleElement().satisfies(f -> assertThat(f.getValue()).isZero());
    }

    @Test
    void alertsTellTheStory() throws IOException {
        List<RiskAlert> alerts = Files.readAllLines(tmp.resolve("first").resolve("partner.risk.alerts.jsonl")).stream()
                .map(l -> JsonRecords.fromJson(l, RiskAlert.class)).toList();
        assertThat(alerts).noneMatch(a -> a.getPartnerId().equals("fixstars"));
        assertThat(alerts).anyMatch(a -> a.getPartnerId().equals("drifter") && a.getToBand() == RiskBand.AMBER);
        assertThat(alerts).anyMatch(a -> a.getPartnerId().equals("prodigal") && a.getToBand() == RiskBand.RED);
        assertThat(report.recordsWritten().get("partner.risk.alerts.jsonl")).isEqualTo(alerts.size());
    }

    @Test
    void theLatestFileHoldsTheFinalRecordsAndTheHistoryEveryOne() throws IOException {
        Path out = tmp.resolve("first");
        List<PartnerRisk> latest = Files.readAllLines(out.resolve("partner.risk.jsonl")).stream()
                .map(l -> JsonRecords.fromJson(l, PartnerRisk.class)).toList();
        assertThat(latest).isEqualTo(report.finalRisks());
        int history = Files.readAllLines(out.resolve("partner.risk.history.jsonl")).size();
        assertThat(history).isEqualTo(report.recordsWritten().get("partner.risk.history.jsonl")).isGreaterThan(3);
        assertThat(Files.size(out.resolve("partner-signals.dlq.jsonl"))).isZero();
    }

    @Test
    void theSameInputGivesTheSameBytes() throws IOException {
        Path second = tmp.resolve("second");
        ReplayReport again = Replay.run(Replay.Options.of(STORY, UNTIL, second, TopologySettings.defaults()));
        assertThat(again.finalRisks()).isEqualTo(report.finalRisks());
        for (String file : OUTPUTS) {
            assertThat(Files.readAllBytes(second.resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(tmp.resolve("first").resolve(file)));
        }
    }

    @Test
    void theSummaryTableShowsEveryPartner() {
        String table = report.summaryTable();
        assertThat(table.lines().toList()).hasSize(4);
        assertThat(table).startsWith("partner").contains("our side").contains("first reason")
                .contains("fixstars").contains("GREEN").contains("prodigal").contains("RED").contains("drifter").contains("AMBER");
        // each partner's row carries its our-side score after the band
        for (PartnerRisk r : report.finalRisks()) {
            assertThat(table.lines().filter(l -> l.startsWith(r.getPartnerId() + " ")).findFirst().orElseThrow())
                    .containsPattern(r.getBand() + "\\s+" + r.getOurSide().getScore() + "\\s");
        }
        assertThat(report.summary()).contains("crm.activity.jsonl").contains("partner.risk.jsonl 3");
    }
}
