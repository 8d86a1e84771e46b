package io.partnersignals.crawler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/** Reads the signals of one HTML page: whether it names us, links to us, and where its links lead. */
public final class PageParser {

    /** What a page says. */
    public record Page(String title, boolean mentionsUs, boolean linksToUs, List<String> outboundHosts, List<URI> internalLinks) {}

    private final Pattern ourNames;
    private final DomainSet ourDomains;

    public PageParser(List<String> ourNames, DomainSet ourDomains) {
        this.ourNames = namePattern(ourNames);
        this.ourDomains = ourDomains;
    }

    /**
     * @param body the response body
     * @param charset the charset of the Content-Type header, or null to detect it (BOM, meta tag, UTF-8)
     * @param url the page's URL; relative links and {@code <base>} resolve against it
     * @param partnerDomains the partner's own domains: links elsewhere are outbound, links there are followed
     */
    public Page parse(byte[] body, String charset, URI url, DomainSet partnerDomains) {
        Document doc;
        try {
            doc = Jsoup.parse(new ByteArrayInputStream(body), supported(charset), url.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading from memory
        }
        boolean linksToUs = false;
        Set<String> outbound = new TreeSet<>();
        Set<URI> internal = new LinkedHashSet<>();
        for (Element a : doc.select("a[href]")) {
            URI link = CanonicalUrl.parse(a.absUrl("href"));
            if (link == null) {
                continue; // mailto:, javascript:, tel:, malformed
            }
            String host = link.getHost();
            linksToUs |= ourDomains.contains(host);
            if (partnerDomains.contains(host)) {
                internal.add(link);
            } else {
                outbound.add(host); // canonical: lower case, ASCII
            }
        }
        doc.select("template, [hidden]").remove(); // not shown; script and style are no text anyway
        String text = doc.body() == null ? "" : doc.body().text();
        return new Page(doc.title(), ourNames.matcher(text).find(), linksToUs, List.copyOf(outbound), List.copyOf(internal));
    }

    /** Any of the names, case-insensitive, not inside a longer word; spaces in a name match any white space. */
    static Pattern namePattern(List<String> names) {
        String alternatives = names.stream()
                .map(String::strip)
                .filter(n -> !n.isEmpty())
                .map(n -> List.of(n.split("\\s+")).stream().map(Pattern::quote).collect(Collectors.joining("[\\s\\u00a0]+")))
                .collect(Collectors.joining("|"));
        if (alternatives.isEmpty()) {
            throw new IllegalArgumentException("no names to look for");
        }
        return Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternatives + ")(?![\\p{L}\\p{N}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    private static String supported(String charset) {
        try {
            return charset != null && Charset.isSupported(charset) ? charset : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
