/**
 * claimant-not-holder: a claimant's benefit is paid into an account held by someone else who is not
 * family. Holders must be persons by default (an organisation as appointee is the lawful case).
 *
 * "Someone else" excludes records that may be the claimant themself (the benefit agency's person and
 * the bank's customer are separate records until an investigator merges them: same name words) and
 * the claimant's household (a recorded family tie or the same family name).
 *
 * v3: names are compared as the resolver folds them (resolve/names.ts via hgraph.ts
 * mayBeSamePerson): "Weiß" in the benefit register and "WEISS" at the bank, "Müller" and "MUELLER",
 * a Cyrillic and a Latin record are one name; an identity joined by SAME_AS is compared by every
 * record's name. v2 fired on nearly every background network of a world with German names.
 */
import { claimantsOf, holdersOf, mayBeSamePerson, nodesOf, outOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  holderLabels: ['Person'] as string[],
};

export default defineIndicator({
  id: 'claimant-not-holder',
  version: 3,
  category: 'BENEFIT',
  kind: 'context',
  title: "Benefit paid into a non-family third party's account",
  source: 'Europol, THB financial business model (2015)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const claim of nodesOf(graph, 'BenefitClaim')) {
      for (const paidInto of outOf(graph, claim, 'PAID_INTO')) {
        const holders = holdersOf(graph, paidInto.target);
        if (holders.length === 0) continue;
        if (holders.some((h) => !params.holderLabels.includes(graph.getNodeAttribute(h.source, 'label'))))
          continue;
        for (const claims of claimantsOf(graph, claim)) {
          const claimant = claims.source;
          if (holders.some((h) => mayBeSamePerson(graph, h.source, claimant))) continue;
          drafts.push({
            subject: `${claim}>${paidInto.target}`,
            nodes: [claim, claimant, paidInto.target, ...holders.map((h) => h.source)],
            relationships: [claims.edge, paidInto.edge, ...holders.map((h) => h.edge)],
            beneficiaries: holders.map((h) => h.source),
            exposed: [claimant],
            facts: { holders: holders.length },
          });
        }
      }
    }
    return drafts;
  },
});
