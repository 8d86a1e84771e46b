package io.partnersignals.http;

import java.util.List;

/**
 * The answer of {@code GET /api/partners}: the partners by risk, and the instances ("host:port")
 * that did not answer, whose partners are missing. An empty {@code incomplete} means the list is whole.
 */
public record PartnerListing(List<PartnerSummary> partners, List<String> incomplete) {

    public PartnerListing {
        partners = partners == null ? List.of() : List.copyOf(partners);
        incomplete = incomplete == null ? List.of() : List.copyOf(incomplete);
    }
}
