package io.partnersignals.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;

/**
 * The notes topic read back into the global store partner-notes, and what happens to records that break its
 * rules: refused, skipped and counted (Kafka Streams cannot send dead letters from a global store).
 */
class NotesStoreTest {

    private static final TopologySettings SETTINGS = TopologySettings.defaults().withIdleAdvance(false);
    private static final Instant T = Instant.parse("2026-08-01T10:00:00Z");

    private static PartnerNote note(String partnerId, String noteId, int minute, NoteKind kind, String text) {
        return PartnerNote.newBuilder().setPartnerId(partnerId).setNoteId(noteId).setAt(T.plusSeconds(60L * minute))
                .setAuthor("Ana").setKind(kind).setText(text)
                .setAlertAt(kind == NoteKind.ACKNOWLEDGED ? T : null).build();
    }

    private static PipelineDriver driver(SimpleMeterRegistry meters) {
        ScoringMetrics metrics = new ScoringMetrics(meters);
        return new PipelineDriver(SETTINGS, metrics,
                PartnerSignalsTopology.errorHandling(SETTINGS.topics(), DeadLetterRecords.DEFAULT_MAX_BYTES, metrics,
                        new UnwritableRecords()));
    }

    private static TestInputTopic<String, PartnerNote> notes(PipelineDriver p) {
        return p.driver.createInputTopic(SETTINGS.topics().notes(), new StringSerializer(),
                p.topics.notes.valueSerde().serializer());
    }

    /** What StreamsRiskView.notes reads: the prefix "partnerId/" of the global store. */
    private static List<PartnerNote> notesOf(PipelineDriver p, String partnerId) {
        KeyValueStore<String, byte[]> store = p.driver.getKeyValueStore(PartnerSignalsTopology.NOTES_STORE);
        List<PartnerNote> found = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = store.prefixScan(partnerId + "/", new StringSerializer())) {
            it.forEachRemaining(kv -> found.add(p.topics.notes.valueSerde().deserializer()
                    .deserialize(SETTINGS.topics().notes(), kv.value)));
        }
        return found;
    }

    @Test
    void everyNoteIsInTheGlobalStoreUnderPartnerIdSlashNoteId() {
        try (PipelineDriver p = driver(new SimpleMeterRegistry())) {
            TestInputTopic<String, PartnerNote> in = notes(p);
            PartnerNote owner = note("acme", "n-2", 1, NoteKind.OWNER_SET, "Bo Berg");
            PartnerNote comment = note("acme", "n-1", 2, NoteKind.NOTE, "Called them.");
            PartnerNote ack = note("acme", "n-3", 3, NoteKind.ACKNOWLEDGED, "");
            PartnerNote other = note("acme-eu", "n-4", 0, NoteKind.NOTE, "Not acme's.");
            for (PartnerNote n : List.of(owner, comment, ack, other)) {
                in.pipeInput(Topics.noteKey(n), n, n.getAt());
            }

            assertThat(notesOf(p, "acme")).containsExactlyInAnyOrder(owner, comment, ack);
            assertThat(notesOf(p, "acme-eu")).containsExactly(other);
            assertThat(notesOf(p, "acm")).isEmpty();

            in.pipeInput("acme/n-1", (PartnerNote) null, T.plusSeconds(600));
            assertThat(notesOf(p, "acme")).as("a tombstone removes the note").containsExactlyInAnyOrder(owner, ack);
            assertThat(p.deadLetters.readRecordsToList()).isEmpty();
        }
    }

    @Test
    void aNoteThatBreaksTheRulesIsRefusedAndTheStoreKeepsWhatItHad() {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (PipelineDriver p = driver(meters)) {
            TestInputTopic<String, PartnerNote> in = notes(p);
            TestInputTopic<String, byte[]> raw = p.driver.createInputTopic(SETTINGS.topics().notes(), new StringSerializer(),
                    new ByteArraySerializer());
            PartnerNote good = note("acme", "n-1", 1, NoteKind.NOTE, "Fine.");
            in.pipeInput(Topics.noteKey(good), good, T);

            raw.pipeInput("acme/n-2", new byte[] {0, 0, 0, 0, 42, 1, 2}, T); // no such schema id
            raw.pipeInput("acme/n-3", new byte[0], T);
            in.pipeInput("acme/n-9", note("acme", "n-4", 2, NoteKind.NOTE, "Wrong key."), T);
            in.pipeInput("acme/n-5", PartnerNote.newBuilder(note("acme", "n-5", 3, NoteKind.ACKNOWLEDGED, ""))
                    .setAlertAt(null).build(), T);
            in.pipeInput("acme/n-6", note("acme", "n-6", 4, NoteKind.NOTE, "x".repeat(NotesUpdate.MAX_TEXT + 1)), T);
            PartnerNote later = note("acme", "n-7", 5, NoteKind.NOTE, "Still read.");
            in.pipeInput(Topics.noteKey(later), later, T);

            assertThat(notesOf(p, "acme")).containsExactlyInAnyOrder(good, later);
            // Kafka Streams 4.3 sends no dead letter from a global store ("DLQ support for global store/KTable will
            // be added in a future release"): the refused records are skipped, logged and counted, not dead letters
            assertThat(p.deadLetters.readRecordsToList()).isEmpty();
            assertThat(meters.find("partner_signals_dead_letters").tag("topic", SETTINGS.topics().notes()).counter())
                    .as("not counted as dead letters that were never written").isNull();
            Counter skipped = meters.find("partner_signals_global_records_skipped").tag("topic", SETTINGS.topics().notes())
                    .counter();
            assertThat(skipped).isNotNull();
            assertThat(skipped.count()).isEqualTo(5.0);
        }
    }

    @Test
    void checkNamesWhatIsWrong() {
        PartnerNote n = note("acme", "n-1", 0, NoteKind.NOTE, "x");
        NotesUpdate.check("acme/n-1", n);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> NotesUpdate.check("acme/n-2", n))
                .isInstanceOf(InvalidRecordException.class).hasMessageContaining("is not partnerId/noteId");
    }
}
