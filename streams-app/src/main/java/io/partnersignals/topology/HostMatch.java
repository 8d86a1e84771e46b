package io.partnersignals.topology;

import java.util.Locale;

/** Whether a link's host belongs to a domain: the domain itself or a subdomain of it, on label boundaries. */
final class HostMatch {

    private HostMatch() {
    }

    static String normalize(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        while (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        int port = h.lastIndexOf(':');
        if (port > 0 && h.indexOf(':') == port) {
            h = h.substring(0, port);
        }
        return h;
    }

    /** "rival.com" matches "rival.com" and "www.rival.com", never "notrival.com" or "rival.com.evil.io". */
    static boolean belongsTo(String host, String domain) {
        String h = normalize(host);
        String d = normalize(domain);
        if (d.isEmpty()) {
            return false;
        }
        return h.equals(d) || (h.endsWith(d) && h.charAt(h.length() - d.length() - 1) == '.');
    }
}
