SELECT r.support_type AS "support_type", r.provider AS "provider", count(DISTINCT r.service_id) AS "services", count(DISTINCT r.victim_id) AS "victims_supported"
FROM main.support_services r JOIN main.victims v ON v.victim_id = r.victim_id
WHERE TRUE
  AND r.year BETWEEN $years_from AND $years_to
  AND list_contains($trafficking_statuses, v.trafficking_status)
  AND list_contains($support_types, r.support_type)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $support_types = ["legal_aid", "medical"]
-- $trafficking_statuses = ["actual", "possible"]
-- $years_from = 2021
-- $years_to = 2026
