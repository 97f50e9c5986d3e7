SELECT pw.district_code AS "district", v.year AS "year", sum(pw.weight) AS "victims"
FROM main.victims v
JOIN main.harmonisation pw ON pw.place_code = v.place_code
WHERE TRUE
  AND (list_contains($districts, v.place_code) OR list_contains($districts, pw.district_code))
  AND list_contains($trafficking_statuses, v.trafficking_status)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $districts = [925]
-- $trafficking_statuses = ["actual"]
