package io.partnersignals.replay;

import io.partnersignals.contract.PartnerRisk;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a replay read, refused, wrote and concluded.
 *
 * @param inputDir       the directory the JSON Lines files were read from
 * @param outputDir      the directory the output files were written to
 * @param until          the instant the clock was advanced to after the last record, or null
 * @param recordsRead    input file name to the number of records read from it (0 for a missing file), in topic order
 * @param missingFiles   input files that did not exist (each read as an empty topic)
 * @param badLineCount   number of lines skipped because they were not JSON or not a valid record
 * @param badLines       "file:line: message" for the first {@link #MAX_KEPT_PROBLEMS} bad lines
 * @param eventsPiped    records of the three event topics sent through the topology
 * @param partitions     partitions the input topics were split into (one task each, as in the live application)
 * @param threads        threads the partitions were replayed on (the output does not depend on it)
 * @param recordsWritten output file name to the number of records written to it, in topic order
 * @param deadLetters    records the topology refused (written to the dead-letter file)
 * @param deadLetterMessages "file:line: message" for the first {@link #MAX_KEPT_PROBLEMS} dead letters
 * @param elapsed        wall time of the whole replay: reading, running the topology, writing
 * @param finalRisks     the latest score of every partner, by partner id
 */
public record ReplayReport(
        Path inputDir,
        Path outputDir,
        Instant until,
        Map<String, Integer> recordsRead,
        List<String> missingFiles,
        int badLineCount,
        List<String> badLines,
        long eventsPiped,
        int partitions,
        int threads,
        Map<String, Integer> recordsWritten,
        int deadLetters,
        List<String> deadLetterMessages,
        Duration elapsed,
        List<PartnerRisk> finalRisks) {

    /** How many bad lines and dead letters a report lists one by one; the counts are always complete. */
    public static final int MAX_KEPT_PROBLEMS = 1000;

    /** Width at which {@link #summaryTable()} cuts the first reason. */
    public static final int DEFAULT_REASON_WIDTH = 100;

    public ReplayReport {
        recordsRead = Collections.unmodifiableMap(new LinkedHashMap<>(recordsRead));
        missingFiles = List.copyOf(missingFiles);
        badLines = List.copyOf(badLines);
        recordsWritten = Collections.unmodifiableMap(new LinkedHashMap<>(recordsWritten));
        deadLetterMessages = List.copyOf(deadLetterMessages);
        finalRisks = List.copyOf(finalRisks);
    }

    /** Records read from all input files together. */
    public long totalRead() {
        return recordsRead.values().stream().mapToLong(Integer::longValue).sum();
    }

    /** The final score of one partner, if it was scored. */
    public Optional<PartnerRisk> risk(String partnerId) {
        return finalRisks.stream().filter(r -> r.getPartnerId().equals(partnerId)).findFirst();
    }

    /** Events piped per second of replay wall time. */
    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : eventsPiped / seconds;
    }

    /** A few lines for the terminal: what was read, refused and written, and how long it took. */
    public String summary() {
        StringBuilder s = new StringBuilder();
        s.append("read ").append(totalRead()).append(" records from ").append(inputDir).append(": ");
        List<String> parts = new ArrayList<>();
        recordsRead.forEach((file, n) -> parts.add(file + " " + n + (missingFiles.contains(file) ? " (missing)" : "")));
        s.append(String.join(", ", parts)).append('\n');
        if (badLineCount > 0) {
            s.append(badLineCount).append(badLineCount == 1 ? " bad line skipped" : " bad lines skipped").append('\n');
        }
        s.append("wrote to ").append(outputDir).append(": ");
        parts.clear();
        recordsWritten.forEach((file, n) -> parts.add(file + " " + n));
        s.append(String.join(", ", parts)).append('\n');
        if (deadLetters > 0) {
            s.append(deadLetters).append(deadLetters == 1 ? " record was refused" : " records were refused")
                    .append(" (see the dead-letter file)").append('\n');
        }
        s.append(String.format(Locale.ROOT, "%d events replayed in %d partitions on %d threads in %.3f s%s", eventsPiped,
                partitions, threads, elapsed.toNanos() / 1e9, until == null ? "" : ", clock advanced to " + until));
        return s.toString();
    }

    /** The final scores as a table: partner, name, score, band and the first reason (cut at 100 characters). */
    public String summaryTable() {
        return summaryTable(DEFAULT_REASON_WIDTH);
    }

    /** The final scores as a table with our side's score (- when the model has none), the first reason cut at {@code reasonWidth} characters. */
    public String summaryTable(int reasonWidth) {
        if (finalRisks.isEmpty()) {
            return "(no partner was scored)";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"partner", "name", "score", "band", "our side", "first reason"});
        for (PartnerRisk r : finalRisks) {
            String reason = r.getReasons().isEmpty() ? "-" : r.getReasons().get(0);
            if (reasonWidth > 1 && reason.length() > reasonWidth) {
                reason = reason.substring(0, reasonWidth - 1) + "…";
            }
            rows.add(new String[] {r.getPartnerId(), r.getPartnerName() == null ? "-" : r.getPartnerName(),
                    String.valueOf(r.getScore()), r.getBand().name(),
                    r.getOurSide() == null ? "-" : String.valueOf(r.getOurSide().getScore()), reason});
        }
        int[] widths = new int[6];
        for (String[] row : rows) {
            for (int i = 0; i < 5; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        StringBuilder s = new StringBuilder();
        for (String[] row : rows) {
            s.append(pad(row[0], widths[0], false)).append("  ")
                    .append(pad(row[1], widths[1], false)).append("  ")
                    .append(pad(row[2], widths[2], true)).append("  ")
                    .append(pad(row[3], widths[3], false)).append("  ")
                    .append(pad(row[4], widths[4], true)).append("  ")
                    .append(row[5]).append('\n');
        }
        return s.toString();
    }

    private static String pad(String s, int width, boolean right) {
        String fill = " ".repeat(Math.max(0, width - s.length()));
        return right ? fill + s : s + fill;
    }
}
