package io.partnersignals.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenAccessTest {

    private final ClockDouble clock = new ClockDouble(Instant.parse("2026-08-01T10:00:00Z"));

    @Test
    void whileRotatingBothTokensAreAcceptedAndTheCurrentOneIsSent() {
        TokenAccess rotating = new TokenAccess("old-token", "new-token", clock);

        assertThat(rotating.validBearer("Bearer old-token")).isTrue();
        assertThat(rotating.validBearer("Bearer new-token")).isTrue();
        assertThat(rotating.validBearer("bearer new-token")).isTrue();
        assertThat(rotating.validBearer("Bearer NEW-token")).isFalse();
        assertThat(rotating.validBearer("Bearer other")).isFalse();
        assertThat(rotating.wrongBearer("Bearer other")).isTrue();
        assertThat(rotating.wrongBearer(null)).isFalse();
        assertThat(rotating.bearerHeader()).isEqualTo("Bearer old-token");
    }

    @Test
    void aCookieWorksWhileItsTokenIsAcceptedAndForTwelveHours() {
        TokenAccess rotating = new TokenAccess("old-token", "new-token", clock);
        String fromOld = cookie(rotating.sessionCookie("old-token", false));
        String fromNew = cookie(rotating.sessionCookie("new-token", false));
        assertThat(fromOld).doesNotContain("old-token");
        assertThat(rotating.validCookie(fromOld)).isTrue();
        assertThat(rotating.validCookie("a=b; " + fromNew)).isTrue();

        TokenAccess promoted = new TokenAccess("new-token", null, clock); // the old token removed
        assertThat(promoted.validCookie(fromOld)).isFalse();
        assertThat(promoted.validCookie(fromNew)).isTrue();

        clock.advance(TokenAccess.SESSION);
        assertThat(promoted.validCookie(fromNew)).isTrue();
        clock.advance(Duration.ofSeconds(1));
        assertThat(promoted.validCookie(fromNew)).as("expired").isFalse();
    }

    @Test
    void aForgedOrAlteredCookieFails() {
        TokenAccess access = new TokenAccess("token", null, clock);
        String cookie = cookie(access.sessionCookie("token", false));
        String value = cookie.substring(cookie.indexOf('=') + 1);
        long issued = Long.parseLong(value.substring(0, value.indexOf('.')));
        // a later issue time with the same MAC: the MAC covers the time
        assertThat(access.validCookie(TokenAccess.COOKIE + "=" + (issued + 3600) + value.substring(value.indexOf('.'))))
                .isFalse();
        assertThat(access.validCookie(cookie + "x")).isFalse();
        assertThat(access.validCookie(TokenAccess.COOKIE + "=garbage")).isFalse();
        assertThat(access.validCookie(TokenAccess.COOKIE + "=")).isFalse();
    }

    @Test
    void theCookieIsSecureOverHttpsAndNeverReadableByScripts() {
        TokenAccess access = new TokenAccess("token", null, clock);
        assertThat(access.sessionCookie("token", true)).contains("; Secure").contains("HttpOnly")
                .contains("SameSite=Strict").contains("Max-Age=43200");
        assertThat(access.sessionCookie("token", false)).doesNotContain("Secure");
        assertThatThrownBy(() -> access.sessionCookie("wrong", false)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aNextTokenNeedsACurrentOne() {
        assertThatThrownBy(() -> new TokenAccess("", "new-token", clock)).hasMessageContaining("current token");
        assertThat(new TokenAccess(null, null, clock).open()).isTrue();
        assertThat(new TokenAccess("a", "b", clock).toString()).doesNotContain("a,").isEqualTo("TokenAccess[2 tokens accepted]");
    }

    private static String cookie(String setCookie) {
        return setCookie.substring(0, setCookie.indexOf(';'));
    }
}
