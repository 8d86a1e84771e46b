package io.partnersignals.bench;

import io.partnersignals.replay.ReplayReport;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * What {@link ReplayBenchmark} generated and measured.
 *
 * @param partners        partners generated
 * @param competitors     competitors generated
 * @param events          event lines generated in the three event files together (duplicates included)
 * @param crmEvents       lines of crm.activity
 * @param crawlEvents     lines of web.crawl
 * @param pricingEvents   lines of pricing.events
 * @param duplicates      lines that repeat an earlier line of the same file (counted in events)
 * @param outOfOrder      lines whose event time is earlier than that of the line before them
 * @param from            start of the generated period
 * @param until           end of the period; the replay advances its clock to it
 * @param inputDir        where the JSON Lines files were written
 * @param outputDir       where the replay wrote its output files
 * @param generationTime  wall time of generating the data set (not part of the throughput)
 * @param replayTime      wall time of the replay: reading, running the topology, writing
 * @param eventsPiped     events the replay sent through the topology
 * @param eventsPerSecond eventsPiped / replayTime
 * @param peakHeapMib     peak heap during the replay: the sum of the heap memory pools' peak usage, reset before it
 * @param rssHwmMib       the process's peak resident set size (VmHWM of /proc/self/status), or null when not known
 * @param report          the replay's own report
 */
public record BenchmarkResult(
        int partners,
        int competitors,
        long events,
        long crmEvents,
        long crawlEvents,
        long pricingEvents,
        long duplicates,
        long outOfOrder,
        Instant from,
        Instant until,
        Path inputDir,
        Path outputDir,
        Duration generationTime,
        Duration replayTime,
        long eventsPiped,
        double eventsPerSecond,
        double peakHeapMib,
        Double rssHwmMib,
        ReplayReport report) {

    /** {@code replay: events=N partners=N partitions=N threads=N elapsed_s=N events_per_s=N peak_heap_mib=N rss_hwm_mib=N}. */
    public String line() {
        return String.format(Locale.ROOT, "replay: events=%d partners=%d partitions=%d threads=%d elapsed_s=%.3f "
                        + "events_per_s=%.0f peak_heap_mib=%.1f rss_hwm_mib=%s",
                eventsPiped, partners, report.partitions(), report.threads(), replayTime.toNanos() / 1e9,
                eventsPerSecond, peakHeapMib,
                rssHwmMib == null ? "n/a" : String.format(Locale.ROOT, "%.1f", rssHwmMib));
    }

    /** One line on the generated data set. */
    public String generationLine() {
        return String.format(Locale.ROOT,
                "generate: partners=%d competitors=%d events=%d crm=%d crawl=%d pricing=%d duplicates=%d out_of_order=%d days=%d elapsed_s=%.3f dir=%s",
                partners, competitors, events, crmEvents, crawlEvents, pricingEvents, duplicates, outOfOrder,
                Duration.between(from, until).toDays(), generationTime.toNanos() / 1e9, inputDir);
    }
}
