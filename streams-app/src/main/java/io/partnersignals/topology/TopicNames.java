package io.partnersignals.topology;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Names of the topics of the contract; the defaults are the contract's, every one configurable. */
public record TopicNames(
        String partners,
        String competitors,
        String crmActivity,
        String webCrawl,
        String pricingEvents,
        String partnerRisk,
        String alerts,
        String history,
        String deadLetters) {

    public TopicNames {
        List<String> all = List.of(partners, competitors, crmActivity, webCrawl, pricingEvents, partnerRisk, alerts,
                history, deadLetters);
        Set<String> distinct = new LinkedHashSet<>();
        for (String name : all) {
            if (name == null || name.isBlank() || !name.matches("[a-zA-Z0-9._-]{1,249}")) {
                throw new IllegalArgumentException("invalid topic name '" + name
                        + "': use 1-249 characters of letters, digits, '.', '_' and '-'");
            }
            if (!distinct.add(name)) {
                throw new IllegalArgumentException("topic name '" + name + "' is used for two topics; each topic needs its own name");
            }
        }
    }

    public static TopicNames defaults() {
        return new TopicNames("partners", "competitors", "crm.activity", "web.crawl", "pricing.events",
                "partner.risk", "partner.risk.alerts", "partner.risk.history", "partner-signals.dlq");
    }

    /** The event topics, which must be co-partitioned by partner id. */
    public List<String> eventTopics() {
        return List.of(crmActivity, webCrawl, pricingEvents);
    }

    public List<String> inputTopics() {
        return List.of(partners, competitors, crmActivity, webCrawl, pricingEvents);
    }

    public List<String> outputTopics() {
        return List.of(partnerRisk, alerts, history);
    }
}
