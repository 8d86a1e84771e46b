package io.partnersignals.http;

import io.partnersignals.contract.PartnerNote;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test double of the {@link NoteWriter}: keeps what it is given, or fails every write when told to. */
final class NoteWriterDouble implements NoteWriter {

    private final List<PartnerNote> written = new CopyOnWriteArrayList<>();
    private volatile RuntimeException failure;
    private volatile RiskViewDouble alsoInto;

    @Override
    public CompletableFuture<Void> write(PartnerNote note) {
        RuntimeException f = failure;
        if (f != null) {
            return CompletableFuture.failedFuture(f);
        }
        written.add(note);
        RiskViewDouble view = alsoInto;
        if (view != null) {
            view.withNote(note);
        }
        return CompletableFuture.completedFuture(null);
    }

    /** From now on every write fails with {@code failure} (null: stop). */
    void failWith(RuntimeException failure) {
        this.failure = failure;
    }

    /** Each written note also lands in {@code view}, as the global store would deliver it. */
    NoteWriterDouble into(RiskViewDouble view) {
        this.alsoInto = view;
        return this;
    }

    List<PartnerNote> written() {
        return List.copyOf(written);
    }
}
