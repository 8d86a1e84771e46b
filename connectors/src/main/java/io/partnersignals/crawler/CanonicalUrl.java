package io.partnersignals.crawler;

import java.net.IDN;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one spelling of a crawlable URL, so that a page is fetched, remembered and reported under a
 * single name: http(s) only, lower-case scheme and host, no default port, no fragment, no user
 * info, an empty path as {@code /}, characters that URIs forbid percent-encoded (UTF-8).
 */
public final class CanonicalUrl {

    private static final String ALLOWED = "-._~:/?#[]@!$&'()*+,;=%";
    private static final Pattern AUTHORITY = Pattern.compile("(?i)^(https?://)([^/?#]*)(.*)$", Pattern.DOTALL);

    private CanonicalUrl() {}

    /** The canonical form of {@code text}, or null when it is not an absolute http(s) URL. */
    public static URI parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String s = text.strip();
        int hash = s.indexOf('#');
        if (hash >= 0) {
            s = s.substring(0, hash);
        }
        URI uri;
        try {
            uri = new URI(encodeIllegal(asciiHost(s))).normalize();
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!"http".equals(scheme) && !"https".equals(scheme) || uri.getRawUserInfo() != null) {
            return null;
        }
        String host = DomainSet.normalizeHost(uri.getHost());
        if (host == null) {
            return null;
        }
        int port = uri.getPort() == defaultPort(scheme) ? -1 : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (path.startsWith("/..")) {
            return null;
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        return URI.create(scheme + "://" + host + (port == -1 ? "" : ":" + port) + path + query);
    }

    /** The canonical form of {@code reference} (a link or a Location header) resolved against {@code base}, or null. */
    public static URI resolve(URI base, String reference) {
        try {
            return parse(base.resolve(new URI(encodeIllegal(asciiHost(reference.strip())))).toString());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }

    public static int defaultPort(String scheme) {
        return "https".equalsIgnoreCase(scheme) ? 443 : 80;
    }

    /** The port a request goes to. */
    public static int port(URI url) {
        return url.getPort() == -1 ? defaultPort(url.getScheme()) : url.getPort();
    }

    /** Path and query as sent in a request line (and matched by robots.txt rules). */
    public static String pathAndQuery(URI url) {
        return url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
    }

    /** An internationalized host name in its ASCII (punycode) form, which URIs require. */
    private static String asciiHost(String s) {
        Matcher m = AUTHORITY.matcher(s);
        if (!m.matches() || m.group(2).chars().allMatch(c -> c < 128)) {
            return s;
        }
        String authority = m.group(2);
        int at = authority.lastIndexOf('@');
        int colon = authority.indexOf(':', at + 1);
        String host = authority.substring(at + 1, colon < 0 ? authority.length() : colon);
        return m.group(1) + authority.substring(0, at + 1) + IDN.toASCII(host, IDN.ALLOW_UNASSIGNED)
                + (colon < 0 ? "" : authority.substring(colon)) + m.group(3);
    }

    /** Percent-encodes what a URI may not contain (spaces, non-ASCII, stray %), keeping %XX escapes. */
    static String encodeIllegal(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean escape = c == '%' && (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2)));
            if (!escape && c < 128 && (Character.isLetterOrDigit(c) || ALLOWED.indexOf(c) >= 0)) {
                out.append(c);
                continue;
            }
            int end = Character.isHighSurrogate(c) && i + 1 < s.length() ? i + 2 : i + 1;
            for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
            }
            i = end - 1;
        }
        return out.toString();
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }
}
