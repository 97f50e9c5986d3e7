SELECT pw.district_code AS "district", coalesce(sum(c.items * pw.weight), 0) AS "items", coalesce(sum(c.reach * pw.weight), 0) AS "reach"
FROM main.communication c
JOIN main.harmonisation pw ON pw.place_code = c.place_code
WHERE TRUE
GROUP BY ALL
ORDER BY 1

-- parameters
