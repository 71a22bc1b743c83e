/**
 * Heterogeneous graph → weighted, undirected entity graph for community detection.
 *
 * Entities are persons and organisations. An account, or a phone, that nobody in the graph is known
 * to hold stands for its unknown holder (a foreign beneficiary still ties the people who pay it).
 * Every other node (addresses, documents, claims, journeys...) is folded into links between the
 * entities it joins, each with a documented weight (DEFAULTS.weights):
 *
 * - money: PAID between the holders' entities, aggregated per pair:
 *   `moneyPerLogCount * log2(1 + transfers) + moneyPerLogAmount * log10(1 + total amount)`, where an
 *   aggregated payment row counts as the `count` transfers it stands for;
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
import { currentExtension } from '../model/extension.ts';
import type { EntityLabel } from '../model/labels.ts';
import type { RelationshipType } from '../model/relationships.ts';
import { type CompactGraph, compactFromEdges } from './compact.ts';
import { type EdgeRef, graphIndex, intoAt, resolveParams, str, transfersOfCount } from './hgraph.ts';
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
  sharedVehicle: number;
  sharedItem: number;
}

/**
 * What a model extension adds to the projection (model/extension.ts `projection`): labels whose
 * nodes tie the actors linked to them through `via` (as a shared phone does), and relationship
 * types that tie the actors at their two ends.
 */
export interface ExtensionProjection {
  shared: { label: string; weight: number; via: string[] }[];
  direct: { type: string; weight: number }[];
}

export interface ProjectionOptions {
  weights: ProjectionWeights;
  extension: ExtensionProjection;
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
    // A car or a seized handset used by several people ties them, less than a shared account.
    sharedVehicle: 2,
    sharedItem: 3,
  },
  extension: { shared: [], direct: [] },
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
  /** The entity graph in compact form (nodes in id order): what detection reads. */
  compact: CompactGraph;
  /** Per node of `compact`: label and name. */
  nodes: ENodeAttributes[];
  /** Per edge of `compact`: the weight each kind of link contributed (before hub damping). */
  kinds: Array<Partial<Record<LinkKind, number>>>;
  /** The same entity graph as a graphology graph, built on first access (tests, exports). */
  readonly graph: EGraph;
  hubs: HubDecision[];
  /** Links made per kind (before hub handling). */
  links: Partial<Record<LinkKind, number>>;
}

export interface ProjectOptionsInput {
  weights?: Partial<ProjectionWeights>;
  /** Default: what the installed model extension declares. */
  extension?: ExtensionProjection;
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
  { label: 'Vehicle', kind: 'shared-vehicle', weight: 'sharedVehicle' },
  { label: 'Item', kind: 'shared-item', weight: 'sharedItem' },
];

/** Relationship types by which an actor "has" an identifier. */
const OWNING_TYPES = [
  'HAS_PHONE',
  'HAS_EMAIL',
  'REGISTERED_AT',
  'HOLDS',
  'HAS_DOCUMENT',
  'OWNS',
  'USES',
] as const;

/** Persons and organisations: the entities of the projection. */
const ACTOR_LABELS: ReadonlySet<string> = new Set(['Person', 'Organisation']);

/** The projection the installed model extension declares. */
export function extensionProjection(): ExtensionProjection {
  const extension = currentExtension();
  return {
    shared: extension.labels.flatMap((label) =>
      label.projection
        ? [{ label: label.name, weight: label.projection.shared, via: label.projection.via }]
        : [],
    ),
    direct: extension.relationships.flatMap((type) =>
      type.projection ? [{ type: type.name, weight: type.projection.weight }] : [],
    ),
  };
}

const DIRECT: Partial<Record<string, { kind: LinkKind; weight: keyof ProjectionWeights }>> = {
  EMPLOYS: { kind: 'employment', weight: 'employment' },
  DIRECTS: { kind: 'directorship', weight: 'directorship' },
  OWNS: { kind: 'ownership', weight: 'ownership' },
  RELATED_TO: { kind: 'family', weight: 'family' },
  SAME_AS: { kind: 'same-as', weight: 'sameAs' },
};

export function resolveProjectionOptions(input: ProjectOptionsInput = {}): ProjectionOptions {
  const { weights, extension, ...rest } = input;
  const { extension: _none, ...defaults } = DEFAULTS;
  const options = resolveParams('analyse/project', { ...defaults, weights: DEFAULTS.weights }, rest);
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
  const declared = extension ?? extensionProjection();
  for (const link of [...declared.shared, ...declared.direct]) {
    if (!(typeof link.weight === 'number' && link.weight >= 0)) {
      throw new Error(`analyse/project: extension weight must be a number >= 0, got ${String(link.weight)}`);
    }
  }
  return { ...options, weights: resolvedWeights, extension: declared };
}

/**
 * Builds the weighted entity graph from the heterogeneous graph.
 *
 * Entities get dense integer ids as they are met and a pair is keyed by the number `lo * stride + hi`:
 * on a million relationships, string pair keys and their garbage were most of the projection's time.
 * The output is ordered as if keyed by strings (nodes by id, links by (smaller id, larger id)) and
 * every weight is summed in the same order, so the entity graph, hence the communities, depend only
 * on the input graph.
 */
export function project(graph: HGraph, input: ProjectOptionsInput = {}): Projection {
  const options = resolveProjectionOptions(input);
  const w = options.weights;
  const links: Partial<Record<LinkKind, number>> = {};
  const hubs: HubDecision[] = [];
  // Entities are named by their dense index in the heterogeneous graph: no string lookups per edge.
  const index = graphIndex(graph);
  const ids = index.ids;
  const labels = index.labels as EntityLabel[];
  const isEntity = new Uint8Array(index.order);
  const stride = index.order + 1;
  const pairKey = (a: number, b: number): number => (a < b ? a * stride + b : b * stride + a);

  // Links per pair: the two entity ids and the weight per kind (insertion order kept for the sum).
  const pairOf = new Map<number, number>();
  const pairA: number[] = [];
  const pairB: number[] = [];
  const pairKinds: Array<Partial<Record<LinkKind, number>>> = [];
  const link = (a: number, b: number, kind: LinkKind, weight: number): void => {
    const key = pairKey(a, b);
    let pair = pairOf.get(key);
    if (pair === undefined) {
      pair = pairA.length;
      pairOf.set(key, pair);
      pairA.push(a);
      pairB.push(b);
      pairKinds.push({});
    }
    const kinds = pairKinds[pair]!;
    kinds[kind] = (kinds[kind] ?? 0) + weight;
    links[kind] = (links[kind] ?? 0) + 1;
  };
  const add = (a: number, b: number, kind: LinkKind, weight: number): void => {
    if (a === b || weight <= 0) return;
    isEntity[a] = 1;
    isEntity[b] = 1;
    link(a, b, kind, weight);
  };
  const sources = (refs: readonly EdgeRef[]): number[] => refs.map((ref) => ref.s);
  // The holders of an account, or the account itself standing for its unknown holder (actors-of.ts).
  const accountActors = (account: number): number[] => {
    const holders = intoAt(index, account, 'HOLDS');
    return holders.length > 0 ? sources(holders) : [account];
  };
  const phoneActors = (phone: number): number[] => {
    const owners = intoAt(index, phone, 'HAS_PHONE');
    return owners.length > 0 ? sources(owners) : [phone];
  };

  // Money and calls are aggregated per pair first: their weight is a function of the totals.
  const moneyOf = new Map<number, number>();
  const moneyA: number[] = [];
  const moneyB: number[] = [];
  const moneyCount: number[] = [];
  const moneyAmount: number[] = [];
  /** Transfers weighted by the pair's share of each (1 when both accounts have one holder). */
  const moneyShare: number[] = [];
  const callOf = new Map<number, number>();
  const callA: number[] = [];
  const callB: number[] = [];
  const callCount: number[] = [];
  /** Calls weighted by the pair's share of each (1 when both phones have one holder). */
  const callShare: number[] = [];

  // Actors themselves are entities even when their only links turn out to be hubs; identifiers are
  // bucketed by label on the same pass.
  const shared: { label: string; kind: LinkKind; weight: number; via: readonly string[] }[] = [
    ...SHARED.map((s) => ({ label: s.label, kind: s.kind, weight: w[s.weight], via: OWNING_TYPES })),
    ...options.extension.shared.map((s) => ({
      label: s.label,
      kind: `ext:${s.label}` as LinkKind,
      weight: s.weight,
      via: s.via,
    })),
  ];
  const directByType = new Map(options.extension.direct.map((d) => [d.type, d.weight]));
  const identifiers = new Map<string, number[]>(shared.map((s) => [s.label, []]));
  for (let i = 0; i < index.order; i++) {
    const label = labels[i]!;
    if (label === 'Person' || label === 'Organisation') isEntity[i] = 1;
    else identifiers.get(label)?.push(i);
  }

  for (const ref of index.edges) {
    // Read one attribute at a time: the record graph makes an attributes object on each ask.
    const type = ref.type;
    const source = ref.s;
    const target = ref.t;
    switch (type) {
      case 'PAID': {
        const value = ref.attribute('amount');
        const amount = typeof value === 'number' ? Math.abs(value) : 0;
        const targets = accountActors(target);
        const payers = accountActors(source);
        // Which of several holders moved the money is unknown: each pair gets its share of it.
        const share = 1 / (payers.length * targets.length);
        for (const a of payers) {
          for (const b of targets) {
            if (a === b) continue;
            isEntity[a] = 1;
            isEntity[b] = 1;
            const key = pairKey(a, b);
            let at = moneyOf.get(key);
            if (at === undefined) {
              at = moneyA.length;
              moneyOf.set(key, at);
              moneyA.push(a);
              moneyB.push(b);
              moneyCount.push(0);
              moneyAmount.push(0);
              moneyShare.push(0);
            }
            const transfers = transfersOfCount(ref.attribute('count'));
            moneyCount[at]! += transfers;
            moneyAmount[at]! += amount;
            moneyShare[at]! += transfers * share;
          }
        }
        break;
      }
      case 'CALLED': {
        const targets = phoneActors(target);
        const callers = phoneActors(source);
        // A phone several people gave as theirs (a herder's number on ten mules' bank forms) made
        // each call once: the pairs share it, or one herder–controller call becomes ten × fifteen
        // mule–worker ties and fuses a laundering chain into the ring it serves.
        const share = 1 / (callers.length * targets.length);
        for (const a of callers) {
          for (const b of targets) {
            if (a === b) continue;
            isEntity[a] = 1;
            isEntity[b] = 1;
            const key = pairKey(a, b);
            let at = callOf.get(key);
            if (at === undefined) {
              at = callA.length;
              callOf.set(key, at);
              callA.push(a);
              callB.push(b);
              callCount.push(0);
              callShare.push(0);
            }
            callCount[at]! += 1;
            callShare[at]! += share;
          }
        }
        break;
      }
      case 'HELD_DOCUMENT': {
        for (const owning of intoAt(index, target, 'HAS_DOCUMENT'))
          add(source, owning.s, 'held-document', w.heldDocument);
        break;
      }
      case 'PAID_INTO': {
        // Claimant ↔ holder of the account their benefit is paid into.
        const holders = sources(intoAt(index, target, 'HOLDS'));
        for (const claims of intoAt(index, source, 'CLAIMS')) {
          for (const holder of holders) add(claims.s, holder, 'claim-payee', w.claimPayee);
        }
        break;
      }
      case 'PAID_FOR': {
        const payers = labels[source] === 'Account' ? accountActors(source) : [source];
        for (const took of intoAt(index, target, 'TOOK')) {
          for (const payer of payers) add(payer, took.s, 'travel-payer', w.travelPayer);
        }
        break;
      }
      default: {
        // Owning a car or an item is not a tie between actors: shared below, like an identifier.
        const direct = DIRECT[type];
        if (direct && ACTOR_LABELS.has(labels[target]!)) add(source, target, direct.kind, w[direct.weight]);
        const declared = directByType.get(type);
        if (declared !== undefined && ACTOR_LABELS.has(labels[source]!) && ACTOR_LABELS.has(labels[target]!))
          add(source, target, `ext:${type}`, declared);
      }
    }
  }

  // The weight of the pair's totals, times the pair's mean share of them (1 for one holder each).
  for (let i = 0; i < moneyA.length; i++) {
    const share = moneyCount[i]! > 0 ? moneyShare[i]! / moneyCount[i]! : 1;
    const weight =
      share *
      (w.moneyPerLogCount * Math.log2(1 + moneyCount[i]!) +
        w.moneyPerLogAmount * Math.log10(1 + moneyAmount[i]!));
    if (weight > 0) link(moneyA[i]!, moneyB[i]!, 'money', weight);
  }
  for (let i = 0; i < callA.length; i++) {
    const weight = (callShare[i]! / callCount[i]!) * w.callPerLogCount * Math.log2(1 + callCount[i]!);
    if (weight > 0) link(callA[i]!, callB[i]!, 'call', weight);
  }

  // Shared identifiers: pairs of the actors that have one, weight / (k - 1), hubs excluded.
  for (const one of shared) {
    for (const node of identifiers.get(one.label)!) {
      const actors = new Set<number>();
      for (const type of one.via)
        for (const ref of intoAt(index, node, type as RelationshipType)) actors.add(ref.s);
      if (one.label === 'Address') {
        // Claim addresses count as the claimant's.
        for (const at of intoAt(index, node, 'AT_ADDRESS')) {
          for (const claims of intoAt(index, at.s, 'CLAIMS')) actors.add(claims.s);
        }
      }
      const k = actors.size;
      if (k < 2) continue;
      if (k > options.sharedIdentifierMaxActors) {
        hubs.push({
          node: ids[node]!,
          label: one.label,
          degree: k,
          action: 'excluded',
          factor: 0,
          reason: `${one.label} shared by ${k} actors (> sharedIdentifierMaxActors ${options.sharedIdentifierMaxActors})`,
        });
        continue;
      }
      const weight = one.weight / (k - 1);
      if (!(weight > 0)) continue;
      const list = [...actors];
      for (let i = 0; i < list.length; i++) {
        for (let j = i + 1; j < list.length; j++) add(list[i]!, list[j]!, one.kind, weight);
      }
    }
  }

  // Entities in id order: the order of the entity graph's nodes and of the hub decisions.
  const entityList: number[] = [];
  for (let i = 0; i < index.order; i++) if (isEntity[i]) entityList.push(i);
  const byId = entityList.sort((x, y) => (ids[x]! < ids[y]! ? -1 : 1));
  const entities = index.order;
  const rank = new Int32Array(entities);
  byId.forEach((id, position) => {
    rank[id] = position;
  });

  // Degree of each entity = distinct neighbours; damp or exclude hubs.
  const degree = new Int32Array(entities);
  for (let p = 0; p < pairA.length; p++) {
    degree[pairA[p]!]! += 1;
    degree[pairB[p]!]! += 1;
  }
  const factor = new Float64Array(entities).fill(1);
  for (const id of byId) {
    const d = degree[id]!;
    if (d > options.hubExcludeFrom) {
      factor[id] = 0;
      hubs.push({
        node: ids[id]!,
        label: labels[id]!,
        degree: d,
        action: 'excluded',
        factor: 0,
        reason: `${d} distinct neighbours (> hubExcludeFrom ${options.hubExcludeFrom})`,
      });
    } else if (d > options.hubDampFrom) {
      const f = options.hubDampFrom / d;
      factor[id] = f;
      hubs.push({
        node: ids[id]!,
        label: labels[id]!,
        degree: d,
        action: 'damped',
        factor: f,
        reason: `${d} distinct neighbours (> hubDampFrom ${options.hubDampFrom}); links scaled by ${f.toFixed(3)}`,
      });
    }
  }

  // Nodes in id order (hubs left out); links ordered by (smaller id, larger id), source = smaller.
  const position = new Int32Array(entities).fill(-1);
  const compactIds: string[] = [];
  const nodes: ENodeAttributes[] = [];
  for (const id of byId) {
    if (factor[id] === 0) continue;
    position[id] = compactIds.length;
    const node = ids[id]!;
    compactIds.push(node);
    const name = str(graph.getNodeAttribute(node, 'name'));
    nodes.push(name ? { label: labels[id]!, name } : { label: labels[id]! });
  }
  const sortKey = new Float64Array(pairA.length);
  for (let p = 0; p < pairA.length; p++) {
    const ra = rank[pairA[p]!]!;
    const rb = rank[pairB[p]!]!;
    sortKey[p] = ra < rb ? ra * entities + rb : rb * entities + ra;
  }
  const order = Array.from({ length: pairA.length }, (_, p) => p).sort((x, y) => sortKey[x]! - sortKey[y]!);
  const edgeU: number[] = [];
  const edgeV: number[] = [];
  const edgeW: number[] = [];
  const kinds: Array<Partial<Record<LinkKind, number>>> = [];
  for (const p of order) {
    const a = pairA[p]!;
    const b = pairB[p]!;
    const f = Math.min(factor[a]!, factor[b]!);
    if (f === 0) continue;
    const linkKinds = pairKinds[p]!;
    let weight = 0;
    for (const value of Object.values(linkKinds)) weight += value ?? 0;
    const [first, second] = rank[a]! < rank[b]! ? [a, b] : [b, a];
    edgeU.push(position[first]!);
    edgeV.push(position[second]!);
    edgeW.push(weight * f);
    kinds.push(linkKinds);
  }
  const compact = compactFromEdges(
    compactIds,
    Int32Array.from(edgeU),
    Int32Array.from(edgeV),
    Float64Array.from(edgeW),
  );
  return projection(compact, nodes, kinds, hubs, links);
}

/**
 * The projection with its graphology form built on first access. Made outside project(): a getter
 * created there would keep project's whole closure context alive (V8 allocates one per call for
 * every variable any inner function captures: the pair map and lists, ~1M entries on the issue-16
 * world) for as long as the projection lives.
 */
function projection(
  compact: CompactGraph,
  nodes: ENodeAttributes[],
  kinds: Array<Partial<Record<LinkKind, number>>>,
  hubs: HubDecision[],
  links: Partial<Record<LinkKind, number>>,
): Projection {
  let egraph: EGraph | undefined;
  return {
    compact,
    nodes,
    kinds,
    get graph(): EGraph {
      egraph ??= toEntityGraph(compact, nodes, kinds);
      return egraph;
    },
    hubs,
    links,
  };
}

/** The graphology form of a compact entity graph (same node and edge orders). */
export function toEntityGraph(
  compact: CompactGraph,
  nodes: readonly ENodeAttributes[],
  kinds: ReadonlyArray<Partial<Record<LinkKind, number>>>,
): EGraph {
  const egraph: EGraph = new UndirectedGraph<ENodeAttributes, EEdgeAttributes>();
  compact.ids.forEach((id, i) => {
    egraph.addNode(id, nodes[i]!);
  });
  for (let e = 0; e < compact.edgeU.length; e++) {
    egraph.addUndirectedEdge(compact.ids[compact.edgeU[e]!]!, compact.ids[compact.edgeV[e]!]!, {
      weight: compact.edgeW[e]!,
      kinds: kinds[e]!,
    });
  }
  return egraph;
}
