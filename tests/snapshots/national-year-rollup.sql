SELECT r.year AS "year", r.event_type AS "event_type", CAST(coalesce(sum(r.events), 0) AS BIGINT) AS "events", CAST(coalesce(sum(r.attendees), 0) AS BIGINT) AS "attendees", CAST(coalesce(sum(r.leaflets), 0) AS BIGINT) AS "leaflets"
FROM main.events_district_year r
WHERE TRUE
  AND r.year BETWEEN $years_from AND $years_to
  AND list_contains($organisers, r.organiser)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $organisers = ["dolisa"]
-- $years_from = 2016
-- $years_to = 2020
