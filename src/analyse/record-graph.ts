/**
 * The record graph (heterogeneous, multi, directed) without graphology's per-edge objects.
 *
 * Why: a graphology MultiDirectedGraph keeps, per relationship, an edge object (key, attributes,
 * both node objects, list pointers), an entry in its key map and a slot in a neighbour dictionary
 * of each end, and the typed index (hgraph.ts graphIndex) then added an EdgeRef of its own per
 * relationship. On the issue-16 world (511k nodes, 2.95M relationships) that was ~2.6 GB of the
 * worker's heap before the analysis started. Here a relationship is ONE object, the EdgeRef the
 * index and the indicators read (key, ends, attributes, dense end indexes), in one array; nodes are
 * parallel arrays (keys, attributes) plus one key → index map; the per-node adjacency is built on
 * first use as typed arrays (CSR) of edge indexes.
 *
 * It answers the part of graphology's API the analysis uses, with graphology's ORDERS, because
 * sums and tie-breaks follow visiting order and results must not change: nodes and edges in
 * insertion order; a node's edges (`forEachEdge(node)`) its incoming then its outgoing ones (a
 * self-loop once), grouped by the other end in the order that end was first met, the newest edge
 * of a group first (graphology prepends to a multi-edge list); `forEachEdge(a, b)` the edges b→a
 * then a→b, newest first. Integer-like keys come first in numeric order, as in a JavaScript object.
 */
import type { RelationshipType } from '../model/relationships.ts';
import { EdgeColumns, Shape } from './edge-columns.ts';
import type { HEdgeAttributes, HNodeAttributes, PropValue } from './types.ts';

/** One relationship: what graphIndex and the indicators read. Never mutate the ends. */
export interface EdgeRef {
  readonly edge: string;
  source: string;
  target: string;
  /**
   * A new object each time when the attributes are kept as columns (edge-columns.ts): read it,
   * do not change it (setEdgeAttribute does); `type` and `attribute` read without making one.
   */
  attributes: HEdgeAttributes;
  /** The relationship's type (`attributes.type`). */
  readonly type: RelationshipType;
  /** One attribute (`attributes[name]`) without making the attributes object. */
  attribute(name: string): PropValue | undefined;
  /** Dense indexes of source and target (insertion order of the nodes). */
  s: number;
  t: number;
}

/** The loaders' natural key of an event (ingest/mapping/apply.ts): `n:` and 32 lower-case hex digits. */
const NATURAL_KEY = /^n:[0-9a-f]{32}$/;

/**
 * A relationship of the record graph, its key kept compact (issue 16): on the 2.95M-relationship
 * world the keys were 180–256 MB of the graph's heap, and the analysis reads a key only for the
 * evidence of a match. A fact's key is its ends and type (`source|type|target`,
 * store/read/projection.ts): not kept, made again when asked. An event's natural key is kept as
 * the number its 32 hex digits write (a 128-bit bigint, ~24 bytes against ~48 for the string).
 * Any other key is kept as it came. `edge` gives the same string back in every case.
 */
class Relationship implements EdgeRef {
  /** undefined: the fact key of the ends and type; bigint: a natural key's digits; else the key. */
  private key: string | bigint | undefined;
  /** The attributes' shape (their values in the columns from `base` on), or the object itself. */
  private data: Shape | HEdgeAttributes;
  private readonly base: number;

  constructor(
    edge: string,
    readonly source: string,
    readonly target: string,
    data: Shape | HEdgeAttributes,
    base: number,
    readonly s: number,
    readonly t: number,
  ) {
    this.data = data;
    this.base = base;
    this.key = compactKey(edge, source, target, this.type);
  }

  /** The relationship, its attributes written into the columns when they fit (else kept as they are). */
  static of(
    edge: string,
    source: string,
    target: string,
    attributes: HEdgeAttributes,
    s: number,
    t: number,
    columns: EdgeColumns,
  ): Relationship {
    const shape = columns.shapeOf(attributes);
    if (!shape) return new Relationship(edge, source, target, attributes, -1, s, t);
    return new Relationship(edge, source, target, shape, columns.add(shape, attributes), s, t);
  }

  /** The same attributes between other ends: the columns (or the object) shared, not copied. */
  between(edge: string, source: string, target: string, s: number, t: number): Relationship {
    return new Relationship(edge, source, target, this.data, this.base, s, t);
  }

  /** A new object from the columns each time (or the object kept, once set or changed). */
  get attributes(): HEdgeAttributes {
    const data = this.data;
    return data instanceof Shape ? data.columns.materialise(data, this.base) : data;
  }

  /** Keeps this object from now on (setEdgeAttribute, updateEachEdgeAttributes). */
  set attributes(attributes: HEdgeAttributes) {
    this.data = attributes;
  }

  get type(): RelationshipType {
    const data = this.data;
    return (data instanceof Shape ? data.type : data.type) as RelationshipType;
  }

  attribute(name: string): PropValue | undefined {
    const data = this.data;
    return data instanceof Shape ? data.columns.read(data, this.base, name) : data[name];
  }

  /** The attributes as an object of their own, to be changed in place. */
  own(): HEdgeAttributes {
    const data = this.data;
    if (!(data instanceof Shape)) return data;
    const attributes = data.columns.materialise(data, this.base);
    this.data = attributes;
    return attributes;
  }

  get edge(): string {
    const key = this.key;
    if (typeof key === 'string') return key;
    if (key === undefined) return `${this.source}|${this.type}|${this.target}`;
    return `n:${key.toString(16).padStart(32, '0')}`;
  }

  /** Keeps the key as it is now (`edge`, read before): the type a fact key is made of changes. */
  pinKey(edge: string = this.edge): void {
    if (this.key === undefined) this.key = edge;
  }
}

function compactKey(
  edge: string,
  source: string,
  target: string,
  type: unknown,
): string | bigint | undefined {
  if (edge.length === 34 && NATURAL_KEY.test(edge)) return BigInt(`0x${edge.slice(2)}`);
  if (
    typeof type === 'string' &&
    edge.length === source.length + type.length + target.length + 2 &&
    edge === `${source}|${type}|${target}`
  )
    return undefined;
  return edge;
}

/** graphology's serialised form (`graph.export()`), which saved bench graphs use. */
export interface SerializedRecordGraph {
  nodes: Array<{ key: string; attributes?: HNodeAttributes }>;
  edges: Array<{ key?: string; source: string; target: string; attributes?: HEdgeAttributes }>;
  attributes?: Record<string, unknown>;
  options?: Record<string, unknown>;
}

type EdgeCallback = (edge: string, attributes: HEdgeAttributes, source: string, target: string) => void;

/** Per node: its in-edges then its out-edges, each group in graphology's order (see above). */
interface Adjacency {
  /** Edge indexes of node i: in at inStart[i]..outStart[i]-1, out at outStart[i]..inStart[i+1]-1. */
  inStart: Int32Array;
  outStart: Int32Array;
  slots: Int32Array;
}

function missing(what: string, key: string): Error {
  return new Error(
    `analyse/record-graph: no ${what} "${key}" in the record graph; check with has${what === 'node' ? 'Node' : 'Edge'} first`,
  );
}

/** JavaScript objects list array-index keys first, ascending: graphology's neighbour order follows. */
function arrayIndex(key: string): number {
  const c = key.charCodeAt(0);
  if (c < 48 || c > 57 || key.length > 10) return -1;
  if (!/^(0|[1-9]\d*)$/.test(key)) return -1;
  const n = Number(key);
  return n < 4294967295 ? n : -1;
}

export class RecordGraph {
  private readonly keys: string[] = [];
  private readonly attrs: HNodeAttributes[] = [];
  private readonly nodeAt = new Map<string, number>();
  private readonly refs: Relationship[] = [];
  /** The relationships' attributes (edge-columns.ts). */
  private columns = new EdgeColumns();
  /** Relationship key → index; undefined once released (releaseEdgeKeys), rebuilt on a lookup. */
  private edgeAt: Map<string, number> | undefined = new Map<string, number>();
  private adjacency: Adjacency | undefined;
  private changes = 0;

  /** Counts structural changes (nodes or edges added or dropped): derived indexes check it. */
  get version(): number {
    return this.changes;
  }

  get order(): number {
    return this.keys.length;
  }

  get size(): number {
    return this.refs.length;
  }

  /** Dense index of a node (insertion order), undefined when absent. */
  indexOf(node: string): number | undefined {
    return this.nodeAt.get(node);
  }

  /** Every relationship in insertion order (do not mutate). */
  edgeRefs(): readonly EdgeRef[] {
    return this.refs;
  }

  /** Node keys in insertion order (do not mutate). */
  nodeKeys(): readonly string[] {
    return this.keys;
  }

  hasNode(node: string): boolean {
    return this.nodeAt.has(node);
  }

  /** `hasEdge(key)`: a relationship of that key; `hasEdge(a, b)`: one from a to b. */
  hasEdge(edgeOrSource: string, target?: string): boolean {
    if (target === undefined) return this.edgeKeys().has(edgeOrSource);
    let found = false;
    this.forEachDirected(edgeOrSource, target, () => {
      found = true;
    });
    return found;
  }

  addNode(node: string, attributes: HNodeAttributes): string {
    if (this.nodeAt.has(node))
      throw new Error(`analyse/record-graph: node "${node}" already exists; use mergeNode to add attributes`);
    this.nodeAt.set(node, this.keys.length);
    this.keys.push(node);
    this.attrs.push(attributes);
    this.changed();
    return node;
  }

  /** Adds the node, or assigns the attributes onto the existing one (graphology's mergeNode). */
  mergeNode(node: string, attributes: HNodeAttributes): [string, boolean] {
    const at = this.nodeAt.get(node);
    if (at === undefined) {
      this.addNode(node, attributes);
      return [node, true];
    }
    Object.assign(this.attrs[at]!, attributes);
    return [node, false];
  }

  addDirectedEdgeWithKey(edge: string, source: string, target: string, attributes: HEdgeAttributes): string {
    return this.insertEdge(edge, source, target, (s, t) =>
      Relationship.of(edge, this.keys[s]!, this.keys[t]!, attributes, s, t, this.columns),
    );
  }

  /** Checks a new edge's key and ends, then appends the relationship `make` builds from the ends' indexes. */
  private insertEdge(
    edge: string,
    source: string,
    target: string,
    make: (s: number, t: number) => Relationship,
  ): string {
    const edgeAt = this.edgeKeys();
    if (edgeAt.has(edge)) throw new Error(`analyse/record-graph: edge "${edge}" already exists`);
    const s = this.nodeAt.get(source);
    const t = this.nodeAt.get(target);
    if (s === undefined) throw missing('node', source);
    if (t === undefined) throw missing('node', target);
    edgeAt.set(edge, this.refs.length);
    this.refs.push(make(s, t));
    this.changed();
    return edge;
  }

  /**
   * Adds a relationship with the attributes of `like` (a relationship of this or another record
   * graph), sharing them: the graph of identities (identities.ts) holds the records' attributes
   * once, as when it shared their objects.
   */
  addDirectedEdgeLike(edge: string, source: string, target: string, like: EdgeRef): string {
    if (!(like instanceof Relationship))
      return this.addDirectedEdgeWithKey(edge, source, target, like.attributes);
    return this.insertEdge(edge, source, target, (s, t) =>
      like.between(edge, this.keys[s]!, this.keys[t]!, s, t),
    );
  }

  /**
   * Adds the relationship unless its key is taken or an end is missing (false then): the graph
   * builder's one call per streamed row: each end looked up once, not twice.
   */
  addEdgeIfNew(edge: string, source: string, target: string, attributes: () => HEdgeAttributes): boolean {
    const s = this.nodeAt.get(source);
    if (s === undefined) return false;
    const t = this.nodeAt.get(target);
    if (t === undefined) return false;
    const edgeAt = this.edgeKeys();
    if (edgeAt.has(edge)) return false;
    edgeAt.set(edge, this.refs.length);
    this.refs.push(Relationship.of(edge, this.keys[s]!, this.keys[t]!, attributes(), s, t, this.columns));
    this.changed();
    return true;
  }

  /** Drops one relationship (O(E): tests and tools only, never the analysis). */
  dropEdge(edge: string): void {
    const at = this.edgeKeys().get(edge);
    if (at === undefined) throw missing('edge', edge);
    this.refs.splice(at, 1);
    this.edgeAt = undefined;
    this.changed();
  }

  /** Empties the graph, letting go of everything it holds. */
  clear(): void {
    this.keys.length = 0;
    this.attrs.length = 0;
    this.nodeAt.clear();
    this.refs.length = 0;
    this.columns = new EdgeColumns();
    this.edgeAt = new Map();
    this.changed();
  }

  /**
   * Lets go of the relationship key → index map once the graph is complete (issue 16: ~40 bytes per
   * relationship, 120 MB of a 2.95M-relationship graph held through the whole analysis, which
   * reads relationships by their ends, never by key). A later lookup or addition by key rebuilds it.
   */
  releaseEdgeKeys(): void {
    this.edgeAt = undefined;
    this.columns.releaseInterning();
  }

  private edgeKeys(): Map<string, number> {
    if (this.edgeAt) return this.edgeAt;
    const edgeAt = new Map<string, number>();
    for (let e = 0; e < this.refs.length; e++) edgeAt.set(this.refs[e]!.edge, e);
    this.edgeAt = edgeAt;
    return edgeAt;
  }

  private changed(): void {
    this.adjacency = undefined;
    this.changes++;
  }

  private node(node: string): number {
    const at = this.nodeAt.get(node);
    if (at === undefined) throw missing('node', node);
    return at;
  }

  private ref(edge: string): Relationship {
    const at = this.edgeKeys().get(edge);
    if (at === undefined) throw missing('edge', edge);
    return this.refs[at]!;
  }

  getNodeAttributes(node: string): HNodeAttributes {
    return this.attrs[this.node(node)]!;
  }

  getNodeAttribute<K extends keyof HNodeAttributes>(node: string, name: K): HNodeAttributes[K] {
    return this.attrs[this.node(node)]![name];
  }

  setNodeAttribute(node: string, name: string, value: PropValue | undefined): void {
    (this.attrs[this.node(node)] as Record<string, PropValue | undefined>)[name] = value;
  }

  mergeNodeAttributes(node: string, attributes: Partial<HNodeAttributes>): void {
    Object.assign(this.attrs[this.node(node)]!, attributes);
  }

  /** The relationship's own object (graphology's: changes to it stay); the analysis never asks. */
  getEdgeAttributes(edge: string): HEdgeAttributes {
    return this.ref(edge).own();
  }

  getEdgeAttribute<K extends keyof HEdgeAttributes>(edge: string, name: K): HEdgeAttributes[K] {
    return this.ref(edge).attribute(name as string) as HEdgeAttributes[K];
  }

  setEdgeAttribute(edge: string, name: string, value: PropValue | undefined): void {
    const ref = this.ref(edge);
    if (name === 'type') ref.pinKey();
    (ref.own() as Record<string, PropValue | undefined>)[name] = value;
  }

  removeEdgeAttribute(edge: string, name: string): void {
    const ref = this.ref(edge);
    if (name === 'type') ref.pinKey();
    delete (ref.own() as Record<string, PropValue | undefined>)[name];
  }

  updateEachNodeAttributes(update: (node: string, attributes: HNodeAttributes) => HNodeAttributes): void {
    for (let i = 0; i < this.keys.length; i++) this.attrs[i] = update(this.keys[i]!, this.attrs[i]!);
  }

  updateEachEdgeAttributes(
    update: (edge: string, attributes: HEdgeAttributes, source: string, target: string) => HEdgeAttributes,
  ): void {
    for (const ref of this.refs) {
      const edge = ref.edge;
      const type = ref.type;
      // The callback may change the object it is given and return it: it must be the one kept.
      const next = update(edge, ref.own(), ref.source, ref.target);
      if (next.type !== type) ref.pinKey(edge);
      ref.attributes = next;
    }
  }

  source(edge: string): string {
    return this.ref(edge).source;
  }

  target(edge: string): string {
    return this.ref(edge).target;
  }

  nodes(): string[] {
    return [...this.keys];
  }

  edges(): string[] {
    return this.refs.map((ref) => ref.edge);
  }

  /** Keys of the node's outgoing edges, in forEachOutEdge's order. */
  outEdges(node: string): string[] {
    const keys: string[] = [];
    this.forEachOutEdge(node, (edge) => keys.push(edge));
    return keys;
  }

  forEachNode(callback: (node: string, attributes: HNodeAttributes) => void): void {
    const keys = this.keys;
    const attrs = this.attrs;
    for (let i = 0; i < keys.length; i++) callback(keys[i]!, attrs[i]!);
  }

  /**
   * `forEachEdge(cb)`: every edge; `forEachEdge(node, cb)`: the node's edges, in then out;
   * `forEachEdge(a, b, cb)`: the edges b→a then a→b.
   */
  forEachEdge(callback: EdgeCallback): void;
  forEachEdge(node: string, callback: EdgeCallback): void;
  forEachEdge(source: string, target: string, callback: EdgeCallback): void;
  forEachEdge(a: string | EdgeCallback, b?: string | EdgeCallback, c?: EdgeCallback): void {
    if (typeof a === 'function') {
      for (const ref of this.refs) a(ref.edge, ref.attributes, ref.source, ref.target);
      return;
    }
    if (typeof b === 'function') {
      const i = this.node(a);
      const { inStart, outStart, slots } = this.adjacent();
      for (let k = inStart[i]!; k < outStart[i]!; k++) this.visit(slots[k]!, b);
      // A self-loop was visited with the in-edges (graphology skips the node's own out-group).
      for (let k = outStart[i]!; k < inStart[i + 1]!; k++) {
        const ref = this.refs[slots[k]!]!;
        if (ref.t !== i) b(ref.edge, ref.attributes, ref.source, ref.target);
      }
      return;
    }
    this.forEachDirected(b!, a, c!);
    if (a !== b) this.forEachDirected(a, b!, c!);
  }

  /**
   * The node's relationships in forEachEdge(node)'s order, as refs: a caller that reads a few
   * attributes (`ref.type`, `ref.attribute(name)`) makes no attributes object, and no key unless
   * it asks for `ref.edge`.
   */
  forEachEdgeRef(node: string, callback: (ref: EdgeRef) => void): void {
    const i = this.node(node);
    const { inStart, outStart, slots } = this.adjacent();
    for (let k = inStart[i]!; k < outStart[i]!; k++) callback(this.refs[slots[k]!]!);
    for (let k = outStart[i]!; k < inStart[i + 1]!; k++) {
      const ref = this.refs[slots[k]!]!;
      if (ref.t !== i) callback(ref);
    }
  }

  /**
   * The node's outgoing relationships in forEachOutEdge's order, as refs: no key and no attributes
   * object per visit (a person's or an account's hundreds of relationships, visited per member).
   */
  forEachOutEdgeRef(node: string, callback: (ref: EdgeRef) => void): void {
    const i = this.node(node);
    const { inStart, outStart, slots } = this.adjacent();
    for (let k = outStart[i]!; k < inStart[i + 1]!; k++) callback(this.refs[slots[k]!]!);
  }

  /** The node's outgoing edges, grouped by target as graphology visits them. */
  forEachOutEdge(node: string, callback: EdgeCallback): void {
    const i = this.node(node);
    const { inStart, outStart, slots } = this.adjacent();
    for (let k = outStart[i]!; k < inStart[i + 1]!; k++) this.visit(slots[k]!, callback);
  }

  /** The node's incoming edges, grouped by source as graphology visits them. */
  forEachInEdge(node: string, callback: EdgeCallback): void {
    const i = this.node(node);
    const { inStart, outStart, slots } = this.adjacent();
    for (let k = inStart[i]!; k < outStart[i]!; k++) this.visit(slots[k]!, callback);
  }

  /** graphology's serialised form, for the bench scripts that save graphs. */
  export(): SerializedRecordGraph {
    return {
      options: { type: 'directed', multi: true, allowSelfLoops: true },
      attributes: {},
      nodes: this.keys.map((key, i) => ({ key, attributes: this.attrs[i]! })),
      edges: this.refs.map((ref) => ({
        key: ref.edge,
        source: ref.source,
        target: ref.target,
        attributes: ref.attributes,
      })),
    };
  }

  /** Adds a serialised graph (graphology's `export()` form): nodes merged, edges added. */
  import(data: SerializedRecordGraph): this {
    for (const node of data.nodes) this.mergeNode(node.key, node.attributes ?? ({} as HNodeAttributes));
    let generated = 0;
    for (const edge of data.edges) {
      const key = edge.key ?? `imported:${this.refs.length}:${generated++}`;
      this.addDirectedEdgeWithKey(key, edge.source, edge.target, edge.attributes ?? ({} as HEdgeAttributes));
    }
    return this;
  }

  private visit(e: number, callback: EdgeCallback): void {
    const ref = this.refs[e]!;
    callback(ref.edge, ref.attributes, ref.source, ref.target);
  }

  /** forEachEdge(a, b)'s relationships (b→a then a→b) as refs: no key or attributes object each. */
  forEachEdgeRefBetween(a: string, b: string, callback: (ref: EdgeRef) => void): void {
    this.forEachDirectedRef(b, a, callback);
    if (a !== b) this.forEachDirectedRef(a, b, callback);
  }

  private forEachDirectedRef(source: string, target: string, callback: (ref: EdgeRef) => void): void {
    const s = this.nodeAt.get(source);
    const t = this.nodeAt.get(target);
    if (s === undefined || t === undefined) return;
    const { inStart, outStart, slots } = this.adjacent();
    for (let k = outStart[s]!; k < inStart[s + 1]!; k++) {
      const ref = this.refs[slots[k]!]!;
      if (ref.t === t) callback(ref);
    }
  }

  /** Edges source → target in forEachDirectedRef's order, each with its key and attributes. */
  private forEachDirected(source: string, target: string, callback: EdgeCallback): void {
    this.forEachDirectedRef(source, target, (ref) =>
      callback(ref.edge, ref.attributes, ref.source, ref.target),
    );
  }

  /**
   * Builds the per-node adjacency once (after the graph is complete; any addition drops it). Edges
   * are bucketed by end (counting sort, insertion order kept), then each node's bucket is ordered
   * by the other end's first appearance (array-index keys first, ascending) and newest first.
   */
  private adjacent(): Adjacency {
    if (this.adjacency) return this.adjacency;
    const n = this.keys.length;
    const m = this.refs.length;
    const inCount = new Int32Array(n + 1);
    const outCount = new Int32Array(n + 1);
    for (const ref of this.refs) {
      inCount[ref.t]! += 1;
      outCount[ref.s]! += 1;
    }
    const inStart = new Int32Array(n + 1);
    const outStart = new Int32Array(n);
    let at = 0;
    for (let i = 0; i < n; i++) {
      inStart[i] = at;
      at += inCount[i]!;
      outStart[i] = at;
      at += outCount[i]!;
    }
    inStart[n] = at;
    const slots = new Int32Array(2 * m);
    const inFill = inStart.slice(0, n);
    const outFill = outStart.slice();
    for (let e = 0; e < m; e++) {
      const ref = this.refs[e]!;
      slots[inFill[ref.t]!++] = e;
      slots[outFill[ref.s]!++] = e;
    }
    for (let i = 0; i < n; i++) {
      this.sortGroups(slots, inStart[i]!, outStart[i]!, true);
      this.sortGroups(slots, outStart[i]!, inStart[i + 1]!, false);
    }
    this.adjacency = { inStart, outStart, slots };
    return this.adjacency;
  }

  /** Orders slots[from..to) (edges in insertion order) as graphology lists one node's in or out edges. */
  private sortGroups(slots: Int32Array, from: number, to: number, incoming: boolean): void {
    if (to - from < 2) return;
    const refs = this.refs;
    const other = (e: number) => (incoming ? refs[e]!.s : refs[e]!.t);
    // Group of each other end: its first appearance (array-index keys first); newest edge first.
    const first = new Map<number, number>();
    let regroup = false;
    for (let k = from; k < to; k++) {
      const o = other(slots[k]!);
      const seen = first.get(o);
      if (seen !== undefined) {
        regroup = true;
        continue;
      }
      const key = arrayIndex(this.keys[o]!);
      if (key >= 0) regroup = true;
      first.set(o, key >= 0 ? key - 4294967296 : k);
    }
    // One edge per other end and no array-index key: insertion order is graphology's order.
    if (!regroup) return;
    const part = Array.from(slots.subarray(from, to), (e) => ({ e, rank: first.get(other(e))! }));
    part.sort((x, y) => x.rank - y.rank || y.e - x.e);
    for (let k = 0; k < part.length; k++) slots[from + k] = part[k]!.e;
  }
}
