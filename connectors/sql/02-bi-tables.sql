-- Tables of the BI sink (the Debezium JDBC sink connector reading partner.risk.history through the
-- io.partnersignals.bi.AvroWireConverter; see docs/bi.md). Created here rather than by the sink
-- (schema.evolution=none), so that types, keys and indexes are chosen, not guessed. Column names are
-- the RiskSnapshot fields in snake_case (the sink configurations rename them with ReplaceField).
-- Idempotent.

-- The latest score of each partner: upserted by config/bi-latest-sink.json.
CREATE TABLE IF NOT EXISTS risk_latest (
    partner_id        text             PRIMARY KEY,
    partner_name      text,
    computed_at       timestamptz      NOT NULL,
    score             integer          NOT NULL,
    band              text             NOT NULL,
    model_version     text             NOT NULL,
    sponsorship       double precision NOT NULL,
    responsiveness    double precision NOT NULL,
    reciprocity       double precision NOT NULL,
    attribution       double precision NOT NULL,
    diversion         double precision NOT NULL,
    pricing_exclusion double precision NOT NULL,
    margin_erosion    double precision NOT NULL,
    harmful_ask       double precision NOT NULL
);

-- Every published score: appended by config/bi-history-sink.json.
CREATE TABLE IF NOT EXISTS risk_history (
    id                bigint           GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partner_id        text             NOT NULL,
    partner_name      text,
    computed_at       timestamptz      NOT NULL,
    score             integer          NOT NULL,
    band              text             NOT NULL,
    model_version     text             NOT NULL,
    sponsorship       double precision NOT NULL,
    responsiveness    double precision NOT NULL,
    reciprocity       double precision NOT NULL,
    attribution       double precision NOT NULL,
    diversion         double precision NOT NULL,
    pricing_exclusion double precision NOT NULL,
    margin_erosion    double precision NOT NULL,
    harmful_ask       double precision NOT NULL
);
CREATE INDEX IF NOT EXISTS risk_history_partner_time ON risk_history (partner_id, computed_at);

-- Contract v3 (risk model v2): RiskSnapshot.dealFlow and RiskSnapshot.ourSide. Added as nullable
-- columns, so that tables created before keep their rows (NULL there: scored before the column
-- existed) and this file stays idempotent. Apply it before the sink configurations that rename
-- the two fields (a sink whose table lacks a column dead-letters the record). deal_flow 0 also
-- means "not applicable" (see the factor's evidence on partner.risk); our_side is NULL while the
-- model does not compute our side (model v1).
ALTER TABLE risk_latest  ADD COLUMN IF NOT EXISTS deal_flow double precision;
ALTER TABLE risk_latest  ADD COLUMN IF NOT EXISTS our_side  integer;
ALTER TABLE risk_history ADD COLUMN IF NOT EXISTS deal_flow double precision;
ALTER TABLE risk_history ADD COLUMN IF NOT EXISTS our_side  integer;
