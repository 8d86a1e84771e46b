package io.partnersignals.replay;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.topology.TopologySettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What a changed configuration would have changed, from two replays of the same input (docs/replay.md,
 * "What if: --compare-config"): per partner its final score and band in the current and the changed run,
 * and the alerts raised in one run only.
 *
 * <p>Partners are ordered by the size of the change, |changed − current score|, largest first, then
 * by partner id; a partner scored in one run only comes first (its change is not a number). Alerts are
 * matched by (partnerId, at, kind, fromBand, toBand), whatever their kind; an alert of one run that the
 * other run does not raise appears or disappears. They are ordered as their partners, then by time.
 *
 * @param partners every partner scored in either run, largest change first
 * @param alerts   the alerts raised in one run only, in their partners' order, then by time
 */
public record ConfigComparison(List<PartnerChange> partners, List<AlertChange> alerts) {

    /** The comparison per partner, in the output directory. */
    public static final String PARTNERS_FILE = "partner.risk.compare.jsonl";
    /** The alerts that appear or disappear, in the output directory. */
    public static final String ALERTS_FILE = "partner.risk.alerts.compare.jsonl";
    /** Sub-directories of the output directory for the two replays' own files. */
    public static final String CURRENT = "current";
    public static final String CHANGED = "changed";

    public ConfigComparison {
        partners = List.copyOf(partners);
        alerts = List.copyOf(alerts);
    }

    /** A partner's final score in one run. */
    public record Score(int score, RiskBand band, String modelVersion) {
        public Score {
            Objects.requireNonNull(band, "band");
        }

        static Score of(PartnerRisk r) {
            return r == null ? null : new Score(r.getScore(), r.getBand(), r.getModelVersion());
        }
    }

    /**
     * One partner in both runs.
     *
     * @param current its final score in the current run, null when that run did not score it
     * @param changed its final score in the changed run, null when that run did not score it
     */
    public record PartnerChange(String partnerId, String partnerName, Score current, Score changed) {
        public PartnerChange {
            Objects.requireNonNull(partnerId, "partnerId");
            if (current == null && changed == null) {
                throw new IllegalArgumentException("partner " + partnerId + " is in neither run");
            }
        }

        /** Changed − current score; null when the partner was scored in one run only. */
        public Integer change() {
            return current == null || changed == null ? null : changed.score() - current.score();
        }

        public boolean scoreChanged() {
            return change() == null || change() != 0;
        }

        public boolean bandChanged() {
            return current == null || changed == null || current.band() != changed.band();
        }

        /** The size of the change for ordering: |change|, above any number for a partner of one run only. */
        int size() {
            Integer change = change();
            return change == null ? Integer.MAX_VALUE : Math.abs(change);
        }
    }

    /** Whether an alert is raised only with the changed configuration, or only with the current one. */
    public enum Presence {
        APPEARS, DISAPPEARS;

        /** "appears" or "disappears", as written. */
        public String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An alert raised in one run only: the fields it is matched by, and the score that raised it in its run.
     */
    public record AlertChange(String partnerId, Instant at, AlertKind kind, RiskBand fromBand, RiskBand toBand, int score,
                              Presence presence) {

        static AlertChange of(RiskAlert a, Presence presence) {
            return new AlertChange(a.getPartnerId(), a.getAt(), a.getKind(), a.getFromBand(), a.getToBand(), a.getScore(),
                    presence);
        }
    }

    /** What two alerts must share to be the same alert in both runs. */
    private record AlertKey(String partnerId, Instant at, AlertKind kind, RiskBand fromBand, RiskBand toBand) {
        static AlertKey of(RiskAlert a) {
            return new AlertKey(a.getPartnerId(), a.getAt(), a.getKind(), a.getFromBand(), a.getToBand());
        }
    }

    /** Compares the final scores and the alerts of the current run with those of the changed run. */
    public static ConfigComparison of(List<PartnerRisk> current, List<PartnerRisk> changed,
                                      List<RiskAlert> currentAlerts, List<RiskAlert> changedAlerts) {
        Map<String, PartnerRisk> before = byPartner(current);
        Map<String, PartnerRisk> after = byPartner(changed);
        TreeSet<String> ids = new TreeSet<>(before.keySet());
        ids.addAll(after.keySet());
        List<PartnerChange> partners = new ArrayList<>();
        for (String id : ids) {
            PartnerRisk b = before.get(id);
            PartnerRisk a = after.get(id);
            String name = b != null && b.getPartnerName() != null ? b.getPartnerName() : a == null ? null : a.getPartnerName();
            partners.add(new PartnerChange(id, name, Score.of(b), Score.of(a)));
        }
        partners.sort(Comparator.comparingInt(PartnerChange::size).reversed().thenComparing(PartnerChange::partnerId));

        // a multiset match: an alert raised twice in one run and once in the other appears or disappears once
        Map<AlertKey, Deque<RiskAlert>> unmatched = new HashMap<>();
        for (RiskAlert a : currentAlerts) {
            unmatched.computeIfAbsent(AlertKey.of(a), k -> new ArrayDeque<>()).add(a);
        }
        List<AlertChange> alerts = new ArrayList<>();
        for (RiskAlert a : changedAlerts) {
            Deque<RiskAlert> same = unmatched.get(AlertKey.of(a));
            if (same == null || same.isEmpty()) {
                alerts.add(AlertChange.of(a, Presence.APPEARS));
            } else {
                same.poll();
            }
        }
        for (RiskAlert a : currentAlerts) {
            Deque<RiskAlert> left = unmatched.get(AlertKey.of(a));
            if (!left.isEmpty()) {
                alerts.add(AlertChange.of(left.poll(), Presence.DISAPPEARS));
            }
        }
        Map<String, Integer> rank = new HashMap<>();
        for (int i = 0; i < partners.size(); i++) {
            rank.put(partners.get(i).partnerId(), i);
        }
        alerts.sort(Comparator.<AlertChange>comparingInt(c -> rank.getOrDefault(c.partnerId(), Integer.MAX_VALUE))
                .thenComparing(AlertChange::partnerId)
                .thenComparing(AlertChange::at)
                .thenComparing(AlertChange::presence, Comparator.reverseOrder()) // what disappears, then what takes its place
                .thenComparing(c -> c.kind().name())
                .thenComparing(AlertChange::fromBand)
                .thenComparing(AlertChange::toBand)
                .thenComparingInt(AlertChange::score));
        return new ConfigComparison(partners, alerts);
    }

    private static Map<String, PartnerRisk> byPartner(List<PartnerRisk> risks) {
        Map<String, PartnerRisk> map = new LinkedHashMap<>();
        for (PartnerRisk r : risks) {
            map.put(r.getPartnerId(), r); // the last one wins, as in the latest-per-partner file
        }
        return map;
    }

    public long scoresChanged() {
        return partners.stream().filter(PartnerChange::scoreChanged).count();
    }

    public long bandsChanged() {
        return partners.stream().filter(PartnerChange::bandChanged).count();
    }

    public long alertsThat(Presence presence) {
        return alerts.stream().filter(a -> a.presence() == presence).count();
    }

    /** The lines of {@link #PARTNERS_FILE}, in order. */
    public List<String> partnerLines() {
        List<String> lines = new ArrayList<>();
        for (PartnerChange p : partners) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("partnerId", p.partnerId());
            o.put("partnerName", p.partnerName());
            o.set("current", json(p.current()));
            o.set("changed", json(p.changed()));
            o.put("change", p.change());
            lines.add(JsonRecords.toLine(o));
        }
        return lines;
    }

    private static ObjectNode json(Score s) {
        if (s == null) {
            return null;
        }
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("score", s.score());
        o.put("band", s.band().name());
        o.put("modelVersion", s.modelVersion());
        return o;
    }

    /** The lines of {@link #ALERTS_FILE}, in order. */
    public List<String> alertLines() {
        List<String> lines = new ArrayList<>();
        for (AlertChange a : alerts) {
            ObjectNode o = JsonNodeFactory.instance.objectNode();
            o.put("partnerId", a.partnerId());
            o.put("at", a.at().toString());
            o.put("kind", a.kind().name());
            o.put("fromBand", a.fromBand().name());
            o.put("toBand", a.toBand().name());
            o.put("score", a.score());
            o.put("change", a.presence().word());
            lines.add(JsonRecords.toLine(o));
        }
        return lines;
    }

    /** Writes {@link #PARTNERS_FILE} and {@link #ALERTS_FILE} into {@code dir} (replacing them). */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(PARTNERS_FILE), partnerLines(), StandardCharsets.UTF_8);
            Files.write(dir.resolve(ALERTS_FILE), alertLines(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * For the terminal: partner, name, current and changed score and band, and the change, then the alerts
     * that appear or disappear.
     */
    public String table() {
        if (partners.isEmpty()) {
            return "(no partner was scored)\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"partner", "name", "current", "", "changed", "", "change"});
        for (PartnerChange p : partners) {
            rows.add(new String[] {p.partnerId(), p.partnerName() == null ? "-" : p.partnerName(),
                    p.current() == null ? "-" : String.valueOf(p.current().score()),
                    p.current() == null ? "" : p.current().band().name(),
                    p.changed() == null ? "-" : String.valueOf(p.changed().score()),
                    p.changed() == null ? "" : p.changed().band().name(),
                    p.change() == null ? "-" : p.change() == 0 ? "0" : String.format(Locale.ROOT, "%+d", p.change())});
        }
        boolean[] right = {false, false, true, false, true, false, true};
        StringBuilder s = new StringBuilder(columns(rows, right));
        if (alerts.isEmpty()) {
            s.append("\nno alert appears or disappears\n");
            return s.toString();
        }
        s.append("\nalerts that appear or disappear:\n");
        List<String[]> alertRows = new ArrayList<>();
        for (AlertChange a : alerts) {
            alertRows.add(new String[] {a.presence().word(), a.partnerId(), a.at().toString(), a.kind().name(),
                    a.fromBand() + " -> " + a.toBand(), "score " + a.score()});
        }
        s.append(columns(alertRows, new boolean[6]));
        return s.toString();
    }

    /** One line: how many partners changed score and band, how many alerts appear and disappear. */
    public String summaryLine() {
        long appear = alertsThat(Presence.APPEARS);
        long disappear = alertsThat(Presence.DISAPPEARS);
        return String.format(Locale.ROOT, "compared %d partners: %d changed score, %d changed band; %d %s, %d %s",
                partners.size(), scoresChanged(), bandsChanged(),
                appear, appear == 1 ? "alert appears" : "alerts appear",
                disappear, disappear == 1 ? "alert disappears" : "alerts disappear");
    }

    private static String columns(List<String[]> rows, boolean[] right) {
        int[] widths = new int[right.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String fill = " ".repeat(widths[i] - row[i].length());
                line.append(right[i] ? fill + row[i] : row[i] + fill);
                if (i < row.length - 1) {
                    line.append(i == 2 || i == 4 ? " " : "  "); // a score sits next to its band
                }
            }
            s.append(line.toString().stripTrailing()).append('\n');
        }
        return s.toString();
    }

    /** The model.* settings that differ between two configurations: "key current -> changed", by key. */
    public static List<String> settingChanges(TopologySettings current, TopologySettings changed) {
        Map<String, String> before = new TreeMap<>(current.model().settings());
        Map<String, String> after = changed.model().settings();
        List<String> lines = new ArrayList<>();
        before.forEach((key, value) -> {
            if (!Objects.equals(value, after.get(key))) {
                lines.add(key + " " + value + " -> " + after.get(key));
            }
        });
        return lines;
    }

    /**
     * The two replays of a comparison and what they differ in.
     *
     * @param current    the replay with the current configuration, written to {@code <output>/current}
     * @param changed    the replay with the changed configuration, written to {@code <output>/changed}
     * @param comparison written to {@code <output>}
     */
    public record Replays(ReplayReport current, ReplayReport changed, ConfigComparison comparison) {}

    /**
     * Replays {@code options}' input twice, as given and with {@code changedSettings}, the same until and
     * partitions: each run's own files go to {@code <output>/current} and {@code <output>/changed}, the
     * comparison of the two to {@code <output>}. Progress lines say which run they are of.
     */
    public static Replays replay(Replay.Options options, TopologySettings changedSettings) {
        Objects.requireNonNull(changedSettings, "changedSettings");
        Consumer<String> progress = options.progress();
        Path out = options.output();
        ReplayReport current = Replay.run(options.withOutput(out.resolve(CURRENT)).withProgress(prefixed(progress, CURRENT)));
        ReplayReport changed = Replay.run(options.withOutput(out.resolve(CHANGED)).withSettings(changedSettings)
                .withProgress(prefixed(progress, CHANGED)));
        ConfigComparison comparison = of(current.finalRisks(), changed.finalRisks(),
                alerts(current.outputDir(), options.settings()), alerts(changed.outputDir(), changedSettings));
        comparison.write(out);
        return new Replays(current, changed, comparison);
    }

    private static Consumer<String> prefixed(Consumer<String> progress, String run) {
        return progress == null ? null : line -> progress.accept(run + ": " + line);
    }

    /** Every alert a replay wrote, in its order. */
    static List<RiskAlert> alerts(Path outputDir, TopologySettings settings) {
        Path file = outputDir.resolve(Replay.file(settings.topics().alerts()));
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank())
                    .map(l -> JsonRecords.fromJson(l, RiskAlert.class)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }
}
