SELECT count(*) AS "events", CAST(coalesce(sum(r.attendees), 0) AS BIGINT) AS "attendees", CAST(coalesce(sum(r.leaflets), 0) AS BIGINT) AS "leaflets"
FROM main.events r
WHERE TRUE
  AND r.year BETWEEN $years_from AND $years_to
  AND list_contains($organisers, r.organiser)
  AND list_contains($event_types, r.event_type)

-- parameters
-- $event_types = ["integrated_session"]
-- $organisers = ["dolisa"]
-- $years_from = 2016
-- $years_to = 2020
