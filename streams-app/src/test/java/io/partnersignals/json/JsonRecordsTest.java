package io.partnersignals.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.partnersignals.contract.ActivityType;
import io.partnersignals.contract.AlertKind;
import io.partnersignals.contract.CrawlResult;
import io.partnersignals.contract.CrmActivity;
import io.partnersignals.contract.Direction;
import io.partnersignals.contract.OurSide;
import io.partnersignals.contract.PageKind;
import io.partnersignals.contract.Partner;
import io.partnersignals.contract.PartnerKind;
import io.partnersignals.contract.PartnerRisk;
import io.partnersignals.contract.PricingEvent;
import io.partnersignals.contract.PricingEventType;
import io.partnersignals.contract.RiskAlert;
import io.partnersignals.contract.RiskBand;
import io.partnersignals.contract.RiskFactor;
import io.partnersignals.contract.RiskSnapshot;
import io.partnersignals.contract.SponsorLevel;
import java.time.Instant;
import java.util.List;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

public class JsonRecordsTest {

    private static final Instant AT = Instant.parse("2026-06-01T09:30:00Z");

    public static CrmActivity fullActivity() {
        return CrmActivity.newBuilder()
                .setActivityId("pd-013").setPartnerId("prodigal").setOccurredAt(AT.plusMillis(123))
                .setType(ActivityType.REQUEST).setDirection(Direction.INBOUND)
                .setRefActivityId("pd-012").setSponsorLevel(SponsorLevel.MANAGER).setValueUsd(1234.5)
                .setPromotionId("summer-sale").setSubject("Please advertise our sale \"now\" – ünïcode")
                .build();
    }

    static PartnerRisk risk() {
        return PartnerRisk.newBuilder()
                .setPartnerId("prodigal").setPartnerName(null).setComputedAt(AT).setScore(98).setBand(RiskBand.RED)
                .setPreviousScore(97).setModelVersion("v1")
                .setFactors(List.of(
                        new RiskFactor("sponsorship", 1.0, 0.15, 15.0, List.of("Current sponsor level: STAFF")),
                        new RiskFactor("reciprocity", 0.8947368421052632, 0.15, 13.421052631578947, List.of())))
                .setReasons(List.of("first", "second"))
                .build();
    }

    private static <T extends SpecificRecord> T roundTrip(T record, Class<T> type) {
        String line = JsonRecords.toLine((IndexedRecord) record);
        T back = JsonRecords.fromJson(line, type);
        assertThat(back).isEqualTo(record);
        assertThat(JsonRecords.toLine((IndexedRecord) back)).isEqualTo(line);
        return back;
    }

    @Test
    void everyContractRecordRoundTrips() {
        roundTrip(fullActivity(), CrmActivity.class);
        roundTrip(CrmActivity.newBuilder().setActivityId("a").setPartnerId("p").setOccurredAt(AT)
                .setType(ActivityType.MEETING).setDirection(Direction.OUTBOUND).build(), CrmActivity.class);
        roundTrip(Partner.newBuilder().setPartnerId("fixstars").setName("Fixstars").setDomains(List.of("fixstars.com"))
                .setKind(PartnerKind.DEVELOPMENT).build(), Partner.class);
        roundTrip(CrawlResult.newBuilder().setPartnerId("p").setUrl("https://www.p.example/x").setFetchedAt(AT)
                .setHttpStatus(200).setPageKind(PageKind.BENCHMARK).setMentionsUs(true).setLinksToUs(false)
                .setOutboundHosts(List.of("www.bladewell.example")).build(), CrawlResult.class);
        roundTrip(PricingEvent.newBuilder().setEventId("e").setPartnerId("p").setOccurredAt(AT)
                .setType(PricingEventType.PROMOTION_STARTED).setPromotionId("s").setListPrice(10000.0)
                .setPromoPrice(7500.0).setEligibleForUs(false).build(), PricingEvent.class);
        roundTrip(risk(), PartnerRisk.class);
        roundTrip(RiskAlert.newBuilder().setPartnerId("p").setAt(AT).setFromBand(RiskBand.GREEN).setToBand(RiskBand.AMBER)
                .setScore(40).setReasons(List.of("r")).build(), RiskAlert.class);
        roundTrip(RiskSnapshot.newBuilder().setPartnerId("p").setComputedAt(AT).setScore(1).setBand("GREEN")
                .setModelVersion("v1").setSponsorship(0).setResponsiveness(0.25).setReciprocity(0).setAttribution(0)
                .setDiversion(0).setPricingExclusion(0).setMarginErosion(0).setHarmfulAsk(1).build(), RiskSnapshot.class);
    }

    /** The fields of contract v3 (risk model v2) round-trip when set, and lines written before them read with their defaults. */
    @Test
    void theModelV2FieldsRoundTripAndOlderLinesReadWithTheirDefaults() {
        PartnerRisk twoSided = PartnerRisk.newBuilder(risk())
                .setOurSide(new OurSide(27, List.of(new RiskFactor("ourResponsiveness", 0.54, 1.0, 54.0,
                        List.of("Request pd-020 open for 36 days"))), List.of("We leave a request unanswered.")))
                .setCompetitorApproaches(List.of("pd-031", "pd-044"))
                .build();
        assertThat(JsonRecords.toLine(twoSided)).contains("\"ourSide\":{\"score\":27,\"factors\":[{\"name\":\"ourResponsiveness\"")
                .endsWith("\"competitorApproaches\":[\"pd-031\",\"pd-044\"]}");
        roundTrip(twoSided, PartnerRisk.class);
        roundTrip(RiskAlert.newBuilder().setPartnerId("p").setAt(AT).setFromBand(RiskBand.AMBER).setToBand(RiskBand.RED)
                .setScore(70).setKind(AlertKind.DETERIORATING).build(), RiskAlert.class);
        roundTrip(RiskSnapshot.newBuilder().setPartnerId("p").setComputedAt(AT).setScore(1).setBand("GREEN")
                .setModelVersion("v2").setSponsorship(0).setResponsiveness(0).setReciprocity(0).setAttribution(0)
                .setDiversion(0).setPricingExclusion(0).setMarginErosion(0).setHarmfulAsk(0).setDealFlow(0.5).setOurSide(27)
                .build(), RiskSnapshot.class);

        PartnerRisk older = JsonRecords.fromJson("{\"partnerId\":\"p\",\"computedAt\":\"2026-06-01T09:30:00Z\",\"score\":1,"
                + "\"band\":\"GREEN\",\"modelVersion\":\"v1\"}", PartnerRisk.class);
        assertThat(older.getOurSide()).isNull();
        assertThat(older.getCompetitorApproaches()).isEmpty();
        RiskAlert olderAlert = JsonRecords.fromJson("{\"partnerId\":\"p\",\"at\":\"2026-06-01T09:30:00Z\",\"fromBand\":\"GREEN\","
                + "\"toBand\":\"AMBER\",\"score\":40}", RiskAlert.class);
        assertThat(olderAlert.getKind()).isEqualTo(AlertKind.BAND_CHANGE);
        RiskSnapshot olderSnapshot = JsonRecords.fromJson("{\"partnerId\":\"p\",\"computedAt\":\"2026-06-01T09:30:00Z\","
                + "\"score\":1,\"band\":\"GREEN\",\"modelVersion\":\"v1\",\"sponsorship\":0,\"responsiveness\":0,"
                + "\"reciprocity\":0,\"attribution\":0,\"diversion\":0,\"pricingExclusion\":0,\"marginErosion\":0,"
                + "\"harmfulAsk\":0}", RiskSnapshot.class);
        assertThat(olderSnapshot.getDealFlow()).isEqualTo(0.0);
        assertThat(olderSnapshot.getOurSide()).isNull();
    }

    @Test
    void writesFieldsInSchemaOrderTimesAsIsoAndAbsentValuesAsNull() {
        String line = JsonRecords.toLine(risk());
        assertThat(line).isEqualTo("{\"partnerId\":\"prodigal\",\"partnerName\":null,\"computedAt\":\"2026-06-01T09:30:00Z\","
                + "\"score\":98,\"band\":\"RED\",\"previousScore\":97,\"modelVersion\":\"v1\",\"factors\":["
                + "{\"name\":\"sponsorship\",\"value\":1.0,\"weight\":0.15,\"contribution\":15.0,\"evidence\":[\"Current sponsor level: STAFF\"]},"
                + "{\"name\":\"reciprocity\",\"value\":0.8947368421052632,\"weight\":0.15,\"contribution\":13.421052631578947,\"evidence\":[]}],"
                + "\"reasons\":[\"first\",\"second\"],\"ourSide\":null,\"competitorApproaches\":[]}");
        assertThat(JsonRecords.toLine(fullActivity())).contains("\"occurredAt\":\"2026-06-01T09:30:00.123Z\"");
    }

    @Test
    void stringsAreEscapedAndDoublesWrittenExactly() {
        RiskSnapshot snapshot = RiskSnapshot.newBuilder().setPartnerId("p\u00e9\"q\\").setPartnerName("tab\there")
                .setComputedAt(Instant.parse("2026-06-01T09:30:00.120Z")).setScore(1).setBand("GREEN")
                .setModelVersion("v1").setSponsorship(1e-7).setResponsiveness(0.1 + 0.2).setReciprocity(0)
                .setAttribution(1).setDiversion(-0.0).setPricingExclusion(123456789.0).setMarginErosion(0.5)
                .setHarmfulAsk(1).build();
        assertThat(JsonRecords.toLine(snapshot)).isEqualTo("{\"partnerId\":\"p\u00e9\\\"q\\\\\",\"partnerName\":\"tab\\there\","
                + "\"computedAt\":\"2026-06-01T09:30:00.120Z\",\"score\":1,\"band\":\"GREEN\",\"modelVersion\":\"v1\","
                + "\"sponsorship\":1.0E-7,\"responsiveness\":0.30000000000000004,\"reciprocity\":0.0,\"attribution\":1.0,"
                + "\"diversion\":-0.0,\"pricingExclusion\":1.23456789E8,\"marginErosion\":0.5,\"harmfulAsk\":1.0,"
                + "\"dealFlow\":0.0,\"ourSide\":null}");
        roundTrip(snapshot, RiskSnapshot.class);
        assertThat(JsonRecords.toJson(snapshot).get("partnerId").asText()).isEqualTo("p\u00e9\"q\\");
    }

    @Test
    void optionalFieldsMayBeLeftOutOrNullAndDefaultsApply() {
        CrmActivity a = JsonRecords.fromJson("{\"activityId\":\"a1\",\"partnerId\":\"p\",\"occurredAt\":\"2026-06-01T09:30:00Z\","
                + "\"type\":\"EMAIL\",\"direction\":\"OUTBOUND\",\"subject\":null}", CrmActivity.class);
        assertThat(a.getRefActivityId()).isNull();
        assertThat(a.getSubject()).isNull();
        assertThat(a.getValueUsd()).isNull();

        Partner p = JsonRecords.fromJson("{\"partnerId\":\"p\",\"name\":\"P\",\"kind\":\"OTHER\"}", Partner.class);
        assertThat(p.getDomains()).isEmpty();

        PricingEvent e = JsonRecords.fromJson("{\"eventId\":\"e\",\"partnerId\":\"p\",\"occurredAt\":\"2026-06-01T00:00:00Z\","
                + "\"type\":\"PRICE_CHANGED\",\"listPrice\":10}", PricingEvent.class);
        assertThat(e.getCurrency()).isEqualTo("USD");
        assertThat(e.getListPrice()).isEqualTo(10.0);
    }

    @Test
    void acceptsEpochMillisAndOffsetsForTimes() {
        CrawlResult c = JsonRecords.fromJson("{\"partnerId\":\"p\",\"url\":\"https://x.example/\",\"fetchedAt\":"
                + AT.toEpochMilli() + ",\"httpStatus\":200,\"pageKind\":\"GENERAL\",\"mentionsUs\":false,\"linksToUs\":false}",
                CrawlResult.class);
        assertThat(c.getFetchedAt()).isEqualTo(AT);
        assertThat(c.getOutboundHosts()).isEmpty();
        CrmActivity a = JsonRecords.fromJson("{\"activityId\":\"a\",\"partnerId\":\"p\",\"occurredAt\":\"2026-06-01T11:30:00+02:00\","
                + "\"type\":\"CALL\",\"direction\":\"OUTBOUND\"}", CrmActivity.class);
        assertThat(a.getOccurredAt()).isEqualTo(AT);
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"activityId\":\"a\",\"occurredAt\":\"2026-06-01T09:30:00Z\","
                + "\"type\":\"CALL\",\"direction\":\"OUTBOUND\"}", CrmActivity.class))
                .isInstanceOf(JsonRecordException.class)
                .hasMessage("field 'partnerId': is required but missing")
                .extracting(e -> ((JsonRecordException) e).field()).isEqualTo("partnerId");
    }

    @Test
    void nullForARequiredFieldIsAnError() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"name\":null,\"kind\":\"OTHER\"}", Partner.class))
                .hasMessage("field 'name': is required and must not be null");
    }

    @Test
    void aWrongTypeIsNamedWithWhatWasFound() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"url\":\"https://x.example/\","
                + "\"fetchedAt\":\"2026-06-01T09:30:00Z\",\"httpStatus\":\"200\",\"pageKind\":\"GENERAL\","
                + "\"mentionsUs\":false,\"linksToUs\":false}", CrawlResult.class))
                .hasMessage("field 'httpStatus': expected a whole number (int), got the string \"200\"");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"url\":\"https://x.example/\","
                + "\"fetchedAt\":\"2026-06-01T09:30:00Z\",\"httpStatus\":200.5,\"pageKind\":\"GENERAL\","
                + "\"mentionsUs\":false,\"linksToUs\":false}", CrawlResult.class))
                .hasMessage("field 'httpStatus': expected a whole number (int), got the number 200.5");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"url\":\"https://x.example/\","
                + "\"fetchedAt\":\"2026-06-01T09:30:00Z\",\"httpStatus\":200,\"pageKind\":\"GENERAL\","
                + "\"mentionsUs\":\"yes\",\"linksToUs\":false}", CrawlResult.class))
                .hasMessage("field 'mentionsUs': expected true or false, got the string \"yes\"");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"name\":\"P\",\"domains\":\"p.example\","
                + "\"kind\":\"OTHER\"}", Partner.class))
                .hasMessage("field 'domains': expected an array, got the string \"p.example\"");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"name\":\"P\",\"domains\":[\"a\",7],"
                + "\"kind\":\"OTHER\"}", Partner.class))
                .hasMessage("field 'domains[1]': expected a string, got the number 7");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"eventId\":\"e\",\"partnerId\":\"p\",\"occurredAt\":\"2026-06-01T00:00:00Z\","
                + "\"type\":\"PRICE_CHANGED\",\"listPrice\":\"10\"}", PricingEvent.class))
                .hasMessage("field 'listPrice': expected a number, got the string \"10\"");
    }

    @Test
    void aBadTimeIsNamed() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"activityId\":\"a\",\"partnerId\":\"p\",\"occurredAt\":\"yesterday\","
                + "\"type\":\"CALL\",\"direction\":\"OUTBOUND\"}", CrmActivity.class))
                .hasMessage("field 'occurredAt': 'yesterday' is not an ISO-8601 instant such as 2026-06-01T09:30:00Z");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"activityId\":\"a\",\"partnerId\":\"p\",\"occurredAt\":true,"
                + "\"type\":\"CALL\",\"direction\":\"OUTBOUND\"}", CrmActivity.class))
                .hasMessageStartingWith("field 'occurredAt': expected an ISO-8601 time");
    }

    @Test
    void anUnknownEnumSymbolNamesTheFieldTheValueAndTheAllowedSymbols() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"activityId\":\"a\",\"partnerId\":\"p\",\"occurredAt\":\"2026-06-01T09:30:00Z\","
                + "\"type\":\"LUNCH\",\"direction\":\"OUTBOUND\"}", CrmActivity.class))
                .hasMessage("field 'type': unknown ActivityType 'LUNCH'; allowed: MEETING, EMAIL, CALL, REQUEST, RESPONSE, "
                        + "ESCALATION, CONTRIBUTION, DEAL_REGISTERED, DEAL_WON, DEAL_LOST, SPONSOR_CHANGED, COMPETITOR_APPROACH");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"activityId\":\"a\",\"partnerId\":\"p\",\"occurredAt\":\"2026-06-01T09:30:00Z\","
                + "\"type\":\"SPONSOR_CHANGED\",\"direction\":\"INBOUND\",\"sponsorLevel\":\"CEO\"}", CrmActivity.class))
                .hasMessage("field 'sponsorLevel': unknown SponsorLevel 'CEO'; allowed: EXECUTIVE, SENIOR_MANAGER, MANAGER, STAFF, NONE");
    }

    @Test
    void anUnknownFieldIsNamedWithTheKnownFields() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"name\":\"P\",\"kind\":\"OTHER\",\"nmae\":\"x\"}",
                Partner.class))
                .hasMessage("field 'nmae': unknown field of Partner; its fields are partnerId, name, domains, kind");
    }

    @Test
    void nestedRecordsAreCheckedWithTheirPath() {
        String line = JsonRecords.toLine(risk()).replace("\"value\":0.8947368421052632", "\"value\":\"high\"");
        assertThatThrownBy(() -> JsonRecords.fromJson(line, PartnerRisk.class))
                .hasMessage("field 'factors[1].value': expected a number, got the string \"high\"");
        String missing = JsonRecords.toLine(risk()).replace("\"weight\":0.15,\"contribution\":15.0,", "\"weight\":0.15,");
        assertThatThrownBy(() -> JsonRecords.fromJson(missing, PartnerRisk.class))
                .hasMessage("field 'factors[0].contribution': is required but missing");
    }

    @Test
    void invalidJsonIsReported() {
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",", Partner.class))
                .isInstanceOf(JsonRecordException.class)
                .hasMessageStartingWith("invalid JSON: ");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"name\":\"P\",\"kind\":\"OTHER\"} trailing", Partner.class))
                .hasMessageStartingWith("invalid JSON: ");
        assertThatThrownBy(() -> JsonRecords.fromJson("{\"partnerId\":\"p\",\"partnerId\":\"q\",\"name\":\"P\",\"kind\":\"OTHER\"}",
                Partner.class))
                .hasMessageStartingWith("invalid JSON: ").hasMessageContaining("partnerId");
        assertThatThrownBy(() -> JsonRecords.fromJson("[1,2]", Partner.class))
                .hasMessage("expected a JSON object for a Partner, got an array");
    }
}
