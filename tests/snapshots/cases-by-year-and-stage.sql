SELECT c.year AS "year", c.stage AS "stage", count(DISTINCT c.case_id) AS "cases", CAST(coalesce(sum(c.suspects), 0) AS BIGINT) AS "suspects", CAST(coalesce(sum(c.victims_linked), 0) AS BIGINT) AS "victims_linked"
FROM main.cases c
WHERE TRUE
  AND c.year BETWEEN $years_from AND $years_to
  AND list_contains($case_stages, c.stage)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $case_stages = ["convicted", "prosecuted"]
-- $years_from = 2016
-- $years_to = 2020
