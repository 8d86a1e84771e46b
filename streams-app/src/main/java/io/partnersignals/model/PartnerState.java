package io.partnersignals.model;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.SponsorLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the model knows about one partner: the facts inside the model's windows, keyed by
 * their identity so that a duplicated event changes nothing and arrival order does not matter.
 * Times are epoch milliseconds (event time). Maps are sorted so that iteration, and with it
 * evidence, is deterministic.
 *
 * <p>Facts only: what was published, when to re-score and how facts are stored live in the scoring
 * processor. Every update names each fact it puts or removes to a {@link FactChanges}, so that a
 * store can write that fact alone. An update decides before it changes anything, so one that
 * throws has changed nothing.
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

    /** A DEAL_WON activity (either direction): a deal won with the partner, worth valueUsd (0 when not given). */
    public record DealWon(String activityId, long at, double valueUsd) {}

    /** One of the partner's INBOUND REQUEST or ESCALATION activities that none of our OUTBOUND RESPONSEs has answered yet. */
    public record PartnerRequest(String activityId, long at, ActivityType type, String subject, String promotionId) {}

    /** An INBOUND COMPETITOR_APPROACH activity: one of the partner's competitors approached us. */
    public record CompetitorApproach(String activityId, long at, String subject) {}

    /**
     * The kinds of fact a state holds; each factor declares which it reads ({@link Factor#windows()}).
     * New kinds go last: the fact store keys a fact by its kind's ordinal.
     */
    public enum Facts {
        SPONSOR_CHANGES, OPEN_REQUESTS, ANSWERED, CONTRIBUTIONS, PAGES, PROMOTIONS, SALES, HARMFUL_ASKS,
        DEALS_WON, PARTNER_REQUESTS, OUR_ANSWERS, COMPETITOR_APPROACHES
    }

    private final String partnerId;
    private final TreeMap<String, SponsorChange> sponsorChanges = new TreeMap<>();
    private final TreeMap<String, OpenRequest> openRequests = new TreeMap<>();
    /** Request id to the time of its first response; kept so that a late or repeated request stays closed. */
    private final TreeMap<String, Long> answered = new TreeMap<>();
    private final TreeMap<String, Contribution> contributions = new TreeMap<>();
    private final TreeMap<String, Page> pages = new TreeMap<>();
    private final TreeMap<String, Promotion> promotions = new TreeMap<>();
    private final TreeMap<String, Sale> sales = new TreeMap<>();
    private final TreeMap<String, HarmfulAsk> harmfulAsks = new TreeMap<>();
    private final TreeMap<String, DealWon> dealsWon = new TreeMap<>();
    private final TreeMap<String, PartnerRequest> partnerRequests = new TreeMap<>();
    /** The partner's request id to the time of our first response; kept like {@link #answered}. */
    private final TreeMap<String, Long> ourAnswers = new TreeMap<>();
    private final TreeMap<String, CompetitorApproach> competitorApproaches = new TreeMap<>();

    public PartnerState(String partnerId) {
        this.partnerId = partnerId;
    }

    // ---- applying events -------------------------------------------------------------------

    /** Folds one CRM activity in; returns whether the state changed. */
    public boolean apply(CrmActivity a, FactChanges changes) {
        long at = a.getOccurredAt().toEpochMilli();
        String id = a.getActivityId();
        switch (a.getType()) {
            case SPONSOR_CHANGED -> {
                SponsorLevel level = a.getSponsorLevel() == null ? SponsorLevel.NONE : a.getSponsorLevel();
                SponsorChange c = new SponsorChange(id, at, level);
                if (c.equals(sponsorChanges.get(id))) {
                    return false;
                }
                put(changes, Facts.SPONSOR_CHANGES, sponsorChanges, id, c);
                return true;
            }
            case REQUEST, ESCALATION -> {
                if (a.getDirection() == Direction.INBOUND) {
                    // the partner asks us: our side of the scorecard
                    if (ourAnswers.containsKey(id) || partnerRequests.containsKey(id)) {
                        return false;
                    }
                    put(changes, Facts.PARTNER_REQUESTS, partnerRequests, id,
                            new PartnerRequest(id, at, a.getType(), a.getSubject(), a.getPromotionId()));
                    return true;
                }
                if (answered.containsKey(id) || openRequests.containsKey(id)) {
                    return false;
                }
                put(changes, Facts.OPEN_REQUESTS, openRequests, id, new OpenRequest(id, at, a.getType(), a.getSubject()));
                return true;
            }
            case RESPONSE -> {
                String ref = a.getRefActivityId();
                if (ref == null) {
                    return false;
                }
                return a.getDirection() == Direction.INBOUND
                        ? answer(changes, ref, at, Facts.ANSWERED, answered, Facts.OPEN_REQUESTS, openRequests)
                        : answer(changes, ref, at, Facts.OUR_ANSWERS, ourAnswers, Facts.PARTNER_REQUESTS, partnerRequests);
            }
            case DEAL_WON -> {
                DealWon d = new DealWon(id, at, a.getValueUsd() == null ? 0.0 : a.getValueUsd());
                if (d.equals(dealsWon.get(id))) {
                    return false;
                }
                put(changes, Facts.DEALS_WON, dealsWon, id, d);
                return true;
            }
            case COMPETITOR_APPROACH -> {
                CompetitorApproach c = new CompetitorApproach(id, at, a.getSubject());
                if (a.getDirection() != Direction.INBOUND || c.equals(competitorApproaches.get(id))) {
                    return false;
                }
                put(changes, Facts.COMPETITOR_APPROACHES, competitorApproaches, id, c);
                return true;
            }
            case CONTRIBUTION -> {
                double value = a.getValueUsd() == null ? 0.0 : a.getValueUsd();
                Contribution c = new Contribution(id, at, a.getDirection(), value);
                if (c.equals(contributions.get(id))) {
                    return false;
                }
                put(changes, Facts.CONTRIBUTIONS, contributions, id, c);
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /**
     * A response to request {@code ref}: keeps the time of the first response (so that a late or repeated
     * copy of the request stays closed) and closes the request; the same rule on both sides.
     */
    private <R> boolean answer(FactChanges changes, String ref, long at, Facts answersKind, Map<String, Long> answers,
                               Facts requestsKind, Map<String, R> requests) {
        Long firstAnswer = answers.get(ref);
        if (firstAnswer == null || firstAnswer > at) {
            put(changes, answersKind, answers, ref, at);
        } else if (!requests.containsKey(ref)) {
            return false;
        }
        remove(changes, requestsKind, requests, ref);
        return true;
    }

    /** Folds one crawl result in (already joined with the competitor table); returns whether the state changed. */
    public boolean apply(CrawlResult c, List<String> competitorLinks, FactChanges changes) {
        long fetchedAt = c.getFetchedAt().toEpochMilli();
        Page current = pages.get(c.getUrl());
        if (current != null && current.fetchedAt() >= fetchedAt) {
            return false; // a duplicate or an older fetch of a page we already know more recently
        }
        put(changes, Facts.PAGES, pages, c.getUrl(), new Page(c.getUrl(), fetchedAt, c.getHttpStatus(), c.getPageKind().name(),
                c.getMentionsUs(), c.getLinksToUs(), List.copyOf(competitorLinks)));
        return true;
    }

    /** Folds one pricing event in; returns whether the state changed. */
    public boolean apply(PricingEvent e, FactChanges changes) {
        long at = e.getOccurredAt().toEpochMilli();
        switch (e.getType()) {
            case SALE_RECORDED -> {
                if (e.getOurCost() == null || e.getOurSellPrice() == null || e.getOurSellPrice() <= 0) {
                    return false;
                }
                Sale s = new Sale(e.getEventId(), at, e.getSku(), e.getOurCost(), e.getOurSellPrice());
                if (s.equals(sales.get(s.eventId()))) {
                    return false;
                }
                put(changes, Facts.SALES, sales, s.eventId(), s);
                return true;
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
                if (p.equals(before)) {
                    return false;
                }
                put(changes, Facts.PROMOTIONS, promotions, p.promotionId(), p);
                return true;
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
    public boolean apply(HarmfulAsk ask, FactChanges changes) {
        HarmfulAsk before = harmfulAsks.get(ask.requestId());
        if (before != null && before.at() <= ask.at()) {
            return false;
        }
        put(changes, Facts.HARMFUL_ASKS, harmfulAsks, ask.requestId(), ask);
        return true;
    }

    // ---- for a state that lives only as an object (the model's tests): nobody is told of changes

    public boolean apply(CrmActivity a) { return apply(a, FactChanges.NONE); }
    public boolean apply(CrawlResult c, List<String> competitorLinks) { return apply(c, competitorLinks, FactChanges.NONE); }
    public boolean apply(PricingEvent e) { return apply(e, FactChanges.NONE); }
    public boolean apply(HarmfulAsk ask) { return apply(ask, FactChanges.NONE); }

    // ---- windows and limits ------------------------------------------------------------------

    /** The facts of one kind by id, in id order: what a factor's {@link FactWindow} reads, and a store loads into. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> facts(Facts kind) {
        Map<String, ?> map = switch (kind) {
            case SPONSOR_CHANGES -> sponsorChanges;
            case OPEN_REQUESTS -> openRequests;
            case ANSWERED -> answered;
            case CONTRIBUTIONS -> contributions;
            case PAGES -> pages;
            case PROMOTIONS -> promotions;
            case SALES -> sales;
            case HARMFUL_ASKS -> harmfulAsks;
            case DEALS_WON -> dealsWon;
            case PARTNER_REQUESTS -> partnerRequests;
            case OUR_ANSWERS -> ourAnswers;
            case COMPETITOR_APPROACHES -> competitorApproaches;
        };
        return (Map<String, Object>) map;
    }

    /** Removes one fact (left its windows, or over a limit), naming it to {@code changes}. */
    public void remove(Facts kind, String id, FactChanges changes) {
        remove(changes, kind, facts(kind), id);
    }

    private <V> void put(FactChanges changes, Facts kind, Map<String, V> map, String key, V value) {
        V before = map.put(key, value);
        changes.put(kind, key, value, before);
    }

    private <V> V remove(FactChanges changes, Facts kind, Map<String, V> map, String key) {
        V before = map.remove(key);
        if (before != null) {
            changes.removed(kind, key, before);
        }
        return before;
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

    /** Whether the state holds no fact at all. */
    public boolean isEmpty() {
        for (Facts kind : Facts.values()) {
            if (!facts(kind).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    // ---- read-only views for the factors ---------------------------------------------------

    public String getPartnerId() { return partnerId; }
    public Map<String, SponsorChange> getSponsorChanges() { return java.util.Collections.unmodifiableMap(sponsorChanges); }
    public Map<String, OpenRequest> getOpenRequests() { return java.util.Collections.unmodifiableMap(openRequests); }
    public Map<String, Long> getAnswered() { return java.util.Collections.unmodifiableMap(answered); }
    public Map<String, Contribution> getContributions() { return java.util.Collections.unmodifiableMap(contributions); }
    public Map<String, Page> getPages() { return java.util.Collections.unmodifiableMap(pages); }
    public Map<String, Promotion> getPromotions() { return java.util.Collections.unmodifiableMap(promotions); }
    public Map<String, Sale> getSales() { return java.util.Collections.unmodifiableMap(sales); }
    public Map<String, HarmfulAsk> getHarmfulAsks() { return java.util.Collections.unmodifiableMap(harmfulAsks); }
    public Map<String, DealWon> getDealsWon() { return java.util.Collections.unmodifiableMap(dealsWon); }
    public Map<String, PartnerRequest> getPartnerRequests() { return java.util.Collections.unmodifiableMap(partnerRequests); }
    public Map<String, Long> getOurAnswers() { return java.util.Collections.unmodifiableMap(ourAnswers); }
    public Map<String, CompetitorApproach> getCompetitorApproaches() { return java.util.Collections.unmodifiableMap(competitorApproaches); }
}
