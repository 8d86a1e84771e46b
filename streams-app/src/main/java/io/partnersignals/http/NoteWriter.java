package io.partnersignals.http;

import io.partnersignals.contract.PartnerNote;
import java.util.concurrent.CompletableFuture;

/** Writes a person's note to the notes topic; completes when the broker has it (or fails with why not). */
public interface NoteWriter {

    CompletableFuture<Void> write(PartnerNote note);
}
