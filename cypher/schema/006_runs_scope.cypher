// A run's scope: the jurisdictions it read, sorted, or ['*'] for a run over all data
// (store/read/analysis.ts shows a run only to viewers whose scope covers it, and a new run's
// previous run is the newest completed one of exactly the same scope). Runs written before the
// property existed get it from their stored parameters: the `jurisdictions` they were given, else
// '*' (as before, only viewers of every jurisdiction see them).
MATCH (r:AnalysisRun) WHERE r.jurisdictions IS NULL
WITH r, CASE WHEN r.paramsJson CONTAINS '"jurisdictions":['
  THEN split(split(r.paramsJson, '"jurisdictions":[')[1], ']')[0] ELSE '' END AS listed
WITH r, [j IN split(replace(listed, '"', ''), ',') WHERE trim(j) <> '' | toUpper(trim(j))] AS codes
CALL (r, codes) {
  UNWIND CASE WHEN size(codes) = 0 OR '*' IN codes THEN ['*'] ELSE codes END AS code
  WITH DISTINCT code ORDER BY code
  RETURN collect(code) AS scope
}
SET r.jurisdictions = scope;
// The default networks list and the previous-run choice look for the newest completed run.
CREATE INDEX analysis_run_status IF NOT EXISTS FOR (r:AnalysisRun) ON (r.status);
