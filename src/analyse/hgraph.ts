/**
 * Small, total helpers over the heterogeneous graph (types.ts): who holds an account, which
 * accounts an actor holds, payments in and out, family ties, times. Indicators and summaries are
 * written with these so each pattern reads like its definition.
 */

import type { RelationshipType } from '../model/relationships.ts';
import { storedCaseRole } from '../model/roles.ts';
import { type EdgeRef, RecordGraph } from './record-graph.ts';
import { skeleton, spellings } from './resolve/names.ts';
import type { HGraph } from './types.ts';

export type { EdgeRef } from './record-graph.ts';

export function createHGraph(): HGraph {
  return new RecordGraph();
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

/**
 * One direction of the typed adjacency: the edges sorted by (end, type), insertion order kept
 * within, `start[i]` the first of node i's. A (node, type) list is found by a binary search of the
 * node's type codes. Lists of LIST_KEPT_FROM edges or more are cut out once and kept (`lists`), so
 * asking again for a busy account's payments costs a map probe; shorter ones are cut out anew each
 * time, and an empty one is the shared EMPTY. Keeping every list cut out (issue 16) held ~80 bytes
 * per (node, type) pair ever asked: on the 2.95M-relationship world a few hundred MB, alive
 * through the whole analysis, where copying a list of a few edges costs about a map probe.
 */
interface TypedAdjacency {
  start: Int32Array;
  sorted: EdgeRef[];
  type: Uint16Array;
  lists: Map<number, EdgeRef[]>;
}

export interface GraphIndex {
  /** The graph's version (record-graph.ts) the index was built at. */
  version: number;
  order: number;
  size: number;
  /** Node keys and labels by dense index (graph insertion order). */
  ids: readonly string[];
  labels: string[];
  /** Every edge, in graph order (the record graph's own objects: do not mutate). */
  edges: readonly EdgeRef[];
  /** Node key → dense index. */
  nodeIndex: { get(node: string): number | undefined };
  /** Relationship type → dense index (first seen first). */
  typeIndex: Map<string, number>;
  types: number;
  out: TypedAdjacency;
  in: TypedAdjacency;
}

const EMPTY: readonly EdgeRef[] = Object.freeze([]);
const adjacencyCache = new WeakMap<HGraph, GraphIndex>();

/**
 * Typed adjacency (with dense node indexes) built once per graph in O(E): indicators ask "payments
 * into this account" for every payment of a busy account, and scanning its edges each time would be
 * quadratic. Rebuilt when nodes or edges are added or dropped (the analysis never mutates a graph
 * it reads; tests do). It holds the record graph's own EdgeRefs (record-graph.ts), sorted by end and type in
 * two arrays: 2 pointers and 2 type codes per relationship, where a slot per (node, type) pair —
 * 511k nodes × 30 types on the issue-16 world — cost more than the lists themselves.
 */
export function graphIndex(graph: HGraph): GraphIndex {
  const cached = adjacencyCache.get(graph);
  if (cached && cached.version === graph.version) return cached;
  const ids = graph.nodeKeys();
  const labels: string[] = [];
  graph.forEachNode((_node, attributes) => {
    labels.push(attributes.label);
  });
  const edges = graph.edgeRefs();
  const typeIndex = new Map<string, number>();
  for (const ref of edges) {
    if (!typeIndex.has(ref.type)) typeIndex.set(ref.type, typeIndex.size);
  }
  const types = Math.max(1, typeIndex.size);
  const codes = new Uint16Array(edges.length);
  for (let e = 0; e < edges.length; e++) codes[e] = typeIndex.get(edges[e]!.type)!;
  const index: GraphIndex = {
    version: graph.version,
    order: graph.order,
    size: graph.size,
    ids,
    labels,
    edges,
    nodeIndex: { get: (node) => graph.indexOf(node) },
    typeIndex,
    types,
    out: typedAdjacency(edges, codes, graph.order, types, (ref) => ref.s),
    in: typedAdjacency(edges, codes, graph.order, types, (ref) => ref.t),
  };
  adjacencyCache.set(graph, index);
  return index;
}

/** Counting sort of the edges by (end, type): stable, so each list keeps the graph's edge order. */
function typedAdjacency(
  edges: readonly EdgeRef[],
  codes: Uint16Array,
  order: number,
  types: number,
  end: (ref: EdgeRef) => number,
): TypedAdjacency {
  const start = new Int32Array(order + 1);
  for (const ref of edges) start[end(ref) + 1]! += 1;
  for (let i = 0; i < order; i++) start[i + 1]! += start[i]!;
  // Within a node, by type: count per (node, type) pairs met, then place.
  const bucket = new Int32Array(edges.length);
  const fill = start.slice(0, order);
  for (let e = 0; e < edges.length; e++) bucket[fill[end(edges[e]!)]!++] = e;
  const sorted: EdgeRef[] = new Array(edges.length);
  const type = new Uint16Array(edges.length);
  const perType = new Int32Array(types + 1);
  for (let i = 0; i < order; i++) {
    const from = start[i]!;
    const to = start[i + 1]!;
    if (to === from) continue;
    perType.fill(0);
    for (let k = from; k < to; k++) perType[codes[bucket[k]!]! + 1]! += 1;
    for (let c = 0; c < types; c++) perType[c + 1]! += perType[c]!;
    for (let k = from; k < to; k++) {
      const e = bucket[k]!;
      const at = from + perType[codes[e]!]!++;
      sorted[at] = edges[e]!;
      type[at] = codes[e]!;
    }
  }
  return { start, sorted, type, lists: new Map() };
}

/** Lists at least this long are kept once cut out (TypedAdjacency). */
export const LIST_KEPT_FROM = 16;

/** First position in [from, end) whose type code is >= type (codes ascend within a node). */
function firstOfType(codes: Uint16Array, from: number, end: number, type: number): number {
  let lo = from;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (codes[mid]! < type) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The edges of one type at one node (dense indexes), in the graph's edge order. */
function listAt(adjacency: TypedAdjacency, types: number, node: number, type: number): EdgeRef[] {
  const { start, sorted, type: codes } = adjacency;
  const end = start[node + 1]!;
  const from = firstOfType(codes, start[node]!, end, type);
  if (from === end || codes[from] !== type) return EMPTY as EdgeRef[];
  const to = firstOfType(codes, from, end, type + 1);
  if (to - from < LIST_KEPT_FROM) return sorted.slice(from, to);
  const key = node * types + type;
  const known = adjacency.lists.get(key);
  if (known) return known;
  const list = sorted.slice(from, to);
  adjacency.lists.set(key, list);
  return list;
}

/** Edges of one type arriving at the node of dense index `node` (do not mutate). */
export function intoAt(index: GraphIndex, node: number, type: RelationshipType): EdgeRef[] {
  const t = index.typeIndex.get(type);
  return t === undefined ? (EMPTY as EdgeRef[]) : listAt(index.in, index.types, node, t);
}

/** Edges of one type leaving the node of dense index `node` (do not mutate). */
export function outAt(index: GraphIndex, node: number, type: RelationshipType): EdgeRef[] {
  const t = index.typeIndex.get(type);
  return t === undefined ? (EMPTY as EdgeRef[]) : listAt(index.out, index.types, node, t);
}

/** Edges of one type leaving `node` (do not mutate the returned array). */
export function outOf(graph: HGraph, node: string, type: RelationshipType): EdgeRef[] {
  const index = graphIndex(graph);
  const at = graph.indexOf(node);
  return at === undefined ? (EMPTY as EdgeRef[]) : outAt(index, at, type);
}

/** Edges of one type arriving at `node` (do not mutate the returned array). */
export function intoOf(graph: HGraph, node: string, type: RelationshipType): EdgeRef[] {
  const index = graphIndex(graph);
  const at = graph.indexOf(node);
  return at === undefined ? (EMPTY as EdgeRef[]) : intoAt(index, at, type);
}

const byLabelCache = new WeakMap<GraphIndex, Map<string, string[]>>();

/** All nodes of a label, in insertion order (do not mutate the returned array). */
export function nodesOf(graph: HGraph, label: string): string[] {
  const index = graphIndex(graph);
  let byLabel = byLabelCache.get(index);
  if (!byLabel) {
    byLabel = new Map();
    for (let i = 0; i < index.order; i++) {
      const list = byLabel.get(index.labels[i]!);
      if (list) list.push(index.ids[i]!);
      else byLabel.set(index.labels[i]!, [index.ids[i]!]);
    }
    byLabelCache.set(index, byLabel);
  }
  return byLabel.get(label) ?? [];
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

/** A relationship's (read without making its attributes object) or a plain `{ attributes }`'s. */
type Attributed = Pick<EdgeRef, 'attribute'> | Pick<EdgeRef, 'attributes'>;

function attributeOf(ref: Attributed, name: string): unknown {
  return 'attribute' in ref ? ref.attribute(name) : ref.attributes[name];
}

export function kindOf(ref: Attributed): string {
  return str(attributeOf(ref, 'kind')) ?? 'transfer';
}

export function amountOf(ref: Attributed): number {
  return num(attributeOf(ref, 'amount')) ?? 0;
}

/**
 * Transfers a payment stands for: an aggregated row (N transfers over a period) carries `count`;
 * anything else, or a count that is not a positive integer, is one transfer (the store's rule,
 * store/read/period.ts TRANSFERS).
 */
export function transfersOf(attributes: Readonly<Record<string, unknown>>): number {
  return transfersOfCount(attributes.count);
}

/** transfersOf from the `count` attribute alone (a relationship read without its object). */
export function transfersOfCount(count: unknown): number {
  return typeof count === 'number' && Number.isInteger(count) && count >= 1 ? count : 1;
}

const FAMILY_KINDS = new Set(['family', 'partner', 'spouse', 'parent', 'child', 'sibling']);

/** True when a RELATED_TO edge of a family kind joins a and b (either direction). */
export function areFamily(graph: HGraph, a: string, b: string): boolean {
  if (a === b) return true;
  if (!graph.hasNode(a) || !graph.hasNode(b)) return false;
  let found = false;
  graph.forEachEdgeRefBetween(a, b, (ref) => {
    if (ref.type === 'RELATED_TO' && FAMILY_KINDS.has(str(ref.attribute('kind')) ?? 'family')) found = true;
  });
  return found;
}

/**
 * Family name of a person: familyName, else from name as written (the part before a comma in
 * "SURNAME, Given", else the last word); lower-cased for comparison. Never from nameKey, whose words
 * are sorted.
 */
export function familyNameOf(graph: HGraph, person: string): string | undefined {
  const attributes = graph.getNodeAttributes(person);
  const family = str(attributes.familyName);
  if (family) return family.toLowerCase();
  const name = str(attributes.name);
  if (!name) return undefined;
  const comma = name.indexOf(',');
  if (comma > 0) return name.slice(0, comma).trim().toLowerCase() || undefined;
  const words = name.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length > 1 ? words[words.length - 1] : undefined;
}

/**
 * Same household for pattern purposes: a recorded family tie or the same family name, compared as
 * the resolver folds names (names.ts): "Weiß" in a register and "WEISS" at the bank are one name.
 */
export function sameHousehold(graph: HGraph, a: string, b: string): boolean {
  if (areFamily(graph, a, b)) return true;
  const fa = familyNameOf(graph, a);
  if (fa === undefined) return false;
  const fb = familyNameOf(graph, b);
  if (fb === undefined) return false;
  if (fa === fb) return true;
  const kb = familyKeys(fb);
  return familyKeys(fa).some((key) => kb.includes(key));
}

/** A family name as whole folded keys, one per spelling ("van dijk" and "van leeuwen" stay apart). */
function familyKeys(name: string): string[] {
  let keys = familyCache.get(name);
  if (!keys) {
    keys = unique(spellingsOf(name).map((spelling) => spelling.map(skeleton).join(' ')));
    if (familyCache.size > 200_000) familyCache.clear();
    familyCache.set(name, keys);
  }
  return keys;
}
const familyCache = new Map<string, string[]>();

// Folding a name through every romanisation is the costly part; the same few thousand names recur.
const foldedCache = new Map<string, string[]>();

/**
 * Words of a name as the resolver compares them (resolve/names.ts): every spelling the romanisation
 * systems give, each word folded to its skeleton ("Weiß" and "WEISS" → "veis", "Müller" and
 * "MUELLER" → "muler"); only words of 2+ characters with a letter.
 */
export function foldedWords(name: string): string[] {
  let words = foldedCache.get(name);
  if (!words) {
    words = unique(spellingsOf(name).flatMap((spelling) => spelling.map(skeleton)));
    if (foldedCache.size > 200_000) foldedCache.clear();
    foldedCache.set(name, words);
  }
  return words;
}

/** The resolver's spellings of a name, each as its words of 2+ characters with a letter. */
function spellingsOf(name: string): string[][] {
  return spellings(name).map((spelling) =>
    spelling.split(' ').filter((token) => token.length >= 2 && /\p{L}/u.test(token)),
  );
}

/**
 * Folded words of a person's name (foldedWords) for matching unresolved records: of the name as
 * written, else given and family name.
 */
export function nameWords(graph: HGraph, person: string): string[] {
  return namesOf(graph, person).length > 0 ? foldedWords(namesOf(graph, person)[0]!) : [];
}

/**
 * Every name a person node carries: the name as written (else given and family name) and, for an
 * identity of records joined by SAME_AS (identities.ts), every record's name.
 */
function namesOf(graph: HGraph, person: string): string[] {
  const attributes = graph.getNodeAttributes(person);
  const names = [str(attributes.name) ?? [str(attributes.givenName), str(attributes.familyName)].join(' ')];
  if (Array.isArray(attributes.recordNames))
    for (const other of attributes.recordNames)
      if (typeof other === 'string' && other !== names[0]) names.push(other);
  return names;
}

/**
 * Whether two person nodes may be one human recorded twice: the same household, or every word of
 * one name in the other ("Raluca 8" in a seized phone's contacts, "IONESCU RALUCA" in a tenancy
 * register, "Raluca Bianca Ionescu" at the bank), words folded as the resolver folds them ("Weiß"
 * and "WEISS" are one word). An identity is compared by each of its records' names. Identity
 * resolution keeps such records apart until an investigator confirms them; patterns about *other
 * people's* accounts must not count them twice.
 */
export function mayBeSamePerson(graph: HGraph, a: string, b: string): boolean {
  return sameHousehold(graph, a, b) || mayBeSameName(graph, a, b);
}

/**
 * The name half of mayBeSamePerson, without the household: every word of one name in the other
 * (folded, a one-letter typo allowed), or one shared word and the same birth date. Two members of
 * one family are not one human by it.
 */
export function mayBeSameName(graph: HGraph, a: string, b: string): boolean {
  const da = str(graph.getNodeAttribute(a, 'birthDate'));
  const sameBirth = da !== undefined && da === str(graph.getNodeAttribute(b, 'birthDate'));
  const nb = namesOf(graph, b).map(foldedWords);
  for (const wa of namesOf(graph, a).map(foldedWords)) {
    for (const wb of nb) if (sameName(wa, wb, sameBirth)) return true;
  }
  return false;
}

function sameName(wa: readonly string[], wb: readonly string[], sameBirth: boolean): boolean {
  if (wa.length === 0 || wb.length === 0) return false;
  // A typo ("Magalena" for "Magdalena") is still the same word.
  const sharedOf = (x: readonly string[], y: readonly string[]) =>
    x.filter((w) => y.some((v) => similarWords(w, v))).length;
  const sharedA = sharedOf(wa, wb);
  if (sharedA === 0) return false;
  if (sharedA === wa.length || sharedOf(wb, wa) === wb.length) return true;
  // One shared word and the same date of birth.
  return sameBirth;
}

/** Equal, or (both of 4+ letters) one insertion, deletion or substitution apart. */
export function similarWords(a: string, b: string): boolean {
  if (a === b) return true;
  if (a.length < 4 || b.length < 4 || Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  let j = 0;
  let edits = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      i++;
      j++;
      continue;
    }
    if (++edits > 1) return false;
    if (a.length > b.length) i++;
    else if (b.length > a.length) j++;
    else {
      i++;
      j++;
    }
  }
  return edits + (a.length - i) + (b.length - j) <= 1;
}

/** How many groups `same` makes of these persons, taken transitively (union-find). */
function groupCount(
  graph: HGraph,
  persons: readonly string[],
  same: (graph: HGraph, a: string, b: string) => boolean,
): number {
  const parent = persons.map((_, index) => index);
  const find = (i: number): number => {
    let root = i;
    while (parent[root] !== root) root = parent[root]!;
    return root;
  };
  for (let i = 0; i < persons.length; i++) {
    for (let j = i + 1; j < persons.length; j++) {
      if (same(graph, persons[i]!, persons[j]!)) parent[find(i)] = find(j);
    }
  }
  return new Set(persons.map((_, index) => find(index))).size;
}

/** How many distinct humans these person records may be (groups over mayBeSamePerson). */
export function distinctPeopleCount(graph: HGraph, persons: readonly string[]): number {
  return groupCount(graph, persons, mayBeSamePerson);
}

/** Groups persons into households (over sameHousehold); returns the number of groups. */
export function householdCount(graph: HGraph, persons: readonly string[]): number {
  return groupCount(graph, persons, sameHousehold);
}

/** Case roles recorded for a person (INVOLVED_IN {role}). */
export function caseRolesOf(graph: HGraph, person: string): string[] {
  // Case-folded like the loader's check, so a victim recorded as "Victim" is protected as one.
  return outOf(graph, person, 'INVOLVED_IN').map((ref) => storedCaseRole(ref.attribute('role')));
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
