package io.partnersignals.faults;

import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.faults.FaultInput.Input;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.model.RiskModelConfig;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.runtime.AppConfig;
import io.partnersignals.topology.Subsequence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What a run must end with whatever faults it met: the replay of exactly the same input. The live
 * application coalesces publications, so live outputs are held to replay as: the same final score
 * and explanation per partner; each partner's history a subsequence of replay's; each partner's
 * band-change alerts a continuous chain of bands ending where replay's end; each partner's
 * deterioration alerts exactly those that the rule raises over what live itself published (a
 * coalesced history compares with other earlier scores than replay's); and no record repeated
 * consecutively (a record published twice is a doubled one).
 */
final class ReplayOracle {

    final Map<String, String> finalEssences;
    final List<RiskSnapshot> history;
    final List<RiskAlert> alerts;
    /** Dead letters replay made of the same input: live must make exactly as many, no more (valid records). */
    final int deadLetters;

    private ReplayOracle(Map<String, String> finalEssences, List<RiskSnapshot> history, List<RiskAlert> alerts,
                         int deadLetters) {
        this.finalEssences = finalEssences;
        this.deadLetters = deadLetters;
        this.history = history;
        this.alerts = alerts;
    }

    /** Replays {@code inputs} and the clock ticks at {@code end} up to {@code end}, in {@code work}. */
    static ReplayOracle of(List<Input> inputs, Instant end, Path work) throws IOException {
        List<Input> all = new ArrayList<>(inputs);
        all.addAll(FaultInput.ticks(end, FaultCluster.PARTITIONS));
        Path in = FaultInput.asReplayInput(all, work.resolve("replay-in"));
        Path out = work.resolve("replay-out");
        // as many partitions as the live topics: a partition's clock is shared by the partners on it
        ReplayReport report = Replay.run(Replay.Options.of(in, end, out, AppConfig.load(null, Map.of(), Map.of()).topologySettings()).withPartitions(FaultCluster.PARTITIONS).withProgress(line -> { }));
        Map<String, String> essences = new TreeMap<>();
        for (PartnerRisk r : report.finalRisks()) {
            essences.put(r.getPartnerId(), essence(r));
        }
        return new ReplayOracle(essences, read(out.resolve("partner.risk.history.jsonl"), RiskSnapshot.class),
                read(out.resolve("partner.risk.alerts.jsonl"), RiskAlert.class), report.deadLetters());
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> List<T> read(Path file, Class<T> type)
            throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).map(l -> JsonRecords.fromJson(l, type)).toList();
    }

    /** What must not depend on how the work was spread or interrupted: the score and all that explains it. */
    static String essence(PartnerRisk r) {
        return r.getScore() + " " + r.getBand() + " " + r.getModelVersion() + " " + r.getFactors() + " " + r.getReasons();
    }

    static Map<String, String> essences(List<ConsumerRecord<String, PartnerRisk>> risks) {
        Map<String, String> e = new TreeMap<>();
        risks.forEach(r -> e.put(r.key(), essence(r.value())));
        return e;
    }

    /** Whether the live scores have reached replay's final ones. */
    boolean complete(List<ConsumerRecord<String, PartnerRisk>> risks) {
        return essences(risks).equals(finalEssences);
    }

    /** Holds the live outputs of a run to replay. */
    Verdict judge(List<ConsumerRecord<String, PartnerRisk>> risks, List<ConsumerRecord<String, RiskSnapshot>> liveHistory,
                  List<ConsumerRecord<String, RiskAlert>> liveAlerts, int deadLetters) {
        Map<String, String> live = essences(risks);
        int lost = 0;
        for (Map.Entry<String, String> e : finalEssences.entrySet()) {
            if (!e.getValue().equals(live.get(e.getKey()))) {
                lost++;
            }
        }
        int extra = (int) live.keySet().stream().filter(k -> !finalEssences.containsKey(k)).count();
        int doubled = repeats(risks, r -> essence(r) + " " + r.getComputedAt())
                + repeats(liveHistory, s -> s.toString())
                + repeats(liveAlerts, a -> a.toString());
        String historyBreak = Subsequence.firstBreak(liveHistory.stream().map(ConsumerRecord::value).toList(), history);
        String alertBreak = alertBreak(liveAlerts);
        if (alertBreak == null) {
            alertBreak = deteriorationBreak(liveHistory, liveAlerts);
        }
        return new Verdict(risks.size(), lost, extra, doubled, historyBreak, alertBreak,
                deadLetters - this.deadLetters);
    }

    /** Records equal to the one before them for the same key. */
    private static <V> int repeats(List<ConsumerRecord<String, V>> records, Function<V, String> id) {
        Map<String, String> last = new LinkedHashMap<>();
        int repeats = 0;
        for (ConsumerRecord<String, V> r : records) {
            String now = id.apply(r.value());
            if (now.equals(last.put(r.key(), now))) {
                repeats++;
            }
        }
        return repeats;
    }

    /**
     * Coalescing may join band changes (A to B to C published as A to C) but never breaks the chain:
     * each live alert starts at the band the one before ended at, the first starts where replay's
     * first starts, and the last ends where replay's last ends. A doubled alert breaks the chain, a
     * lost one too, or leaves it ending elsewhere.
     */
    private String alertBreak(List<ConsumerRecord<String, RiskAlert>> liveAlerts) {
        Map<String, List<RiskAlert>> replayed = byPartner(bandChanges(alerts));
        Map<String, List<RiskAlert>> lived = byPartner(bandChanges(liveAlerts.stream().map(ConsumerRecord::value).toList()));
        for (String partner : union(replayed, lived)) {
            List<RiskAlert> r = replayed.getOrDefault(partner, List.of());
            List<RiskAlert> l = lived.getOrDefault(partner, List.of());
            boolean replayMoved = !r.isEmpty() && r.get(0).getFromBand() != r.get(r.size() - 1).getToBand();
            if (l.isEmpty()) {
                if (replayMoved) {
                    return partner + ": no live alert; replay " + bands(r);
                }
                continue;
            }
            if (r.isEmpty()) {
                return partner + ": live " + bands(l) + "; replay none";
            }
            boolean chained = l.get(0).getFromBand() == r.get(0).getFromBand()
                    && l.get(l.size() - 1).getToBand() == r.get(r.size() - 1).getToBand();
            for (int i = 1; i < l.size(); i++) {
                chained &= l.get(i).getFromBand() == l.get(i - 1).getToBand();
            }
            if (!chained) {
                return partner + ": live " + bands(l) + "; replay " + bands(r);
            }
        }
        return null;
    }

    private static List<RiskAlert> bandChanges(List<RiskAlert> alerts) {
        return alerts.stream().filter(a -> a.getKind() == AlertKind.BAND_CHANGE).toList();
    }

    /**
     * The early-warning rule applied to live's own history: a publication raises a deterioration when its
     * score is at least the configured points above the last score live published on or before the UTC
     * day the window reaches back to, unless a deterioration came within the quiet period. Live must
     * raise exactly those, at the same times and scores.
     */
    private static String deteriorationBreak(List<ConsumerRecord<String, RiskSnapshot>> liveHistory,
                                             List<ConsumerRecord<String, RiskAlert>> liveAlerts) {
        RiskModelConfig model = RiskModelConfig.defaults();
        long day = 86_400_000L;
        long windowDays = model.deteriorationWindow().toMillis() / day;
        long quiet = model.deteriorationQuietPeriod().toMillis();
        Map<String, List<String>> expected = new TreeMap<>();
        Map<String, List<RiskSnapshot>> published = new LinkedHashMap<>();
        Map<String, Long> lastRaised = new LinkedHashMap<>();
        for (ConsumerRecord<String, RiskSnapshot> record : liveHistory) {
            RiskSnapshot s = record.value();
            long at = s.getComputedAt().toEpochMilli();
            List<RiskSnapshot> before = published.computeIfAbsent(s.getPartnerId(), k -> new ArrayList<>());
            long reachesBack = Math.floorDiv(at, day) - windowDays;
            RiskSnapshot earlier = null;
            for (RiskSnapshot b : before) {
                if (Math.floorDiv(b.getComputedAt().toEpochMilli(), day) <= reachesBack) {
                    earlier = b;
                }
            }
            Long last = lastRaised.get(s.getPartnerId());
            if (earlier != null && s.getScore() - earlier.getScore() >= model.deteriorationPoints()
                    && (last == null || last <= at - quiet)) {
                expected.computeIfAbsent(s.getPartnerId(), k -> new ArrayList<>()).add(s.getComputedAt() + " " + s.getScore());
                lastRaised.put(s.getPartnerId(), at);
            }
            before.add(s);
        }
        Map<String, List<String>> raised = new TreeMap<>();
        for (ConsumerRecord<String, RiskAlert> record : liveAlerts) {
            RiskAlert a = record.value();
            if (a.getKind() == AlertKind.DETERIORATING) {
                raised.computeIfAbsent(a.getPartnerId(), k -> new ArrayList<>()).add(a.getAt() + " " + a.getScore());
            }
        }
        return expected.equals(raised) ? null : "deteriorations live " + raised + "; by the rule over live's history " + expected;
    }

    private static List<String> union(Map<String, ?> a, Map<String, ?> b) {
        List<String> all = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(all::add);
        return all;
    }

    private static Map<String, List<RiskAlert>> byPartner(List<RiskAlert> alerts) {
        Map<String, List<RiskAlert>> map = new LinkedHashMap<>();
        alerts.forEach(a -> map.computeIfAbsent(a.getPartnerId(), k -> new ArrayList<>()).add(a));
        return map;
    }

    private static String bands(List<RiskAlert> alerts) {
        return alerts.stream().map(a -> a.getFromBand() + "->" + a.getToBand()).toList().toString();
    }

    /** The outcome of a run against replay; {@link #holds()} when nothing was lost, doubled or invented. */
    record Verdict(int records, int lost, int extra, int doubled, String historyBreak, String alertBreak,
                   int deadLetters) {
        // deadLetters: live dead letters beyond replay's

        boolean holds() {
            return lost == 0 && extra == 0 && doubled == 0 && historyBreak == null && alertBreak == null
                    && deadLetters == 0;
        }

        String problems() {
            List<String> p = new ArrayList<>();
            if (lost > 0) {
                p.add(lost + " partner(s) whose final score differs from replay's");
            }
            if (extra > 0) {
                p.add(extra + " partner(s) replay does not know");
            }
            if (doubled > 0) {
                p.add(doubled + " record(s) repeated consecutively");
            }
            if (historyBreak != null) {
                p.add("history not a subsequence of replay's: " + historyBreak);
            }
            if (alertBreak != null) {
                p.add("alerts do not chain to replay's: " + alertBreak);
            }
            if (deadLetters != 0) {
                p.add(deadLetters + " dead letter(s) more than replay's (valid records dead-lettered)");
            }
            return String.join("; ", p);
        }

    }
}
