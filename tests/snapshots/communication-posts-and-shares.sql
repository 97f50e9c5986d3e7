SELECT c.organiser AS "organiser", c.month AS "month", CAST(coalesce(sum(c.items), 0) AS BIGINT) AS "items", CAST(coalesce(sum(c.reach), 0) AS BIGINT) AS "reach"
FROM main.communication c
WHERE TRUE
  AND c.year BETWEEN $years_from AND $years_to
  AND list_contains($organisers, c.organiser)
  AND list_contains($media, c.medium)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $media = ["share", "social_post"]
-- $organisers = ["dolisa"]
-- $years_from = 2021
-- $years_to = 2021
