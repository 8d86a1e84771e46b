package io.partnersignals.runtime;

import io.partnersignals.topology.TopicNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListStreamsGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.UnknownMemberIdException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Prepares the application to recompute everything from the retained input, e.g. after a model
 * change: the committed offsets of its group on the input topics go back to the earliest retained
 * record, its internal topics (changelogs, repartition and foreign-key subscription topics) are
 * deleted, and this host's state directory of the application is removed. Output topics are left
 * alone. What Kafka's kafka-streams-application-reset tool does, on the Admin client only: that
 * tool's artifact would bring the Kafka server and Connect runtime into the application's jar.
 *
 * <p>It refuses while the group has members or an instance on this host holds the state directory:
 * a running instance would commit its old positions over the reset and write to the deleted topics.
 */
public final class ApplicationReset {

    /** Suffixes of the topics Kafka Streams creates for an application, after {@code <application.id>-}. */
    static final List<String> INTERNAL_SUFFIXES = List.of("-changelog", "-repartition",
            "-subscription-registration-topic", "-subscription-response-topic");
    /** Kafka Streams' lock file in the application's state directory, held by a running instance. */
    static final String STATE_LOCK_FILE = ".lock";
    private static final Duration TOPIC_DELETION_TIMEOUT = Duration.ofSeconds(60);

    private final String applicationId;
    private final TopicNames topics;
    private final Path stateDirectory;
    private final Map<String, Object> adminConfig;

    /** Checks the configuration; a mistake throws {@link AppConfig.ConfigException}. */
    public ApplicationReset(AppConfig config) {
        this.applicationId = config.get("application.id");
        this.topics = config.topologySettings().topics();
        // where Kafka Streams keeps this application's state: <state.dir>/<application.id>
        this.stateDirectory = StateDirectoryCheck.directory(config).resolve(applicationId).toAbsolutePath();
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.putAll(config.kafkaProperties()); // bootstrap servers and security, as the application connects
        // Kafka Streams' own reading of the kafka.* settings, admin.* prefixes included
        this.adminConfig = new StreamsConfig(p).getAdminConfigs(applicationId + "-reset");
        adminConfig.putIfAbsent(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 60_000);
    }

    /** The input topics whose offsets the group commits; competitors is a global table, read whole at every start. */
    List<String> groupInputTopics() {
        return List.of(topics.partners(), topics.crmActivity(), topics.webCrawl(), topics.pricingEvents());
    }

    public Path stateDirectory() {
        return stateDirectory;
    }

    /**
     * Resets the application, or with {@code dryRun} only finds out what a reset would do.
     *
     * @throws Refused when an instance still runs (a member of the group, or the state directory locked here)
     * @throws AppConfig.ConfigException when Kafka refuses the connection's credentials
     */
    public ResetSummary reset(ResetOptions options) throws InterruptedException {
        try (Admin admin = Admin.create(adminConfig)) {
            return reset(admin, options);
        }
    }

    ResetSummary reset(Admin admin, ResetOptions options) throws InterruptedException {
        try {
            boolean streamsGroup = groupType(admin).filter(t -> t == GroupType.STREAMS).isPresent();
            refuseWhileRunning(admin, streamsGroup, options);

            Set<String> present = admin.listTopics().names().get();
            List<String> inputs = groupInputTopics().stream().filter(present::contains).toList();
            List<String> missing = groupInputTopics().stream().filter(t -> !present.contains(t)).toList();
            Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(admin, streamsGroup);
            Map<TopicPartition, Long> earliest = earliestOffsets(admin, inputs);
            List<ResetSummary.PartitionReset> resets = new ArrayList<>();
            Map<TopicPartition, OffsetAndMetadata> target = new LinkedHashMap<>();
            earliest.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(TopicPartition::toString)))
                    .forEach(e -> {
                        OffsetAndMetadata c = committed.get(e.getKey());
                        resets.add(new ResetSummary.PartitionReset(e.getKey(), c == null ? null : c.offset(), e.getValue()));
                        target.put(e.getKey(), new OffsetAndMetadata(e.getValue()));
                    });
            List<String> others = otherApplicationIds(admin);
            List<String> internal = internalTopics(present, others);
            List<String> othersTopics = internalTopics(present, List.of()).stream()
                    .filter(topic -> !internal.contains(topic)).toList();
            ResetSummary.LocalState local = options.keepLocalState() ? ResetSummary.LocalState.KEPT
                    : Files.exists(stateDirectory) ? ResetSummary.LocalState.REMOVED : ResetSummary.LocalState.ABSENT;
            ResetSummary summary = new ResetSummary(applicationId, options.dryRun(), resets, missing, internal,
                    othersTopics, stateDirectory, local);
            if (options.dryRun()) {
                return summary;
            }
            if (!target.isEmpty()) {
                try {
                    if (streamsGroup) {
                        admin.alterStreamsGroupOffsets(applicationId, target).all().get();
                    } else {
                        admin.alterConsumerGroupOffsets(applicationId, target).all().get();
                    }
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof UnknownMemberIdException || e.getCause() instanceof GroupNotEmptyException) {
                        throw new Refused("an instance joined the group '" + applicationId + "' during the reset; "
                                + "stop every instance and run reset again (" + e.getCause().getMessage() + ")");
                    }
                    throw e;
                }
            }
            deleteTopics(admin, internal);
            if (local == ResetSummary.LocalState.REMOVED) {
                deleteDirectory(stateDirectory);
            }
            return summary;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AuthenticationException) {
                throw new AppConfig.ConfigException("Kafka refused the connection (" + e.getCause().getMessage()
                        + "); check kafka.security.protocol, kafka.sasl.* and kafka.ssl.truststore.*");
            }
            throw new IllegalStateException("reset of '" + applicationId + "' failed: " + e.getCause().getMessage(),
                    e.getCause());
        }
    }

    private Optional<GroupType> groupType(Admin admin) throws ExecutionException, InterruptedException {
        return admin.listGroups().all().get().stream().filter(g -> g.groupId().equals(applicationId))
                .findFirst().flatMap(GroupListing::type);
    }

    private void refuseWhileRunning(Admin admin, boolean streamsGroup, ResetOptions options)
            throws ExecutionException, InterruptedException {
        List<String> members = new ArrayList<>();
        try {
            if (streamsGroup) {
                admin.describeStreamsGroups(List.of(applicationId)).all().get().get(applicationId).members()
                        .forEach(m -> members.add(m.clientId() + " on " + m.clientHost()));
            } else {
                admin.describeConsumerGroups(List.of(applicationId)).all().get().get(applicationId).members()
                        .forEach(m -> members.add(m.clientId() + " on " + m.host()));
            }
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
        if (!members.isEmpty()) {
            throw new Refused("the application '" + applicationId + "' is running: its group has " + members.size()
                    + " active member(s) (" + String.join(", ", new TreeSet<>(members)) + "). Stop every instance first, "
                    + "then run reset again. An instance stopped with shutdown.leave-group=false, or killed, stays a "
                    + "member until its session times out (kafka.session.timeout.ms, 45 s by default).");
        }
        if (!options.keepLocalState() && stateLocked()) {
            throw new Refused("an instance on this host still holds the state directory " + stateDirectory
                    + " (its " + STATE_LOCK_FILE + " is locked); stop it first, then run reset again");
        }
    }

    /** Whether a running Kafka Streams instance holds the application's state directory lock. */
    boolean stateLocked() {
        Path lock = stateDirectory.resolve(STATE_LOCK_FILE);
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE)) {
            FileLock held = channel.tryLock();
            if (held == null) {
                return true;
            }
            held.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by an instance in this very JVM
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot check the lock of the state directory " + stateDirectory, e);
        }
    }

    private Map<TopicPartition, OffsetAndMetadata> committedOffsets(Admin admin, boolean streamsGroup)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetAndMetadata> committed = new HashMap<>();
        try {
            Map<TopicPartition, OffsetAndMetadata> offsets = streamsGroup
                    ? admin.listStreamsGroupOffsets(Map.of(applicationId, new ListStreamsGroupOffsetsSpec()))
                            .partitionsToOffsetAndMetadata(applicationId).get()
                    : admin.listConsumerGroupOffsets(applicationId).partitionsToOffsetAndMetadata().get();
            offsets.forEach((tp, o) -> {
                if (o != null) {
                    committed.put(tp, o);
                }
            });
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                throw e;
            }
        }
        return committed;
    }

    private static Map<TopicPartition, Long> earliestOffsets(Admin admin, Collection<String> topics)
            throws ExecutionException, InterruptedException {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        if (topics.isEmpty()) {
            return Map.of();
        }
        for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get().values()) {
            d.partitions().forEach(p -> request.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.earliest()));
        }
        Map<TopicPartition, Long> earliest = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((tp, info) -> earliest.put(tp, info.offset()));
        return earliest;
    }

    /** Ids of other groups that start with this application's id and a dash: their internal topics are theirs. */
    private List<String> otherApplicationIds(Admin admin) throws ExecutionException, InterruptedException {
        return admin.listGroups().all().get().stream().map(GroupListing::groupId)
                .filter(g -> g.startsWith(applicationId + "-")).toList();
    }

    /**
     * The topics Kafka Streams created for this application, by its naming: {@code <application.id>-<name>}
     * and one of {@link #INTERNAL_SUFFIXES}. Every version's are found, also those a changed topology no longer
     * uses; topics of another application whose id extends this one's (partner-signals-staging) are not.
     */
    List<String> internalTopics(Collection<String> present, Collection<String> otherApplicationIds) {
        return present.stream()
                .filter(t -> t.startsWith(applicationId + "-"))
                .filter(t -> INTERNAL_SUFFIXES.stream().anyMatch(t::endsWith))
                .filter(t -> otherApplicationIds.stream().noneMatch(other -> t.startsWith(other + "-")))
                .sorted().toList();
    }

    /** Deletes the topics and waits until the cluster no longer lists them, so a start right after does not see them. */
    private static void deleteTopics(Admin admin, List<String> names) throws ExecutionException, InterruptedException {
        if (names.isEmpty()) {
            return;
        }
        try {
            admin.deleteTopics(names).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                throw e;
            }
        }
        long deadline = System.nanoTime() + TOPIC_DELETION_TIMEOUT.toNanos();
        while (true) {
            Set<String> left = new TreeSet<>(admin.listTopics().names().get());
            left.retainAll(names);
            if (left.isEmpty()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("internal topics " + left + " were still listed " + TOPIC_DELETION_TIMEOUT.toSeconds()
                        + " s after their deletion; run reset again before starting the application");
            }
            Thread.sleep(200); // polling interval of a condition with a deadline
        }
    }

    private static void deleteDirectory(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (NoSuchFileException e) {
            // already gone
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the state directory " + dir + " (" + e.getMessage()
                    + "); remove it by hand before the next start", e);
        }
    }

    /** A reset that must not run now; the message says why and what to do. */
    public static final class Refused extends RuntimeException {
        public Refused(String message) {
            super(message);
        }
    }
}
