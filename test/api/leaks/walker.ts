/**
 * The schema walker of the leak suite: from the executable schema, one or more GraphQL documents
 * for every Query field, selecting every scalar down to a fixed depth, every nested connection
 * with its totalCount, and every implementation of an interface (or member of a union) through an
 * inline fragment. Argument values come from the fillers (fillers.ts); a required argument no
 * filler knows stops the walk with an error naming it, so a new field cannot slip through
 * untested: whoever adds it adds a filler.
 *
 * Depth counts objects, not GraphQL nesting: the root field's result is level 1; a connection's
 * edges/node wrapper adds no level. At the deepest level only scalars are selected; connections
 * (with their totalCount) down to two levels above it (see objectFields). A document larger than the API's own limits (src/serve/armor.ts: tokens, cost) is split
 * into several, each holding the path to the part it selects.
 */
import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isAbstractType,
  isEnumType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Lexer,
  Source,
  TokenKind,
} from 'graphql';
import { LIMITS } from '../../../src/serve/armor.ts';

/** A symbolic value resolved per phase (ids of runs, networks and jobs that exist only later). */
export interface Ref {
  ref: string;
}
export type ArgValue = string | number | boolean | null | Ref | { enum: string } | ArgValue[] | ArgObject;
export interface ArgObject {
  [key: string]: ArgValue;
}

export interface ArgSet {
  /** Short name of this variant for the test title (e.g. "shared person"). */
  name: string;
  args: ArgObject;
  /** The concrete type the root field returns for these arguments: other fragments are pruned at level 1. */
  typeHint?: string;
  /** Depth of this variant when less than the walk's (broad lists whose items other variants probe). */
  maxLevel?: number;
}

export interface Fillers {
  /** Root field → argument variants (every required argument must be given). */
  root(field: string): ArgSet[] | undefined;
  /** A required argument of a nested field (`Type.field.arg`) → its value. */
  nested(coordinate: string): ArgValue | undefined;
}

export interface GeneratedQuery {
  /** `Query.<field>`. */
  field: string;
  variant: string;
  /** Index of the part when the selection was split. */
  part: number;
  /** The document, with Ref values still symbolic: see `render`. */
  document: Node;
}

/** A selection: a field (with its argument text), an inline fragment or a leaf. */
export interface Node {
  head: HeadPart[];
  children: Node[] | null;
}
/** Text, or a symbolic argument value printed per phase. */
export type HeadPart = string | { value: ArgValue };

export class MissingFillerError extends Error {}

function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && 'ref' in value;
}

/** Prints a value as a GraphQL literal, resolving symbolic refs. */
export function literal(value: ArgValue, refs: Record<string, string>): string {
  if (value === null) return 'null';
  if (isRef(value)) {
    const resolved = refs[value.ref];
    if (resolved === undefined) throw new Error(`walker: no value for ref "${value.ref}" in this phase`);
    return JSON.stringify(resolved);
  }
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, refs)).join(', ')}]`;
  if (typeof value === 'object') {
    if ('enum' in value && typeof value.enum === 'string' && Object.keys(value).length === 1)
      return value.enum;
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v as ArgValue, refs)}`)
      .join(', ')}}`;
  }
  return JSON.stringify(value);
}

export function render(node: Node, refs: Record<string, string>): string {
  const head = node.head.map((p) => (typeof p === 'string' ? p : literal(p.value, refs))).join('');
  if (node.children === null) return head;
  return `${head} { ${node.children.map((c) => render(c, refs)).join(' ')} }`;
}

/** Lexer tokens, as graphql-armor's max-tokens counts them. */
export function countTokens(text: string): number {
  const lexer = new Lexer(new Source(text));
  let n = 0;
  while (lexer.advance().kind !== TokenKind.EOF) n++;
  return n;
}

/** graphql-armor's cost (src/serve/armor.ts leaves its defaults: object 2, scalar 1, factor 1.5, fragments nest). */
const costCache = new WeakMap<Node, number>();
function cost(node: Node): number {
  if (node.children === null) return 1;
  const cached = costCache.get(node);
  if (cached !== undefined) return cached;
  // armor multiplies a field's cost by a literal `first` or `last` argument.
  let pages = 1;
  node.head.forEach((part, i) => {
    const next = node.head[i + 1];
    if (
      typeof part === 'string' &&
      /(^|, |\()(first|last): $/.test(part) &&
      next &&
      typeof next !== 'string'
    ) {
      if (typeof next.value === 'number') pages = Math.max(pages, next.value);
    }
  });
  const total = pages * (2 + 1.5 * node.children.reduce((sum, c) => sum + cost(c), 0));
  costCache.set(node, total);
  return total;
}

// Printing a symbolic value costs a few tokens whatever it resolves to; assume a long one.
const tokenCache = new WeakMap<Node, number>();
function tokens(node: Node): number {
  const cached = tokenCache.get(node);
  if (cached !== undefined) return cached;
  const head = node.head
    .map((p) => (typeof p === 'string' ? p : literal(p.value, new Proxy({}, { get: () => 'x' }))))
    .join('');
  const own = countTokens(head);
  const total = node.children === null ? own : own + 2 + node.children.reduce((sum, c) => sum + tokens(c), 0);
  tokenCache.set(node, total);
  return total;
}

function isConnection(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type)) return false;
  const fields = type.getFields();
  return 'edges' in fields && 'pageInfo' in fields && 'totalCount' in fields;
}

function nodeTypeOf(connection: GraphQLObjectType): GraphQLNamedType {
  const edge = getNamedType(connection.getFields().edges!.type) as GraphQLObjectType;
  return getNamedType(edge.getFields().node!.type);
}

function argText(field: GraphQLField<unknown, unknown>, parent: string, fillers: Fillers): HeadPart[] {
  const parts: HeadPart[] = [];
  for (const arg of field.args) {
    if (!isNonNullType(arg.type) || arg.defaultValue !== undefined) continue;
    const coordinate = `${parent}.${field.name}.${arg.name}`;
    const value = fillers.nested(coordinate);
    if (value === undefined) {
      throw new MissingFillerError(
        `leak suite: no filler for the required argument ${coordinate}: ${String(arg.type)}; add one in test/api/leaks/fillers.ts`,
      );
    }
    parts.push(parts.length === 0 ? '(' : ', ', `${arg.name}: `, { value });
  }
  if (parts.length > 0) parts.push(')');
  return parts;
}

/** One walk's settings: how deep, and which implementations of an interface get a fragment. */
interface Walk {
  schema: GraphQLSchema;
  fillers: Fillers;
  maxLevel: number;
  /** Concrete types the world holds (fragments on others would select nothing). */
  types: ReadonlySet<string>;
  cache: Map<string, Node[]>;
}

/**
 * The selection of a value of `type` at `level` (1 = the root field's result). Abstract types get
 * the interface's fields and one inline fragment per implementation below maxLevel; at maxLevel an
 * abstract value shows only what the interface declares (its type name included), so documents
 * stay within the API's limits without dropping a field of any type reached earlier.
 */
function selection(w: Walk, type: GraphQLNamedType, level: number, only?: string): Node[] {
  const key = `${type.name}|${level}|${only ?? ''}`;
  const cached = w.cache.get(key);
  if (cached) return cached;
  let out: Node[] = [];
  if (isAbstractType(type)) {
    const iface =
      'getFields' in type ? (type.getFields() as Record<string, GraphQLField<unknown, unknown>>) : {};
    const common = objectFields(w, type.name, iface, level, new Set());
    const shared = new Set(Object.keys(iface));
    const fragments =
      level >= w.maxLevel
        ? []
        : w.schema
            .getPossibleTypes(type)
            .filter((t) => (only === undefined ? w.types.has(t.name) : t.name === only))
            .map((t) => ({ t, fields: objectFields(w, t.name, t.getFields(), level, shared) }))
            .filter(({ fields }) => fields.length > 0)
            .map(({ t, fields }): Node => ({ head: [`... on ${t.name}`], children: fields }));
    out = [{ head: ['__typename'], children: null }, ...common, ...fragments];
  } else if (isObjectType(type)) {
    out = objectFields(w, type.name, type.getFields(), level, new Set());
  }
  w.cache.set(key, out);
  return out;
}

function objectFields(
  w: Walk,
  parent: string,
  fields: Record<string, GraphQLField<unknown, unknown>>,
  level: number,
  skip: Set<string>,
): Node[] {
  const out: Node[] = [];
  for (const field of Object.values(fields)) {
    if (skip.has(field.name) || field.name.startsWith('__')) continue;
    const type = getNamedType(field.type);
    const head = (): HeadPart[] => [field.name, ...argText(field, parent, w.fillers)];
    if (isLeafType(type)) {
      out.push({ head: head(), children: null });
      continue;
    }
    if (isConnection(type)) {
      // Connections (with their totalCount) on the first two levels only: below, every item's
      // connection is one more round of database queries (Entity.relationships is one query per
      // relationship type and direction, 54 at once), and a single document would hold the whole
      // connection pool (50) long enough for other requests to time out. Items deeper down are
      // asked about directly by other variants (fillers.ts).
      if (level >= w.maxLevel - 1) continue;
      out.push({ head: head(), children: connection(w, type, level + 1) });
      continue;
    }
    if (level >= w.maxLevel) continue;
    const children = selection(w, type, level + 1);
    if (children.length > 0) out.push({ head: head(), children });
  }
  return out;
}

/** A connection whose nodes are at `level`: only its totalCount past maxLevel. */
function connection(w: Walk, type: GraphQLObjectType, level: number, only?: string): Node[] {
  const total: Node = { head: ['totalCount'], children: null };
  if (level > w.maxLevel) return [total];
  const pageInfo = selection(w, getNamedType(type.getFields().pageInfo!.type), w.maxLevel);
  return [
    total,
    { head: ['pageInfo'], children: pageInfo },
    {
      head: ['edges'],
      children: [
        { head: ['cursor'], children: null },
        { head: ['node'], children: selection(w, nodeTypeOf(type), level, only) },
      ],
    },
  ];
}

/**
 * Splits `node` so each part fits the API's limits once wrapped in its ancestors (`mult` is the
 * cost factor they add, `overhead` their tokens).
 */
function split(node: Node, mult: number, overhead: number, limits: { tokens: number; cost: number }): Node[] {
  const fits = (t: number, c: number) => t + overhead <= limits.tokens && c * mult <= limits.cost;
  if (node.children === null || fits(tokens(node), cost(node))) return [node];
  const headTokens = tokens({ head: node.head, children: null }) + 2;
  const parts = node.children.flatMap((c) => split(c, mult * 1.5, overhead + headTokens, limits));
  const groups: Node[][] = [];
  let current: Node[] = [];
  let sumTokens = 0;
  let sumCost = 0;
  for (const part of parts) {
    const t = tokens(part);
    const c = cost(part);
    if (current.length > 0 && !fits(headTokens + sumTokens + t, 2 + 1.5 * (sumCost + c))) {
      groups.push(current);
      current = [];
      sumTokens = 0;
      sumCost = 0;
    }
    current.push(part);
    sumTokens += t;
    sumCost += c;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((children) => ({ head: node.head, children }));
}

/**
 * Every Query field, with every argument variant its filler gives, as documents within the limits.
 * `types`: the concrete types the world holds; `maxLevel`: the default depth (a variant may ask
 * for less).
 */
export function generateQueries(
  schema: GraphQLSchema,
  fillers: Fillers,
  options: { types: ReadonlySet<string>; maxLevel: number },
): GeneratedQuery[] {
  const query = schema.getQueryType();
  if (!query) throw new Error('walker: the schema has no Query type');
  const out: GeneratedQuery[] = [];
  const missing: string[] = [];
  const limits = { tokens: LIMITS.maxTokens - 200, cost: LIMITS.maxCost * 0.9 };
  const walks = new Map<number, Walk>();
  const walkAt = (maxLevel: number) => {
    let w = walks.get(maxLevel);
    if (!w) {
      w = { schema, fillers, maxLevel, types: options.types, cache: new Map() };
      walks.set(maxLevel, w);
    }
    return w;
  };
  for (const field of Object.values(query.getFields())) {
    const sets = fillers.root(field.name) ?? defaultSets(field, missing);
    const type = getNamedType(field.type);
    for (const set of sets) {
      for (const arg of field.args) {
        if (isNonNullType(arg.type) && arg.defaultValue === undefined && !(arg.name in set.args)) {
          missing.push(`Query.${field.name}(${arg.name}: ${String(arg.type)}) in variant "${set.name}"`);
        }
      }
      const w = walkAt(set.maxLevel ?? options.maxLevel);
      let children: Node[];
      try {
        children = isLeafType(type)
          ? []
          : isConnection(type)
            ? connection(w, type, 1, set.typeHint)
            : selection(w, type, 1, set.typeHint);
      } catch (error) {
        if (error instanceof MissingFillerError) {
          missing.push(error.message);
          continue;
        }
        throw error;
      }
      const head: HeadPart[] = [field.name];
      const entries = Object.entries(set.args);
      entries.forEach(([name, value], i) => {
        head.push(i === 0 ? '(' : ', ', `${name}: `, { value });
      });
      if (entries.length > 0) head.push(')');
      const root: Node = { head, children: children.length > 0 ? children : null };
      split(root, 1.5, 4, limits).forEach((part, i) => {
        out.push({
          field: `Query.${field.name}`,
          variant: set.name,
          part: i,
          document: { head: ['query'], children: [part] },
        });
      });
    }
  }
  if (missing.length > 0) {
    throw new MissingFillerError(
      `leak suite: the walker cannot fill these required arguments; add fillers in test/api/leaks/fillers.ts:\n  ${missing.join('\n  ')}`,
    );
  }
  return out;
}

/** A root field without fillers: fine when it has no required argument (one variant, no arguments). */
function defaultSets(field: GraphQLField<unknown, unknown>, missing: string[]): ArgSet[] {
  const required = field.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined);
  if (required.length === 0) return [{ name: 'no arguments', args: {} }];
  // Enums can be filled from the schema itself: one variant per value.
  if (required.length === 1 && isEnumType(unwrap(required[0]!))) {
    const arg = required[0]!;
    return (unwrap(arg) as ReturnType<typeof getNamedType> & { getValues(): { name: string }[] })
      .getValues()
      .map((v) => ({ name: `${arg.name} ${v.name}`, args: { [arg.name]: { enum: v.name } } }));
  }
  for (const arg of required) missing.push(`Query.${field.name}(${arg.name}: ${String(arg.type)})`);
  return [];
}

function unwrap(arg: GraphQLArgument): GraphQLNamedType {
  let type: GraphQLInputType = arg.type;
  while (isNonNullType(type) || isListType(type)) type = type.ofType;
  return type as GraphQLNamedType;
}
