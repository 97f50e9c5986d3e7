SELECT count(*) AS "events", CAST(coalesce(sum(r.attendees), 0) AS BIGINT) AS "attendees", CAST(coalesce(sum(r.leaflets), 0) AS BIGINT) AS "leaflets"
FROM main.events r
WHERE TRUE

-- parameters
