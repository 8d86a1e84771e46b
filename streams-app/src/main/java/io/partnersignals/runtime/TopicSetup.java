package io.partnersignals.runtime;

import io.partnersignals.topology.TopicNames;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes sure the application's topics exist before it starts: creates the missing ones with the
 * configured partitions (compacted for the reference tables, the latest-score topic, the notes and the model versions), and
 * refuses to run when the inputs joined by partner id are not co-partitioned.
 */
public final class TopicSetup {

    private static final Logger LOG = LoggerFactory.getLogger(TopicSetup.class);

    private final TopicNames topics;
    private final int partitions;
    private final short replicationFactor;
    private final boolean create;

    public TopicSetup(TopicNames topics, int partitions, short replicationFactor, boolean create) {
        if (partitions < 1) {
            throw new AppConfig.ConfigException("topics.partitions must be >= 1, got " + partitions);
        }
        if (replicationFactor == 0 || replicationFactor < -1) {
            throw new AppConfig.ConfigException("topics.replication-factor must be >= 1, or -1 for the broker default; got "
                    + replicationFactor);
        }
        this.topics = topics;
        this.partitions = partitions;
        this.replicationFactor = replicationFactor;
        this.create = create;
    }

    /** Topic name to whether it is compacted. */
    Map<String, Boolean> required() {
        Map<String, Boolean> all = new LinkedHashMap<>();
        all.put(topics.partners(), true);
        all.put(topics.competitors(), true);
        all.put(topics.crmActivity(), false);
        all.put(topics.webCrawl(), false);
        all.put(topics.pricingEvents(), false);
        all.put(topics.partnerRisk(), true);
        all.put(topics.alerts(), false);
        all.put(topics.history(), false);
        all.put(topics.deadLetters(), false);
        all.put(topics.notes(), true);
        all.put(topics.model(), true);
        all.put(topics.modelAccepted(), true);
        return all;
    }

    /** Creates what is missing, then checks co-partitioning; throws {@link AppConfig.ConfigException} with what to fix. */
    public void ensure(Admin admin) throws InterruptedException {
        Map<String, Boolean> required = required();
        Map<String, Integer> existing = describe(admin, required.keySet());
        List<NewTopic> missing = new ArrayList<>();
        for (Map.Entry<String, Boolean> t : required.entrySet()) {
            if (!existing.containsKey(t.getKey())) {
                NewTopic nt = new NewTopic(t.getKey(), Optional.of(partitions),
                        replicationFactor == -1 ? Optional.empty() : Optional.of(replicationFactor));
                if (t.getValue()) {
                    nt.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                }
                missing.add(nt);
            }
        }
        if (!missing.isEmpty()) {
            if (!create) {
                throw new AppConfig.ConfigException("topics missing: " + missing.stream().map(NewTopic::name).toList()
                        + "; create them, or set topics.create=true");
            }
            try {
                admin.createTopics(missing).all().get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof AuthorizationException) {
                    throw new AppConfig.ConfigException("this application may not create topics "
                            + missing.stream().map(NewTopic::name).toList() + " (" + e.getCause().getMessage()
                            + "); create them beforehand and set topics.create=false, or grant its principal Create on them");
                }
                refusedLogin(e.getCause());
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topics " + missing.stream().map(NewTopic::name).toList()
                            + ": " + e.getCause().getMessage(), e.getCause());
                }
            }
            LOG.info("created topics {} with {} partitions", missing.stream().map(NewTopic::name).toList(), partitions);
            existing = describe(admin, required.keySet());
        }
        checkCoPartitioned(existing);
    }

    void checkCoPartitioned(Map<String, Integer> partitionCounts) {
        Map<String, Integer> joined = new TreeMap<>();
        for (String t : List.of(topics.partners(), topics.crmActivity(), topics.webCrawl(), topics.pricingEvents())) {
            joined.put(t, partitionCounts.get(t));
        }
        if (joined.values().stream().distinct().count() > 1) {
            throw new AppConfig.ConfigException("input topics are not co-partitioned: partner-keyed inputs must all have "
                    + "the same number of partitions, but they have " + joined
                    + "; repartition them (or recreate them) with one partition count");
        }
    }

    private static Map<String, Integer> describe(Admin admin, Set<String> names) throws InterruptedException {
        Map<String, Integer> counts = new TreeMap<>();
        try {
            Set<String> present = admin.listTopics().names().get();
            List<String> wanted = names.stream().filter(present::contains).toList();
            if (!wanted.isEmpty()) {
                for (Map.Entry<String, TopicDescription> e : admin.describeTopics(wanted).allTopicNames().get().entrySet()) {
                    counts.put(e.getKey(), e.getValue().partitions().size());
                }
            }
        } catch (ExecutionException e) {
            refusedLogin(e.getCause());
            throw new IllegalStateException("cannot describe topics on the Kafka cluster: " + e.getCause().getMessage(),
                    e.getCause());
        }
        return counts;
    }

    /** A failed TLS handshake or SASL login is a configuration mistake: name the settings to fix. */
    private static void refusedLogin(Throwable cause) {
        if (cause instanceof AuthenticationException) {
            throw new AppConfig.ConfigException("Kafka refused this application's connection (" + cause.getClass().getSimpleName()
                    + ": " + cause.getMessage() + "); check kafka.security.protocol, kafka.sasl.mechanism, "
                    + "kafka.sasl.jaas.config (user and password) and kafka.ssl.truststore.*");
        }
    }
}
