/**
 * scattered-cash: cash deposited into one account in >= minCities cities where no holder lives, and
 * on >= sameDayShare of those deposit days money leaves the account the same day (cash out or a
 * payment). Cities come from the CASH relationship's Location (`name` or `city`); homes from the
 * holders' addresses (`city` or `town`, else a one-line address that names the city, as bank
 * statements give it: `12 STATION ROAD, LEEDS, LS6 2QT`).
 *
 * v2: the holder is exposed, not a beneficiary. Cash paid in across cities and moved on the same
 * day is the pattern of a person moved from place to place whose takings are collected (generated
 * sexual-exploitation worlds plant exactly that on the victim's account); whoever receives the
 * same-day payments out is the beneficiary.
 *
 * v3: roles follow the money, not the account. The holder is exposed only when the same-day money
 * goes on to another person (a transfer or remittance to someone who is not possibly the holder's
 * own record or household): that person is the beneficiary. Cash that stays with the holder,
 * is withdrawn or is spent (card, merchant, rent) says nothing about who is exploited: the holder
 * is then neither exposed nor a beneficiary. A pimp who collects the women's takings into his own
 * account is not "possibly exploited" for it; when he also controls others (control.ts) he is the
 * beneficiary of his account's pattern even when he sends money on.
 */

import { pushTo } from '../../model/group.ts';
import { accountActors } from '../actors-of.ts';
import {
  dayOf,
  holderIds,
  kindOf,
  labelOf,
  mayBeSamePerson,
  nodesOf,
  outOf,
  paidOut,
  str,
} from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { addressesOf } from './residents.ts';

export const DEFAULTS = {
  minCities: 3,
  sameDayShare: 0.5,
  /** Payments that hand money on to someone (card, merchant and rent payments buy something). */
  onwardKinds: ['transfer', 'remittance'] as string[],
};

export default defineIndicator({
  id: 'scattered-cash',
  version: 3,
  category: 'FINANCIAL',
  kind: 'context',
  title: 'Cash deposits in many cities, withdrawn the same day',
  source: 'FinCEN (2020)',
  weight: 1.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const account of nodesOf(graph, 'Account')) {
      const cash = outOf(graph, account, 'CASH');
      const deposits = cash.filter((ref) => str(ref.attribute('direction')) === 'in');
      if (deposits.length < params.minCities) continue;
      const holders = holderIds(graph, account);
      const homes = new Set<string>();
      const homeLines: string[] = [];
      for (const holder of holders) {
        for (const address of addressesOf(graph, holder).keys()) {
          const a = graph.getNodeAttributes(address);
          const city = str(a.city) ?? str(a.town);
          if (city) homes.add(city.toLowerCase());
          else if (str(a.line))
            homeLines.push(
              ` ${str(a.line)!
                .toLowerCase()
                .replace(/[^\p{L}\p{N}]+/gu, ' ')} `,
            );
        }
      }
      const isHome = (city: string): boolean =>
        homes.has(city) ||
        homeLines.some((line) => line.includes(` ${city.replace(/[^\p{L}\p{N}]+/gu, ' ')} `));
      const away = deposits.filter((ref) => {
        const l = graph.getNodeAttributes(ref.target);
        const city = (str(l.name) ?? str(l.city))?.toLowerCase();
        return city !== undefined && !isHome(city);
      });
      const cities = new Set(away.map((ref) => ref.target));
      if (cities.size < params.minCities) continue;
      const outs = [
        ...cash.filter((ref) => str(ref.attribute('direction')) !== 'in'),
        ...paidOut(graph, account),
      ];
      const outDays = new Map<string, string[]>();
      for (const ref of outs) {
        const day = dayOf(ref.attribute('at'));
        if (day) pushTo(outDays, day, ref.edge);
      }
      const depositDays = new Set(
        away.map((ref) => dayOf(ref.attribute('at'))).filter((d) => d !== undefined),
      );
      const matched = [...depositDays].filter((day) => outDays.has(day));
      if (depositDays.size === 0 || matched.length / depositDays.size < params.sameDayShare) continue;
      const own = new Set(holders);
      const receivers = new Set<string>();
      for (const ref of outs) {
        if (ref.type !== 'PAID' || !matched.includes(dayOf(ref.attribute('at')) ?? '')) continue;
        if (!params.onwardKinds.includes(kindOf(ref))) continue;
        for (const actor of accountActors(graph, ref.target)) {
          if (own.has(actor) || labelOf(graph, actor) === 'Organisation') continue;
          if (labelOf(graph, actor) === 'Person' && holders.some((h) => mayBeSamePerson(graph, h, actor)))
            continue;
          receivers.add(actor);
        }
      }
      drafts.push({
        subject: account,
        nodes: [account, ...holders, ...cities, ...receivers],
        relationships: [...away.map((ref) => ref.edge), ...matched.flatMap((day) => outDays.get(day)!)],
        beneficiaries: receivers,
        exposed: receivers.size > 0 ? holders : [],
        actors: holders.length > 0 ? holders : [account],
        facts: {
          cities: cities.size,
          depositDays: depositDays.size,
          sameDayOut: matched.length,
          passedOnTo: receivers.size,
        },
      });
    }
    return drafts;
  },
});
