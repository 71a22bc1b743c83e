/**
 * Victim identification: the people a detection run shows as possibly exploited, with the evidence
 * for each, for referral to victim support. A person is listed when an indicator match of one of the
 * run's networks names them as exposed (whose wages leave at once, whose documents another holds,
 * whose benefits go to another's account, who travelled in a group a third party paid…), when the
 * risk model counts them possibly exploited, or when a case records them as a victim — recorded at
 * the run or since (a role recorded after the run counts at once, without a new run).
 *
 * Need-to-know: only runs the viewer may see (read/analysis.ts), and a role recorded since the run
 * only when the viewer may see the extract that recorded it; names come through the entity
 * repository with the viewer's scope.
 */
import type { Plain } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';
import { loadEntities } from './entities.ts';
import { coveredBy, scopeParameter } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

export interface VictimEvidence {
  /** Stored match id (`<runId>/<indicator>@<version>:<subject>`). */
  matchId: string;
  indicator: string;
  networkId: string;
  /** Entities the match rests on (the subject first). */
  evidenceEntityIds: string[];
}

export interface PossibleVictimRecord {
  personId: string;
  name: string | null;
  /** Networks of the run that hold the person, best rank first. */
  networks: { networkId: string; rank: number }[];
  evidence: VictimEvidence[];
  /** The risk model counted the person possibly exploited in one of those networks. */
  possiblyExploited: boolean;
  /** A case records the person as a victim (at the run, or since, in an extract the viewer may see). */
  recordedVictim: boolean;
}

const RUN_VISIBLE = coveredBy('r');

// Everyone a network of the run names as exposed, possibly exploited or a recorded victim member.
const CANDIDATES = `
MATCH (r:AnalysisRun {id: $runId}) WHERE ${RUN_VISIBLE}
MATCH (n:Network) WHERE n.runId = $runId AND ($networkId IS NULL OR n.id = $networkId)
CALL (n) {
  OPTIONAL MATCH (n)-[:MATCHED]->(i:IndicatorMatch) WHERE size(coalesce(i.exposed, [])) > 0
  UNWIND coalesce(i.exposed, [null]) AS person
  WITH person, i WHERE person IS NOT NULL
  RETURN person, {matchId: i.id, indicator: i.indicator, evidence: i.nodes} AS evidence, false AS flagged, false AS recorded
  UNION
  UNWIND coalesce(n.possiblyExploited, []) AS person
  RETURN person, null AS evidence, true AS flagged, false AS recorded
  UNION
  MATCH (n)-[h:HAS_MEMBER]->(m) WHERE 'victim' IN coalesce(h.recordedRoles, [])
  RETURN m.id AS person, null AS evidence, false AS flagged, true AS recorded
}
RETURN person, n.id AS network, n.rank AS rank, collect(evidence) AS evidence,
       any(f IN collect(flagged) WHERE f) AS flagged, any(v IN collect(recorded) WHERE v) AS recorded`;

const RECORDED_IN_NETWORKS = `
UNWIND $networks AS networkId
MATCH (n:Network {id: networkId})-[:HAS_MEMBER]->(p:Person)-[x:INVOLVED_IN]->(:Case)
WHERE toLower(trim(x.role)) = 'victim' AND REL_VISIBLE(x)
RETURN n.id AS network, collect(DISTINCT p.id) AS persons`;

/** Per network, its person members a case records as a victim now, in an extract the viewer may see. */
export async function recordedVictimsOfNetworks(
  networkIds: readonly string[],
  scope: ReadScope,
): Promise<Map<string, Set<string>>> {
  if (networkIds.length === 0) return new Map();
  const rows = await executeRead(
    cypher(RECORDED_IN_NETWORKS),
    { networks: [...networkIds], scope },
    { metadata: { purpose: 'recorded-victims' } },
  );
  return new Map(rows.map((r) => [String(r.network), new Set((r.persons as unknown[]).map(String))]));
}

const NETWORKS = `
MATCH (r:AnalysisRun {id: $runId}) WHERE ${RUN_VISIBLE}
MATCH (n:Network) WHERE n.runId = $runId AND ($networkId IS NULL OR n.id = $networkId)
RETURN n.id AS network, n.rank AS rank`;

/**
 * The possible victims of a run (or of one of its networks): recorded victims first, then most
 * kinds of evidence, most matches, best network rank. Empty when the run may not be seen (the caller checks first).
 */
export async function possibleVictims(
  runId: string,
  scope: ReadScope,
  options: { networkId?: string | null } = {},
): Promise<PossibleVictimRecord[]> {
  const params = { runId, networkId: options.networkId ?? null, scope: scopeParameter(scope) };
  const [candidates, networks] = await Promise.all([
    executeRead(CANDIDATES, params, { metadata: { purpose: 'possible-victims' } }),
    executeRead(NETWORKS, params, { metadata: { purpose: 'possible-victims-networks' } }),
  ]);
  const byPerson = new Map<string, PossibleVictimRecord>();
  const entry = (person: string) => {
    let found = byPerson.get(person);
    if (!found) {
      found = {
        personId: person,
        name: null,
        networks: [],
        evidence: [],
        possiblyExploited: false,
        recordedVictim: false,
      };
      byPerson.set(person, found);
    }
    return found;
  };
  const addNetwork = (record: PossibleVictimRecord, networkId: string, rank: number) => {
    if (!record.networks.some((n) => n.networkId === networkId)) record.networks.push({ networkId, rank });
  };
  for (const row of candidates) {
    const record = entry(String(row.person));
    addNetwork(record, String(row.network), Number(row.rank));
    for (const e of row.evidence as Array<Record<string, Plain> | null>) {
      if (!e) continue;
      record.evidence.push({
        matchId: String(e.matchId),
        indicator: String(e.indicator),
        networkId: String(row.network),
        evidenceEntityIds: Array.isArray(e.evidence) ? e.evidence.map(String) : [],
      });
    }
    if (row.flagged === true) record.possiblyExploited = true;
    if (row.recorded === true) record.recordedVictim = true;
  }
  // Roles recorded since the run: a member becomes a listed victim at once.
  const rankOf = new Map(networks.map((n) => [String(n.network), Number(n.rank)]));
  const recorded = await recordedVictimsOfNetworks([...rankOf.keys()], scope);
  for (const [network, persons] of recorded) {
    for (const person of persons) {
      const record = entry(person);
      record.recordedVictim = true;
      addNetwork(record, network, rankOf.get(network) ?? 0);
    }
  }
  const names = await loadEntities([...byPerson.keys()], scope);
  // Only people the viewer may see (and people only: an exposed company is not a victim to refer).
  const list = [...byPerson.values()].filter((record) => names.get(record.personId)?.label === 'Person');
  for (const record of list) {
    const name = names.get(record.personId)?.props.name;
    record.name = typeof name === 'string' ? name : null;
    record.networks.sort((a, b) => a.rank - b.rank || a.networkId.localeCompare(b.networkId));
    record.evidence.sort(
      (a, b) => a.indicator.localeCompare(b.indicator) || a.matchId.localeCompare(b.matchId),
    );
  }
  // Kinds of evidence before their count: one crowded house gives dozens of matches of one kind.
  const kinds = (v: PossibleVictimRecord) => new Set(v.evidence.map((e) => e.indicator)).size;
  return list.sort(
    (a, b) =>
      Number(b.recordedVictim) - Number(a.recordedVictim) ||
      kinds(b) - kinds(a) ||
      b.evidence.length - a.evidence.length ||
      (a.networks[0]?.rank ?? Infinity) - (b.networks[0]?.rank ?? Infinity) ||
      a.personId.localeCompare(b.personId),
  );
}
