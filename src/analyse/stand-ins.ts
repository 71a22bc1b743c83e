/**
 * Phones (and accounts) nobody is known to hold join the network of the people they deal with most.
 *
 * In the entity graph an unheld phone stands for its unknown holder (project.ts). When no source
 * links a ring's phones to their owners, those phones call each other more than anyone else and
 * Louvain makes a "network" of phones: no person, no indicator, risk 0, and the people they belong
 * with lose them. Here every community without a person or organisation is dissolved: each of its
 * stand-ins moves to the community with a person or organisation it is tied to most (link weight; for
 * a phone mostly calls), in passes, so a phone that only calls other phones follows them. Stand-ins
 * tied to no such community stay where they were.
 */
import type { Community } from './communities.ts';
import type { CompactGraph } from './compact.ts';
import { indexOf } from './compact.ts';

const ACTORS: ReadonlySet<string> = new Set(['Person', 'Organisation']);

export interface StandInMove {
  node: string;
  from: string;
  to: string;
}

export interface StandInResult {
  communities: Community[];
  moves: StandInMove[];
}

export function attachStandIns(
  graph: CompactGraph,
  labels: readonly string[],
  communities: readonly Community[],
  passes = 4,
): StandInResult {
  const index = indexOf(graph);
  const communityOf = new Int32Array(graph.ids.length).fill(-1);
  communities.forEach((c, i) => {
    for (const m of c.members) communityOf[index.get(m)!] = i;
  });
  const hasActor = communities.map((c) => c.members.some((m) => ACTORS.has(labels[index.get(m)!]!)));
  const moves: StandInMove[] = [];
  const pending = new Set<number>();
  communities.forEach((c, i) => {
    if (!hasActor[i]) for (const m of c.members) pending.add(index.get(m)!);
  });
  for (let pass = 0; pass < passes && pending.size > 0; pass++) {
    const decided: Array<[number, number]> = [];
    for (const node of [...pending].sort((a, b) => a - b)) {
      const weight = new Map<number, number>();
      for (let slot = graph.offsets[node]!; slot < graph.offsets[node + 1]!; slot++) {
        const other = graph.neighbour[slot]!;
        const c = communityOf[other]!;
        if (other === node || c < 0 || !hasActor[c]) continue;
        weight.set(c, (weight.get(c) ?? 0) + graph.edgeW[graph.slotEdge[slot]!]!);
      }
      let best = -1;
      for (const [c, w] of weight)
        if (best < 0 || w > weight.get(best)! || (w === weight.get(best)! && c < best)) best = c;
      if (best >= 0) decided.push([node, best]);
    }
    if (decided.length === 0) break;
    // Decisions of one pass apply together, so the result does not depend on the visiting order.
    for (const [node, c] of decided) {
      moves.push({
        node: graph.ids[node]!,
        from: communities[communityOf[node]!]!.key,
        to: communities[c]!.key,
      });
      communityOf[node] = c;
      pending.delete(node);
    }
  }
  if (moves.length === 0) return { communities: [...communities], moves };
  const members = communities.map(() => [] as string[]);
  for (let i = 0; i < graph.ids.length; i++)
    if (communityOf[i]! >= 0) members[communityOf[i]!]!.push(graph.ids[i]!);
  const result: Community[] = [];
  communities.forEach((c, i) => {
    if (members[i]!.length === 0) return;
    result.push({ ...c, members: members[i]!.sort() });
  });
  return { communities: result, moves };
}
