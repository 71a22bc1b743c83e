/**
 * `npx tsx scripts/bench/detect-identities.ts [--seeds 1,2] [--people 3000] [--min-score 0.95]`
 *
 * What identities do to detection quality (issue #13 item 4), on worlds of the real generator loaded
 * through the real loader into the configured Neo4j (emptied first: point SKEIN_NEO4J_PORT at a test
 * server). Three settings on the same loaded world, same seed:
 *   (a) records    the records as loaded, no match in the store;
 *   (b) resolved   the pure resolver (analyse/resolve) over the records read from the store: its rule
 *                  matches written as SAME_AS, its proposals as POSSIBLY_SAME_AS with their score,
 *                  detection run with `identities.proposedMinScore` (default 0.95);
 *   (c) truth      SAME_AS between the records of each person of ground-truth-identities.jsonl.
 * Matches are written here as the contract (model/resolution-contract.ts) says a resolution run
 * writes them (a bench-only path: the stored run is another module's).
 *
 * Measures per planted network (ground-truth.json), against the detected network holding most of
 * its members (ground-truth.ts place): recall@k (k = planted networks; that network ranks in the
 * top k), member Jaccard over persons (a member record counts as its truth person when the truth
 * names it, else as itself; mean over planted networks, 0 when not found) and controller top-3 (a
 * truth controller of the plant is among that network's three highest offenders).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveRecords } from '../../src/analyse/resolve/resolve.ts';
import { startDetection } from '../../src/jobs/detect.ts';
import { type MatchType, matchKey } from '../../src/model/resolution-contract.ts';
import { closeDriver } from '../../src/store/driver.ts';
import { resolutionRecords, type StoredRecord } from '../../src/store/read/resolution-records.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { executeWrite } from '../../src/store/run.ts';
import { generateAndLoad } from './detect-generated.ts';
import { type GroundTruth, graphNodesOf, place, storedNetworks, truthRecords } from './ground-truth.ts';

const { values } = parseArgs({
  options: {
    seeds: { type: 'string', default: '1,2' },
    people: { type: 'string', default: '3000' },
    'min-score': { type: 'string', default: '0.95' },
  },
});
const seeds = values.seeds.split(',').map(Number);
const people = Number(values.people);
const minScore = Number(values['min-score']);

interface Link {
  type: MatchType;
  label: 'Person' | 'Organisation';
  a: string;
  b: string;
  by: string;
  score: number | null;
}

async function clearMatches(): Promise<void> {
  await executeWrite('MATCH ()-[r:SAME_AS|POSSIBLY_SAME_AS|NOT_SAME_AS]->() DELETE r');
}

async function writeLinks(links: readonly Link[]): Promise<void> {
  const stamp = new Date().toISOString();
  for (const label of ['Person', 'Organisation'] as const) {
    for (const type of ['SAME_AS', 'POSSIBLY_SAME_AS'] as const) {
      const rows = links
        .filter((l) => l.label === label && l.type === type)
        .map((l) => {
          const [a, b] = l.a < l.b ? [l.a, l.b] : [l.b, l.a];
          return {
            a,
            b,
            props: {
              key: matchKey(type, a, b, ['*']),
              by: l.by,
              runId: 'bench',
              judgementId: null,
              jurisdictions: ['*'],
              scopeKey: '*',
              score: l.score,
              matchWeight: null,
              reasonsJson: '[]',
              evidenceKey: '',
              createdAt: stamp,
            },
          };
        });
      for (let i = 0; i < rows.length; i += 5_000) {
        await executeWrite(
          `UNWIND $rows AS row MATCH (a:${label} {id: row.a}) MATCH (b:${label} {id: row.b})
           MERGE (a)-[r:${type} {key: row.props.key}]->(b) SET r += row.props`,
          { rows: rows.slice(i, i + 5_000) },
        );
      }
    }
  }
}

async function records(label: StoredRecord['kind']): Promise<StoredRecord[]> {
  const out: StoredRecord[] = [];
  for await (const page of resolutionRecords(label, FULL_SCOPE)) out.push(...page);
  return out;
}

interface Measure {
  recallAtK: number;
  jaccard: number;
  controllerTop3: number;
  networks: number;
  identities: number;
  records: number;
}

async function measure(
  seed: number,
  truth: GroundTruth,
  personOf: Map<string, string>,
  nodesOf: Map<string, string[]>,
  options: { proposedMinScore?: number } = {},
): Promise<Measure> {
  const params = options.proposedMinScore
    ? { seed, identities: { proposedMinScore: options.proposedMinScore } }
    : { seed };
  const run = await (await startDetection(params)).done;
  const networks = await storedNetworks(run.runId);
  const k = truth.networks.length;
  let recalled = 0;
  let jaccard = 0;
  let withController = 0;
  let controllerHits = 0;
  for (const group of truth.networks) {
    const placed = place(group, nodesOf, networks);
    const network = placed.network;
    if (network && network.rank <= k) recalled++;
    const members = new Set(group.members.map((m) => m.personId));
    if (network) {
      const personOfNetworkNode = (node: string) =>
        personOf.get(node) ??
        group.members.find((m) => (nodesOf.get(m.personId) ?? []).includes(node))?.personId ??
        `node:${node}`;
      const found = new Set(network.members.map(personOfNetworkNode));
      const inter = [...members].filter((m) => found.has(m)).length;
      jaccard += inter / (members.size + found.size - inter);
    }
    const controllers = group.members.filter((m) => m.role === 'controller');
    if (controllers.length > 0) {
      withController++;
      const top = network?.offenders.slice(0, 3) ?? [];
      const hit = controllers.some((c) => {
        const nodes = new Set([...(nodesOf.get(c.personId) ?? [])]);
        for (const [node, person] of personOf) if (person === c.personId) nodes.add(node);
        return top.some((o) => nodes.has(o));
      });
      if (hit) controllerHits++;
    }
  }
  return {
    recallAtK: recalled / k,
    jaccard: jaccard / k,
    controllerTop3: withController === 0 ? Number.NaN : controllerHits / withController,
    networks: run.counts.networks,
    identities: run.identities.identities,
    records: run.identities.identities + run.identities.mergedRecords,
  };
}

const workDir = mkdtempSync(join(tmpdir(), 'skein-identities-'));
const table: Array<Record<string, string | number>> = [];
try {
  for (const seed of seeds) {
    const { out, truth, rows } = await generateAndLoad({ seed, people }, workDir);
    console.error(`world seed ${seed}: ${rows} rows loaded`);
    const personOf = await truthRecords(out);
    console.error(`truth: ${personOf.size} Person nodes named by ground-truth-identities.jsonl`);
    const nodesOf = await graphNodesOf([...truth.networks, ...truth.hardNegatives].flatMap((g) => g.members));
    // Truth members are also known by the records the identity truth names.
    for (const [node, person] of personOf) {
      const list = nodesOf.get(person);
      if (list && !list.includes(node)) list.push(node);
    }
    const row = (setting: string, m: Measure, extra = '') =>
      table.push({
        world: `seed ${seed}, ${people} people`,
        setting,
        'recall@k': Number(m.recallAtK.toFixed(3)),
        'member Jaccard': Number(m.jaccard.toFixed(3)),
        'controller top-3': Number.isNaN(m.controllerTop3) ? '-' : Number(m.controllerTop3.toFixed(3)),
        networks: m.networks,
        identities: m.records > 0 ? `${m.identities} of ${m.records} records` : '-',
        matches: extra,
      });

    await clearMatches();
    row('(a) records as loaded', await measure(seed, truth, personOf, nodesOf));

    const started = performance.now();
    const links: Link[] = [];
    for (const label of ['Person', 'Organisation'] as const) {
      const result = resolveRecords(await records(label));
      for (const c of result.certain)
        links.push({ type: 'SAME_AS', label, a: c.a, b: c.b, by: c.rule, score: 1 });
      for (const p of result.proposed)
        links.push({
          type: 'POSSIBLY_SAME_AS',
          label,
          a: p.a,
          b: p.b,
          by: 'score',
          score: p.score.probability,
        });
    }
    await writeLinks(links);
    const sameAs = links.filter((l) => l.type === 'SAME_AS').length;
    // How right the joins detection will use are, where the truth names both records.
    const used = links.filter((l) => l.type === 'SAME_AS' || (l.score ?? 0) >= minScore);
    const judged = used.filter((l) => personOf.has(l.a) && personOf.has(l.b));
    const right = judged.filter((l) => personOf.get(l.a) === personOf.get(l.b)).length;
    const strong = links.filter((l) => l.type === 'POSSIBLY_SAME_AS' && (l.score ?? 0) >= minScore).length;
    console.error(`resolved in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    row(
      `(b) resolver: SAME_AS + proposals >= ${minScore}`,
      await measure(seed, truth, personOf, nodesOf, { proposedMinScore: minScore }),
      `${sameAs} SAME_AS, ${strong} of ${links.length - sameAs} proposals; ${right}/${judged.length} right where the truth names both`,
    );

    await clearMatches();
    const byPerson = new Map<string, string[]>();
    for (const [node, person] of personOf) byPerson.set(person, [...(byPerson.get(person) ?? []), node]);
    const truthLinks: Link[] = [];
    for (const nodes of byPerson.values()) {
      nodes.sort();
      for (let i = 1; i < nodes.length; i++)
        truthLinks.push({
          type: 'SAME_AS',
          label: 'Person',
          a: nodes[0]!,
          b: nodes[i]!,
          by: 'rule:truth',
          score: 1,
        });
    }
    await writeLinks(truthLinks);
    row(
      '(c) truth identities',
      await measure(seed, truth, personOf, nodesOf),
      `${truthLinks.length} SAME_AS`,
    );
    await clearMatches();
  }
  console.table(table);
  console.log(JSON.stringify(table));
} finally {
  await closeDriver();
}
