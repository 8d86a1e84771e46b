package io.partnersignals.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may read scores: with a token configured, a request must carry {@code Authorization: Bearer
 * <token>} or the page's session cookie; without one, everybody may. The cookie holds a value derived
 * from the token (not the token itself), so it is as long-lived as the token and dies with it.
 */
final class TokenAccess {

    static final String COOKIE = "partner_signals_session";

    private final byte[] tokenDigest;   // null: no token configured, access is open
    private final String cookieValue;
    private final String bearerHeader;

    TokenAccess(String token) {
        boolean open = token == null || token.isEmpty();
        this.tokenDigest = open ? null : sha256(token);
        this.cookieValue = open ? null : sessionValue(token);
        this.bearerHeader = open ? null : "Bearer " + token;
    }

    boolean open() {
        return tokenDigest == null;
    }

    /** True when the request may read scores: open access, a valid bearer token or a valid cookie. */
    boolean allows(String authorization, String cookieHeader) {
        return open() || validBearer(authorization) || validCookie(cookieHeader);
    }

    boolean validBearer(String authorization) {
        if (open() || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return validToken(authorization.substring(7).trim());
    }

    /** Constant time: digests have the same length whatever the candidate, and isEqual does not stop early. */
    boolean validToken(String candidate) {
        return !open() && candidate != null && MessageDigest.isEqual(tokenDigest, sha256(candidate));
    }

    boolean validCookie(String cookieHeader) {
        if (open() || cookieHeader == null) {
            return false;
        }
        for (String part : cookieHeader.split(";")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length == 2 && kv[0].equals(COOKIE) && MessageDigest.isEqual(
                    sha256(cookieValue), sha256(kv[1]))) {
                return true;
            }
        }
        return false;
    }

    /** The Authorization header this instance sends to the others (they share the token); null when open. */
    String bearerHeader() {
        return bearerHeader;
    }

    /** The Set-Cookie value of a successful login: not readable by scripts, never sent by other sites. */
    String sessionCookie() {
        return COOKIE + "=" + cookieValue + "; Path=/; HttpOnly; SameSite=Strict";
    }

    private static String sessionValue(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] value = mac.doFinal("partner-signals page session".getBytes(StandardCharsets.UTF_8));
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
        return open() ? "TokenAccess[open]" : "TokenAccess[token required]"; // never the token
    }
}
