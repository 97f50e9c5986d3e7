SELECT v.year AS "year", v.sex AS "sex", count(DISTINCT v.victim_id) AS "victims"
FROM main.victims v
WHERE TRUE
  AND v.year BETWEEN $years_from AND $years_to
  AND list_contains($trafficking_statuses, v.trafficking_status)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $trafficking_statuses = ["actual"]
-- $years_from = 2016
-- $years_to = 2020
