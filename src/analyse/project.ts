/**
 * Heterogeneous graph → weighted, undirected entity graph for community detection.
 *
 * Entities are persons and organisations. An account, or a phone, that nobody in the graph is known
 * to hold stands for its unknown holder (a foreign beneficiary still ties the people who pay it).
 * Every other node (addresses, documents, claims, journeys...) is folded into links between the
 * entities it joins, each with a documented weight (DEFAULTS.weights):
 *
 * - money: PAID between the holders' entities, aggregated per pair:
 *   `moneyPerLogCount * log2(1 + payments) + moneyPerLogAmount * log10(1 + total amount)`;
 * - calls: CALLED between the phones' owners, `callPerLogCount * log2(1 + calls)`;
 * - shared identifiers (phone, e-mail, address, account, identity document): every pair of the k
 *   actors sharing one gets `weight / (k - 1)`, so a person's total pull from one identifier stays
 *   bounded; an identifier shared by more than `sharedIdentifierMaxActors` is a hub (a call centre
 *   number, a city hall address) and makes no links;
 * - someone else's document in a person's possession, employment, directorship, ownership, family,
 *   confirmed identity (SAME_AS), a claimant and the holder of the account their benefit is paid into,
 *   a travel payer and each traveller.
 *
 * Hubs by degree: an entity with more than `hubDampFrom` distinct neighbours (a bank's clearing
 * account, a large employer) has its links scaled by `hubDampFrom / degree`; past `hubExcludeFrom`
 * it is left out of the entity graph. Every such decision is returned in `hubs`.
 */
import { UndirectedGraph } from 'graphology';
import type { EntityLabel } from '../model/labels.ts';
import { accountActors as accountActorsOf, phoneActors as phoneActorsOf } from './actors-of.ts';
import { holderIds, resolveParams, str } from './hgraph.ts';
import type { EEdgeAttributes, EGraph, ENodeAttributes, HGraph, LinkKind } from './types.ts';

export interface ProjectionWeights {
  moneyPerLogCount: number;
  moneyPerLogAmount: number;
  callPerLogCount: number;
  sharedPhone: number;
  sharedEmail: number;
  sharedAddress: number;
  sharedAccount: number;
  sharedDocument: number;
  heldDocument: number;
  employment: number;
  directorship: number;
  ownership: number;
  family: number;
  sameAs: number;
  claimPayee: number;
  travelPayer: number;
}

export interface ProjectionOptions {
  weights: ProjectionWeights;
  /** Identifiers shared by more actors than this are hubs and make no links. */
  sharedIdentifierMaxActors: number;
  /** Entities with more distinct neighbours have their link weights scaled by hubDampFrom / degree. */
  hubDampFrom: number;
  /** Entities with more distinct neighbours than this are left out of the entity graph. */
  hubExcludeFrom: number;
}

export const DEFAULTS: ProjectionOptions = {
  weights: {
    moneyPerLogCount: 1,
    moneyPerLogAmount: 0.5,
    callPerLogCount: 1,
    sharedPhone: 3,
    sharedEmail: 3,
    sharedAddress: 1.5,
    sharedAccount: 4,
    sharedDocument: 4,
    heldDocument: 4,
    employment: 1,
    directorship: 3,
    ownership: 3,
    family: 2,
    sameAs: 5,
    claimPayee: 3,
    travelPayer: 2,
  },
  sharedIdentifierMaxActors: 30,
  hubDampFrom: 40,
  hubExcludeFrom: 400,
};

export interface HubDecision {
  node: string;
  label: string;
  /** Distinct actors sharing the identifier, or distinct neighbours of the entity. */
  degree: number;
  action: 'damped' | 'excluded';
  /** Multiplier applied to the node's links (0 when excluded). */
  factor: number;
  reason: string;
}

export interface Projection {
  graph: EGraph;
  hubs: HubDecision[];
  /** Links made per kind (before hub handling). */
  links: Partial<Record<LinkKind, number>>;
}

export interface ProjectOptionsInput {
  weights?: Partial<ProjectionWeights>;
  sharedIdentifierMaxActors?: number;
  hubDampFrom?: number;
  hubExcludeFrom?: number;
}

const SHARED: ReadonlyArray<{ label: EntityLabel; kind: LinkKind; weight: keyof ProjectionWeights }> = [
  { label: 'Phone', kind: 'shared-phone', weight: 'sharedPhone' },
  { label: 'Email', kind: 'shared-email', weight: 'sharedEmail' },
  { label: 'Address', kind: 'shared-address', weight: 'sharedAddress' },
  { label: 'Account', kind: 'shared-account', weight: 'sharedAccount' },
  { label: 'IdentityDocument', kind: 'shared-document', weight: 'sharedDocument' },
];

/** Relationship types by which an actor "has" an identifier. */
const OWNING_TYPES = new Set(['HAS_PHONE', 'HAS_EMAIL', 'REGISTERED_AT', 'HOLDS', 'HAS_DOCUMENT']);

const DIRECT: Partial<Record<string, { kind: LinkKind; weight: keyof ProjectionWeights }>> = {
  EMPLOYS: { kind: 'employment', weight: 'employment' },
  DIRECTS: { kind: 'directorship', weight: 'directorship' },
  OWNS: { kind: 'ownership', weight: 'ownership' },
  RELATED_TO: { kind: 'family', weight: 'family' },
  SAME_AS: { kind: 'same-as', weight: 'sameAs' },
};

export function resolveProjectionOptions(input: ProjectOptionsInput = {}): ProjectionOptions {
  const { weights, ...rest } = input;
  const options = resolveParams('analyse/project', { ...DEFAULTS, weights: DEFAULTS.weights }, rest);
  const resolvedWeights = resolveParams('analyse/project (weights)', DEFAULTS.weights, weights);
  for (const [key, value] of Object.entries(resolvedWeights)) {
    if (!(typeof value === 'number' && value >= 0)) {
      throw new Error(`analyse/project: weights.${key} must be a number >= 0, got ${String(value)}`);
    }
  }
  if (options.hubExcludeFrom < options.hubDampFrom) {
    throw new Error(
      `analyse/project: hubExcludeFrom (${options.hubExcludeFrom}) must be >= hubDampFrom (${options.hubDampFrom})`,
    );
  }
  return { ...options, weights: resolvedWeights };
}

/** Builds the weighted entity graph from the heterogeneous graph. */
export function project(graph: HGraph, input: ProjectOptionsInput = {}): Projection {
  const options = resolveProjectionOptions(input);
  const w = options.weights;
  const links: Partial<Record<LinkKind, number>> = {};
  const hubs: HubDecision[] = [];
  // Pair aggregation: key "a\u0000b" with a < b.
  const pairs = new Map<string, Partial<Record<LinkKind, number>>>();
  const money = new Map<string, { count: number; amount: number }>();
  const calls = new Map<string, number>();
  const entityLabel = new Map<string, EntityLabel>();

  const entity = (node: string): string => {
    entityLabel.set(node, graph.getNodeAttribute(node, 'label'));
    return node;
  };
  const pairKey = (a: string, b: string): string => (a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`);
  const add = (a: string, b: string, kind: LinkKind, weight: number): void => {
    if (a === b || weight <= 0) return;
    entity(a);
    entity(b);
    const key = pairKey(a, b);
    let entry = pairs.get(key);
    if (!entry) {
      entry = {};
      pairs.set(key, entry);
    }
    entry[kind] = (entry[kind] ?? 0) + weight;
    links[kind] = (links[kind] ?? 0) + 1;
  };
  const accountActors = (account: string): string[] => accountActorsOf(graph, account);
  const phoneActors = (phone: string): string[] => phoneActorsOf(graph, phone);

  // Actors themselves are entities even when their only links turn out to be hubs.
  graph.forEachNode((node, attributes) => {
    if (attributes.label === 'Person' || attributes.label === 'Organisation') entity(node);
  });

  graph.forEachEdge((_edge, attributes, source, target) => {
    switch (attributes.type) {
      case 'PAID': {
        const amount = typeof attributes.amount === 'number' ? Math.abs(attributes.amount) : 0;
        for (const a of accountActors(source)) {
          for (const b of accountActors(target)) {
            if (a === b) continue;
            const key = pairKey(entity(a), entity(b));
            const entry = money.get(key) ?? { count: 0, amount: 0 };
            entry.count += 1;
            entry.amount += amount;
            money.set(key, entry);
          }
        }
        return;
      }
      case 'CALLED': {
        for (const a of phoneActors(source)) {
          for (const b of phoneActors(target)) {
            if (a === b) continue;
            const key = pairKey(entity(a), entity(b));
            calls.set(key, (calls.get(key) ?? 0) + 1);
          }
        }
        return;
      }
      case 'HELD_DOCUMENT': {
        graph.forEachInEdge(target, (_e, owning, owner) => {
          if (owning.type === 'HAS_DOCUMENT') add(source, owner, 'held-document', w.heldDocument);
        });
        return;
      }
      case 'PAID_INTO': {
        // Claimant ↔ holder of the account their benefit is paid into.
        const holders = holderIds(graph, target);
        graph.forEachInEdge(source, (_e, claims, claimant) => {
          if (claims.type !== 'CLAIMS') return;
          for (const holder of holders) add(claimant, holder, 'claim-payee', w.claimPayee);
        });
        return;
      }
      case 'PAID_FOR': {
        const payers =
          graph.getNodeAttribute(source, 'label') === 'Account' ? accountActors(source) : [source];
        graph.forEachInEdge(target, (_e, took, traveller) => {
          if (took.type !== 'TOOK') return;
          for (const payer of payers) add(payer, traveller, 'travel-payer', w.travelPayer);
        });
        return;
      }
      default: {
        const direct = DIRECT[attributes.type];
        if (direct) add(source, target, direct.kind, w[direct.weight]);
      }
    }
  });

  for (const [key, entry] of money) {
    const [a, b] = key.split('\u0000') as [string, string];
    add(
      a,
      b,
      'money',
      w.moneyPerLogCount * Math.log2(1 + entry.count) + w.moneyPerLogAmount * Math.log10(1 + entry.amount),
    );
  }
  for (const [key, count] of calls) {
    const [a, b] = key.split('\u0000') as [string, string];
    add(a, b, 'call', w.callPerLogCount * Math.log2(1 + count));
  }

  // Shared identifiers: pairs of the actors that have one, weight / (k - 1), hubs excluded.
  for (const shared of SHARED) {
    graph.forEachNode((node, attributes) => {
      if (attributes.label !== shared.label) return;
      const actors = new Set<string>();
      graph.forEachInEdge(node, (_e, edge, source) => {
        if (OWNING_TYPES.has(edge.type)) actors.add(source);
      });
      if (shared.label === 'Address') {
        // Claim addresses count as the claimant's.
        graph.forEachInEdge(node, (_e, edge, claim) => {
          if (edge.type !== 'AT_ADDRESS') return;
          graph.forEachInEdge(claim, (_c, claims, claimant) => {
            if (claims.type === 'CLAIMS') actors.add(claimant);
          });
        });
      }
      const k = actors.size;
      if (k < 2) return;
      if (k > options.sharedIdentifierMaxActors) {
        hubs.push({
          node,
          label: shared.label,
          degree: k,
          action: 'excluded',
          factor: 0,
          reason: `${shared.label} shared by ${k} actors (> sharedIdentifierMaxActors ${options.sharedIdentifierMaxActors})`,
        });
        return;
      }
      const list = [...actors].sort();
      const weight = w[shared.weight] / (k - 1);
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) add(list[i]!, list[j]!, shared.kind, weight);
      }
    });
  }

  // Degree of each entity = distinct neighbours; damp or exclude hubs.
  const degree = new Map<string, number>();
  for (const key of pairs.keys()) {
    const [a, b] = key.split('\u0000') as [string, string];
    degree.set(a, (degree.get(a) ?? 0) + 1);
    degree.set(b, (degree.get(b) ?? 0) + 1);
  }
  const factor = new Map<string, number>();
  for (const [node, d] of [...degree].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (d > options.hubExcludeFrom) {
      factor.set(node, 0);
      hubs.push({
        node,
        label: entityLabel.get(node) ?? 'unknown',
        degree: d,
        action: 'excluded',
        factor: 0,
        reason: `${d} distinct neighbours (> hubExcludeFrom ${options.hubExcludeFrom})`,
      });
    } else if (d > options.hubDampFrom) {
      const f = options.hubDampFrom / d;
      factor.set(node, f);
      hubs.push({
        node,
        label: entityLabel.get(node) ?? 'unknown',
        degree: d,
        action: 'damped',
        factor: f,
        reason: `${d} distinct neighbours (> hubDampFrom ${options.hubDampFrom}); links scaled by ${f.toFixed(3)}`,
      });
    }
  }

  const egraph: EGraph = new UndirectedGraph<ENodeAttributes, EEdgeAttributes>();
  for (const [node, label] of [...entityLabel].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
    if (factor.get(node) === 0) continue;
    const name = str(graph.getNodeAttribute(node, 'name'));
    egraph.addNode(node, name ? { label, name } : { label });
  }
  const keys = [...pairs.keys()].sort();
  for (const key of keys) {
    const [a, b] = key.split('\u0000') as [string, string];
    const f = Math.min(factor.get(a) ?? 1, factor.get(b) ?? 1);
    if (f === 0) continue;
    const kinds = pairs.get(key)!;
    let weight = 0;
    for (const value of Object.values(kinds)) weight += value ?? 0;
    egraph.addUndirectedEdge(a, b, { weight: weight * f, kinds });
  }
  return { graph: egraph, hubs, links };
}
