-- Top partner risks and their trend, for dashboards, over the tables the BI sink fills
-- (risk_latest, upserted per partner; risk_history, every published score; see docs/bi.md).
--
--   psql -d partner_signals -f docs/bi-top-risks.sql
--   select * from risk_top limit 20;
--
-- "7 and 30 days earlier" are measured back from each partner's latest computed_at (event time, like
-- the scores themselves), taking the last score published at or before that moment; null when the
-- history does not go back that far. The top factor is the factor with the highest value (0..1).

CREATE OR REPLACE VIEW risk_top AS
SELECT l.partner_id,
       l.partner_name,
       l.score,
       l.band,
       l.computed_at,
       w.score                 AS score_7d_ago,
       l.score - w.score       AS delta_7d,
       m.score                 AS score_30d_ago,
       l.score - m.score       AS delta_30d,
       CASE
           WHEN w.score IS NULL THEN 'NEW'
           WHEN l.score > w.score THEN 'UP'
           WHEN l.score < w.score THEN 'DOWN'
           ELSE 'FLAT'
       END                     AS trend_7d,
       top.factor              AS top_factor,
       top.value               AS top_factor_value,
       l.model_version
FROM risk_latest l
LEFT JOIN LATERAL (
    SELECT h.score FROM risk_history h
    WHERE h.partner_id = l.partner_id AND h.computed_at <= l.computed_at - interval '7 days'
    ORDER BY h.computed_at DESC, h.id DESC
    LIMIT 1
) w ON true
LEFT JOIN LATERAL (
    SELECT h.score FROM risk_history h
    WHERE h.partner_id = l.partner_id AND h.computed_at <= l.computed_at - interval '30 days'
    ORDER BY h.computed_at DESC, h.id DESC
    LIMIT 1
) m ON true
CROSS JOIN LATERAL (
    SELECT f.factor, f.value
    FROM (VALUES ('sponsorship', l.sponsorship), ('responsiveness', l.responsiveness),
                 ('reciprocity', l.reciprocity), ('attribution', l.attribution), ('diversion', l.diversion),
                 ('pricingExclusion', l.pricing_exclusion), ('marginErosion', l.margin_erosion),
                 ('harmfulAsk', l.harmful_ask)) AS f(factor, value)
    ORDER BY f.value DESC, f.factor
    LIMIT 1
) top
ORDER BY l.score DESC, l.partner_id;

-- The daily score curve of one partner (the last score of each day), e.g. for a sparkline:
--   select distinct on (day) computed_at::date as day, score, band
--   from risk_history where partner_id = 'prodigal' order by day, computed_at desc, id desc;
