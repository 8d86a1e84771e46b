package io.partnersignals.http;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * What a person sends to write a note (the JSON body or the page's form), checked: every refusal is a
 * {@link Refused} whose message names the field. The text is never part of a message.
 */
record NoteForm(String author, NoteKind kind, String text, Instant alertAt) {

    static final int MAX_AUTHOR = 80;
    static final int MAX_TEXT = 2000;
    static final int MAX_OWNER = 80;
    /** Letters and digits of any script, space, '.', '-', ''' and '_'. */
    private static final Pattern AUTHOR = Pattern.compile("[\\p{L}\\p{M}\\p{N} .\\-'_]+");

    /** A request that cannot be a note; the message says which field is wrong and why. */
    static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * Checks the fields as sent (null: absent). The author is trimmed; line breaks of the text are
     * taken as "\n" (a browser sends a textarea's as "\r\n").
     */
    static NoteForm of(String author, String kind, String text, String alertAt) {
        String who = author == null ? "" : author.strip();
        if (who.isEmpty()) {
            throw new Refused("author is required: the name of who writes the note");
        }
        if (who.length() > MAX_AUTHOR) {
            throw new Refused("author has " + who.length() + " characters; at most " + MAX_AUTHOR + " are allowed");
        }
        if (!AUTHOR.matcher(who).matches()) {
            throw new Refused("author may hold only letters, digits, spaces and . - ' _");
        }
        if (kind == null || kind.isBlank()) {
            throw new Refused("kind is required: one of NOTE, OWNER_SET, ACKNOWLEDGED");
        }
        NoteKind k;
        try {
            k = NoteKind.valueOf(kind.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new Refused("kind must be one of NOTE, OWNER_SET, ACKNOWLEDGED");
        }
        String body = text == null ? "" : text.replace("\r\n", "\n");
        if (body.length() > MAX_TEXT) {
            throw new Refused("text has " + body.length() + " characters; at most " + MAX_TEXT + " are allowed");
        }
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\n' && Character.getType(c) == Character.CONTROL) {
                throw new Refused("text may not hold control characters (only line breaks), found U+"
                        + String.format(Locale.ROOT, "%04X", (int) c) + " at position " + i);
            }
        }
        Instant at = null;
        boolean hasAlertAt = alertAt != null && !alertAt.isBlank();
        switch (k) {
            case NOTE -> {
                if (body.isBlank()) {
                    throw new Refused("text is required for a NOTE");
                }
            }
            case OWNER_SET -> {
                body = body.strip();
                if (body.isEmpty()) {
                    throw new Refused("text is required for OWNER_SET: the owner's name");
                }
                if (body.length() > MAX_OWNER) {
                    throw new Refused("text (the owner's name) has " + body.length() + " characters; at most "
                            + MAX_OWNER + " are allowed");
                }
                if (body.contains("\n")) {
                    throw new Refused("text (the owner's name) must be one line");
                }
            }
            case ACKNOWLEDGED -> {
                if (!hasAlertAt) {
                    throw new Refused("alertAt is required for ACKNOWLEDGED: the time (ISO instant) of the alert");
                }
                try {
                    at = Instant.parse(alertAt.strip()).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
                } catch (DateTimeParseException e) {
                    throw new Refused("alertAt must be an ISO instant such as 2026-08-01T12:00:00Z");
                }
            }
            default -> throw new IllegalStateException("unknown kind " + k);
        }
        if (hasAlertAt && k != NoteKind.ACKNOWLEDGED) {
            throw new Refused("alertAt is only for ACKNOWLEDGED");
        }
        return new NoteForm(who, k, body, at);
    }

    /** The note to write: the server gives it its id and time. */
    PartnerNote toNote(String partnerId, Instant now) {
        return PartnerNote.newBuilder()
                .setPartnerId(partnerId)
                .setNoteId(UUID.randomUUID().toString())
                .setAt(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS))
                .setAuthor(author)
                .setKind(kind)
                .setText(text)
                .setAlertAt(alertAt)
                .build();
    }
}
