/**
 * adult-services-spend: payments to adult-advertising sites, hotels or short-term rentals (payee's
 * holder name, `category`, or the payment's reference matching merchantPattern) from the accounts of
 * >= minPersons persons living at one address.
 */
import { accountsOf, holderIds, nodesOf, paidOut, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { residentsOf } from './residents.ts';

export const DEFAULTS = {
  minPersons: 2,
  merchantPattern:
    '\\b(hotel|motel|hostel|inn|lodge|short[- ]?let|airbnb|booking\\.com|escort|adult|massage|sauna|vivastreet|adultwork|classifieds?)\\b',
  kinds: ['card', 'booking', 'transfer', 'direct-debit'] as string[],
};

export default defineIndicator({
  id: 'adult-services-spend',
  version: 1,
  category: 'THB',
  kind: 'context',
  title: 'Hotels, short lets or adult advertising paid from one household of unrelated people',
  source: 'FinCEN (2014, 2020); FATF',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const pattern = new RegExp(params.merchantPattern, 'i');
    // Whether a payee is such a merchant depends on the payee alone: decided once per account.
    const merchantAccounts = new Map<string, boolean>();
    const isMerchantAccount = (account: string): boolean => {
      let known = merchantAccounts.get(account);
      if (known === undefined) {
        const a = graph.getNodeAttributes(account);
        known =
          [str(a.category), str(a.name)].some((t) => t && pattern.test(t)) ||
          holderIds(graph, account).some((holder) => {
            const h = graph.getNodeAttributes(holder);
            return [str(h.name), str(h.category), str(h.kind)].some((t) => t && pattern.test(t));
          });
        merchantAccounts.set(account, known);
      }
      return known;
    };
    const isMerchant = (account: string, reference: string | undefined): boolean =>
      (reference !== undefined && pattern.test(reference)) || isMerchantAccount(account);
    const drafts: MatchDraft[] = [];
    for (const address of nodesOf(graph, 'Address')) {
      const spenders = new Map<string, string[]>();
      for (const resident of residentsOf(graph, address)) {
        for (const held of accountsOf(graph, resident.person)) {
          const spend = paidOut(graph, held.target, params.kinds).filter((ref) =>
            isMerchant(ref.target, str(ref.attribute('reference'))),
          );
          if (spend.length > 0) {
            spenders.set(resident.person, [
              ...(spenders.get(resident.person) ?? []),
              ...resident.edges,
              held.edge,
              ...spend.map((ref) => ref.edge),
            ]);
          }
        }
      }
      if (spenders.size < params.minPersons) continue;
      drafts.push({
        subject: address,
        nodes: [address, ...spenders.keys()],
        relationships: [...spenders.values()].flat(),
        actors: [...spenders.keys()],
        facts: { persons: spenders.size },
      });
    }
    return drafts;
  },
});
