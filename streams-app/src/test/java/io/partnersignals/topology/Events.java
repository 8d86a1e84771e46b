package io.partnersignals.topology;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.Competitor;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.contract.SponsorLevel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Builders of contract records for topology tests; times are days after {@link #T0}. */
final class Events {

    static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

    private Events() {
    }

    static Instant day(double d) {
        return T0.plus(Duration.ofMinutes(Math.round(d * 24 * 60)));
    }

    /** The partner an event is about. */
    static String partnerOf(Object event) {
        if (event instanceof CrmActivity a) {
            return a.getPartnerId();
        }
        if (event instanceof CrawlResult c) {
            return c.getPartnerId();
        }
        return ((PricingEvent) event).getPartnerId();
    }

    static Partner partner(String id, String name) {
        return new Partner(id, name, List.of(id + ".example"), PartnerKind.TECHNOLOGY);
    }

    static Competitor competitor(String id, String name, String... domains) {
        return new Competitor(id, name, List.of(domains));
    }

    static CrmActivity.Builder activity(String id, String partner, double day, ActivityType type, Direction dir) {
        return CrmActivity.newBuilder().setActivityId(id).setPartnerId(partner).setOccurredAt(day(day))
                .setType(type).setDirection(dir);
    }

    static CrmActivity sponsor(String id, String partner, double day, SponsorLevel level) {
        return activity(id, partner, day, ActivityType.SPONSOR_CHANGED, Direction.INBOUND).setSponsorLevel(level).build();
    }

    static CrmActivity request(String id, String partner, double day) {
        return activity(id, partner, day, ActivityType.REQUEST, Direction.OUTBOUND).setSubject("please review").build();
    }

    static CrmActivity response(String id, String partner, double day, String ref) {
        return activity(id, partner, day, ActivityType.RESPONSE, Direction.INBOUND).setRefActivityId(ref).build();
    }

    static CrmActivity contribution(String id, String partner, double day, Direction dir, double usd) {
        return activity(id, partner, day, ActivityType.CONTRIBUTION, dir).setValueUsd(usd).build();
    }

    static CrmActivity inboundAsk(String id, String partner, double day, String promotionId) {
        return activity(id, partner, day, ActivityType.REQUEST, Direction.INBOUND).setPromotionId(promotionId)
                .setSubject("push our sale to your customers").build();
    }

    static CrawlResult page(String partner, String url, double day, PageKind kind, boolean mentions, boolean links,
                            String... outboundHosts) {
        return CrawlResult.newBuilder().setPartnerId(partner).setUrl(url).setFetchedAt(day(day)).setHttpStatus(200)
                .setPageKind(kind).setMentionsUs(mentions).setLinksToUs(links).setOutboundHosts(List.of(outboundHosts))
                .build();
    }

    static PricingEvent promotion(String id, String partner, double day, String promo, double list, double price,
                                  boolean eligible) {
        return PricingEvent.newBuilder().setEventId(id).setPartnerId(partner).setOccurredAt(day(day))
                .setType(PricingEventType.PROMOTION_STARTED).setPromotionId(promo).setSku("GPU-NODE")
                .setListPrice(list).setPromoPrice(price).setEligibleForUs(eligible).build();
    }

    static PricingEvent priceChange(String id, String partner, double day, String promo, double list, double price) {
        return PricingEvent.newBuilder().setEventId(id).setPartnerId(partner).setOccurredAt(day(day))
                .setType(PricingEventType.PRICE_CHANGED).setPromotionId(promo).setListPrice(list).setPromoPrice(price)
                .build();
    }

    static PricingEvent sale(String id, String partner, double day, double cost, double sell) {
        return PricingEvent.newBuilder().setEventId(id).setPartnerId(partner).setOccurredAt(day(day))
                .setType(PricingEventType.SALE_RECORDED).setSku("GPU-NODE").setOurCost(cost).setOurSellPrice(sell)
                .build();
    }
}
