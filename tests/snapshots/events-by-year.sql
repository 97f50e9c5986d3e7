SELECT r.year AS "year", count(*) AS "events", CAST(coalesce(sum(r.attendees), 0) AS BIGINT) AS "attendees", CAST(coalesce(sum(r.leaflets), 0) AS BIGINT) AS "leaflets"
FROM main.events r
WHERE TRUE
  AND r.year BETWEEN $years_from AND $years_to
GROUP BY ALL
ORDER BY 1

-- parameters
-- $years_from = 2016
-- $years_to = 2020
