/**
 * `npx tsx scripts/bench/runs-same.ts [RUN_A RUN_B]`
 *
 * Whether two stored detection runs found the same thing (default: the two latest completed runs):
 * one SHA-256 per run over its networks (every stored property but the run's own ids — `id`,
 * `runId`, `stableId`, `parent` — and `previousJaccard`, stability's match with the run before), each network's
 * members (node, role and every score) and its indicator matches (every property but the run's
 * ids), all sorted by the network's `key`. For a change that must not change results on a world
 * too big to save for detect-digest.ts: run detection before and after it on the same database.
 */
import { createHash } from 'node:crypto';
import { closeDriver } from '../../src/store/driver.ts';
import { executeRead } from '../../src/store/run.ts';

// The run's own ids, and stability's comparison with the run before (the later run has one).
const OWN = new Set(['id', 'runId', 'stableId', 'parent', 'network', 'matchId', 'previousJaccard']);
const strip = (props: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(props)
      .filter(([key]) => !OWN.has(key))
      .sort(([x], [y]) => (x < y ? -1 : 1)),
  );

let runs = process.argv.slice(2);
if (runs.length === 0) {
  const rows = await executeRead(
    `MATCH (r:AnalysisRun {status: 'completed'}) RETURN r.id AS id ORDER BY r.startedAt DESC LIMIT 2`,
  );
  runs = rows.map((row) => String(row.id)).reverse();
}
if (runs.length !== 2) throw new Error('bench/runs-same: give two run ids, or store two completed runs');

const digests: string[] = [];
const all: string[][] = [];
for (const runId of runs) {
  const networks = await executeRead(
    `MATCH (n:Network {runId: $runId})
     RETURN properties(n) AS props,
       COLLECT { MATCH (n)-[h:HAS_MEMBER]->(m) RETURN [m.id, properties(h)] } AS members,
       COLLECT { MATCH (n)-[x:MATCHED]->(i) RETURN [properties(x), properties(i)] } AS matches`,
    { runId },
    { timeoutMs: 1_800_000 },
  );
  const lines = networks.map((row) => {
    const props = row.props as Record<string, unknown>;
    const members = (row.members as Array<[string, Record<string, unknown>]>)
      .map(([node, h]) => JSON.stringify([node, strip(h)]))
      .sort();
    const matches = (row.matches as Array<[Record<string, unknown>, Record<string, unknown>]>)
      .map(([x, m]) => JSON.stringify([strip(x), strip(m)]))
      .sort();
    // Ids inside JSON properties (a linked network's id) carry the run's id too.
    return JSON.stringify([strip(props), members, matches]).replaceAll(runId, 'RUN');
  });
  lines.sort();
  const digest = createHash('sha256').update(lines.join('\n')).digest('hex');
  console.log(JSON.stringify({ runId, networks: networks.length, digest }));
  digests.push(digest);
  all.push(lines);
}
await closeDriver();
if (digests[0] !== digests[1]) {
  console.error('bench/runs-same: the two runs DIFFER; the first differing networks:');
  const [a, b] = all as [string[], string[]];
  for (let i = 0, shown = 0; i < Math.max(a.length, b.length) && shown < 3; i++) {
    if (a[i] === b[i]) continue;
    shown++;
    // Which of the network's properties, members or matches differ, and how.
    const [pa, ma, xa] = JSON.parse(a[i] ?? '[{},[],[]]') as [Record<string, unknown>, string[], string[]];
    const [pb, mb, xb] = JSON.parse(b[i] ?? '[{},[],[]]') as [Record<string, unknown>, string[], string[]];
    const keys = [...new Set([...Object.keys(pa), ...Object.keys(pb)])].filter(
      (key) => JSON.stringify(pa[key]) !== JSON.stringify(pb[key]),
    );
    console.error(
      `  network ${String(pa.key)}: properties ${keys.map((k) => `${k}: ${JSON.stringify(pa[k])?.slice(0, 120)} → ${JSON.stringify(pb[k])?.slice(0, 120)}`).join('; ')}; members ${JSON.stringify(ma) === JSON.stringify(mb) ? 'same' : 'differ'}; matches ${JSON.stringify(xa) === JSON.stringify(xb) ? 'same' : 'differ'}`,
    );
  }
  process.exitCode = 1;
}
