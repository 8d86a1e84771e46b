package io.partnersignals.crawler;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.Set;

/**
 * The SSRF guard: a partner's site (or a redirect, or a link on it) must not make the crawler talk
 * to our own network. Resolves a host once and refuses it when any of its addresses is not a public
 * unicast address; the fetcher then connects to the address vetted here, so that a second DNS answer
 * (DNS rebinding) cannot point the request elsewhere.
 */
public final class AddressGuard {

    /** A host the guard will not let the crawler reach. */
    public static final class RefusedAddressException extends Exception {
        public RefusedAddressException(String message) {
            super(message);
        }
    }

    /** The resolver; replaceable in tests. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private final boolean allowPrivate;
    private final Resolver resolver;
    private final Set<InetAddress> exempt;

    public AddressGuard(boolean allowPrivate) {
        this(allowPrivate, InetAddress::getAllByName, Set.of());
    }

    public AddressGuard(boolean allowPrivate, Resolver resolver) {
        this(allowPrivate, resolver, Set.of());
    }

    /** With addresses let through although not public: the tests' fixture site, next to refused loopback ones. */
    AddressGuard(boolean allowPrivate, Resolver resolver, Set<InetAddress> exempt) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        this.exempt = Set.copyOf(exempt);
    }

    /** The address to connect to for {@code host}; refused when any address it resolves to is not public. */
    public InetAddress vet(String host) throws RefusedAddressException, UnknownHostException {
        String name = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        InetAddress[] addresses = resolver.resolve(name);
        if (addresses.length == 0) {
            throw new UnknownHostException(host);
        }
        if (!allowPrivate) {
            for (InetAddress address : addresses) {
                String reason = nonPublicReason(address);
                if (reason != null && !exempt.contains(address)) {
                    throw new RefusedAddressException("refused " + host + ": it resolves to " + address.getHostAddress()
                            + ", a " + reason + " address (allow.private.addresses=false)");
                }
            }
        }
        return addresses[0];
    }

    /** Why {@code address} is not a public unicast address, or null when it is one. */
    public static String nonPublicReason(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Reason(b);
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "unique-local";
            }
            // IPv4 embedded in IPv6: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d), NAT64 (64:ff9b::a.b.c.d)
            boolean mapped = isZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            boolean compatible = isZero(b, 0, 12);
            boolean nat64 = b[0] == 0 && b[1] == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b && isZero(b, 4, 12);
            if (mapped || compatible || nat64) {
                try {
                    InetAddress v4 = InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16));
                    String reason = nonPublicReason(v4);
                    return reason == null ? null : reason + " (IPv4 in IPv6)";
                } catch (UnknownHostException e) {
                    return "malformed";
                }
            }
        }
        return null;
    }

    private static String ipv4Reason(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return "unspecified";
        }
        if (first == 100 && second >= 64 && second < 128) {
            return "private"; // carrier-grade NAT, 100.64.0.0/10
        }
        if (first >= 240) {
            return "reserved"; // 240.0.0.0/4 and the broadcast address
        }
        return null;
    }

    private static boolean isZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
