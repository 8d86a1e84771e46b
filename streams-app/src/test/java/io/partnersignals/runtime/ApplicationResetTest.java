package io.partnersignals.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApplicationResetTest {

    @TempDir
    Path tmp;

    private ApplicationReset reset(Map<String, String> settings) {
        return new ApplicationReset(AppConfig.load(null, Map.of(), settings));
    }

    @Test
    void internalTopicsAreTheApplicationsByKafkaStreamsNamingOfEveryVersionButNotThoseOfAnApplicationWhoseIdExtendsIt() {
        ApplicationReset reset = reset(Map.of("application.id", "partner-signals"));
        List<String> present = List.of(
                "partner-signals-partner-facts-changelog",
                "partner-signals-crm-by-partner-repartition",
                "partner-signals-an-old-store-changelog", // a store a changed topology no longer has
                "partner-signals-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000010-subscription-registration-topic",
                "partner-signals-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000012-subscription-response-topic",
                "partner-signals.dlq", // the dead-letter topic: an output, not internal
                "partner-signals-notes", // some topic of the same prefix that Kafka Streams did not create
                "partner-signals-staging-partner-facts-changelog", // application partner-signals-staging
                "other-partner-facts-changelog",
                "partners", "partner.risk");
        assertThat(reset.internalTopics(present, List.of("partner-signals-staging"))).containsExactly(
                "partner-signals-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000010-subscription-registration-topic",
                "partner-signals-KTABLE-FK-JOIN-SUBSCRIPTION-RESPONSE-0000000012-subscription-response-topic",
                "partner-signals-an-old-store-changelog",
                "partner-signals-crm-by-partner-repartition",
                "partner-signals-partner-facts-changelog");
    }

    @Test
    void theGroupsInputsAreThePartnerKeyedTopicsNotTheGlobalCompetitorsTable() {
        assertThat(reset(Map.of("topic.crm-activity", "crm.v2")).groupInputTopics())
                .containsExactly("partners", "crm.v2", "web.crawl", "pricing.events");
    }

    @Test
    void theStateDirectoryIsTheApplicationsOneUnderStateDirAndKafkaStateDirWins() {
        assertThat(reset(Map.of("state.dir", tmp.toString(), "application.id", "ps")).stateDirectory())
                .isEqualTo(tmp.resolve("ps").toAbsolutePath());
        assertThat(reset(Map.of("state.dir", "/elsewhere", "kafka.state.dir", tmp.toString())).stateDirectory())
                .isEqualTo(tmp.resolve("partner-signals").toAbsolutePath());
    }

    @Test
    void aStateDirectoryWhoseLockIsHeldCountsAsInUse() throws Exception {
        ApplicationReset reset = reset(Map.of("state.dir", tmp.toString()));
        assertThat(reset.stateLocked()).as("no state directory").isFalse();
        Path lock = Files.createDirectories(reset.stateDirectory()).resolve(ApplicationReset.STATE_LOCK_FILE);
        Files.createFile(lock);
        assertThat(reset.stateLocked()).as("left by a stopped instance").isFalse();
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            assertThat(reset.stateLocked()).as("held by a running instance").isTrue();
        }
    }

    private static ResetSummary summary(boolean dryRun, ResetSummary.LocalState local) {
        return new ResetSummary("partner-signals", dryRun, List.of(
                new ResetSummary.PartitionReset(new TopicPartition("crm.activity", 1), 120L, 20),
                new ResetSummary.PartitionReset(new TopicPartition("crm.activity", 0), 100L, 0),
                new ResetSummary.PartitionReset(new TopicPartition("partners", 0), null, 0)),
                List.of("pricing.events"), List.of("partner-signals-partner-facts-changelog"),
                List.of("partner-signals-staging-partner-facts-changelog"), Path.of("/var/lib/ps/partner-signals"),
                local);
    }

    @Test
    void theSummarySaysWhatWasDoneOrWouldBeWithTheRecordsToReadAgain() {
        ResetSummary done = summary(false, ResetSummary.LocalState.REMOVED);
        assertThat(done.recordsToReprocess()).isEqualTo(200);
        assertThat(done.lines()).containsExactly(
                "Reset of application 'partner-signals':",
                "  input offsets: set to the earliest on 3 partitions of 2 topics (up to 200 records to read again)",
                "    crm.activity: 0 100->0 1 120->20",
                "    partners: 0 none->0",
                "  input topics not on the cluster (nothing to reset): pricing.events",
                "  internal topics: deleted 1",
                "    partner-signals-partner-facts-changelog",
                "  left alone, as internal topics of another group whose id starts with 'partner-signals-': 1 "
                        + "(delete them by hand if they are this application's)",
                "    partner-signals-staging-partner-facts-changelog",
                "  local state /var/lib/ps/partner-signals: removed",
                "Output topics are untouched; start every instance again (each with an empty state directory) "
                        + "to recompute from the retained input.");
        List<String> dry = summary(true, ResetSummary.LocalState.REMOVED).lines();
        assertThat(dry.get(0)).isEqualTo("Dry run: nothing changed. Reset of application 'partner-signals':");
        assertThat(dry).contains("  input offsets: would be set to the earliest on 3 partitions of 2 topics (up to 200 records to read again)",
                "  internal topics: would delete 1", "  local state /var/lib/ps/partner-signals: would be removed");
        assertThat(dry).noneMatch(l -> l.startsWith("Output topics"));
        assertThat(summary(false, ResetSummary.LocalState.KEPT).lines())
                .anyMatch(l -> l.contains("kept (--keep-local-state)"));
    }

    @Test
    void aConfigurationMistakeExitsWith2AndNamesIt() {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ResetCommand());
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("--set", "no.such.setting=1")).isEqualTo(2);
        assertThat(err.toString()).contains("partner-signals reset: unknown setting 'no.such.setting'");
        err.getBuffer().setLength(0);
        assertThat(cli.execute("--config", tmp.resolve("missing.properties").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("does not exist");
        err.getBuffer().setLength(0);
        assertThat(cli.execute("--set", "kafka.bootstrap.servers=no-such-host.invalid:9092")).isEqualTo(2);
        assertThat(err.toString()).contains("the Kafka settings do not work").contains("kafka.bootstrap.servers");
    }
}
