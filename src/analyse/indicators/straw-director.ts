/**
 * straw-director: a company director who is also a benefit claimant or a recorded victim. The
 * director is exposed (an identity used); the organisation and its other directors and owners are
 * the beneficiaries.
 *
 * v2: claiming a benefit is not enough. Directors of small companies claim child benefit, universal
 * credit between contracts or disability benefits like anyone (v1 matched six of them on a generated
 * 3,000-person world, all outside any planted network). A claimant director counts when someone else
 * is seen controlling them (control.ts: their benefit paid into another's account, their documents
 * held, their travel paid, their money handed over): the straw man's sign is that he answers to
 * someone. A recorded victim counts as before.
 */
import { controlDirection } from '../control.ts';
import { isRecordedVictim, nodesOf, outOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { controllersOf } from './org-people.ts';

export const DEFAULTS = {
  countClaimants: true,
  countVictims: true,
  /** A claimant director counts only when someone else is seen controlling them (control.ts). */
  claimantsControlled: true,
};

export default defineIndicator({
  id: 'straw-director',
  version: 2,
  category: 'FINANCIAL',
  kind: 'context',
  title: 'Director who is a benefit claimant or a recorded victim',
  source: 'Europol (2015): victims used for identity and credit fraud',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const person of nodesOf(graph, 'Person')) {
      const directs = outOf(graph, person, 'DIRECTS');
      if (directs.length === 0) continue;
      const controllers = [...(controlDirection(graph).controlledBy.get(person)?.keys() ?? [])].sort();
      const claims =
        params.countClaimants && (!params.claimantsControlled || controllers.length > 0)
          ? outOf(graph, person, 'CLAIMS')
          : [];
      const victim = params.countVictims && isRecordedVictim(graph, person);
      if (claims.length === 0 && !victim) continue;
      const cases = victim ? outOf(graph, person, 'INVOLVED_IN') : [];
      for (const direct of directs) {
        const others = controllersOf(graph, direct.target).filter((ref) => ref.source !== person);
        drafts.push({
          subject: `${person}>${direct.target}`,
          nodes: [person, direct.target, ...claims.map((c) => c.target), ...others.map((o) => o.source)],
          relationships: [
            direct.edge,
            ...claims.map((c) => c.edge),
            ...cases.map((c) => c.edge),
            ...others.map((o) => o.edge),
          ],
          beneficiaries: [
            direct.target,
            ...others.map((o) => o.source),
            ...(claims.length > 0 ? controllers : []),
          ],
          exposed: [person],
          facts: { claims: claims.length, recordedVictim: victim, controlledBy: controllers.length },
        });
      }
    }
    return drafts;
  },
});
