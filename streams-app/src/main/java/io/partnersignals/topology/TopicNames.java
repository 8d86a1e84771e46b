package io.partnersignals.topology;

import io.partnersignals.config.ConfigDeclaration;
import io.partnersignals.config.ConfigValues;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Names of the topics of the contract (docs/design.md); the defaults are the contract's, every one configurable. */
public record TopicNames(
        String partners,
        String competitors,
        String crmActivity,
        String webCrawl,
        String pricingEvents,
        String partnerRisk,
        String alerts,
        String history,
        String deadLetters,
        String notes,
        String model,
        String modelAccepted) {

    public TopicNames {
        List<String> all = java.util.Arrays.asList(partners, competitors, crmActivity, webCrawl, pricingEvents, partnerRisk,
                alerts, history, deadLetters, notes, model, modelAccepted);
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

    /** Without the model topics' names: the declared {@code partner-signals.model} and {@code partner-signals.model.accepted}. */
    public TopicNames(String partners, String competitors, String crmActivity, String webCrawl, String pricingEvents,
                      String partnerRisk, String alerts, String history, String deadLetters, String notes) {
        this(partners, competitors, crmActivity, webCrawl, pricingEvents, partnerRisk, alerts, history, deadLetters, notes,
                ConfigValues.defaults().string("topic.model"), ConfigValues.defaults().string("topic.model-accepted"));
    }

    /** Without a notes topic name: the contract's {@code partner.notes}. */
    public TopicNames(String partners, String competitors, String crmActivity, String webCrawl, String pricingEvents,
                      String partnerRisk, String alerts, String history, String deadLetters) {
        this(partners, competitors, crmActivity, webCrawl, pricingEvents, partnerRisk, alerts, history, deadLetters,
                ConfigValues.defaults().string("topic.notes"));
    }

    /** The contract's names, as declared in {@link ConfigDeclaration}. */
    public static TopicNames defaults() {
        return from(ConfigValues.defaults());
    }

    /** The names the topic.* settings give. */
    public static TopicNames from(ConfigValues c) {
        return new TopicNames(c.string("topic.partners"), c.string("topic.competitors"), c.string("topic.crm-activity"),
                c.string("topic.web-crawl"), c.string("topic.pricing-events"), c.string("topic.partner-risk"),
                c.string("topic.alerts"), c.string("topic.history"), c.string("topic.dead-letters"),
                c.string("topic.notes"), c.string("topic.model"), c.string("topic.model-accepted"));
    }

    /** These names as topic.* settings; the inverse of {@link #from}. */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("topic.partners", partners);
        s.put("topic.competitors", competitors);
        s.put("topic.crm-activity", crmActivity);
        s.put("topic.web-crawl", webCrawl);
        s.put("topic.pricing-events", pricingEvents);
        s.put("topic.partner-risk", partnerRisk);
        s.put("topic.alerts", alerts);
        s.put("topic.history", history);
        s.put("topic.dead-letters", deadLetters);
        s.put("topic.notes", notes);
        s.put("topic.model", model);
        s.put("topic.model-accepted", modelAccepted);
        return s;
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
