/**
 * Small, total helpers over the heterogeneous graph (types.ts): who holds an account, which
 * accounts an actor holds, payments in and out, family ties, times. Indicators and summaries are
 * written with these so each pattern reads like its definition.
 */
import { MultiDirectedGraph } from 'graphology';
import type { RelationshipType } from '../model/relationships.ts';
import type { HEdgeAttributes, HGraph, HNodeAttributes } from './types.ts';

export function createHGraph(): HGraph {
  return new MultiDirectedGraph<HNodeAttributes, HEdgeAttributes>({ allowSelfLoops: true });
}

export function isActor(graph: HGraph, node: string): boolean {
  const label = graph.getNodeAttribute(node, 'label');
  return label === 'Person' || label === 'Organisation';
}

export function labelOf(graph: HGraph, node: string): string {
  return graph.getNodeAttribute(node, 'label');
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function num(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)))
    return Number(value);
  return undefined;
}

/** Milliseconds since epoch for an ISO date or datetime string; undefined when absent or unparseable. */
export function timeOf(value: unknown): number | undefined {
  if (typeof value !== 'string' || value.length < 10) return undefined;
  const ms = Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

export function dayOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.length >= 10 ? value.slice(0, 10) : undefined;
}

export const DAY_MS = 86_400_000;

export interface EdgeRef {
  edge: string;
  source: string;
  target: string;
  attributes: HEdgeAttributes;
}

interface Adjacency {
  order: number;
  size: number;
  out: Map<string, Map<string, EdgeRef[]>>;
  in: Map<string, Map<string, EdgeRef[]>>;
}

const EMPTY: readonly EdgeRef[] = Object.freeze([]);
const adjacencyCache = new WeakMap<HGraph, Adjacency>();

/**
 * Typed adjacency built once per graph in O(E): indicators ask "payments into this account" for
 * every payment of a busy account, and scanning its edges each time would be quadratic. Rebuilt
 * when the graph's node or edge count changes (the analysis never mutates a graph it reads).
 */
function adjacency(graph: HGraph): Adjacency {
  const cached = adjacencyCache.get(graph);
  if (cached && cached.order === graph.order && cached.size === graph.size) return cached;
  const index: Adjacency = { order: graph.order, size: graph.size, out: new Map(), in: new Map() };
  const add = (side: Map<string, Map<string, EdgeRef[]>>, node: string, ref: EdgeRef) => {
    let byType = side.get(node);
    if (!byType) {
      byType = new Map();
      side.set(node, byType);
    }
    const list = byType.get(ref.attributes.type);
    if (list) list.push(ref);
    else byType.set(ref.attributes.type, [ref]);
  };
  graph.forEachEdge((edge, attributes, source, target) => {
    const ref: EdgeRef = { edge, source, target, attributes };
    add(index.out, source, ref);
    add(index.in, target, ref);
  });
  adjacencyCache.set(graph, index);
  return index;
}

/** Edges of one type leaving `node` (do not mutate the returned array). */
export function outOf(graph: HGraph, node: string, type: RelationshipType): EdgeRef[] {
  return (adjacency(graph).out.get(node)?.get(type) ?? EMPTY) as EdgeRef[];
}

/** Edges of one type arriving at `node` (do not mutate the returned array). */
export function intoOf(graph: HGraph, node: string, type: RelationshipType): EdgeRef[] {
  return (adjacency(graph).in.get(node)?.get(type) ?? EMPTY) as EdgeRef[];
}

/** All nodes of a label, in insertion order. */
export function nodesOf(graph: HGraph, label: string): string[] {
  return graph.filterNodes((_node, attributes) => attributes.label === label);
}

/** Holders (persons, organisations) of an account, with the HOLDS relationship ids. */
export function holdersOf(graph: HGraph, account: string): EdgeRef[] {
  return intoOf(graph, account, 'HOLDS');
}

export function holderIds(graph: HGraph, account: string): string[] {
  return holdersOf(graph, account).map((ref) => ref.source);
}

/** Accounts held by an actor. */
export function accountsOf(graph: HGraph, actor: string): EdgeRef[] {
  return outOf(graph, actor, 'HOLDS');
}

/** PAID edges out of an account, optionally only of some kinds (a missing kind counts as `transfer`). */
export function paidOut(graph: HGraph, account: string, kinds?: readonly string[]): EdgeRef[] {
  const all = outOf(graph, account, 'PAID');
  return kinds ? all.filter((ref) => kinds.includes(kindOf(ref))) : all;
}

export function paidIn(graph: HGraph, account: string, kinds?: readonly string[]): EdgeRef[] {
  const all = intoOf(graph, account, 'PAID');
  return kinds ? all.filter((ref) => kinds.includes(kindOf(ref))) : all;
}

export function kindOf(ref: EdgeRef): string {
  return str(ref.attributes.kind) ?? 'transfer';
}

export function amountOf(ref: EdgeRef): number {
  return num(ref.attributes.amount) ?? 0;
}

const FAMILY_KINDS = new Set(['family', 'partner', 'spouse', 'parent', 'child', 'sibling']);

/** True when a RELATED_TO edge of a family kind joins a and b (either direction). */
export function areFamily(graph: HGraph, a: string, b: string): boolean {
  if (a === b) return true;
  if (!graph.hasNode(a) || !graph.hasNode(b)) return false;
  let found = false;
  graph.forEachEdge(a, b, (_edge, attributes) => {
    if (attributes.type === 'RELATED_TO' && FAMILY_KINDS.has(str(attributes.kind) ?? 'family')) found = true;
  });
  return found;
}

/** Family name of a person: familyName, else the last word of name; lower-cased for comparison. */
export function familyNameOf(graph: HGraph, person: string): string | undefined {
  const attributes = graph.getNodeAttributes(person);
  const family = str(attributes.familyName);
  if (family) return family.toLowerCase();
  const name = str(attributes.nameKey) ?? str(attributes.name);
  if (!name) return undefined;
  const words = name
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean);
  return words.length > 1 ? words[words.length - 1] : undefined;
}

/** Same household for pattern purposes: a recorded family tie or the same family name. */
export function sameHousehold(graph: HGraph, a: string, b: string): boolean {
  if (areFamily(graph, a, b)) return true;
  const fa = familyNameOf(graph, a);
  return fa !== undefined && fa === familyNameOf(graph, b);
}

/** Groups persons into households (union-find over sameHousehold); returns the number of groups. */
export function householdCount(graph: HGraph, persons: readonly string[]): number {
  const parent = persons.map((_, index) => index);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    return root;
  };
  for (let i = 0; i < persons.length; i++) {
    for (let j = i + 1; j < persons.length; j++) {
      if (sameHousehold(graph, persons[i]!, persons[j]!)) parent[find(i)] = find(j);
    }
  }
  return new Set(persons.map((_, index) => find(index))).size;
}

/** Case roles recorded for a person (INVOLVED_IN {role}). */
export function caseRolesOf(graph: HGraph, person: string): string[] {
  return outOf(graph, person, 'INVOLVED_IN').map((ref) => str(ref.attributes.role) ?? 'other');
}

export function isRecordedVictim(graph: HGraph, person: string): boolean {
  return graph.hasNode(person) && caseRolesOf(graph, person).includes('victim');
}

/** Persons who claim a benefit, with the CLAIMS edge. */
export function claimantsOf(graph: HGraph, claim: string): EdgeRef[] {
  return intoOf(graph, claim, 'CLAIMS');
}

/** Actors linked to an identifier node (phone, e-mail, address, document) by the given types. */
export function linkedActors(
  graph: HGraph,
  identifier: string,
  types: readonly RelationshipType[],
): EdgeRef[] {
  return types.flatMap((type) => intoOf(graph, identifier, type));
}

export function unique<T>(values: Iterable<T>): T[] {
  return [...new Set(values)];
}

/** Sorted unique ids: evidence lists are compared and stored, so their order must not depend on traversal. */
export function ids(values: Iterable<string>): string[] {
  return unique(values).sort();
}

/** Resolves `params` over `defaults` once, rejecting unknown keys with a message that names the module. */
export function resolveParams<P extends object>(module: string, defaults: P, params?: Partial<P>): P {
  if (params) {
    for (const key of Object.keys(params)) {
      if (!Object.hasOwn(defaults, key)) {
        throw new Error(
          `${module}: unknown parameter "${key}"; known parameters are ${Object.keys(defaults).join(', ')}`,
        );
      }
    }
  }
  return { ...defaults, ...(params ?? {}) } as P;
}
