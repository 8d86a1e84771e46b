package io.partnersignals.crawler;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageParserTest {

    private static final URI PAGE = URI.create("https://www.acme.example/partners/");
    private final PageParser parser = new PageParser(List.of("Scalable Informatics", "SI Storage"),
            DomainSet.of(List.of("scalableinformatics.com")));
    private final DomainSet acme = DomainSet.of(List.of("acme.example"));

    private PageParser.Page parse(String html) {
        return parser.parse(html.getBytes(StandardCharsets.UTF_8), "UTF-8", PAGE, acme);
    }

    @Test
    void mentionsAreWholeWordsInTheVisibleTextInAnyCase() {
        assertThat(parse("<p>Built with SCALABLE   informatics.</p>").mentionsUs()).isTrue();
        assertThat(parse("<p>Built with Scalable&nbsp;Informatics</p>").mentionsUs()).isTrue();
        assertThat(parse("<p>Ask si storage, or (SI Storage)!</p>").mentionsUs()).isTrue();
        assertThat(parse("<p>Scalable Informaticsware</p>").mentionsUs()).isFalse();
        assertThat(parse("<p>UnScalable Informatics</p>").mentionsUs()).isFalse();
        assertThat(parse("<p>nothing</p><script>var v = 'Scalable Informatics';</script><style>/* SI Storage */</style>")
                .mentionsUs()).isFalse();
        assertThat(parse("<head><title>Scalable Informatics</title></head><body>x</body>").mentionsUs()).isFalse();
        assertThat(parse("<div hidden>Scalable Informatics</div><template>SI Storage</template>").mentionsUs()).isFalse();
        assertThat(parse("<a href='https://scalableinformatics.com/'>logo</a>").mentionsUs()).isFalse();
    }

    @Test
    void linksToUsAreAnchorsToOurDomainsOrSubdomains() {
        assertThat(parse("<a href='https://www.scalableinformatics.com/x'>us</a>").linksToUs()).isTrue();
        assertThat(parse("<a href='HTTP://ScalableInformatics.COM'>us</a>").linksToUs()).isTrue();
        assertThat(parse("<a href='https://notscalableinformatics.com/'>no</a>").linksToUs()).isFalse();
        assertThat(parse("<a href='https://scalableinformatics.com.evil.example/'>no</a>").linksToUs()).isFalse();
        assertThat(parse("<link href='https://scalableinformatics.com/style.css'><img src='https://scalableinformatics.com/l.png'>")
                .linksToUs()).isFalse();
        assertThat(parse("<a href='mailto:sales@scalableinformatics.com'>mail</a>").linksToUs()).isFalse();
    }

    @Test
    void outboundHostsLeaveThePartnersDomainsAndAreLowerCaseSortedAndDistinct() {
        PageParser.Page page = parse("""
                <a href="https://WWW.Rival.example/a">1</a>
                <a href="https://www.rival.example/b">2</a>
                <a href="https://scalableinformatics.com/">us</a>
                <a href="http://alpha.example:8080/">3</a>
                <a href="/local">4</a>
                <a href="https://docs.acme.example/manual">5</a>
                <a href="https://acme.example.evil.example/">6</a>
                <a href="javascript:void(0)">7</a>
                """);

        assertThat(page.outboundHosts())
                .containsExactly("acme.example.evil.example", "alpha.example", "scalableinformatics.com", "www.rival.example");
        assertThat(page.internalLinks()).extracting(URI::toString)
                .containsExactly("https://www.acme.example/local", "https://docs.acme.example/manual");
    }

    @Test
    void relativeLinksResolveAgainstThePageOrItsBase() {
        PageParser.Page page = parse("<a href='list.html#top'>a</a><a href='../about'>b</a><a href='list.html'>again</a>");
        PageParser.Page based = parse("<head><base href='https://cdn.acme.example/x/'></head><a href='y.html'>y</a>");

        assertThat(page.internalLinks()).extracting(URI::toString)
                .containsExactly("https://www.acme.example/partners/list.html", "https://www.acme.example/about");
        assertThat(based.internalLinks()).extracting(URI::toString).containsExactly("https://cdn.acme.example/x/y.html");
    }

    @Test
    void readsTheCharsetFromTheHeaderOrThePage() {
        byte[] latin1 = "<title>Über</title><p>Scalable Informatics Ü</p>".getBytes(StandardCharsets.ISO_8859_1);
        byte[] declared = "<meta charset='ISO-8859-1'><title>Über</title>".getBytes(StandardCharsets.ISO_8859_1);

        assertThat(parser.parse(latin1, "ISO-8859-1", PAGE, acme).title()).isEqualTo("Über");
        assertThat(parser.parse(declared, null, PAGE, acme).title()).isEqualTo("Über");
        assertThat(parser.parse(declared, "no-such-charset", PAGE, acme).title()).isEqualTo("Über");
    }
}
