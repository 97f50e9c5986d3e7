SELECT pw.district_code AS "district", sum(pw.weight) AS "services", coalesce(list_sum([x.w for x in list_distinct(list(struct_pack(v := r.victim_id, d := pw.district_code, w := pw.weight)))]), 0) AS "victims_supported"
FROM main.support_services r JOIN main.victims v ON v.victim_id = r.victim_id
JOIN main.harmonisation pw ON pw.place_code = v.place_code
WHERE TRUE
  AND list_contains($trafficking_statuses, v.trafficking_status)
GROUP BY ALL
ORDER BY 1

-- parameters
-- $trafficking_statuses = ["actual", "possible"]
