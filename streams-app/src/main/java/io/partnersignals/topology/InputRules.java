package io.partnersignals.topology;

import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.PricingEvent;
import java.net.URI;
import java.time.Instant;

/**
 * The rules an input event must meet beyond its schema. A record that breaks one is refused with
 * a message naming the field, and goes to the dead-letter topic.
 */
public interface InputRules<V> {

    String partnerId(V value);

    Instant eventTime(V value);

    /** Throws {@link InvalidRecordException} naming what is wrong. */
    void check(V value);

    InputRules<CrmActivity> CRM_ACTIVITY = new InputRules<>() {
        @Override public String partnerId(CrmActivity a) { return a.getPartnerId(); }
        @Override public Instant eventTime(CrmActivity a) { return a.getOccurredAt(); }
        @Override public void check(CrmActivity a) {
            requireId("activityId", a.getActivityId());
            maxLength("refActivityId", a.getRefActivityId(), MAX_ID);
            maxLength("promotionId", a.getPromotionId(), MAX_ID);
            maxLength("subject", a.getSubject(), MAX_SUBJECT);
            notNegative("valueUsd", a.getValueUsd());
            switch (a.getType()) {
                case RESPONSE -> {
                    if (a.getRefActivityId() == null || a.getRefActivityId().isBlank()) {
                        throw new InvalidRecordException("RESPONSE " + a.getActivityId() + " has no refActivityId naming the request it answers");
                    }
                }
                case SPONSOR_CHANGED -> {
                    if (a.getSponsorLevel() == null) {
                        throw new InvalidRecordException("SPONSOR_CHANGED " + a.getActivityId() + " has no sponsorLevel");
                    }
                }
                case CONTRIBUTION -> {
                    if (a.getValueUsd() == null) {
                        throw new InvalidRecordException("CONTRIBUTION " + a.getActivityId() + " has no valueUsd");
                    }
                }
                default -> { }
            }
        }
    };

    InputRules<CrawlResult> CRAWL_RESULT = new InputRules<>() {
        @Override public String partnerId(CrawlResult c) { return c.getPartnerId(); }
        @Override public Instant eventTime(CrawlResult c) { return c.getFetchedAt(); }
        @Override public void check(CrawlResult c) {
            maxLength("url", c.getUrl(), MAX_URL);
            for (String host : c.getOutboundHosts()) {
                maxLength("an outbound host", host, MAX_HOST);
            }
            try {
                URI uri = new URI(c.getUrl());
                String scheme = uri.getScheme();
                if (!"http".equalsIgnoreCase(scheme) && !"https".equalsIgnoreCase(scheme) || uri.getHost() == null) {
                    throw new InvalidRecordException("url '" + c.getUrl() + "' is not an absolute http(s) URL");
                }
            } catch (java.net.URISyntaxException e) {
                throw new InvalidRecordException("url '" + c.getUrl() + "' is not a valid URL: " + e.getMessage());
            }
            if (c.getHttpStatus() < 100 || c.getHttpStatus() > 599) {
                throw new InvalidRecordException("httpStatus " + c.getHttpStatus() + " is not an HTTP status (100-599)");
            }
        }
    };

    InputRules<PricingEvent> PRICING_EVENT = new InputRules<>() {
        @Override public String partnerId(PricingEvent e) { return e.getPartnerId(); }
        @Override public Instant eventTime(PricingEvent e) { return e.getOccurredAt(); }
        @Override public void check(PricingEvent e) {
            requireId("eventId", e.getEventId());
            maxLength("promotionId", e.getPromotionId(), MAX_ID);
            maxLength("sku", e.getSku(), MAX_ID);
            notNegative("listPrice", e.getListPrice());
            notNegative("promoPrice", e.getPromoPrice());
            notNegative("ourCost", e.getOurCost());
            notNegative("ourSellPrice", e.getOurSellPrice());
            switch (e.getType()) {
                case PROMOTION_STARTED, PROMOTION_ENDED -> {
                    if (e.getPromotionId() == null || e.getPromotionId().isBlank()) {
                        throw new InvalidRecordException(e.getType() + " " + e.getEventId() + " has no promotionId");
                    }
                }
                case SALE_RECORDED -> {
                    if (e.getOurCost() == null || e.getOurSellPrice() == null || e.getOurSellPrice() == 0) {
                        throw new InvalidRecordException("SALE_RECORDED " + e.getEventId()
                                + " needs ourCost and an ourSellPrice above 0 to compute a margin");
                    }
                }
                default -> { }
            }
        }
    };

    /*
     * What one fact may carry: each becomes one entry of a changelog record, which must stay far below
     * Kafka's record limit whatever a producer sends. Ids, subjects and URLs this long are garbage.
     */
    int MAX_ID = 256;
    int MAX_SUBJECT = 1000;
    int MAX_URL = 2048;
    int MAX_HOST = 253;

    private static void requireId(String field, String id) {
        if (id == null || id.isBlank()) {
            throw new InvalidRecordException(field + " is empty");
        }
        maxLength(field, id, MAX_ID);
    }

    private static void maxLength(String field, CharSequence value, int max) {
        if (value != null && value.length() > max) {
            throw new InvalidRecordException(field + " has " + value.length() + " characters; at most " + max
                    + " are taken");
        }
    }

    private static void notNegative(String field, Double value) {
        if (value != null && (value < 0 || value.isNaN() || value.isInfinite())) {
            throw new InvalidRecordException(field + " is " + value + "; it must be a number >= 0");
        }
    }
}
