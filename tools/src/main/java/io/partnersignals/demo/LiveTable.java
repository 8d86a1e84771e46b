package io.partnersignals.demo;

import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.topology.PartnerSignalsTopology;
import java.io.PrintStream;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The partners' latest scores in the terminal, read every couple of seconds from this instance's
 * {@link PartnerSignalsTopology#RISK_STORE} (interactive queries; the demo is a single instance, so every
 * partner is local). On a terminal it redraws in place; otherwise (output piped or captured) it appends
 * a compact block whenever a score changes.
 */
public final class LiveTable implements AutoCloseable {

    public static final Duration INTERVAL = Duration.ofSeconds(2);
    private static final String CLEAR_SCREEN = "\033[H\033[2J";

    private final KafkaStreams streams;
    private final Function<byte[], PartnerRisk> decode;
    private final PrintStream out;
    private final boolean redraw;
    private final Supplier<String> header;
    private final int width;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "live-table");
        t.setDaemon(true);
        return t;
    });
    private String lastRows = "";

    /**
     * @param decode reads a value of the risk store (the bytes of a partner.risk record)
     * @param redraw clear the screen and redraw (a terminal), or append when the rows change
     * @param header lines printed above the table (story clock, where the page is)
     */
    public LiveTable(KafkaStreams streams, Function<byte[], PartnerRisk> decode, PrintStream out, boolean redraw,
                     Supplier<String> header) {
        this.streams = streams;
        this.decode = decode;
        this.out = out;
        this.redraw = redraw;
        this.header = header;
        this.width = terminalWidth();
    }

    /** Whether this JVM writes to a terminal, where the table can redraw in place. */
    public static boolean onTerminal() {
        return System.console() != null;
    }

    public void start() {
        timer.scheduleWithFixedDelay(this::print, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void print() {
        try {
            String rows = render(risks());
            if (redraw) {
                out.print(CLEAR_SCREEN + header.get() + "\n\n" + rows + "\n");
                out.flush();
            } else if (!rows.equals(lastRows)) {
                out.println(header.get() + "\n" + rows + "\n");
            }
            lastRows = rows;
        } catch (RuntimeException e) {
            out.println("(cannot show the scores: " + e + ")");
        }
    }

    /** Every partner's latest score in this instance's store, by name; empty while the store cannot be queried. */
    public List<PartnerRisk> risks() {
        List<PartnerRisk> risks = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, byte[]> store = streams.store(StoreQueryParameters.fromNameAndType(
                    PartnerSignalsTopology.RISK_STORE, QueryableStoreTypes.<String, byte[]>keyValueStore()));
            try (KeyValueIterator<String, byte[]> all = store.all()) {
                while (all.hasNext()) {
                    KeyValue<String, byte[]> next = all.next();
                    if (next.value != null) {
                        risks.add(decode.apply(next.value));
                    }
                }
            }
        } catch (InvalidStateStoreException e) {
            return List.of(); // starting or rebalancing: the next round will show them
        }
        risks.sort(Comparator.comparing(LiveTable::name));
        return risks;
    }

    /** The table: name, score, band, trend since the previous score, story date and the first reason. */
    String render(List<PartnerRisk> risks) {
        if (risks.isEmpty()) {
            return "(no scores yet; the application is starting or the story has not reached a partner)";
        }
        String format = "%-24s %5s  %-5s  %5s  %-10s  %s";
        int reasonWidth = Math.max(20, width - 62);
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, format, "partner", "score", "band", "trend",
                "story date", "first reason"));
        for (PartnerRisk r : risks) {
            String reason = r.getReasons().isEmpty() ? "-" : r.getReasons().get(0);
            if (reason.length() > reasonWidth) {
                reason = reason.substring(0, reasonWidth - 3) + "...";
            }
            s.append('\n').append(String.format(Locale.ROOT, format, cut(name(r), 24), r.getScore(), r.getBand(),
                    trend(r), r.getComputedAt().atOffset(ZoneOffset.UTC).toLocalDate(), reason));
        }
        return s.toString();
    }

    private static String name(PartnerRisk r) {
        return r.getPartnerName() != null ? r.getPartnerName() : r.getPartnerId();
    }

    private static String trend(PartnerRisk r) {
        if (r.getPreviousScore() == null) {
            return "new";
        }
        int delta = r.getScore() - r.getPreviousScore();
        return delta == 0 ? "=" : String.format(Locale.ROOT, "%+d", delta);
    }

    private static String cut(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "~";
    }

    private static int terminalWidth() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "120").trim());
        } catch (NumberFormatException e) {
            return 120;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
