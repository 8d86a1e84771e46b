package io.partnersignals.topology;

import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Joins a crawl result with the competitor table: which of the page's outbound hosts belong to a
 * known competitor. A lookup by host, not by key, so it reads the (small) global table directly.
 */
final class CompetitorLinks implements FixedKeyProcessor<String, CrawlResult, PartnerSignal> {

    /** Competitor links kept per page: one page's fact stays small whatever the crawler found. */
    static final int MAX_LINKS_PER_PAGE = 100;

    private final String competitorStore;
    private FixedKeyProcessorContext<String, PartnerSignal> context;
    private TimestampedKeyValueStore<String, Competitor> competitors;

    CompetitorLinks(String competitorStore) {
        this.competitorStore = competitorStore;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, PartnerSignal> context) {
        this.context = context;
        this.competitors = context.getStateStore(competitorStore);
    }

    @Override
    public void process(FixedKeyRecord<String, CrawlResult> record) {
        CrawlResult crawl = record.value();
        List<String> links = new ArrayList<>();
        if (!crawl.getOutboundHosts().isEmpty()) {
            try (KeyValueIterator<String, ValueAndTimestamp<Competitor>> all = competitors.all()) {
                List<Competitor> known = new ArrayList<>();
                all.forEachRemaining((KeyValue<String, ValueAndTimestamp<Competitor>> kv) -> {
                    if (kv.value != null && kv.value.value() != null) {
                        known.add(kv.value.value());
                    }
                });
                for (String host : crawl.getOutboundHosts()) {
                    if (links.size() == MAX_LINKS_PER_PAGE) {
                        break; // a page is a diversion with one such link; a hundred are evidence enough
                    }
                    for (Competitor c : known) {
                        if (c.getDomains().stream().anyMatch(d -> HostMatch.belongsTo(host, d))) {
                            String link = HostMatch.normalize(host) + " (" + c.getName() + ")";
                            if (!links.contains(link)) {
                                links.add(link);
                            }
                            break;
                        }
                    }
                }
            }
        }
        context.forward(record.withValue(new PartnerSignal.Crawl(crawl, links)));
    }
}
