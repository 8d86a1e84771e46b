package io.partnersignals.model;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.contract.SponsorLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builders of contract records for the model tests; times are offsets from {@link #T0}. */
final class Fixtures {

    static final String PARTNER = "p-1";
    static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");
    static final RiskModelConfig CFG = RiskModelConfig.defaults();

    private Fixtures() {
    }

    /** T0 plus a number of days (fractions allowed, rounded to the millisecond). */
    static Instant day(double days) {
        return T0.plus(Duration.ofMillis(Math.round(days * Duration.ofDays(1).toMillis())));
    }

    static PartnerState state() {
        return new PartnerState(PARTNER);
    }

    static CrmActivity.Builder activity(String id, ActivityType type, Direction direction, Instant at) {
        return CrmActivity.newBuilder()
                .setActivityId(id)
                .setPartnerId(PARTNER)
                .setOccurredAt(at)
                .setType(type)
                .setDirection(direction);
    }

    static CrmActivity sponsor(String id, Instant at, SponsorLevel level) {
        return activity(id, ActivityType.SPONSOR_CHANGED, Direction.INBOUND, at).setSponsorLevel(level).build();
    }

    static CrmActivity request(String id, Instant at, String subject) {
        return activity(id, ActivityType.REQUEST, Direction.OUTBOUND, at).setSubject(subject).build();
    }

    static CrmActivity escalation(String id, Instant at, String subject) {
        return activity(id, ActivityType.ESCALATION, Direction.OUTBOUND, at).setSubject(subject).build();
    }

    static CrmActivity response(String id, Instant at, String refActivityId) {
        return activity(id, ActivityType.RESPONSE, Direction.INBOUND, at).setRefActivityId(refActivityId).build();
    }

    static CrmActivity contribution(String id, Instant at, Direction direction, double valueUsd) {
        return activity(id, ActivityType.CONTRIBUTION, direction, at).setValueUsd(valueUsd).build();
    }

    static CrawlResult crawl(String url, Instant at, int status, PageKind kind, boolean mentionsUs, boolean linksToUs) {
        return CrawlResult.newBuilder()
                .setPartnerId(PARTNER)
                .setUrl(url)
                .setFetchedAt(at)
                .setHttpStatus(status)
                .setPageKind(kind)
                .setMentionsUs(mentionsUs)
                .setLinksToUs(linksToUs)
                .setOutboundHosts(List.of())
                .build();
    }

    static PricingEvent.Builder pricing(String eventId, PricingEventType type, Instant at) {
        return PricingEvent.newBuilder()
                .setEventId(eventId)
                .setPartnerId(PARTNER)
                .setOccurredAt(at)
                .setType(type);
    }

    static PricingEvent promotionStarted(String eventId, String promotionId, Instant at, String sku,
                                         Double listPrice, Double promoPrice, Boolean eligibleForUs) {
        return pricing(eventId, PricingEventType.PROMOTION_STARTED, at)
                .setPromotionId(promotionId)
                .setSku(sku)
                .setListPrice(listPrice)
                .setPromoPrice(promoPrice)
                .setEligibleForUs(eligibleForUs)
                .build();
    }

    static PricingEvent promotionEnded(String eventId, String promotionId, Instant at) {
        return pricing(eventId, PricingEventType.PROMOTION_ENDED, at).setPromotionId(promotionId).build();
    }

    static PricingEvent sale(String eventId, Instant at, double ourCost, double ourSellPrice) {
        return pricing(eventId, PricingEventType.SALE_RECORDED, at)
                .setSku("SKU-1")
                .setOurCost(ourCost)
                .setOurSellPrice(ourSellPrice)
                .build();
    }

    static PartnerState.HarmfulAsk ask(String requestId, String promotionId, Instant at, String subject) {
        return new PartnerState.HarmfulAsk(requestId, promotionId, at.toEpochMilli(), subject);
    }

    static CrmActivity dealWon(String id, Instant at, Double valueUsd) {
        return activity(id, ActivityType.DEAL_WON, Direction.OUTBOUND, at).setValueUsd(valueUsd).build();
    }

    /** The partner's INBOUND REQUEST to us, about a promotion when {@code promotionId} is not null. */
    static CrmActivity partnerRequest(String id, Instant at, String subject, String promotionId) {
        return activity(id, ActivityType.REQUEST, Direction.INBOUND, at).setSubject(subject)
                .setPromotionId(promotionId).build();
    }

    /** Our OUTBOUND RESPONSE to the partner's request {@code refActivityId}. */
    static CrmActivity ourResponse(String id, Instant at, String refActivityId) {
        return activity(id, ActivityType.RESPONSE, Direction.OUTBOUND, at).setRefActivityId(refActivityId).build();
    }

    static CrmActivity approach(String id, Instant at, String subject) {
        return activity(id, ActivityType.COMPETITOR_APPROACH, Direction.INBOUND, at).setSubject(subject).build();
    }
}
