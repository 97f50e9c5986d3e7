SELECT r.place_code AS "district", r.organiser AS "organiser", count(*) AS "events", CAST(coalesce(sum(r.attendees), 0) AS BIGINT) AS "attendees", CAST(coalesce(sum(r.leaflets), 0) AS BIGINT) AS "leaflets"
FROM main.events r
WHERE TRUE
  AND list_contains($districts, r.place_code)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $districts = [916, 925]
