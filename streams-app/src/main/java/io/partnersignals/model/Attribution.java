package io.partnersignals.model;

import io.partnersignals.model.PartnerState.Page;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Whether the partner's web site gives us credit: of the live pages that mention us or are
 * partner directories, the share that mention us without linking to us, or are directories that
 * do not mention us at all.
 */
public final class Attribution implements Factor {

    private final RiskModelConfig config;

    public Attribution(RiskModelConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public String name() {
        return RiskModelConfig.ATTRIBUTION;
    }

    @Override
    public List<FactWindow<?>> windows() {
        return List.of(pageWindow(config));
    }

    /** A page counts from its crawl until it is pageStaleAfter old (a later crawl of its URL replaces it). */
    static FactWindow<Page> pageWindow(RiskModelConfig config) {
        return FactWindow.counted(PartnerState.Facts.PAGES, Page.class, Page::fetchedAt,
                config.pageStaleAfter().toMillis());
    }

    /**
     * The live pages at {@code now}, in URL order: each URL's latest crawl, fetched no longer than
     * pageStaleAfter before now, and not gone (404/410).
     */
    static List<Page> livePages(PartnerState state, Instant now, RiskModelConfig config) {
        long from = now.toEpochMilli() - config.pageStaleAfter().toMillis();
        List<Page> live = new ArrayList<>();
        for (Page p : state.getPages().values()) { // a TreeMap: URL order
            if (p.fetchedAt() >= from && !p.isGone()) {
                live.add(p);
            }
        }
        return live;
    }




    @Override
    public FactorResult evaluate(PartnerState state, Instant now) {
        int relevant = 0;
        int unlinked = 0;
        int directoriesWithoutUs = 0;
        String firstOffender = null;
        List<String> evidence = new ArrayList<>();
        for (Page p : livePages(state, now, config)) {
            if (!p.mentionsUs() && !p.isDirectory()) {
                continue;
            }
            relevant++;
            String where = p.url() + " (" + p.pageKind() + ", crawled " + Formats.date(p.fetchedAt()) + "): ";
            if ((p.mentionsUs() && !p.linksToUs()) || (p.isDirectory() && !p.mentionsUs())) {
                firstOffender = firstOffender == null ? p.url() : firstOffender;
            }
            if (p.mentionsUs() && !p.linksToUs()) {
                unlinked++;
                evidence.add(where + "mentions us but does not link to us");
            } else if (p.isDirectory() && !p.mentionsUs()) {
                directoriesWithoutUs++;
                evidence.add(where + "the partner directory leaves us out");
            }
        }
        int offending = unlinked + directoriesWithoutUs;
        if (relevant == 0) {
            return FactorResult.zero(name());
        }
        double value = (double) offending / relevant;
        String reason = null;
        if (offending > 0 && relevant == 1) {
            reason = unlinked == 1
                    ? "The partner's web site gives us no credit: its page " + firstOffender + " mentions us without linking to us."
                    : "The partner's web site gives us no credit: its partner directory " + firstOffender + " leaves us out.";
        } else if (offending > 0) {
            List<String> parts = new ArrayList<>();
            if (unlinked > 0) {
                parts.add(unlinked == 1 ? "1 mentions us without linking to us"
                        : unlinked + " mention us without linking to us");
            }
            if (directoriesWithoutUs > 0) {
                parts.add(directoriesWithoutUs == 1 ? "1 partner directory leaves us out"
                        : directoriesWithoutUs + " partner directories leave us out");
            }
            reason = "The partner's web site gives us no credit on " + offending + " of its " + relevant
                    + " pages that mention us or list its partners: " + Formats.join(parts) + ".";
        }
        return new FactorResult(name(), value, evidence, reason);
    }
}
