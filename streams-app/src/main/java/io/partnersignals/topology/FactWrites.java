package io.partnersignals.topology;

import io.partnersignals.model.FactChanges;
import io.partnersignals.model.PartnerState;
import io.partnersignals.model.PartnerState.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The facts one update of a partner changed, in order: written to the fact store as one entry per
 * fact, or taken back from the state object when the update fails half-way.
 */
final class FactWrites implements FactChanges {

    private record Change(Facts kind, String id, Object fact, Object before) {}

    private List<Change> changes = List.of();

    @Override
    public void put(Facts kind, String id, Object fact, Object before) {
        add(new Change(kind, id, fact, before));
    }

    @Override
    public void removed(Facts kind, String id, Object before) {
        add(new Change(kind, id, null, before));
    }

    private void add(Change change) {
        if (changes.isEmpty()) {
            changes = new ArrayList<>(4);
        }
        changes.add(change);
    }

    void writeTo(KeyValueStore<Bytes, byte[]> store, String partnerId) {
        for (Change c : changes) {
            Bytes key = FactCodec.key(partnerId, c.kind(), c.id());
            if (c.fact() == null) {
                store.delete(key);
            } else {
                store.put(key, FactCodec.encode(c.kind(), c.fact()));
            }
        }
    }

    /** Puts back what each change replaced, newest first. */
    void undo(PartnerState state) {
        for (int i = changes.size() - 1; i >= 0; i--) {
            Change c = changes.get(i);
            Map<String, Object> facts = state.facts(c.kind());
            if (c.before() == null) {
                facts.remove(c.id());
            } else {
                facts.put(c.id(), c.before());
            }
        }
        changes = List.of();
    }
}
