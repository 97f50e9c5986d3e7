SELECT r.place_code AS "district", r.month AS "month", CAST(coalesce(sum(r.events), 0) AS BIGINT) AS "events", CAST(coalesce(sum(r.attendees), 0) AS BIGINT) AS "attendees", CAST(coalesce(sum(r.leaflets), 0) AS BIGINT) AS "leaflets"
FROM main.events_district_month r
WHERE TRUE
  AND list_contains($province_places, r.place_code)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $province_places = [883, 884, 886, 887, 888, 889, 890, 891, 892, 893, 894]
