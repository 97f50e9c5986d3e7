SELECT pw.district_code AS "district", sum(pw.weight) AS "contacts"
FROM main.hotline h
JOIN main.harmonisation pw ON pw.place_code = h.place_code
WHERE TRUE
  AND (list_contains($districts, h.place_code) OR list_contains($districts, pw.district_code))
GROUP BY ALL
ORDER BY 1

-- parameters
-- $districts = [925]
