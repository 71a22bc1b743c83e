/**
 * shared-benefit-account: one account receives benefit payments for >= minClaimants distinct
 * claimants who neither hold it nor are family of its holder. Holders must be persons by default: a
 * care home or charity acting as appointee for its residents is the lawful form of the same shape.
 */
import { areFamily, claimantsOf, holdersOf, intoOf, nodesOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minClaimants: 3,
  /** Labels a holder may have; accounts with any other holder are not matched. */
  holderLabels: ['Person'] as string[],
  /** Match accounts whose holder is not in the data (the custodian unknown). */
  allowUnknownHolder: true,
};

export default defineIndicator({
  id: 'shared-benefit-account',
  version: 1,
  category: 'BENEFIT',
  kind: 'control',
  title: 'Account receives benefits for several unrelated claimants',
  source:
    'Europol, THB financial business model (2015): trafficker as "custodian" of victims\' accounts; UK Met/HMRC case (2011)',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const account of nodesOf(graph, 'Account')) {
      const intoClaims = intoOf(graph, account, 'PAID_INTO');
      if (intoClaims.length < params.minClaimants) continue;
      const holders = holdersOf(graph, account);
      if (holders.length === 0 && !params.allowUnknownHolder) continue;
      if (holders.some((h) => !params.holderLabels.includes(graph.getNodeAttribute(h.source, 'label'))))
        continue;
      const holderIds = holders.map((h) => h.source);
      const claimants = new Set<string>();
      const rels = holders.map((h) => h.edge);
      const claims: string[] = [];
      for (const paidInto of intoClaims) {
        for (const claims_ of claimantsOf(graph, paidInto.source)) {
          const claimant = claims_.source;
          if (holderIds.some((holder) => areFamily(graph, holder, claimant))) continue;
          claimants.add(claimant);
          rels.push(paidInto.edge, claims_.edge);
          claims.push(paidInto.source);
        }
      }
      if (claimants.size < params.minClaimants) continue;
      drafts.push({
        subject: account,
        nodes: [account, ...holderIds, ...claimants, ...claims],
        relationships: rels,
        beneficiaries: holderIds.length > 0 ? holderIds : [account],
        exposed: claimants,
        facts: { claimants: claimants.size, claims: new Set(claims).size },
      });
    }
    return drafts;
  },
});
