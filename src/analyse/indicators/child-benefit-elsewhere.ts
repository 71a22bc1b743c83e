/**
 * child-benefit-elsewhere: a person claims a child-related benefit (scheme in childSchemes, e.g. UK
 * Child Benefit "CB") while the minors recorded as their family (RELATED_TO of a family kind) are
 * registered only at addresses where the claimant neither lives nor claims. Benefit fraud through
 * children who are not in the claimant's care is a recurring feature of trafficking cases involving
 * children (Europol 2015 and 2018; UK DWP fraud guidance). Not matched: a claimant whose children
 * live with them (a shared address), children whose address is unknown (no evidence either way),
 * adults (the claim is for children). The claimant benefits; the children are exposed.
 */
import { areFamily, claimantsOf, nodesOf, str } from '../hgraph.ts';
import { isMinor, minorOn } from '../minors.ts';
import type { HGraph } from '../types.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { addressesOf } from './residents.ts';

export const DEFAULTS = {
  /** Claim schemes paid for children (compared case-insensitively with `scheme`, `kind` or `type`). */
  childSchemes: [
    'cb',
    'child benefit',
    'child-benefit',
    'ctc',
    'child tax credit',
    'family allowance',
  ] as string[],
};

/** The family members of a person who are minors on `day` (or flagged by the run). */
function childrenOf(graph: HGraph, person: string, day: string | undefined): string[] {
  const out = new Set<string>();
  graph.forEachEdgeRef(person, (ref) => {
    if (ref.type !== 'RELATED_TO') return;
    const other = ref.source === person ? ref.target : ref.source;
    if (other === person || !areFamily(graph, person, other)) return;
    if (minorOn(graph, other, day) !== undefined || isMinor(graph, other)) out.add(other);
  });
  return [...out].sort();
}

export default defineIndicator({
  id: 'child-benefit-elsewhere',
  version: 1,
  category: 'BENEFIT',
  kind: 'control',
  title: 'Child benefit claimed for children who do not live with the claimant',
  source: 'Europol (2015) THB for benefit fraud; Europol (2018) child trafficking',
  weight: 2,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    const schemes = new Set(params.childSchemes.map((s) => s.toLowerCase()));
    for (const claim of nodesOf(graph, 'BenefitClaim')) {
      const attributes = graph.getNodeAttributes(claim);
      const scheme = (
        str(attributes.scheme) ??
        str(attributes.kind) ??
        str(attributes.type) ??
        ''
      ).toLowerCase();
      if (!schemes.has(scheme)) continue;
      const day = str(attributes.start);
      for (const claims of claimantsOf(graph, claim)) {
        const claimant = claims.source;
        const home = addressesOf(graph, claimant);
        const away: string[] = [];
        const edges: string[] = [claims.edge];
        const addresses: string[] = [];
        for (const child of childrenOf(graph, claimant, day)) {
          const theirs = addressesOf(graph, child);
          if (theirs.size === 0 || [...theirs.keys()].some((a) => home.has(a))) continue;
          away.push(child);
          for (const [address, via] of theirs) {
            addresses.push(address);
            edges.push(...via);
          }
          graph.forEachEdge(claimant, child, (edge, a) => {
            if (a.type === 'RELATED_TO') edges.push(edge);
          });
        }
        if (away.length === 0) continue;
        drafts.push({
          subject: `${claim}>${claimant}`,
          nodes: [claim, claimant, ...away, ...addresses],
          relationships: edges,
          beneficiaries: [claimant],
          exposed: away,
          actors: [claimant, ...away],
          facts: { children: away.length, scheme },
        });
      }
    }
    return drafts;
  },
});
