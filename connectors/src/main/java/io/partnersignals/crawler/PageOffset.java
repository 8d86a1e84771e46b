package io.partnersignals.crawler;

import io.partnersignals.contract.CrawlResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * What Connect keeps per page (source partition {partner, url}): when it was last emitted and a
 * fingerprint of the signals it had then. A page whose signals are unchanged is not emitted again
 * until its refresh is due, so that a restart or a recrawl does not flood the topic.
 */
record PageOffset(long fetchedAt, String fingerprint) {

    static final String PARTNER = "partner";
    static final String URL = "url";
    static final String FETCHED_AT = "fetchedAt";
    static final String FINGERPRINT = "fingerprint";

    static Map<String, String> partition(String partnerId, String url) {
        return Map.of(PARTNER, partnerId, URL, url);
    }

    Map<String, Object> toMap() {
        return Map.of(FETCHED_AT, fetchedAt, FINGERPRINT, fingerprint);
    }

    /** The stored offset, or null when there is none or it is not one of ours. */
    static PageOffset fromMap(Map<String, Object> offset) {
        if (offset == null || !(offset.get(FETCHED_AT) instanceof Number at) || !(offset.get(FINGERPRINT) instanceof String print)) {
            return null;
        }
        return new PageOffset(at.longValue(), print);
    }

    /** A hash of what the model reads from a page: status, kind, mention, link, outbound hosts. */
    static String fingerprint(CrawlResult page) {
        String signals = page.getHttpStatus() + "|" + page.getPageKind() + "|" + page.getMentionsUs() + "|" + page.getLinksToUs()
                + "|" + String.join(",", page.getOutboundHosts());
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(signals.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
