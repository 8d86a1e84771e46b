package io.partnersignals.bench;

import io.partnersignals.json.JsonRecords;
import io.partnersignals.replay.Replay;
import io.partnersignals.replay.ReplayReport;
import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.contract.SponsorLevel;
import io.partnersignals.topology.TopicNames;
import io.partnersignals.topology.TopologySettings;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Measures replay: generates a deterministic synthetic data set (a seeded {@link Random}), writes it
 * as JSON Lines, replays it with {@link Replay} and reports events per second and peak memory.
 *
 * <p>The data set: {@code partners} partners of three temperaments (60% healthy, 25% drifting, 15%
 * one-sided), eight competitors, and {@code events} events spread uniformly over {@code days} days
 * from 2026-01-01: about 40% CRM activities of every type (requests and the responses that answer
 * them, escalations, contributions both ways, deals, sponsor changes, competitor approaches, requests
 * to push a promotion), 35% crawls of three to five pages per partner (directories, benchmark,
 * product and press pages; some linking to competitors, some gone), and 25% pricing events
 * (promotions started, re-priced and ended, some excluding us, and sales whose margin suffers when
 * they do). About 3% of the lines repeat an earlier line of the same file (duplicates) and about 3%
 * are a little earlier than the line before them (out of order). The same arguments give the same
 * files, byte for byte.
 *
 * <p>The data set is replayed twice. First as a user runs it, the whole command timed
 * ({@link ReplayCommandRun}): {@code java -jar partner-signals.jar replay --input <dir> --until <end>
 * --output <dir>} in a child JVM, from its start to its exit, JVM start and input parsing included
 * ({@code whole_command_eps}: events replayed over that wall time, the suite's replay_eps), with the
 * breakdown the command prints (reading and parsing, the whole replay, the rest) and its peak RSS (VmHWM
 * of {@code /proc/<pid>/status}, sampled while it runs). Then in this JVM, for the figures only a run in
 * process gives: events piped through the topology over the replay's own wall time ({@code events_per_s}:
 * reading the files, running the topology, writing the outputs; generation and JVM start excluded), peak
 * heap (the sum of the heap memory pools' peak usage, reset before the replay) and peak RSS (this
 * process's VmHWM, reset before the replay where Linux allows it ({@code /proc/self/clear_refs}), else the
 * peak of the whole process). The two outputs are compared; a difference is printed as a warning.
 */
public final class ReplayBenchmark {

    /** Start of every generated data set. */
    public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    /** Our own web domain, which the generated pages link to. */
    public static final String OUR_DOMAIN = "scalableinformatics.com";

    /** The replay command's output directory, next to the in-process replay's {@code output}. */
    static final String COMMAND_OUTPUT = "output-command";
    static final double DUPLICATE_RATE = 0.03;
    static final double OUT_OF_ORDER_RATE = 0.03;
    private static final int RING = 64;
    private static final double MIB = 1024.0 * 1024.0;

    private ReplayBenchmark() {
    }

    /** What {@link #generate} wrote. */
    public record DataSet(int partners, int competitors, long crmEvents, long crawlEvents, long pricingEvents,
                          long duplicates, long outOfOrder, Instant from, Instant until, Path dir, Duration elapsed) {
        public long events() {
            return crmEvents + crawlEvents + pricingEvents;
        }
    }

    /** A synthetic data set's size and seed, and where it and the outputs go. */
    public record Options(int partners, int events, int days, long seed, Path workDir) {
        public Options {
            Objects.requireNonNull(workDir, "workDir");
        }
    }

    /**
     * Generates a data set into {@code workDir/input}; runs the replay command on it in a child JVM into
     * {@code workDir/output-command} (its output in {@code workDir/replay-command.out} and {@code .err}),
     * then replays it in this JVM into {@code workDir/output}, both with the default settings and the clock
     * advanced to the end of the period; prints a line on the data set, the in-process result line
     * ({@link BenchmarkResult#line()}) and the whole command's line ({@link ReplayCommandRun.Result#line()})
     * to {@code out} (null: silent).
     */
    public static BenchmarkResult run(Options options, Consumer<String> out) {
        int partners = options.partners();
        int events = options.events();
        int days = options.days();
        long seed = options.seed();
        Path workDir = options.workDir();
        Path input = workDir.resolve("input");
        Path output = workDir.resolve("output");
        TopologySettings settings = TopologySettings.defaults();
        DataSet data = generate(partners, events, days, seed, input, settings.topics());

        System.gc(); // the generator's garbage: little heap of this JVM while the command runs
        ReplayCommandRun.Result command = wholeCommand(input, data.until(), workDir.resolve(COMMAND_OUTPUT), workDir);

        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid()) {
                pool.resetPeakUsage();
            }
        }
        resetRssHighWaterMark();
        ReplayReport report = Replay.run(Replay.Options.of(input, data.until(), output, settings));
        long peakHeap = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.isValid() && pool.getPeakUsage() != null) {
                peakHeap += pool.getPeakUsage().getUsed();
            }
        }
        ProcessMemory memory = ProcessMemory.self();
        Double hwmMib = memory == null || memory.hwmKib() < 0 ? null : memory.hwmMib();

        BenchmarkResult result = new BenchmarkResult(data.partners(), data.competitors(), data.events(),
                data.crmEvents(), data.crawlEvents(), data.pricingEvents(), data.duplicates(), data.outOfOrder(),
                data.from(), data.until(), input, output, data.elapsed(), report.elapsed(), report.eventsPiped(),
                report.eventsPerSecond(), peakHeap / MIB, hwmMib, report);
        if (out != null) {
            out.accept(result.generationLine());
            if (report.badLineCount() > 0 || report.deadLetters() > 0) {
                out.accept("warning: " + report.badLineCount() + " bad lines, " + report.deadLetters() + " dead letters");
            }
            out.accept(result.line());
            out.accept("whole command: $ " + String.join(" ", command.command()));
            String differs = firstDifference(output, workDir.resolve(COMMAND_OUTPUT), report.recordsWritten().keySet());
            if (differs != null) {
                out.accept("warning: the replay command's output differs from the in-process replay's: " + differs);
            }
            if (command.breakdown().eventsReplayed() != report.eventsPiped()) {
                out.accept("warning: the replay command replayed " + command.breakdown().eventsReplayed()
                        + " events, the in-process replay " + report.eventsPiped());
            }
            out.accept(command.line());
        }
        return result;
    }

    private static ReplayCommandRun.Result wholeCommand(Path input, Instant until, Path output, Path logDir) {
        try {
            return ReplayCommandRun.run(input, until, output, logDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run the replay command: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the replay command ran", e);
        }
    }

    /** The first of {@code files} whose bytes differ between {@code a} and {@code b}, with where; null when none does. */
    static String firstDifference(Path a, Path b, Iterable<String> files) {
        for (String file : files) {
            Path x = a.resolve(file);
            Path y = b.resolve(file);
            try {
                if (!Files.exists(y)) {
                    return file + " is missing from " + b;
                }
                long at = Files.mismatch(x, y);
                if (at >= 0) {
                    return file + " differs from byte " + at + " (" + Files.size(x) + " and " + Files.size(y) + " bytes)";
                }
            } catch (IOException e) {
                return file + " cannot be compared: " + e.getMessage();
            }
        }
        return null;
    }

    /**
     * Writes a synthetic data set as JSON Lines files named after the default topics into {@code dir}.
     * The same arguments always give the same bytes.
     */
    public static DataSet generate(int partners, int events, int days, long seed, Path dir) {
        return generate(partners, events, days, seed, dir, TopicNames.defaults());
    }

    /** As {@link #generate(int, int, int, long, Path)}, with files named after {@code topics}. */
    public static DataSet generate(int partners, int events, int days, long seed, Path dir, TopicNames topics) {
        if (partners < 1) {
            throw new IllegalArgumentException("partners must be at least 1, got " + partners);
        }
        if (events < 0) {
            throw new IllegalArgumentException("events must not be negative, got " + events);
        }
        if (days < 1) {
            throw new IllegalArgumentException("days must be at least 1, got " + days);
        }
        long started = System.nanoTime();
        try {
            Files.createDirectories(dir);
            Generator g = new Generator(partners, days, seed);
            try (Writer partnersOut = writer(dir, topics.partners());
                 Writer competitorsOut = writer(dir, topics.competitors());
                 Writer crm = writer(dir, topics.crmActivity());
                 Writer crawl = writer(dir, topics.webCrawl());
                 Writer pricing = writer(dir, topics.pricingEvents())) {
                g.reference(partnersOut, competitorsOut);
                g.events(events, new Writer[] {crm, crawl, pricing});
            }
            return new DataSet(partners, Generator.COMPETITORS.length, g.counts[0], g.counts[1], g.counts[2],
                    g.duplicates, g.outOfOrder, g.from, g.until, dir, Duration.ofNanos(System.nanoTime() - started));
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    private static Writer writer(Path dir, String topic) throws IOException {
        return new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(dir.resolve(Replay.file(topic))),
                StandardCharsets.UTF_8), 1 << 16);
    }

    /** The last lines written to one file, with their event times, for duplicates. */
    private static final class Ring {
        final String[] lines = new String[RING];
        final long[] times = new long[RING];
        int size;
        int next;

        void add(String line, long time) {
            lines[next] = line;
            times[next] = time;
            next = (next + 1) % RING;
            size = Math.min(size + 1, RING);
        }
    }

    private static final class Generator {
        static final String[][] COMPETITORS = {
                {"c01", "Bladewell Systems", "bladewell.example"},
                {"c02", "Coldpath Computing", "coldpath.example"},
                {"c03", "Northgate HPC", "northgatehpc.example"},
                {"c04", "Ironbark Clusters", "ironbark.example"},
                {"c05", "Lumen Storage", "lumenstorage.example"},
                {"c06", "Quarry Compute", "quarrycompute.example"},
                {"c07", "Tessel Data", "tessel.example"},
                {"c08", "Vantage Racks", "vantageracks.example"},
        };
        static final String[] PAGES = {"partners", "benchmarks/results", "products/platform", "news/joint-solution", "blog/ecosystem"};
        static final PageKind[] KINDS = {PageKind.PARTNER_DIRECTORY, PageKind.BENCHMARK, PageKind.PRODUCT, PageKind.PRESS,
                PageKind.GENERAL};
        static final PartnerKind[] PARTNER_KINDS = PartnerKind.values();
        static final SponsorLevel[] LEVELS = SponsorLevel.values();
        // temperaments: 0 healthy, 1 drifting, 2 one-sided
        static final double[] ANSWER = {0.92, 0.6, 0.2};
        static final double[] GIVE = {0.5, 0.62, 0.85};
        static final double[] LINK = {0.9, 0.6, 0.15};
        static final double[] COMPETITOR_LINK = {0.03, 0.15, 0.5};
        static final double[] ELIGIBLE = {0.9, 0.6, 0.15};
        static final double[] DOWNGRADE = {0.3, 0.65, 0.85};

        final Random rnd;
        final int n;
        final Instant from;
        final Instant until;
        final long fromMs;
        final long spanMs;
        final byte[] temper;
        final byte[] sponsor;
        final List<ArrayDeque<String>> open;
        final String[] promo;
        final boolean[] promoEligible;
        final double[] promoList;
        final long[] counts = new long[3];
        final long[] lastTime = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
        final Ring[] rings = {new Ring(), new Ring(), new Ring()};
        long duplicates;
        long outOfOrder;
        long activitySeq;
        long eventSeq;
        long promoSeq;

        Generator(int partners, int days, long seed) {
            this.rnd = new Random(seed);
            this.n = partners;
            this.from = START;
            this.until = START.plus(Duration.ofDays(days));
            this.fromMs = from.toEpochMilli();
            this.spanMs = Duration.ofDays(days).toMillis();
            this.temper = new byte[partners];
            this.sponsor = new byte[partners];
            this.open = new ArrayList<>(java.util.Collections.nCopies(partners, (ArrayDeque<String>) null));
            this.promo = new String[partners];
            this.promoEligible = new boolean[partners];
            this.promoList = new double[partners];
            Arrays.fill(sponsor, (byte) -1);
        }

        static String partnerId(int p) {
            return String.format(Locale.ROOT, "p%06d", p);
        }

        static String domain(int p) {
            return "partner" + p + ".example";
        }

        void reference(Writer partners, Writer competitors) throws IOException {
            for (int p = 0; p < n; p++) {
                double t = rnd.nextDouble();
                temper[p] = (byte) (t < 0.60 ? 0 : t < 0.85 ? 1 : 2);
                Partner partner = Partner.newBuilder()
                        .setPartnerId(partnerId(p))
                        .setName("Partner " + p)
                        .setDomains(List.of(domain(p)))
                        .setKind(PARTNER_KINDS[rnd.nextInt(PARTNER_KINDS.length)])
                        .build();
                line(partners, JsonRecords.toLine(partner));
            }
            for (String[] c : COMPETITORS) {
                line(competitors, JsonRecords.toLine(Competitor.newBuilder().setCompetitorId(c[0]).setName(c[1])
                        .setDomains(List.of(c[2])).build()));
            }
        }

        void events(int events, Writer[] out) throws IOException {
            long[] times = new long[events];
            for (int i = 0; i < events; i++) {
                times[i] = fromMs + (long) (rnd.nextDouble() * spanMs);
            }
            Arrays.sort(times);
            for (int i = 0; i < events; i++) {
                double k = rnd.nextDouble();
                int file = k < 0.40 ? 0 : k < 0.75 ? 1 : 2;
                Ring ring = rings[file];
                String text;
                long at;
                if (ring.size > 0 && rnd.nextDouble() < DUPLICATE_RATE) {
                    int back = rnd.nextInt(ring.size);
                    int idx = Math.floorMod(ring.next - 1 - back, RING);
                    text = ring.lines[idx];
                    at = ring.times[idx];
                    duplicates++;
                } else {
                    at = times[i];
                    if (rnd.nextDouble() < OUT_OF_ORDER_RATE) {
                        at = Math.max(fromMs, at - 60_000L - (long) (rnd.nextDouble() * Duration.ofHours(6).toMillis()));
                    }
                    int p = rnd.nextInt(n);
                    text = switch (file) {
                        case 0 -> JsonRecords.toLine(crm(p, at));
                        case 1 -> JsonRecords.toLine(crawl(p, at));
                        default -> JsonRecords.toLine(pricing(p, at));
                    };
                    ring.add(text, at);
                }
                if (at < lastTime[file]) {
                    outOfOrder++;
                }
                lastTime[file] = Math.max(lastTime[file], at);
                line(out[file], text);
                counts[file]++;
            }
        }

        private CrmActivity.Builder activity(int p, long at, ActivityType type, Direction direction) {
            return CrmActivity.newBuilder()
                    .setActivityId(String.format(Locale.ROOT, "a%09d", ++activitySeq))
                    .setPartnerId(partnerId(p))
                    .setOccurredAt(Instant.ofEpochMilli(at))
                    .setType(type)
                    .setDirection(direction);
        }

        private ArrayDeque<String> open(int p) {
            ArrayDeque<String> q = open.get(p);
            if (q == null) {
                q = new ArrayDeque<>(4);
                open.set(p, q);
            }
            return q;
        }

        CrmActivity crm(int p, long at) {
            int t = temper[p];
            if (sponsor[p] < 0) {
                int level = t == 0 ? rnd.nextInt(2) : t == 1 ? 1 + rnd.nextInt(2) : 2 + rnd.nextInt(2);
                sponsor[p] = (byte) level;
                return activity(p, at, ActivityType.SPONSOR_CHANGED, Direction.INBOUND)
                        .setSponsorLevel(LEVELS[level]).setSubject("Sponsor of record").build();
            }
            double r = rnd.nextDouble();
            if (r < 0.10) {
                return activity(p, at, ActivityType.MEETING, rnd.nextBoolean() ? Direction.OUTBOUND : Direction.INBOUND)
                        .setSubject("Pipeline review").build();
            }
            if (r < 0.22) {
                return activity(p, at, ActivityType.EMAIL, rnd.nextBoolean() ? Direction.OUTBOUND : Direction.INBOUND).build();
            }
            if (r < 0.28) {
                return activity(p, at, ActivityType.CALL, Direction.OUTBOUND).build();
            }
            if (r < 0.43 || (r >= 0.58 && r < 0.63)) {
                ActivityType type = r < 0.43 ? ActivityType.REQUEST : ActivityType.ESCALATION;
                CrmActivity a = activity(p, at, type, Direction.OUTBOUND)
                        .setSubject(type == ActivityType.REQUEST ? "Request for a joint quote" : "Escalation: customer issue")
                        .build();
                ArrayDeque<String> q = open(p);
                if (q.size() < 16) {
                    q.addLast(a.getActivityId());
                }
                return a;
            }
            if (r < 0.58) {
                ArrayDeque<String> q = open(p);
                if (!q.isEmpty() && rnd.nextDouble() < ANSWER[t]) {
                    return activity(p, at, ActivityType.RESPONSE, Direction.INBOUND)
                            .setRefActivityId(q.pollFirst()).setSubject("Answer").build();
                }
                return activity(p, at, ActivityType.EMAIL, Direction.INBOUND).setSubject("Follow-up").build();
            }
            if (r < 0.78) {
                boolean give = rnd.nextDouble() < GIVE[t];
                double value = 100.0 * (10 + rnd.nextInt(490));
                return activity(p, at, ActivityType.CONTRIBUTION, give ? Direction.OUTBOUND : Direction.INBOUND)
                        .setValueUsd(value).setSubject(give ? "Roadshow, benchmark or referral from us" : "Referral to us")
                        .build();
            }
            if (r < 0.84) {
                return activity(p, at, ActivityType.DEAL_REGISTERED, Direction.INBOUND)
                        .setValueUsd(1000.0 * (5 + rnd.nextInt(200))).build();
            }
            if (r < 0.87) {
                return activity(p, at, ActivityType.DEAL_WON, Direction.INBOUND).setValueUsd(1000.0 * (5 + rnd.nextInt(200))).build();
            }
            if (r < 0.89) {
                return activity(p, at, ActivityType.DEAL_LOST, Direction.INBOUND).setValueUsd(1000.0 * (5 + rnd.nextInt(200))).build();
            }
            if (r < 0.93) {
                int level = sponsor[p];
                level = rnd.nextDouble() < DOWNGRADE[t] ? Math.min(LEVELS.length - 1, level + 1) : Math.max(0, level - 1);
                sponsor[p] = (byte) level;
                return activity(p, at, ActivityType.SPONSOR_CHANGED, Direction.INBOUND)
                        .setSponsorLevel(LEVELS[level]).setSubject("New sponsor").build();
            }
            if (r < 0.95) {
                return activity(p, at, ActivityType.COMPETITOR_APPROACH, Direction.INBOUND)
                        .setSubject("A competitor of the partner proposes a joint offer").build();
            }
            if (promo[p] != null) {
                return activity(p, at, ActivityType.REQUEST, Direction.INBOUND).setPromotionId(promo[p])
                        .setSubject("Please promote our sale to your customers").build();
            }
            return activity(p, at, ActivityType.MEETING, Direction.OUTBOUND).setSubject("Check-in").build();
        }

        CrawlResult crawl(int p, long at) {
            int t = temper[p];
            int pages = 3 + (p % 3);
            int i = rnd.nextInt(pages);
            double s = rnd.nextDouble();
            int status = s < 0.008 ? 404 : s < 0.01 ? 410 : s < 0.015 ? 503 : 200;
            boolean mentions = status == 200 && rnd.nextDouble() < (i == 4 ? 0.3 : 0.8);
            boolean links = mentions && rnd.nextDouble() < LINK[t];
            List<String> hosts = new ArrayList<>(3);
            if (links) {
                hosts.add(OUR_DOMAIN);
            }
            if (status == 200 && rnd.nextDouble() < COMPETITOR_LINK[t]) {
                hosts.add("www." + COMPETITORS[rnd.nextInt(COMPETITORS.length)][2]);
            }
            if (status == 200 && rnd.nextDouble() < 0.3) {
                hosts.add("news.industry.example");
            }
            return CrawlResult.newBuilder()
                    .setPartnerId(partnerId(p))
                    .setUrl("https://www." + domain(p) + "/" + PAGES[i])
                    .setFetchedAt(Instant.ofEpochMilli(at))
                    .setHttpStatus(status)
                    .setPageKind(KINDS[i])
                    .setMentionsUs(mentions)
                    .setLinksToUs(links)
                    .setOutboundHosts(hosts)
                    .build();
        }

        private PricingEvent.Builder pricingEvent(int p, long at, PricingEventType type) {
            return PricingEvent.newBuilder()
                    .setEventId(String.format(Locale.ROOT, "e%09d", ++eventSeq))
                    .setPartnerId(partnerId(p))
                    .setOccurredAt(Instant.ofEpochMilli(at))
                    .setType(type)
                    .setCurrency("USD");
        }

        PricingEvent pricing(int p, long at) {
            int t = temper[p];
            String sku = "SKU-" + p + "-" + (p % 4);
            double r = rnd.nextDouble();
            if (promo[p] == null && r < 0.15) {
                promo[p] = "promo-" + (++promoSeq);
                promoEligible[p] = rnd.nextDouble() < ELIGIBLE[t];
                promoList[p] = 100.0 * (10 + rnd.nextInt(190));
                double discount = 0.05 + 0.30 * rnd.nextDouble();
                return pricingEvent(p, at, PricingEventType.PROMOTION_STARTED).setPromotionId(promo[p]).setSku(sku)
                        .setListPrice(promoList[p]).setPromoPrice(round(promoList[p] * (1 - discount)))
                        .setEligibleForUs(promoEligible[p]).build();
            }
            if (promo[p] != null && r < 0.25) {
                PricingEvent e = pricingEvent(p, at, PricingEventType.PROMOTION_ENDED).setPromotionId(promo[p]).build();
                promo[p] = null;
                return e;
            }
            if (r < 0.40) {
                if (promo[p] != null) {
                    double discount = 0.05 + 0.30 * rnd.nextDouble();
                    return pricingEvent(p, at, PricingEventType.PRICE_CHANGED).setPromotionId(promo[p]).setSku(sku)
                            .setListPrice(promoList[p]).setPromoPrice(round(promoList[p] * (1 - discount))).build();
                }
                return pricingEvent(p, at, PricingEventType.PRICE_CHANGED).setSku(sku)
                        .setListPrice(100.0 * (10 + rnd.nextInt(190))).build();
            }
            double cost = 100.0 * (10 + rnd.nextInt(190));
            boolean squeezed = promo[p] != null && !promoEligible[p];
            double margin = squeezed ? -0.05 + 0.15 * rnd.nextDouble() : 0.12 + 0.2 * rnd.nextDouble();
            return pricingEvent(p, at, PricingEventType.SALE_RECORDED).setSku(sku)
                    .setOurCost(cost).setOurSellPrice(round(cost / (1 - margin))).build();
        }

        private static double round(double v) {
            return Math.round(v * 100.0) / 100.0;
        }
    }

    private static void line(Writer out, String json) throws IOException {
        out.write(json);
        out.write('\n');
    }

    /** Resets the process's VmHWM to its current RSS (Linux 4.0 and later); does nothing elsewhere. */
    private static void resetRssHighWaterMark() {
        Path clearRefs = Path.of("/proc/self/clear_refs");
        if (Files.isWritable(clearRefs)) {
            try {
                Files.writeString(clearRefs, "5");
            } catch (IOException | RuntimeException e) {
                // not allowed here: the high-water mark then covers the whole process
            }
        }
    }
}
