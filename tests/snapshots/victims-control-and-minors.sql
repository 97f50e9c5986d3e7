SELECT m.means_of_control AS "means_of_control", CASE WHEN v.minor_status = 'under_16' THEN 'yes' WHEN v.minor_status IN ('16_17', 'adult') THEN 'no' ELSE 'unknown' END AS "under_16", CASE WHEN v.minor_status IN ('under_16', '16_17', 'minor') THEN 'yes' WHEN v.minor_status = 'adult' THEN 'no' ELSE 'unknown' END AS "under_18", count(DISTINCT v.victim_id) AS "victims"
FROM main.victims v
JOIN main.victim_means_of_control m ON m.victim_id = v.victim_id
WHERE TRUE
  AND list_contains($sexes, v.sex)
  AND list_contains($age_bands, v.age_band)
  AND list_contains($reception_channels, v.reception_channel)
  AND list_contains($trafficking_statuses, v.trafficking_status)
GROUP BY ALL
ORDER BY 1, 2, 3

-- parameters
-- $age_bands = ["9-17"]
-- $reception_channels = ["rescue"]
-- $sexes = ["female"]
-- $trafficking_statuses = ["actual"]
