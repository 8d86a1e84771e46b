package io.partnersignals.crawler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DomainSetTest {

    private final DomainSet us = DomainSet.of(List.of("ScalableInformatics.com", "*.si.example", ".other.example."));

    @Test
    void matchesTheDomainAndItsSubdomainsOnALabelBoundary() {
        assertThat(us.contains("scalableinformatics.com")).isTrue();
        assertThat(us.contains("www.scalableinformatics.com")).isTrue();
        assertThat(us.contains("a.b.ScalableInformatics.COM.")).isTrue();
        assertThat(us.contains("si.example")).isTrue();
        assertThat(us.contains("x.other.example")).isTrue();
    }

    @Test
    void aMereSuffixIsNoMatch() {
        assertThat(us.contains("notscalableinformatics.com")).isFalse();
        assertThat(us.contains("scalableinformatics.com.evil.example")).isFalse();
        assertThat(us.contains("xsi.example")).isFalse();
        assertThat(us.contains("com")).isFalse();
        assertThat(us.contains("")).isFalse();
        assertThat(us.contains(null)).isFalse();
    }

    @Test
    void internationalizedNamesMatchInTheirAsciiForm() {
        DomainSet idn = DomainSet.of(List.of("bücher.example"));

        assertThat(idn.domains()).containsExactly("xn--bcher-kva.example");
        assertThat(idn.contains("shop.xn--bcher-kva.example")).isTrue();
        assertThat(idn.contains("shop.BÜCHER.example")).isTrue();
    }

    @Test
    void refusesWhatIsNoDomainName() {
        assertThatThrownBy(() -> DomainSet.of(List.of("a..b"))).hasMessageContaining("a..b");
        assertThatThrownBy(() -> DomainSet.of(List.of(" "))).isInstanceOf(IllegalArgumentException.class);
    }
}
