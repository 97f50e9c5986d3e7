SELECT pw.district_code AS "district", r.year AS "year", sum(pw.weight) AS "events", coalesce(sum(r.attendees * pw.weight), 0) AS "attendees", coalesce(sum(r.leaflets * pw.weight), 0) AS "leaflets"
FROM main.events r
JOIN main.harmonisation pw ON pw.place_code = r.place_code
WHERE TRUE
  AND (list_contains($districts, r.place_code) OR list_contains($districts, pw.district_code))
  AND r.year BETWEEN $years_from AND $years_to
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $districts = [916, 31120]
-- $years_from = 2016
-- $years_to = 2026
