package io.partnersignals.topology;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps the global notes store: each valid partner.notes record under its key, a tombstone removes one.
 * A record that cannot be decoded or breaks {@link #check} throws {@link InvalidRecordException}, which the
 * processing handler takes like every refused input ({@link DeadLetterHandlers}); the store keeps what it had.
 */
final class NotesUpdate implements Processor<String, byte[], Void, Void> {

    /** Upper bounds on what is stored: the HTTP API writes far less (80 and 2000 characters). */
    static final int MAX_AUTHOR = 200;
    static final int MAX_TEXT = 4000;

    private final String storeName;
    private final String topic;
    private final Deserializer<PartnerNote> decoder;
    private KeyValueStore<String, byte[]> store;

    NotesUpdate(String storeName, String topic, Deserializer<PartnerNote> decoder) {
        this.storeName = storeName;
        this.topic = topic;
        this.decoder = decoder;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        if (record.key() == null) {
            throw new InvalidRecordException("a note without a key; the key is partnerId/noteId");
        }
        if (record.value() == null) {
            store.delete(record.key());
            return;
        }
        if (record.value().length == 0) {
            throw new InvalidRecordException("empty value");
        }
        PartnerNote note = decoder.deserialize(topic, record.value());
        check(record.key(), note);
        store.put(record.key(), record.value());
    }

    /** The rules a stored note follows; the message names what is wrong, never the note's text. */
    static void check(String key, PartnerNote note) {
        if (note.getPartnerId().isEmpty() || note.getNoteId().isEmpty()) {
            throw new InvalidRecordException("a note needs a partnerId and a noteId");
        }
        if (!key.equals(key(note.getPartnerId(), note.getNoteId()))) {
            throw new InvalidRecordException("key '" + key + "' is not partnerId/noteId ('" + key(note.getPartnerId(),
                    note.getNoteId()) + "')");
        }
        if (note.getAuthor().length() > MAX_AUTHOR) {
            throw new InvalidRecordException("author has " + note.getAuthor().length() + " characters; at most "
                    + MAX_AUTHOR + " are taken");
        }
        if (note.getText().length() > MAX_TEXT) {
            throw new InvalidRecordException("text has " + note.getText().length() + " characters; at most "
                    + MAX_TEXT + " are taken");
        }
        if (note.getKind() == NoteKind.ACKNOWLEDGED && note.getAlertAt() == null) {
            throw new InvalidRecordException("an ACKNOWLEDGED note needs alertAt");
        }
    }

    /** The record key of a note. */
    static String key(String partnerId, String noteId) {
        return partnerId + "/" + noteId;
    }
}
