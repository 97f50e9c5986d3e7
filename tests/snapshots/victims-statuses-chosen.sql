SELECT v.year AS "year", v.trafficking_status AS "trafficking_status", count(DISTINCT v.victim_id) AS "victims"
FROM main.victims v
WHERE TRUE
  AND list_contains($trafficking_statuses, v.trafficking_status)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $trafficking_statuses = ["not_victim", "possible"]
