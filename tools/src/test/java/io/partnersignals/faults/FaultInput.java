package io.partnersignals.faults;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.json.JsonRecords;
import io.partnersignals.bench.ReplayBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Utils;

/**
 * What a fault run sends: the records of a replay input directory (the story, or a generated data
 * set for the long form) in event-time order, reference records first, and the clock ticks that
 * end every run at the same instant. The same list, written back as replay files, is the oracle's
 * input, so that live and replay read exactly the same records.
 */
final class FaultInput {

    static final Path STORY = Path.of("../examples/story");
    private static final Map<String, String> FILES = Map.of("partners", "partners.jsonl", "competitors",
            "competitors.jsonl", "crm", "crm.activity.jsonl", "crawl", "web.crawl.jsonl", "pricing",
            "pricing.events.jsonl");

    /** An input record: the kind of topic it goes to, its key, its time and its value. */
    record Input(String kind, String key, Instant at, SpecificRecord value) {}

    private FaultInput() {
    }

    /** The example story: three partners, 233 records. */
    static List<Input> story() throws IOException {
        return load(STORY);
    }

    /** A synthetic data set as the benchmarks generate it (the same arguments give the same records). */
    static List<Input> generated(int partners, int events, int days, long seed, Path dir) throws IOException {
        ReplayBenchmark.generate(partners, events, days, seed, dir);
        return load(dir);
    }

    /** Reads a replay input directory; reference records get a time one day before the first event. */
    static List<Input> load(Path dir) throws IOException {
        List<Input> events = new ArrayList<>();
        events.addAll(read(dir, "crm", CrmActivity.class, CrmActivity::getPartnerId, CrmActivity::getOccurredAt));
        events.addAll(read(dir, "crawl", CrawlResult.class, CrawlResult::getPartnerId, CrawlResult::getFetchedAt));
        events.addAll(read(dir, "pricing", PricingEvent.class, PricingEvent::getPartnerId, PricingEvent::getOccurredAt));
        events.sort(Comparator.comparing(Input::at)); // stable: equal times keep their file order
        // reference records just before the first event, so that Kafka Streams, which picks records by
        // timestamp, reads them first, as replay does
        Instant before = events.get(0).at().minus(Duration.ofDays(1));
        List<Input> all = new ArrayList<>();
        all.addAll(read(dir, "partners", Partner.class, Partner::getPartnerId, p -> before));
        all.addAll(read(dir, "competitors", Competitor.class, Competitor::getCompetitorId, c -> before));
        all.addAll(events);
        return all;
    }

    private static <T extends SpecificRecord> List<Input> read(Path dir, String kind, Class<T> type,
                                                               Function<T, String> key, Function<T, Instant> at)
            throws IOException {
        Path file = dir.resolve(FILES.get(kind));
        if (!Files.exists(file)) {
            return List.of();
        }
        try (Stream<String> lines = Files.lines(file)) {
            return lines.filter(l -> !l.isBlank()).map(l -> JsonRecords.fromJson(l, type))
                    .map(v -> new Input(kind, key.apply(v), at.apply(v), v)).toList();
        }
    }

    /** Midnight two days after the last event: where every run ends the clock. */
    static Instant end(List<Input> inputs) {
        Instant last = inputs.stream().map(Input::at).max(Comparator.naturalOrder()).orElseThrow();
        return last.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(2));
    }

    /**
     * One clock tick per partition at {@code at}: a MEETING of a made-up partner whose key lands on
     * that partition. It changes no state but moves every task's clock to the same instant.
     */
    static List<Input> ticks(Instant at, int partitions) {
        List<Input> ticks = new ArrayList<>();
        Set<Integer> covered = new TreeSet<>();
        for (int i = 0; covered.size() < partitions; i++) {
            String key = "clock-" + i;
            int partition = Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
            if (covered.add(partition)) {
                ticks.add(new Input("crm", key, at, CrmActivity.newBuilder().setActivityId("tick-" + key)
                        .setPartnerId(key).setOccurredAt(at).setType(ActivityType.MEETING)
                        .setDirection(Direction.OUTBOUND).build()));
            }
        }
        return ticks;
    }

    /** Writes the inputs as replay files. */
    static Path asReplayInput(List<Input> inputs, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<String>> lines = new LinkedHashMap<>();
        for (Input in : inputs) {
            lines.computeIfAbsent(FILES.get(in.kind()), f -> new ArrayList<>()).add(JsonRecords.toLine(in.value()));
        }
        for (Map.Entry<String, List<String>> e : lines.entrySet()) {
            Files.write(dir.resolve(e.getKey()), e.getValue());
        }
        return dir;
    }
}
