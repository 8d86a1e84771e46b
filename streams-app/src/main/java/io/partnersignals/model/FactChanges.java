package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Facts;

/**
 * Told of each fact an update of a {@link PartnerState} puts or removes, with what it replaced: a
 * store writes that one fact instead of the whole state, and can take the update back.
 */
public interface FactChanges {

    /** {@code fact} is now the fact {@code id} of {@code kind}; {@code before} is what it replaced, or null. */
    void put(Facts kind, String id, Object fact, Object before);

    /** The fact {@code id} of {@code kind}, which was {@code before}, is gone. */
    void removed(Facts kind, String id, Object before);

    /** Changes that nobody needs to know of: a state that lives only as an object (unit tests, the model's own use). */
    FactChanges NONE = new FactChanges() {
        @Override
        public void put(Facts kind, String id, Object fact, Object before) {
        }

        @Override
        public void removed(Facts kind, String id, Object before) {
        }
    };
}
