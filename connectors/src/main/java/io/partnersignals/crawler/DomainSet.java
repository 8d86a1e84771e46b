package io.partnersignals.crawler;

import java.net.IDN;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * A set of DNS domains, each standing for itself and all its subdomains. A host matches on a label
 * boundary: {@code docs.acme.com} is in {@code acme.com}, {@code notacme.com} is not.
 */
public final class DomainSet {

    private final Set<String> domains;

    private DomainSet(Set<String> domains) {
        this.domains = domains;
    }

    /** Domains as configured; a leading {@code *.} or {@code .} and a trailing dot are dropped. */
    public static DomainSet of(List<String> names) {
        Set<String> domains = new TreeSet<>();
        for (String name : names) {
            String domain = normalizeHost(name.strip().replaceFirst("^\\*?\\.", ""));
            if (domain == null) {
                throw new IllegalArgumentException("not a domain name: '" + name + "'");
            }
            domains.add(domain);
        }
        return new DomainSet(Set.copyOf(domains));
    }

    public boolean contains(String host) {
        String h = normalizeHost(host);
        if (h == null) {
            return false;
        }
        for (String domain : domains) {
            if (h.equals(domain) || h.endsWith("." + domain)) {
                return true;
            }
        }
        return false;
    }

    public boolean isEmpty() {
        return domains.isEmpty();
    }

    public Set<String> domains() {
        return domains;
    }

    /** Lower-case ASCII (punycode) form without a trailing dot, or null when it is no host name. */
    static String normalizeHost(String host) {
        if (host == null) {
            return null;
        }
        String h = host.strip();
        if (h.endsWith(".")) {
            h = h.substring(0, h.length() - 1);
        }
        if (h.isEmpty() || h.contains("..") || h.startsWith(".")) {
            return null;
        }
        try {
            return IDN.toASCII(h, IDN.ALLOW_UNASSIGNED).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        return domains.toString();
    }
}
