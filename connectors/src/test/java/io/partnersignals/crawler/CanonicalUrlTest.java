package io.partnersignals.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class CanonicalUrlTest {

    private static String canonical(String text) {
        URI url = CanonicalUrl.parse(text);
        return url == null ? null : url.toString();
    }

    @Test
    void oneSpellingPerPage() {
        assertThat(canonical("HTTP://WWW.Acme.Example:80")).isEqualTo("http://www.acme.example/");
        assertThat(canonical("https://acme.example:443/a/./b/../c?x=1#top")).isEqualTo("https://acme.example/a/c?x=1");
        assertThat(canonical("https://acme.example:8443/")).isEqualTo("https://acme.example:8443/");
        assertThat(canonical("http://acme.example./x")).isEqualTo("http://acme.example/x");
    }

    @Test
    void encodesWhatAUriMayNotContainAndKeepsEscapes() {
        assertThat(canonical("https://acme.example/a b/ü?q=a%20b&r=100%"))
                .isEqualTo("https://acme.example/a%20b/%C3%BC?q=a%20b&r=100%25");
        assertThat(canonical("https://bücher.example/")).isEqualTo("https://xn--bcher-kva.example/");
    }

    @Test
    void onlyAbsoluteHttpUrlsWithoutUserInfo() {
        assertThat(canonical("mailto:sales@acme.example")).isNull();
        assertThat(canonical("javascript:alert(1)")).isNull();
        assertThat(canonical("ftp://acme.example/")).isNull();
        assertThat(canonical("/relative")).isNull();
        assertThat(canonical("https://user:pw@acme.example/")).isNull();
        assertThat(canonical("http:///nohost")).isNull();
        assertThat(canonical("")).isNull();
    }

    @Test
    void resolvesLinksAndLocationsAgainstThePage() {
        URI page = URI.create("https://acme.example/news/a.html");

        assertThat(CanonicalUrl.resolve(page, "b.html")).hasToString("https://acme.example/news/b.html");
        assertThat(CanonicalUrl.resolve(page, "/partners#list")).hasToString("https://acme.example/partners");
        assertThat(CanonicalUrl.resolve(page, "//cdn.acme.example/x")).hasToString("https://cdn.acme.example/x");
        assertThat(CanonicalUrl.resolve(page, "mailto:x@y")).isNull();
    }

    @Test
    void requestLineParts() {
        URI url = URI.create("http://acme.example/a%20b?x=1");

        assertThat(CanonicalUrl.pathAndQuery(url)).isEqualTo("/a%20b?x=1");
        assertThat(CanonicalUrl.port(url)).isEqualTo(80);
        assertThat(CanonicalUrl.port(URI.create("https://acme.example/"))).isEqualTo(443);
    }
}
