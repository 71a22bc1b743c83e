/**
 * `node --import tsx scripts/bench/plant-evidence.ts --dump <inspect-….json> [--plant NET-SX] [--person P0001]`
 *
 * For reading the DEV worlds (never the test set): every indicator match that touches a planted
 * network's members, wherever the ranking attributed it, with each member's role in the match
 * (actor, beneficiary, exposed), and each member's detected network, role, offender points, and
 * whether control.ts counts them controlled. Shows which evidence a plant has that its network's
 * risk or its members' roles do not use.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { controlDirection, isControlled, isNetController } from '../../src/analyse/control.ts';
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { analyse } from '../../src/analyse/pipeline.ts';
import type { Dump } from './detect-inspect.ts';

const { values } = parseArgs({
  options: {
    dump: { type: 'string' },
    plant: { type: 'string', default: 'NET-SX' },
    person: { type: 'string' },
  },
});
if (!values.dump) throw new Error('bench/plant-evidence: --dump <inspect json> is required');
const data = JSON.parse(readFileSync(values.dump, 'utf8')) as Dump;
const graph = createHGraph();
graph.import(data.graph);
const seed = Number(/seed (\d+)/.exec(data.world)?.[1] ?? 42);
const result = analyse(graph, { communities: { seed } });
const nodesOfPerson = new Map<string, string[]>();
for (const [node, person] of data.personOf) {
  const list = nodesOfPerson.get(person) ?? [];
  list.push(node);
  nodesOfPerson.set(person, list);
}
// Records are members through their identity node.
const networkOf = new Map<
  string,
  { rank: number; id: string; member: (typeof result.networks)[number]['members'][number] }
>();
for (const n of result.networks)
  for (const m of n.members)
    for (const r of m.records ?? [m.node]) networkOf.set(r, { rank: n.unitRank, id: n.id, member: m });
const idOf = (record: string) => {
  const m = networkOf.get(record)?.member;
  return m?.node ?? record;
};
for (const plant of data.truth.networks.filter(
  (g) =>
    g.id.startsWith(values.plant!) && (!values.person || g.members.some((m) => m.personId === values.person)),
)) {
  console.log(`\n== ${plant.id} (${plant.typology}, ${plant.members.length} persons)`);
  const ids = new Set<string>();
  for (const m of plant.members) {
    if (values.person && m.personId !== values.person) continue;
    const records = nodesOfPerson.get(m.personId) ?? [];
    const where = records.map((r) => {
      const at = networkOf.get(r);
      const id = idOf(r);
      ids.add(id);
      const ctl = graph.hasNode(id)
        ? `${isControlled(graph, id) ? 'C' : ''}${isNetController(graph, id) ? 'N' : ''}`
        : '';
      const by = [...(controlDirection(graph).controlledBy.get(id)?.entries() ?? [])].map(
        ([p, k]) => `${p}:${[...k]}`,
      );
      return at
        ? `${r}->${id} #${at.rank} ${at.member.role} off ${at.member.offenderScore.toFixed(1)} ctl ${at.member.controlScore.toFixed(1)} rank ${at.member.offenderRank ?? '-'} ${ctl} by[${by.join(' ')}]`
        : `${r} (no network)`;
    });
    console.log(`${m.personId} ${m.role}${m.victim ? ' (victim)' : ''}: ${where.join(' | ') || 'no record'}`);
  }
  const byIndicator = new Map<string, string[]>();
  for (const match of result.matches) {
    const tag = (list: readonly string[], t: string) =>
      list.filter((x) => ids.has(x)).map((x) => `${t}:${data.personOf.find(([n]) => n === x)?.[1] ?? x}`);
    const hits = [...tag(match.actors, 'a'), ...tag(match.beneficiaries, 'b'), ...tag(match.exposed, 'e')];
    if (hits.length === 0) continue;
    const n = result.networks.find((x) => x.matches.includes(match.id));
    const list = byIndicator.get(match.indicator) ?? [];
    list.push(`[${hits.join(' ')}]${n ? ` in #${n.unitRank}` : ''}`);
    byIndicator.set(match.indicator, list);
  }
  for (const [indicator, list] of byIndicator)
    console.log(`  ${indicator} ×${list.length}: ${list.slice(0, 6).join('; ')}`);
}
