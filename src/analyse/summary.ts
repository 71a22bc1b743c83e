/**
 * Per-network facts read off the heterogeneous graph: members by type, the accounts and phones the
 * members hold, money in/out/inside and the largest flows, countries, routes travelled and the time
 * span of the network's events.
 */

import { amountOf, dayOf, holderIds, kindOf, outOf, str } from './hgraph.ts';
import { accountCountry } from './indicators/fan-in-beneficiary.ts';
import { journeyFacts } from './indicators/journeys.ts';
import type { HGraph } from './types.ts';

export interface Flow {
  relationship: string;
  from: string;
  to: string;
  amount: number;
  currency?: string;
  at?: string;
  kind: string;
}

export interface NetworkSummary {
  membersByLabel: Record<string, number>;
  accounts: number;
  phones: number;
  money: { in: number; out: number; internal: number; payments: number; largest: Flow[] };
  countries: Record<string, number>;
  routes: Array<{ route: string; from?: string; to?: string; journeys: number }>;
  timeSpan: { from?: string; to?: string };
}

export const DEFAULTS = {
  largestFlows: 5,
};

/** Accounts and phones that belong to the network: held by members, or members themselves. */
export function networkAssets(
  graph: HGraph,
  members: readonly string[],
): { accounts: Set<string>; phones: Set<string> } {
  const accounts = new Set<string>();
  const phones = new Set<string>();
  for (const member of members) {
    if (!graph.hasNode(member)) continue;
    const label = graph.getNodeAttribute(member, 'label');
    if (label === 'Account') accounts.add(member);
    if (label === 'Phone') phones.add(member);
    for (const ref of outOf(graph, member, 'HOLDS')) accounts.add(ref.target);
    for (const ref of outOf(graph, member, 'HAS_PHONE')) phones.add(ref.target);
  }
  return { accounts, phones };
}

export function summarise(
  graph: HGraph,
  members: readonly string[],
  options: { largestFlows?: number } = {},
): NetworkSummary {
  const largest = options.largestFlows ?? DEFAULTS.largestFlows;
  const membersByLabel: Record<string, number> = {};
  const countries: Record<string, number> = {};
  const count = (country: unknown) => {
    const c = str(country)?.toUpperCase();
    if (c) countries[c] = (countries[c] ?? 0) + 1;
  };
  let first: string | undefined;
  let last: string | undefined;
  const seen = (at: unknown) => {
    const day = typeof at === 'string' && at.length >= 10 ? at : undefined;
    if (!day) return;
    if (first === undefined || day < first) first = day;
    if (last === undefined || day > last) last = day;
  };
  for (const member of members) {
    if (!graph.hasNode(member)) continue;
    const attributes = graph.getNodeAttributes(member);
    membersByLabel[attributes.label] = (membersByLabel[attributes.label] ?? 0) + 1;
    count(attributes.nationality ?? attributes.country);
    for (const ref of outOf(graph, member, 'REGISTERED_AT'))
      count(graph.getNodeAttribute(ref.target, 'country'));
  }
  const { accounts, phones } = networkAssets(graph, members);
  const flows: Flow[] = [];
  let moneyIn = 0;
  let moneyOut = 0;
  let internal = 0;
  for (const account of [...accounts].sort()) {
    if (!graph.hasNode(account)) continue;
    if (graph.getNodeAttribute(account, 'label') === 'Account' && holderIds(graph, account).length > 0) {
      count(accountCountry(graph, account));
    }
    // Refs, not forEachEdge: a busy account's thousands of payments need three attributes each,
    // not an attributes object each (record-graph.ts keeps them as columns).
    graph.forEachEdgeRef(account, (ref) => {
      const { source, target } = ref;
      const type = ref.type;
      if (type === 'CASH') {
        if (source === account) seen(ref.attribute('at'));
        return;
      }
      if (type !== 'PAID') return;
      const inside = accounts.has(source) && accounts.has(target);
      // Internal flows are met from both ends; count them once, from the payer.
      if (inside && source !== account) return;
      const amount = amountOf(ref);
      if (inside) internal += amount;
      else if (target === account) moneyIn += amount;
      else moneyOut += amount;
      seen(ref.attribute('at'));
      const flow: Flow = {
        relationship: ref.edge,
        from: source,
        to: target,
        amount,
        kind: kindOf(ref),
      };
      const currency = str(ref.attribute('currency'));
      if (currency) flow.currency = currency;
      const at = str(ref.attribute('at'));
      if (at) flow.at = at;
      flows.push(flow);
    });
  }
  for (const phone of phones) {
    graph.forEachEdgeRef(phone, (ref) => {
      if (ref.type === 'CALLED') seen(ref.attribute('at'));
    });
  }
  const routes = new Map<string, { route: string; from?: string; to?: string; journeys: number }>();
  for (const member of members) {
    if (!graph.hasNode(member)) continue;
    for (const took of outOf(graph, member, 'TOOK')) {
      const facts = journeyFacts(graph, took.target);
      if (facts.day) seen(facts.day);
      const on = outOf(graph, took.target, 'ON')[0];
      if (!on) continue;
      const entry = routes.get(on.target) ?? { route: on.target, journeys: 0 };
      if (facts.from) entry.from = facts.from;
      if (facts.to) entry.to = facts.to;
      entry.journeys++;
      routes.set(on.target, entry);
      count(facts.from);
      count(facts.to);
    }
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  const timeSpan: { from?: string; to?: string } = {};
  if (first) timeSpan.from = dayOf(first)!;
  if (last) timeSpan.to = dayOf(last)!;
  return {
    membersByLabel,
    accounts: accounts.size,
    phones: phones.size,
    money: {
      in: round(moneyIn),
      out: round(moneyOut),
      internal: round(internal),
      payments: flows.length,
      largest: flows
        .sort((a, b) => b.amount - a.amount || (a.relationship < b.relationship ? -1 : 1))
        .slice(0, largest),
    },
    countries,
    routes: [...routes.values()].sort((a, b) => b.journeys - a.journeys || (a.route < b.route ? -1 : 1)),
    timeSpan,
  };
}
