WITH chosen AS (
  SELECT v.victim_id, sum(pw.weight) AS share FROM main.victims v
  JOIN main.harmonisation pw ON pw.place_code = v.place_code
  WHERE TRUE
    AND (list_contains($districts, v.place_code) OR list_contains($districts, pw.district_code))
    AND v.year BETWEEN $years_from AND $years_to
  GROUP BY v.victim_id
),
people AS (
  SELECT c.share, v."reception_date", v."verified_date", v."identified_date", v."supported_date", v."reintegrated_date",
    TRUE AS "reached_received",
    list_contains($verified_statuses, v.trafficking_status) AS "reached_verified",
    list_contains($identified_statuses, v.trafficking_status) AS "reached_identified",
    list_contains($supported_statuses, v.trafficking_status) AND list_contains($supported_workflow, v.workflow_stage) AS "reached_supported",
    list_contains($reintegrated_statuses, v.trafficking_status) AND list_contains($reintegrated_workflow, v.workflow_stage) AS "reached_reintegrated"
  FROM chosen c JOIN main.victims v ON v.victim_id = c.victim_id
)
SELECT coalesce(sum(share) FILTER (WHERE "reached_received"), 0) AS "people_received",
  coalesce(sum(share) FILTER (WHERE "reached_verified"), 0) AS "people_verified",
  count(*) FILTER (WHERE "reached_verified" AND "reception_date" IS NOT NULL AND "verified_date" IS NOT NULL) AS "timed_verified",
  median(date_diff('day', "reception_date", "verified_date")) FILTER (WHERE "reached_verified" AND "reception_date" IS NOT NULL AND "verified_date" IS NOT NULL) AS "days_verified",
  coalesce(sum(share) FILTER (WHERE "reached_identified"), 0) AS "people_identified",
  count(*) FILTER (WHERE "reached_identified" AND "verified_date" IS NOT NULL AND "identified_date" IS NOT NULL) AS "timed_identified",
  median(date_diff('day', "verified_date", "identified_date")) FILTER (WHERE "reached_identified" AND "verified_date" IS NOT NULL AND "identified_date" IS NOT NULL) AS "days_identified",
  coalesce(sum(share) FILTER (WHERE "reached_supported"), 0) AS "people_supported",
  count(*) FILTER (WHERE "reached_supported" AND "identified_date" IS NOT NULL AND "supported_date" IS NOT NULL) AS "timed_supported",
  median(date_diff('day', "identified_date", "supported_date")) FILTER (WHERE "reached_supported" AND "identified_date" IS NOT NULL AND "supported_date" IS NOT NULL) AS "days_supported",
  coalesce(sum(share) FILTER (WHERE "reached_reintegrated"), 0) AS "people_reintegrated",
  count(*) FILTER (WHERE "reached_reintegrated" AND "supported_date" IS NOT NULL AND "reintegrated_date" IS NOT NULL) AS "timed_reintegrated",
  median(date_diff('day', "supported_date", "reintegrated_date")) FILTER (WHERE "reached_reintegrated" AND "supported_date" IS NOT NULL AND "reintegrated_date" IS NOT NULL) AS "days_reintegrated"
FROM people

-- parameters
-- $districts = [916, 31120]
-- $identified_statuses = ["actual"]
-- $reintegrated_statuses = ["actual"]
-- $reintegrated_workflow = ["reintegration"]
-- $supported_statuses = ["actual"]
-- $supported_workflow = ["support", "reintegration"]
-- $verified_statuses = ["actual", "not_victim"]
-- $years_from = 2023
-- $years_to = 2026
