SELECT h.month AS "month", h.topic AS "topic", count(*) AS "contacts"
FROM main.hotline h
WHERE TRUE
  AND h.year BETWEEN $years_from AND $years_to
  AND list_contains($lines, h.line)
  AND list_contains($hotline_topics, h.topic)
GROUP BY ALL
ORDER BY 1, 2

-- parameters
-- $hotline_topics = ["suspected_case"]
-- $lines = ["111"]
-- $years_from = 2023
-- $years_to = 2023
