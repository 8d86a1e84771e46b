package io.partnersignals.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may read scores: with a token configured, a request must carry {@code Authorization: Bearer
 * <token>} or the page's session cookie; without one, everybody may. While tokens are rotated two are
 * accepted, the current one (which this instance sends to the others) and the next one.
 *
 * <p>The cookie holds when it was issued and a MAC of that time keyed with the token signed in with
 * (never the token itself): it expires after {@link #SESSION}, and dies at once when its token is no
 * longer accepted.
 */
final class TokenAccess {

    static final String COOKIE = "partner_signals_session";
    static final Duration SESSION = Duration.ofHours(12);

    private final List<Accepted> accepted; // empty: no token configured, access is open
    private final String bearerHeader;
    private final Clock clock;

    private record Accepted(String token, byte[] digest) {
    }

    TokenAccess(String current, String next) {
        this(current, next, Clock.systemUTC());
    }

    TokenAccess(String current, String next, Clock clock) {
        this.clock = clock;
        List<Accepted> tokens = new ArrayList<>();
        for (String t : new String[] {current, next}) {
            if (t != null && !t.isEmpty()) {
                tokens.add(new Accepted(t, sha256(t)));
            }
        }
        if ((current == null || current.isEmpty()) && !tokens.isEmpty()) {
            throw new IllegalArgumentException("a next token needs a current token");
        }
        this.accepted = List.copyOf(tokens);
        this.bearerHeader = open() ? null : "Bearer " + current;
    }

    boolean open() {
        return accepted.isEmpty();
    }

    /** True when the request may read scores: open access, a valid bearer token or a valid cookie. */
    boolean allows(String authorization, String cookieHeader) {
        return open() || validBearer(authorization) || validCookie(cookieHeader);
    }

    /** True when the request carries an Authorization header that is not a valid bearer token: a wrong guess. */
    boolean wrongBearer(String authorization) {
        return !open() && authorization != null && !validBearer(authorization);
    }

    boolean validBearer(String authorization) {
        if (open() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return validToken(authorization.substring(7).trim());
    }

    /**
     * Constant time: digests have the same length whatever the candidate, isEqual does not stop
     * early, and every accepted token is compared.
     */
    boolean validToken(String candidate) {
        return matching(candidate) != null;
    }

    private Accepted matching(String candidate) {
        if (open() || candidate == null) {
            return null;
        }
        byte[] digest = sha256(candidate);
        Accepted found = null;
        for (Accepted a : accepted) {
            if (MessageDigest.isEqual(a.digest(), digest)) {
                found = a;
            }
        }
        return found;
    }

    boolean validCookie(String cookieHeader) {
        if (open() || cookieHeader == null) {
            return false;
        }
        boolean valid = false;
        for (String part : cookieHeader.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals(COOKIE)) {
                valid |= validSession(kv[1]);
            }
        }
        return valid;
    }

    private boolean validSession(String value) {
        int dot = value.indexOf('.');
        long issued;
        try {
            issued = Long.parseLong(value.substring(0, Math.max(dot, 0)));
        } catch (NumberFormatException e) {
            return false;
        }
        long now = clock.instant().getEpochSecond();
        if (issued > now + 60 || now - issued > SESSION.toSeconds()) {
            return false; // expired, or from a clock far ahead
        }
        byte[] given = sha256(value.substring(dot + 1));
        boolean valid = false;
        for (Accepted a : accepted) {
            valid |= MessageDigest.isEqual(sha256(session(a.token(), issued)), given);
        }
        return valid;
    }

    /** The Authorization header this instance sends to the others: the current token; null when open. */
    String bearerHeader() {
        return bearerHeader;
    }

    /**
     * The Set-Cookie value of a successful sign-in with {@code token} (which must be valid): not
     * readable by scripts, never sent by other sites, and over HTTPS never sent in clear text.
     */
    String sessionCookie(String token, boolean secure) {
        Accepted a = matching(token);
        if (a == null) {
            throw new IllegalArgumentException("not an accepted token");
        }
        long issued = clock.instant().getEpochSecond();
        return COOKIE + "=" + issued + "." + session(a.token(), issued) + "; Max-Age=" + SESSION.toSeconds()
                + "; Path=/; HttpOnly; SameSite=Strict" + (secure ? "; Secure" : "");
    }

    private static String session(String token, long issued) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] value = mac.doFinal(("partner-signals page session " + issued).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return open() ? "TokenAccess[open]" : "TokenAccess[" + accepted.size() + " tokens accepted]"; // never a token
    }
}
