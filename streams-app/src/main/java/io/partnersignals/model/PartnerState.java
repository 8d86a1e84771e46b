package io.partnersignals.model;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.SponsorLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the model knows about one partner: the facts inside the model's windows, keyed by
 * their identity so that a duplicated event changes nothing and arrival order does not matter.
 * Times are epoch milliseconds (event time). Maps are sorted so that iteration, and with it
 * evidence and the serialized form, is deterministic.
 */
public final class PartnerState {

    /** A SPONSOR_CHANGED activity: from {@code at} on, the partner's sponsor has {@code level}. */
    public record SponsorChange(String activityId, long at, SponsorLevel level) {}

    /** One of our OUTBOUND REQUEST or ESCALATION activities that no INBOUND RESPONSE has answered yet. */
    public record OpenRequest(String activityId, long at, ActivityType type, String subject) {}

    /** A CONTRIBUTION activity: value given (OUTBOUND) or received (INBOUND). */
    public record Contribution(String activityId, long at, Direction direction, double valueUsd) {}

    /** The latest crawl of one URL, joined with the competitor table: competitorLinks name the hosts that matched. */
    public record Page(String url, long fetchedAt, int httpStatus, String pageKind, boolean mentionsUs,
                       boolean linksToUs, List<String> competitorLinks) {

        public boolean isGone() {
            return httpStatus == 404 || httpStatus == 410;
        }

        public boolean isDirectory() {
            return "PARTNER_DIRECTORY".equals(pageKind);
        }
    }

    /** A partner promotion, assembled from its PROMOTION_STARTED, PRICE_CHANGED and PROMOTION_ENDED events. */
    public record Promotion(String promotionId, Long startedAt, Long endedAt, Boolean eligibleForUs,
                            String sku, Double listPrice, Double promoPrice, long pricedAt) {

        /** The discount selected partners get: (list - promo) / list, or 0 when the prices are not known. */
        public double discount() {
            if (listPrice == null || promoPrice == null || listPrice <= 0) {
                return 0.0;
            }
            return Math.max(0.0, (listPrice - promoPrice) / listPrice);
        }
    }

    /** A SALE_RECORDED event: what we paid for the partner's part and what we sold it for. */
    public record Sale(String eventId, long at, String sku, double ourCost, double ourSellPrice) {

        public double margin() {
            return (ourSellPrice - ourCost) / ourSellPrice;
        }
    }

    /** An INBOUND REQUEST about a promotion we are excluded from, near the promotion's start. */
    public record HarmfulAsk(String requestId, String promotionId, long at, String subject) {}

    /** The kinds of fact a state holds; each factor reads one ({@link Factor#reads()}). */
    public enum Facts {
        SPONSOR_CHANGES, OPEN_REQUESTS, ANSWERED, CONTRIBUTIONS, PAGES, PROMOTIONS, SALES, HARMFUL_ASKS
    }

    private String partnerId;
    private final TreeMap<String, SponsorChange> sponsorChanges = new TreeMap<>();
    private final TreeMap<String, OpenRequest> openRequests = new TreeMap<>();
    /** Request id to the time of its first response; kept so that a late or repeated request stays closed. */
    private final TreeMap<String, Long> answered = new TreeMap<>();
    private final TreeMap<String, Contribution> contributions = new TreeMap<>();
    private final TreeMap<String, Page> pages = new TreeMap<>();
    private final TreeMap<String, Promotion> promotions = new TreeMap<>();
    private final TreeMap<String, Sale> sales = new TreeMap<>();
    private final TreeMap<String, HarmfulAsk> harmfulAsks = new TreeMap<>();

    /**
     * How often each kind of fact has changed in this object: a factor result computed at one version
     * still holds while the version is the same. Not stored; a decoded state starts again.
     */
    private final transient int[] versions = new int[Facts.values().length];
    /** The model's last result per factor ({@link RiskModel}); not stored. */
    transient Object[] memos;

    /** Drops the factor results the model kept in this object (they are only worth their memory while reused). */
    public void forgetResults() {
        memos = null;
    }

    // What was last published for this partner.
    private Integer lastScore;
    private RiskBand alertBand = RiskBand.GREEN;
    private long lastFingerprint;
    /**
     * Whether lastFingerprint was taken over the text of the score, as states written before format 2
     * were: the next evaluation compares in that way, then keeps the {@link Fingerprint} of the
     * assessment, so that an upgrade does not republish every partner.
     */
    private transient boolean textFingerprint;
    /** Next event time at which the passage of time alone changes a factor; Long.MAX_VALUE for never. */
    private long nextDueAt = Long.MAX_VALUE;

    public PartnerState() {
    }

    public PartnerState(String partnerId) {
        this.partnerId = partnerId;
    }

    // ---- applying events -------------------------------------------------------------------

    /** Folds one CRM activity in; returns whether the state changed. */
    public boolean apply(CrmActivity a) {
        long at = a.getOccurredAt().toEpochMilli();
        String id = a.getActivityId();
        switch (a.getType()) {
            case SPONSOR_CHANGED -> {
                SponsorLevel level = a.getSponsorLevel() == null ? SponsorLevel.NONE : a.getSponsorLevel();
                return !new SponsorChange(id, at, level).equals(put(Facts.SPONSOR_CHANGES, sponsorChanges, id, new SponsorChange(id, at, level)));
            }
            case REQUEST, ESCALATION -> {
                if (a.getDirection() != Direction.OUTBOUND || answered.containsKey(id) || openRequests.containsKey(id)) {
                    return false;
                }
                put(Facts.OPEN_REQUESTS, openRequests, id, new OpenRequest(id, at, a.getType(), a.getSubject()));
                trimOpenRequests();
                return true;
            }
            case RESPONSE -> {
                String ref = a.getRefActivityId();
                if (a.getDirection() != Direction.INBOUND || ref == null) {
                    return false;
                }
                Long firstAnswer = answered.get(ref);
                if (firstAnswer != null && firstAnswer <= at) {
                    return remove(Facts.OPEN_REQUESTS, openRequests, ref) != null;
                }
                put(Facts.ANSWERED, answered, ref, at);
                remove(Facts.OPEN_REQUESTS, openRequests, ref);
                return true;
            }
            case CONTRIBUTION -> {
                double value = a.getValueUsd() == null ? 0.0 : a.getValueUsd();
                Contribution c = new Contribution(id, at, a.getDirection(), value);
                return !c.equals(put(Facts.CONTRIBUTIONS, contributions, id, c));
            }
            default -> {
                return false;
            }
        }
    }

    /** Folds one crawl result in (already joined with the competitor table); returns whether the state changed. */
    public boolean apply(CrawlResult c, List<String> competitorLinks) {
        long fetchedAt = c.getFetchedAt().toEpochMilli();
        Page current = pages.get(c.getUrl());
        if (current != null && current.fetchedAt() >= fetchedAt) {
            return false; // a duplicate or an older fetch of a page we already know more recently
        }
        put(Facts.PAGES, pages, c.getUrl(), new Page(c.getUrl(), fetchedAt, c.getHttpStatus(), c.getPageKind().name(),
                c.getMentionsUs(), c.getLinksToUs(), List.copyOf(competitorLinks)));
        return true;
    }

    /** Folds one pricing event in; returns whether the state changed. */
    public boolean apply(PricingEvent e) {
        long at = e.getOccurredAt().toEpochMilli();
        switch (e.getType()) {
            case SALE_RECORDED -> {
                if (e.getOurCost() == null || e.getOurSellPrice() == null || e.getOurSellPrice() <= 0) {
                    return false;
                }
                Sale s = new Sale(e.getEventId(), at, e.getSku(), e.getOurCost(), e.getOurSellPrice());
                return !s.equals(put(Facts.SALES, sales, e.getEventId(), s));
            }
            case PROMOTION_STARTED, PRICE_CHANGED, PROMOTION_ENDED -> {
                if (e.getPromotionId() == null) {
                    return false;
                }
                Promotion before = promotions.get(e.getPromotionId());
                Promotion p = before == null
                        ? new Promotion(e.getPromotionId(), null, null, null, null, null, null, Long.MIN_VALUE)
                        : before;
                p = switch (e.getType()) {
                    case PROMOTION_STARTED -> withPrices(new Promotion(p.promotionId(),
                            p.startedAt() == null ? at : Math.min(p.startedAt(), at), p.endedAt(),
                            e.getEligibleForUs() != null ? e.getEligibleForUs() : p.eligibleForUs(),
                            e.getSku() != null ? e.getSku() : p.sku(), p.listPrice(), p.promoPrice(), p.pricedAt()), e, at);
                    case PRICE_CHANGED -> withPrices(new Promotion(p.promotionId(), p.startedAt(), p.endedAt(),
                            e.getEligibleForUs() != null ? e.getEligibleForUs() : p.eligibleForUs(),
                            p.sku() != null ? p.sku() : e.getSku(), p.listPrice(), p.promoPrice(), p.pricedAt()), e, at);
                    default -> new Promotion(p.promotionId(), p.startedAt(),
                            p.endedAt() == null ? at : Math.min(p.endedAt(), at), p.eligibleForUs(), p.sku(),
                            p.listPrice(), p.promoPrice(), p.pricedAt());
                };
                put(Facts.PROMOTIONS, promotions, p.promotionId(), p);
                return !p.equals(before);
            }
            default -> {
                return false;
            }
        }
    }

    /** The latest-priced event wins, so out-of-order price changes settle on the same prices. */
    private static Promotion withPrices(Promotion p, PricingEvent e, long at) {
        if (at < p.pricedAt() || (e.getListPrice() == null && e.getPromoPrice() == null)) {
            return p;
        }
        return new Promotion(p.promotionId(), p.startedAt(), p.endedAt(), p.eligibleForUs(), p.sku(),
                e.getListPrice() != null ? e.getListPrice() : p.listPrice(),
                e.getPromoPrice() != null ? e.getPromoPrice() : p.promoPrice(), at);
    }

    /** Records a harmful ask found by the windowed join; returns whether it is new. */
    public boolean apply(HarmfulAsk ask) {
        HarmfulAsk before = harmfulAsks.get(ask.requestId());
        if (before != null && before.at() <= ask.at()) {
            return false;
        }
        put(Facts.HARMFUL_ASKS, harmfulAsks, ask.requestId(), ask);
        return true;
    }

    /** Keeps the oldest open requests: they decide the factor; the newest beyond the cap are dropped. */
    private void trimOpenRequests() {
        int cap = capOpenRequests;
        while (openRequests.size() > cap) {
            OpenRequest newest = null;
            for (OpenRequest r : openRequests.values()) {
                if (newest == null || r.at() > newest.at()
                        || (r.at() == newest.at() && r.activityId().compareTo(newest.activityId()) > 0)) {
                    newest = r;
                }
            }
            remove(Facts.OPEN_REQUESTS, openRequests, newest.activityId());
        }
    }

    private transient int capOpenRequests = Integer.MAX_VALUE;

    // ---- taking changes back ------------------------------------------------------------------

    /** While not null: how to take back each change made since {@link #startJournal()}, oldest first. */
    private transient List<Runnable> journal;

    /**
     * Starts noting how to take back the changes made from now on, so that a record whose processing
     * fails half-way can leave no trace ({@link #takeBack()}) when no stored copy of the state exists.
     */
    public void startJournal() {
        journal = new ArrayList<>(2);
    }

    /** Stops noting changes and keeps them. */
    public void endJournal() {
        journal = null;
    }

    /** Undoes every change made since {@link #startJournal()}, newest first, and stops noting. */
    public void takeBack() {
        List<Runnable> undo = journal;
        journal = null;
        if (undo != null) {
            for (int i = undo.size() - 1; i >= 0; i--) {
                undo.get(i).run();
            }
        }
    }

    private <V> V put(Facts kind, TreeMap<String, V> map, String key, V value) {
        V before = map.put(key, value);
        changed(kind);
        noteUndo(kind, map, key, before);
        return before;
    }

    private <V> V remove(Facts kind, TreeMap<String, V> map, String key) {
        V before = map.remove(key);
        if (before != null) {
            changed(kind);
            noteUndo(kind, map, key, before);
        }
        return before;
    }

    private <V> void noteUndo(Facts kind, TreeMap<String, V> map, String key, V before) {
        if (journal != null) {
            journal.add(() -> {
                if (before == null) {
                    map.remove(key);
                } else {
                    map.put(key, before);
                }
                changed(kind);
            });
        }
    }

    private void changed(Facts kind) {
        versions[kind.ordinal()]++;
    }

    /** How often facts of this kind have changed in this object (see {@link Factor#reads()}). */
    public int version(Facts kind) {
        return versions[kind.ordinal()];
    }

    /** An independent copy of the facts and what was published, without any remembered factor results. */
    public PartnerState copy() {
        PartnerState c = new PartnerState(partnerId);
        c.sponsorChanges.putAll(sponsorChanges);
        c.openRequests.putAll(openRequests);
        c.answered.putAll(answered);
        c.contributions.putAll(contributions);
        c.pages.putAll(pages);
        c.promotions.putAll(promotions);
        c.sales.putAll(sales);
        c.harmfulAsks.putAll(harmfulAsks);
        c.lastScore = lastScore;
        c.alertBand = alertBand;
        c.lastFingerprint = lastFingerprint;
        c.textFingerprint = textFingerprint;
        c.nextDueAt = nextDueAt;
        return c;
    }

    // ---- windows -----------------------------------------------------------------------------

    /**
     * Drops what has left every window at {@code now} (each window extended by the lateness grace,
     * so that an event arriving late within the grace finds what it needs).
     */
    public void prune(long now, RiskModelConfig cfg) {
        capOpenRequests = cfg.maxOpenRequests();
        trimOpenRequests();
        long grace = cfg.lateness().toMillis();
        long sponsorCut = now - cfg.sponsorDowngradeWindow().toMillis() - grace;
        // keep every change in the window, plus the latest one before it: it sets the level the window starts from
        SponsorChange baseline = null;
        for (SponsorChange c : sponsorChanges.values()) {
            if (c.at() < sponsorCut && (baseline == null || SponsorOrder.INSTANCE.compare(c, baseline) > 0)) {
                baseline = c;
            }
        }
        final SponsorChange keep = baseline;
        removed(Facts.SPONSOR_CHANGES, sponsorChanges.values().removeIf(c -> c.at() < sponsorCut && c != keep));

        long answeredCut = now - cfg.responsivenessFull().toMillis() - grace;
        removed(Facts.ANSWERED, answered.values().removeIf(at -> at < answeredCut));
        long contributionCut = now - cfg.reciprocityWindow().toMillis() - grace;
        removed(Facts.CONTRIBUTIONS, contributions.values().removeIf(c -> c.at() < contributionCut));
        long pageCut = now - cfg.pageStaleAfter().toMillis() - grace;
        removed(Facts.PAGES, pages.values().removeIf(p -> p.fetchedAt() < pageCut));
        long saleCut = now - cfg.marginWindow().toMillis() - grace;
        removed(Facts.SALES, sales.values().removeIf(s -> s.at() < saleCut));
        long askCut = now - cfg.harmfulAskDuration().toMillis() - grace;
        removed(Facts.HARMFUL_ASKS, harmfulAsks.values().removeIf(h -> h.at() < askCut));
        long promoCut = now - grace;
        long promoMax = cfg.maxPromotionDuration().toMillis();
        removed(Facts.PROMOTIONS, promotions.values().removeIf(p -> (p.endedAt() != null && p.endedAt() < promoCut)
                || (p.startedAt() != null && p.startedAt() + promoMax < promoCut)
                || (p.startedAt() == null && p.endedAt() == null && p.pricedAt() < promoCut - promoMax)));
    }

    private void removed(Facts kind, boolean any) {
        if (any) {
            changed(kind);
        }
    }

    /**
     * The next event time after {@code now} at which a factor changes by the passage of time alone
     * (a window edge, or the next step of the responsiveness ramp); Long.MAX_VALUE when none.
     */
    public long nextChangeAfter(long now, RiskModelConfig cfg, long rampStep) {
        long next = Long.MAX_VALUE;
        long grace = cfg.responsivenessGrace().toMillis();
        long full = cfg.responsivenessFull().toMillis();
        for (OpenRequest r : openRequests.values()) {
            long start = r.at() + grace;
            long end = r.at() + full;
            if (now < start) {
                next = Math.min(next, start);
            } else if (now < end) {
                // steps on a fixed grid (midnights for a 1-day step), so that every run of the same events
                // re-scores a rising partner at the same instants, whatever else shares its task
                long gridStep = (Math.floorDiv(now, rampStep) + 1) * rampStep;
                next = Math.min(next, Math.min(end, gridStep));
            }
        }
        for (SponsorChange c : sponsorChanges.values()) {
            next = after(next, now, c.at());
            next = after(next, now, c.at() + cfg.sponsorDowngradeWindow().toMillis());
        }
        for (Contribution c : contributions.values()) {
            next = after(next, now, c.at());
            next = after(next, now, c.at() + cfg.reciprocityWindow().toMillis());
        }
        for (Page p : pages.values()) {
            next = after(next, now, p.fetchedAt());
            next = after(next, now, p.fetchedAt() + cfg.pageStaleAfter().toMillis());
        }
        for (Sale s : sales.values()) {
            next = after(next, now, s.at());
            next = after(next, now, s.at() + cfg.marginWindow().toMillis());
        }
        for (HarmfulAsk h : harmfulAsks.values()) {
            next = after(next, now, h.at());
            next = after(next, now, h.at() + cfg.harmfulAskDuration().toMillis());
        }
        for (Promotion p : promotions.values()) {
            if (p.startedAt() != null) {
                next = after(next, now, p.startedAt());
                next = after(next, now, p.startedAt() + cfg.maxPromotionDuration().toMillis());
            }
            if (p.endedAt() != null) {
                next = after(next, now, p.endedAt());
            }
        }
        return next;
    }

    private static long after(long best, long now, long candidate) {
        return candidate > now && candidate < best ? candidate : best;
    }

    /** Orders sponsor changes by time, then by id, so that simultaneous changes resolve the same way every time. */
    public enum SponsorOrder implements java.util.Comparator<SponsorChange> {
        INSTANCE;

        @Override
        public int compare(SponsorChange a, SponsorChange b) {
            int byTime = Long.compare(a.at(), b.at());
            return byTime != 0 ? byTime : a.activityId().compareTo(b.activityId());
        }
    }

    /** Sponsor changes in time order. */
    public List<SponsorChange> sponsorHistory() {
        List<SponsorChange> list = new ArrayList<>(sponsorChanges.values());
        list.sort(SponsorOrder.INSTANCE);
        return list;
    }

    // ---- accessors (read-only views for the factors) ----------------------------------------
    // Only a decoder filling a new state writes through these maps: every other change goes through
    // apply and prune, which count the changes that the model's kept factor results depend on.

    public String getPartnerId() { return partnerId; }
    public void setPartnerId(String partnerId) { this.partnerId = partnerId; }
    public Map<String, SponsorChange> getSponsorChanges() { return sponsorChanges; }
    public Map<String, OpenRequest> getOpenRequests() { return openRequests; }
    public Map<String, Long> getAnswered() { return answered; }
    public Map<String, Contribution> getContributions() { return contributions; }
    public Map<String, Page> getPages() { return pages; }
    public Map<String, Promotion> getPromotions() { return promotions; }
    public Map<String, Sale> getSales() { return sales; }
    public Map<String, HarmfulAsk> getHarmfulAsks() { return harmfulAsks; }
    public Integer getLastScore() { return lastScore; }
    public void setLastScore(Integer lastScore) { this.lastScore = lastScore; }
    public RiskBand getAlertBand() { return alertBand; }
    public void setAlertBand(RiskBand alertBand) { this.alertBand = alertBand; }
    public long getLastFingerprint() { return lastFingerprint; }
    public void setLastFingerprint(long lastFingerprint) { this.lastFingerprint = lastFingerprint; }
    public boolean isTextFingerprint() { return textFingerprint; }
    public void setTextFingerprint(boolean textFingerprint) { this.textFingerprint = textFingerprint; }
    public long getNextDueAt() { return nextDueAt; }
    public void setNextDueAt(long nextDueAt) { this.nextDueAt = nextDueAt; }
}
