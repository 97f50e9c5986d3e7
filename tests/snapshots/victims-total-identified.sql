SELECT count(DISTINCT v.victim_id) AS "victims"
FROM main.victims v
WHERE TRUE
  AND list_contains($trafficking_statuses, v.trafficking_status)

-- parameters
-- $trafficking_statuses = ["actual"]
