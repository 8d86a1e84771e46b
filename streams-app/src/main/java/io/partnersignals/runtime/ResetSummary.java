package io.partnersignals.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.TopicPartition;

/**
 * What a reset did, or with {@code dryRun} would do: the input partitions whose committed offsets go
 * back to the earliest retained record, the internal topics deleted, and this host's state directory.
 * {@code othersTopics} are named like internal topics of this application but start with the id of
 * another group ({@code <application.id>-staging-...}): left alone, and shown so that an operator can tell.
 */
public record ResetSummary(
        String applicationId,
        boolean dryRun,
        List<PartitionReset> offsets,
        List<String> missingInputTopics,
        List<String> internalTopics,
        List<String> othersTopics,
        Path stateDirectory,
        LocalState localState) {

    /** One input partition: its committed offset before (null when the group had none) and the offset set. */
    public record PartitionReset(TopicPartition partition, Long committed, long earliest) {
    }

    /** What happened to this host's state directory of the application. */
    public enum LocalState {
        /** Deleted (or, in a dry run, would be). */
        REMOVED,
        /** There was none. */
        ABSENT,
        /** Left in place: --keep-local-state. */
        KEPT
    }

    public ResetSummary {
        offsets = List.copyOf(offsets);
        missingInputTopics = List.copyOf(missingInputTopics);
        internalTopics = List.copyOf(internalTopics);
        othersTopics = List.copyOf(othersTopics);
    }

    /**
     * The offsets between the earliest and the committed ones: at most the records the group reads again
     * (transaction markers take offsets too).
     */
    public long recordsToReprocess() {
        return offsets.stream().filter(o -> o.committed() != null).mapToLong(o -> Math.max(0, o.committed() - o.earliest()))
                .sum();
    }

    /** The operator's report, one line per fact; a dry run says "would". */
    public List<String> lines() {
        List<String> out = new ArrayList<>();
        out.add((dryRun ? "Dry run: nothing changed. " : "") + "Reset of application '" + applicationId + "':");
        Map<String, List<PartitionReset>> byTopic = new TreeMap<>();
        offsets.forEach(o -> byTopic.computeIfAbsent(o.partition().topic(), t -> new ArrayList<>()).add(o));
        out.add("  input offsets: " + (dryRun ? "would be set" : "set") + " to the earliest on " + offsets.size()
                + " partitions of " + byTopic.size() + " topics (up to " + recordsToReprocess() + " records to read again)");
        byTopic.forEach((topic, parts) -> {
            StringBuilder line = new StringBuilder("    ").append(topic).append(':');
            parts.stream().sorted(java.util.Comparator.comparingInt(p -> p.partition().partition())).forEach(p ->
                    line.append(' ').append(p.partition().partition()).append(" ")
                            .append(p.committed() == null ? "none" : p.committed()).append("->").append(p.earliest()));
            out.add(line.toString());
        });
        if (!missingInputTopics.isEmpty()) {
            out.add("  input topics not on the cluster (nothing to reset): " + String.join(", ", missingInputTopics));
        }
        if (internalTopics.isEmpty()) {
            out.add("  internal topics: none to delete");
        } else {
            out.add("  internal topics: " + (dryRun ? "would delete " : "deleted ") + internalTopics.size());
            internalTopics.forEach(t -> out.add("    " + t));
        }
        if (!othersTopics.isEmpty()) {
            out.add("  left alone, as internal topics of another group whose id starts with '" + applicationId + "-': "
                    + othersTopics.size() + " (delete them by hand if they are this application's)");
            othersTopics.forEach(t -> out.add("    " + t));
        }
        out.add("  local state " + stateDirectory + ": " + switch (localState) {
            case REMOVED -> dryRun ? "would be removed" : "removed";
            case ABSENT -> "none here";
            case KEPT -> "kept (--keep-local-state): remove it before the next start, or the old state is used";
        });
        if (!dryRun) {
            out.add("Output topics are untouched; start every instance again (each with an empty state directory) "
                    + "to recompute from the retained input.");
        }
        return out;
    }
}
