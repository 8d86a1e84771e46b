package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.NoteKind;
import io.partnersignals.contract.PartnerNote;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a note may hold: each refusal names its field. */
class NoteFormTest {

    private static void refused(String author, String kind, String text, String alertAt, String... messageParts) {
        assertThatThrownBy(() -> NoteForm.of(author, kind, text, alertAt))
                .isInstanceOf(NoteForm.Refused.class)
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void aNoteWithAnAuthorAndText() {
        NoteForm form = NoteForm.of("  Ana O'Neil-Smith_2. ", "note", "Called them.\r\nThey will answer.", null);
        assertThat(form).isEqualTo(new NoteForm("Ana O'Neil-Smith_2.", NoteKind.NOTE, "Called them.\nThey will answer.", null));
        assertThat(NoteForm.of("José Ørsted", "NOTE", "ok", "").author()).isEqualTo("José Ørsted");
    }

    @Test
    void theAuthorIsOneToEightyLettersDigitsAndAFewMarks() {
        refused(null, "NOTE", "x", null, "author is required");
        refused("   ", "NOTE", "x", null, "author is required");
        refused("a".repeat(81), "NOTE", "x", null, "author has 81 characters", "at most 80");
        assertThat(NoteForm.of("a".repeat(80), "NOTE", "x", null).author()).hasSize(80);
        refused("Ana<script>", "NOTE", "x", null, "author may hold only");
        refused("Ana\tB", "NOTE", "x", null, "author may hold only");
        refused("Ana\u0000", "NOTE", "x", null, "author may hold only");
        refused("ana@example.com", "NOTE", "x", null, "author may hold only");
    }

    @Test
    void theKindIsOneOfTheThree() {
        refused("Ana", null, "x", null, "kind is required");
        refused("Ana", "COMMENT", "x", null, "kind must be one of NOTE, OWNER_SET, ACKNOWLEDGED");
    }

    @Test
    void theTextHasAtMost2000CharactersAndNoControlCharacterButLineBreaks() {
        assertThat(NoteForm.of("Ana", "NOTE", "x".repeat(2000), null).text()).hasSize(2000);
        refused("Ana", "NOTE", "x".repeat(2001), null, "text has 2001 characters", "at most 2000");
        refused("Ana", "NOTE", "bell\u0007", null, "text may not hold control characters", "U+0007");
        refused("Ana", "NOTE", "a\rb", null, "text may not hold control characters", "U+000D");
        refused("Ana", "NOTE", "  \n ", null, "text is required for a NOTE");
    }

    @Test
    void anOwnerIsOneLineOfOneToEightyCharacters() {
        assertThat(NoteForm.of("Ana", "OWNER_SET", "  Bo Berg ", null).text()).isEqualTo("Bo Berg");
        refused("Ana", "OWNER_SET", "", null, "text is required for OWNER_SET");
        refused("Ana", "OWNER_SET", "b".repeat(81), null, "owner's name", "81 characters");
        refused("Ana", "OWNER_SET", "Bo\nBerg", null, "owner's name", "one line");
    }

    @Test
    void anAcknowledgementNamesItsAlertByAnIsoInstant() {
        NoteForm ack = NoteForm.of("Ana", "ACKNOWLEDGED", "", "2026-08-01T10:00:00.123456Z");
        assertThat(ack.alertAt()).isEqualTo(Instant.parse("2026-08-01T10:00:00.123Z"));
        assertThat(ack.text()).isEmpty();
        refused("Ana", "ACKNOWLEDGED", "", null, "alertAt is required for ACKNOWLEDGED");
        refused("Ana", "ACKNOWLEDGED", "", "yesterday", "alertAt must be an ISO instant");
        refused("Ana", "NOTE", "x", "2026-08-01T10:00:00Z", "alertAt is only for ACKNOWLEDGED");
    }

    @Test
    void theServerGivesTheIdAndTheTime() {
        PartnerNote note = NoteForm.of("Ana", "NOTE", "x", null).toNote("acme", Instant.parse("2026-08-01T10:00:00.123999Z"));
        assertThat(UUID.fromString(note.getNoteId())).isNotNull();
        assertThat(note.getAt()).isEqualTo(Instant.parse("2026-08-01T10:00:00.123Z"));
        assertThat(note.getPartnerId()).isEqualTo("acme");
        assertThat(note.getAlertAt()).isNull();
    }
}
