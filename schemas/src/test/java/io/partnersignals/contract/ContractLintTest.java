package io.partnersignals.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.JsonProperties;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The current schemas follow the topic contract (docs/design.md, "The topic contract") and the house rules of the contract. */
class ContractLintTest {

    private static final Map<String, Schema> CURRENT = AvscFiles.parse(AvscFiles.currentDir());

    /** The topic contract: record name → its fields in order; "?" marks an optional field. */
    private static final Map<String, List<String>> DESIGN = new LinkedHashMap<>();

    static {
        DESIGN.put("Partner", List.of("partnerId", "name", "domains", "kind"));
        DESIGN.put("Competitor", List.of("competitorId", "name", "domains"));
        DESIGN.put("CrmActivity", List.of("activityId", "partnerId", "occurredAt", "type", "direction", "refActivityId?",
                "sponsorLevel?", "valueUsd?", "promotionId?", "subject?"));
        DESIGN.put("CrawlResult", List.of("partnerId", "url", "fetchedAt", "httpStatus", "pageKind", "mentionsUs", "linksToUs",
                "outboundHosts"));
        DESIGN.put("PricingEvent", List.of("eventId", "partnerId", "occurredAt", "type", "promotionId?", "sku?", "listPrice?",
                "promoPrice?", "eligibleForUs?", "ourCost?", "ourSellPrice?", "currency"));
        DESIGN.put("PartnerRisk", List.of("partnerId", "partnerName?", "computedAt", "score", "band", "previousScore?",
                "modelVersion", "factors", "reasons", "ourSide?", "competitorApproaches"));
        DESIGN.put("OurSide", List.of("score", "factors", "reasons"));
        DESIGN.put("RiskFactor", List.of("name", "value", "weight", "contribution", "evidence"));
        DESIGN.put("RiskAlert", List.of("partnerId", "partnerName?", "at", "fromBand", "toBand", "score", "reasons", "kind"));
        DESIGN.put("RiskSnapshot", List.of("partnerId", "partnerName?", "computedAt", "score", "band", "modelVersion",
                "sponsorship", "responsiveness", "reciprocity", "attribution", "diversion", "pricingExclusion", "marginErosion",
                "harmfulAsk", "dealFlow", "ourSide?"));
        DESIGN.put("PartnerNote", List.of("partnerId", "noteId", "at", "author", "kind", "text", "alertAt?"));
        DESIGN.put("ModelSettings", List.of("version", "effectiveFrom", "settings"));
    }

    /** The contract's enums: name → symbols that must exist. */
    private static final Map<String, List<String>> DESIGN_ENUMS = Map.of(
            "PartnerKind", List.of("RESELLER", "SERVICE", "DEVELOPMENT", "TECHNOLOGY", "OTHER"),
            "PageKind", List.of("GENERAL", "PARTNER_DIRECTORY", "BENCHMARK", "PRESS", "PRODUCT"),
            "PricingEventType", List.of("PROMOTION_STARTED", "PROMOTION_ENDED", "PRICE_CHANGED", "SALE_RECORDED"),
            "ActivityType", List.of("MEETING", "EMAIL", "CALL", "REQUEST", "RESPONSE", "ESCALATION", "CONTRIBUTION",
                    "DEAL_REGISTERED", "DEAL_WON", "DEAL_LOST", "SPONSOR_CHANGED", "COMPETITOR_APPROACH"),
            "Direction", List.of("INBOUND", "OUTBOUND"),
            "SponsorLevel", List.of("EXECUTIVE", "SENIOR_MANAGER", "MANAGER", "STAFF", "NONE"),
            "RiskBand", List.of("GREEN", "AMBER", "RED"),
            "NoteKind", List.of("ACKNOWLEDGED", "OWNER_SET", "NOTE"),
            "AlertKind", List.of("BAND_CHANGE", "DETERIORATING"));

    /** Fields that the contract calls lists. */
    private static final Set<String> LISTS = Set.of("Partner.domains", "Competitor.domains", "CrawlResult.outboundHosts",
            "PartnerRisk.factors", "PartnerRisk.reasons", "RiskFactor.evidence", "RiskAlert.reasons",
            "PartnerRisk.competitorApproaches", "OurSide.factors", "OurSide.reasons");

    /** Every named type reachable from the current schemas, by full name. */
    private static Map<String, Schema> namedTypes() {
        Map<String, Schema> named = new LinkedHashMap<>();
        CURRENT.values().forEach(s -> collect(s, named));
        return named;
    }

    private static void collect(Schema schema, Map<String, Schema> named) {
        switch (schema.getType()) {
            case RECORD -> {
                if (named.putIfAbsent(schema.getFullName(), schema) == null) {
                    schema.getFields().forEach(f -> collect(f.schema(), named));
                }
            }
            case ENUM, FIXED -> named.putIfAbsent(schema.getFullName(), schema);
            case ARRAY -> collect(schema.getElementType(), named);
            case MAP -> collect(schema.getValueType(), named);
            case UNION -> schema.getTypes().forEach(t -> collect(t, named));
            default -> { }
        }
    }

    private static List<Schema> records() {
        return namedTypes().values().stream().filter(s -> s.getType() == Schema.Type.RECORD).toList();
    }

    private static boolean isOptional(Schema.Field field) {
        Schema type = field.schema();
        return type.getType() == Schema.Type.UNION && type.getTypes().size() == 2
                && type.getTypes().get(0).getType() == Schema.Type.NULL
                && field.defaultVal() == JsonProperties.NULL_VALUE;
    }

    private static boolean isNullable(Schema type) {
        return type.getType() == Schema.Type.UNION && type.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    @Test
    void everyFileHoldsTheTypeItIsNamedAfterInTheContractNamespace() {
        CURRENT.forEach((file, schema) -> {
            assertThat(schema.getName()).as("type in %s.avsc", file).isEqualTo(file);
            assertThat(schema.getNamespace()).as("namespace of %s", file).isEqualTo("io.partnersignals.contract");
        });
    }

    @Test
    void everyTypeAndEveryFieldHasADoc() {
        List<String> missing = new ArrayList<>();
        for (Schema named : namedTypes().values()) {
            if (named.getDoc() == null || named.getDoc().isBlank()) {
                missing.add(named.getName());
            }
            if (named.getType() == Schema.Type.RECORD) {
                named.getFields().stream().filter(f -> f.doc() == null || f.doc().isBlank())
                        .forEach(f -> missing.add(named.getName() + "." + f.name()));
            }
        }
        assertThat(missing).as("types and fields without a doc").isEmpty();
    }

    @Test
    void everyFieldNamedAtIsATimestampInMillis() {
        List<String> wrong = new ArrayList<>();
        for (Schema record : records()) {
            for (Schema.Field field : record.getFields()) {
                if (!field.name().endsWith("At") && !field.name().equals("at")) {
                    continue;
                }
                // an optional timestamp is ["null", timestamp-millis]
                Schema type = isOptional(field) ? field.schema().getTypes().get(1) : field.schema();
                if (type.getType() != Schema.Type.LONG || !(type.getLogicalType() instanceof LogicalTypes.TimestampMillis)) {
                    wrong.add(record.getName() + "." + field.name() + " is " + field.schema());
                }
            }
        }
        assertThat(wrong).as("time fields that are not long/timestamp-millis").isEmpty();
    }

    @Test
    void recordsHaveTheFieldsOfDesignInOrder() {
        assertThat(CURRENT.keySet()).containsAll(DESIGN.keySet());
        DESIGN.forEach((name, fields) -> {
            List<String> expected = fields.stream().map(f -> f.replace("?", "")).toList();
            List<String> actual = CURRENT.get(name).getFields().stream().map(Schema.Field::name).toList();
            assertThat(actual).as("fields of %s (the contract's fields first, in order; new ones may follow)", name)
                    .startsWith(expected.toArray(String[]::new));
        });
    }

    @Test
    void optionalFieldsAreNullUnionsWithNullDefaultAndTheOthersAreNotNullable() {
        List<String> wrong = new ArrayList<>();
        DESIGN.forEach((name, fields) -> {
            Schema record = CURRENT.get(name);
            for (String f : fields) {
                Schema.Field field = record.getField(f.replace("?", ""));
                if (f.endsWith("?") && !isOptional(field)) {
                    wrong.add(name + "." + field.name() + " is optional in the contract (docs/design.md) but is " + field.schema()
                            + " with default " + field.defaultVal() + "; expected [\"null\", T] with default null");
                } else if (!f.endsWith("?") && isNullable(field.schema())) {
                    wrong.add(name + "." + field.name() + " is required in the contract (docs/design.md) but nullable: " + field.schema());
                }
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void fieldsAddedAfterDesignsFieldsHaveDefaults() {
        List<String> wrong = new ArrayList<>();
        DESIGN.forEach((name, fields) -> CURRENT.get(name).getFields().stream().skip(fields.size())
                .filter(f -> !f.hasDefaultValue())
                .forEach(f -> wrong.add(name + "." + f.name())));
        assertThat(wrong).as("new fields without a default").isEmpty();
    }

    @Test
    void listsAreArraysAndFactorsAreRiskFactors() {
        for (String list : LISTS) {
            String[] recordAndField = list.split("\\.");
            Schema type = CURRENT.get(recordAndField[0]).getField(recordAndField[1]).schema();
            assertThat(type.getType()).as(list).isEqualTo(Schema.Type.ARRAY);
        }
        assertThat(CURRENT.get("PartnerRisk").getField("factors").schema().getElementType().getFullName())
                .isEqualTo("io.partnersignals.contract.RiskFactor");
        assertThat(CURRENT.get("OurSide").getField("factors").schema().getElementType().getFullName())
                .isEqualTo("io.partnersignals.contract.RiskFactor");
        assertThat(CURRENT.get("PartnerRisk").getField("ourSide").schema().getTypes().get(1).getFullName())
                .isEqualTo("io.partnersignals.contract.OurSide");
        assertThat(CURRENT.get("RiskAlert").getField("kind").schema().getName()).isEqualTo("AlertKind");
        assertThat(CURRENT.get("ModelSettings").getField("settings").schema().getType()).isEqualTo(Schema.Type.MAP);
        assertThat(CURRENT.get("PartnerRisk").getField("band").schema().getName()).isEqualTo("RiskBand");
        assertThat(CURRENT.get("RiskAlert").getField("fromBand").schema().getName()).isEqualTo("RiskBand");
        assertThat(CURRENT.get("RiskAlert").getField("toBand").schema().getName()).isEqualTo("RiskBand");
    }

    @Test
    void enumsHaveTheSymbolsOfDesign() {
        Map<String, Schema> named = new LinkedHashMap<>();
        namedTypes().values().forEach(s -> named.put(s.getName(), s));
        DESIGN_ENUMS.forEach((name, symbols) -> {
            assertThat(named).as("enum %s", name).containsKey(name);
            assertThat(named.get(name).getEnumSymbols()).as("symbols of %s", name).containsAll(symbols);
        });
    }
}
