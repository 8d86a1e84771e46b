package io.partnersignals.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AddressGuardTest {

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal); // a literal: no DNS
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    /** A guard whose DNS answers every name with the given addresses. */
    private static AddressGuard resolvingTo(boolean allowPrivate, String... literals) {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = ip(literals[i]);
        }
        return new AddressGuard(allowPrivate, host -> addresses);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "127.0.0.1, loopback", "127.9.9.9, loopback", "::1, loopback",
        "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private",
        "100.64.0.1, private", "169.254.169.254, link-local", "fe80::1, link-local",
        "224.0.0.1, multicast", "ff02::1, multicast", "0.0.0.0, unspecified", "::, unspecified", "0.1.2.3, unspecified",
        "fc00::1, unique-local", "fd12:3456::1, unique-local", "255.255.255.255, reserved", "240.0.0.1, reserved",
        "'::ffff:127.0.0.1', loopback", "'64:ff9b::a00:1', private (IPv4 in IPv6)", "'::a00:1', private (IPv4 in IPv6)"})
    void refusesEveryNonPublicAddress(String literal, String reason) {
        assertThat(AddressGuard.nonPublicReason(ip(literal))).isEqualTo(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:2800:220:1:248:1893:25c8:1946", "64:ff9b::808:808"})
    void passesPublicAddresses(String literal) {
        assertThat(AddressGuard.nonPublicReason(ip(literal))).isNull();
    }

    @Test
    void refusesAHostWhenAnyOfItsAddressesIsNotPublic() {
        AddressGuard guard = resolvingTo(false, "93.184.216.34", "10.0.0.7");

        assertThatThrownBy(() -> guard.vet("partner.example"))
                .isInstanceOf(AddressGuard.RefusedAddressException.class)
                .hasMessageContaining("partner.example").hasMessageContaining("10.0.0.7").hasMessageContaining("private");
    }

    @Test
    void returnsTheVettedAddressToConnectTo() throws Exception {
        assertThat(resolvingTo(false, "93.184.216.34").vet("partner.example")).isEqualTo(ip("93.184.216.34"));
    }

    @Test
    void refusesLoopbackLiteralsUnlessPrivateAddressesAreAllowed() throws Exception {
        assertThatThrownBy(() -> new AddressGuard(false).vet("127.0.0.1")).hasMessageContaining("loopback");
        assertThatThrownBy(() -> new AddressGuard(false).vet("[::1]")).hasMessageContaining("loopback");

        assertThat(new AddressGuard(true).vet("127.0.0.1")).isEqualTo(ip("127.0.0.1"));
    }
}
