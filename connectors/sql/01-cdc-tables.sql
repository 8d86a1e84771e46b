-- Source tables of the CRM and pricing change-data capture (Debezium's PostgreSQL connector, pgoutput).
-- Column names are the contract's field names in snake_case; the Single Message Transforms of the
-- connectors plugin (io.partnersignals.cdc) turn each row into a CrmActivity or PricingEvent record.
-- Idempotent: every statement may run again. Objects are created in the first schema of the
-- search_path (public unless set), so that a test can apply the same file in a schema of its own.

CREATE TABLE IF NOT EXISTS crm_activity (
    activity_id     text        PRIMARY KEY,
    partner_id      text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    -- MEETING, EMAIL, CALL, REQUEST, RESPONSE, ESCALATION, CONTRIBUTION, DEAL_REGISTERED, DEAL_WON,
    -- DEAL_LOST, SPONSOR_CHANGED, COMPETITOR_APPROACH: text, not a PostgreSQL enum, so that a new CRM
    -- value reaches the connector's dead-letter topic instead of failing the CRM's own write
    type            text        NOT NULL,
    direction       text        NOT NULL,   -- INBOUND (from the partner) or OUTBOUND (from us)
    ref_activity_id text,                   -- for a RESPONSE: the REQUEST or ESCALATION it answers
    sponsor_level   text,                   -- for SPONSOR_CHANGED: EXECUTIVE, SENIOR_MANAGER, MANAGER, STAFF, NONE
    value_usd       numeric(14, 2),         -- for CONTRIBUTION and deals
    promotion_id    text,
    subject         text
);
CREATE INDEX IF NOT EXISTS crm_activity_partner_time ON crm_activity (partner_id, occurred_at);

CREATE TABLE IF NOT EXISTS pricing_event (
    event_id        text        PRIMARY KEY,
    partner_id      text        NOT NULL,
    occurred_at     timestamptz NOT NULL,
    type            text        NOT NULL,   -- PROMOTION_STARTED, PROMOTION_ENDED, PRICE_CHANGED, SALE_RECORDED
    promotion_id    text,
    sku             text,
    list_price      numeric(14, 4),
    promo_price     numeric(14, 4),
    eligible_for_us boolean,
    our_cost        numeric(14, 4),
    our_sell_price  numeric(14, 4),
    currency        char(3)     NOT NULL DEFAULT 'USD'
);
CREATE INDEX IF NOT EXISTS pricing_event_partner_time ON pricing_event (partner_id, occurred_at);

-- FULL: update and delete events carry the whole old row in `before` (the transforms read only
-- `after`, but a consumer that audits changes can see what was there)
ALTER TABLE crm_activity REPLICA IDENTITY FULL;
ALTER TABLE pricing_event REPLICA IDENTITY FULL;

-- The publication Debezium reads with the pgoutput plugin (publication.name=partner_signals_cdc,
-- publication.autocreate.mode=disabled): the connector's database user then needs no ownership of
-- the tables. Created only when missing; CREATE PUBLICATION has no IF NOT EXISTS.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_publication WHERE pubname = 'partner_signals_cdc') THEN
        CREATE PUBLICATION partner_signals_cdc FOR TABLE crm_activity, pricing_event;
    END IF;
END
$$;
