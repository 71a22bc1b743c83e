/**
 * Derived values: a small expression language for mapping fields (`expr: "ibanCountry(Rekening)"`).
 * Parsed once per mapping by a hand-written recursive-descent parser into a tree of closures; there
 * is no eval, no operator that loops, and every function is from the fixed table below, so a
 * mapping cannot make the loader run arbitrary code or spin on a row.
 *
 * Grammar (whitespace is free between tokens):
 *   expr    := primary ( "." name | "[" integer "]" )*        member of an object, element of a list
 *   primary := string | number | call | column
 *   call    := name "(" [ expr ( "," expr )* ] ")"
 *   column  := name ( "." ( name | integer ) )*  |  "`" any text but ` "`"   (a header with spaces)
 *   string  := '…' | "…"   (\\ escapes the next character)
 *   name    := letter ( letter | digit | "_" | "-" )*
 * A negative index counts from the end: `payments[-1]` is the last element.
 */
import { normaliseCountry } from '../normalise/country.ts';
import { normaliseIban } from '../normalise/iban.ts';
import { invalid, type Normalised, ok } from '../normalise/result.ts';

/** What an expression yields: a scalar, a list or object from JSON, or nothing (empty/absent). */
export type ExprValue = unknown;

export type Evaluate = (fields: Record<string, unknown>) => Normalised<ExprValue>;

export interface CompiledExpression {
  evaluate: Evaluate;
  /** The record fields it reads (top-level columns and dotted paths), for header checks and memos. */
  columns: string[];
}

export interface ExpressionEnvironment {
  /** The mapping's `lookups` tables, keyed by cleaned, lower-cased source value. */
  lookups: ReadonlyMap<string, ReadonlyMap<string, string | number | boolean>>;
}

export class ExpressionError extends Error {}

const MAX_EXPRESSION_LENGTH = 500;
const MAX_DEPTH = 20;

type Node =
  | { kind: 'literal'; value: string | number }
  | { kind: 'column'; path: string }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'member'; target: Node; key: string | number };

const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

/** Scalars as text; a list or object is not text. */
function asText(value: unknown, fn: string): Normalised<string> {
  if (isEmpty(value)) return ok('');
  if (typeof value === 'string') return ok(value);
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  return invalid(`${fn}(): got a ${Array.isArray(value) ? 'list' : 'object'}, needs a single value`);
}

function asInteger(value: unknown, fn: string): Normalised<number> {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isInteger(n)) return invalid(`${fn}(): "${String(value)}" is not a whole number`);
  return ok(n);
}

function element(list: unknown, index: number): unknown {
  if (!Array.isArray(list)) return index === 0 || index === -1 ? list : undefined;
  return list[index < 0 ? list.length + index : index];
}

function member(target: unknown, key: string | number): unknown {
  if (typeof key === 'number') return element(target, key);
  if (target !== null && typeof target === 'object' && !Array.isArray(target) && Object.hasOwn(target, key))
    return (target as Record<string, unknown>)[key];
  return undefined;
}

/** A record's value at a column name or dotted path ("trip.via.0.city", "payments.-1.date"). */
export function pathValue(fields: Record<string, unknown>, path: string): unknown {
  if (Object.hasOwn(fields, path)) return fields[path];
  if (!path.includes('.')) return undefined;
  let at: unknown = fields;
  for (const part of path.split('.')) {
    if (Array.isArray(at)) at = /^-?\d+$/.test(part) ? element(at, Number(part)) : undefined;
    else at = member(at, part);
    if (at === undefined) return undefined;
  }
  return at;
}

type Fn = {
  min: number;
  max: number;
  run: (args: unknown[], env: ExpressionEnvironment, raw: Node[]) => Normalised<unknown>;
};

const text1 =
  (name: string, f: (s: string) => unknown): Fn['run'] =>
  ([v]) => {
    const t = asText(v, name);
    return t.ok ? ok(t.value === '' ? undefined : f(t.value)) : t;
  };

/** The function table: the whole of what an expression can do. */
const FUNCTIONS: Record<string, Fn> = {
  concat: {
    min: 1,
    max: 20,
    run: (args) => {
      let out = '';
      for (const arg of args) {
        const t = asText(arg, 'concat');
        if (!t.ok) return t;
        out += t.value;
      }
      return ok(out);
    },
  },
  join: {
    // join(separator, a, b, …): the non-empty parts; join(separator, list) joins a list's elements.
    min: 2,
    max: 21,
    run: ([separator, ...rest]) => {
      const sep = asText(separator, 'join');
      if (!sep.ok) return sep;
      const parts: string[] = [];
      for (const arg of rest.length === 1 && Array.isArray(rest[0]) ? rest[0] : rest) {
        const t = asText(arg, 'join');
        if (!t.ok) return t;
        if (t.value !== '') parts.push(t.value);
      }
      return ok(parts.join(sep.value));
    },
  },
  coalesce: { min: 1, max: 20, run: (args) => ok(args.find((a) => !isEmpty(a))) },
  first: { min: 1, max: 1, run: ([v]) => ok(element(v, 0)) },
  last: { min: 1, max: 1, run: ([v]) => ok(element(v, -1)) },
  at: {
    min: 2,
    max: 2,
    run: ([v, i]) => {
      const n = asInteger(i, 'at');
      return n.ok ? ok(element(v, n.value)) : n;
    },
  },
  count: { min: 1, max: 1, run: ([v]) => ok(isEmpty(v) ? 0 : Array.isArray(v) ? v.length : 1) },
  split: {
    min: 2,
    max: 2,
    run: ([v, separator]) => {
      const t = asText(v, 'split');
      const sep = asText(separator, 'split');
      if (!t.ok) return t;
      if (!sep.ok || sep.value === '') return invalid('split(): the separator must be non-empty text');
      return ok(
        t.value === ''
          ? []
          : t.value
              .split(sep.value)
              .map((s) => s.trim())
              .filter((s) => s !== ''),
      );
    },
  },
  substring: {
    // substring(text, start[, length]), 0-based; a negative start counts from the end.
    min: 2,
    max: 3,
    run: ([v, start, length]) => {
      const t = asText(v, 'substring');
      if (!t.ok) return t;
      const s = asInteger(start, 'substring');
      if (!s.ok) return s;
      const chars = [...t.value];
      const from = s.value < 0 ? Math.max(0, chars.length + s.value) : s.value;
      if (length === undefined) return ok(chars.slice(from).join(''));
      const n = asInteger(length, 'substring');
      return n.ok ? ok(chars.slice(from, from + Math.max(0, n.value)).join('')) : n;
    },
  },
  left: {
    min: 2,
    max: 2,
    run: ([v, n]) => {
      const t = asText(v, 'left');
      const c = asInteger(n, 'left');
      if (!t.ok) return t;
      return c.ok ? ok([...t.value].slice(0, Math.max(0, c.value)).join('')) : c;
    },
  },
  right: {
    min: 2,
    max: 2,
    run: ([v, n]) => {
      const t = asText(v, 'right');
      const c = asInteger(n, 'right');
      if (!t.ok) return t;
      return c.ok ? ok(c.value <= 0 ? '' : [...t.value].slice(-c.value).join('')) : c;
    },
  },
  upper: { min: 1, max: 1, run: text1('upper', (s) => s.toLocaleUpperCase()) },
  lower: { min: 1, max: 1, run: text1('lower', (s) => s.toLocaleLowerCase()) },
  trim: { min: 1, max: 1, run: text1('trim', (s) => s.trim()) },
  digits: { min: 1, max: 1, run: text1('digits', (s) => s.replace(/\D+/g, '')) },
  replace: {
    // replace(text, find, with): every occurrence of the plain text `find` (not a pattern).
    min: 3,
    max: 3,
    run: ([v, find, by]) => {
      const t = asText(v, 'replace');
      const f = asText(find, 'replace');
      const b = asText(by, 'replace');
      if (!t.ok) return t;
      if (!f.ok || f.value === '') return invalid('replace(): the text to find must be non-empty');
      return b.ok ? ok(t.value.split(f.value).join(b.value)) : b;
    },
  },
  // The country of an IBAN: its first two letters, only when the IBAN is valid (checksum included).
  ibanCountry: {
    min: 1,
    max: 1,
    run: ([v]) => {
      const t = asText(v, 'ibanCountry');
      if (!t.ok || t.value === '') return t.ok ? ok(undefined) : t;
      const iban = normaliseIban(t.value);
      return iban.ok ? ok(iban.value.iban.slice(0, 2)) : invalid(`ibanCountry(): ${iban.reason}`);
    },
  },
  // A country written as a code or a name in many languages ("Royaume-Uni", "GBR") → ISO alpha-2.
  country: {
    min: 1,
    max: 1,
    run: ([v]) => {
      const t = asText(v, 'country');
      if (!t.ok || t.value === '') return t.ok ? ok(undefined) : t;
      const c = normaliseCountry(t.value);
      return c.ok ? ok(c.value) : invalid(`country(): ${c.reason}`);
    },
  },
  // lookup(table, value[, default]): the mapping's `lookups.<table>` entry for the value (trimmed,
  // case-insensitive) — a city's country, a branch code's bank. Unlisted without a default: empty.
  lookup: {
    min: 2,
    max: 3,
    run: ([, v, fallback], env, raw) => {
      const table = env.lookups.get((raw[0] as { value: string }).value) as ReadonlyMap<string, unknown>;
      const t = asText(v, 'lookup');
      if (!t.ok) return t;
      if (t.value === '') return ok(undefined);
      const hit = table.get(t.value.trim().toLowerCase());
      return ok(hit ?? fallback);
    },
  },
};

export const EXPRESSION_FUNCTIONS = Object.keys(FUNCTIONS);

class Parser {
  private at = 0;
  readonly columns = new Set<string>();
  constructor(
    private readonly text: string,
    private readonly env: ExpressionEnvironment,
  ) {}

  fail(message: string): never {
    throw new ExpressionError(`${message} at character ${this.at + 1} of "${this.text}"`);
  }

  private space() {
    while (this.at < this.text.length && /\s/.test(this.text[this.at] as string)) this.at++;
  }

  private peek(): string {
    this.space();
    return this.text[this.at] ?? '';
  }

  private eat(char: string) {
    if (this.peek() !== char) this.fail(`expected "${char}"`);
    this.at++;
  }

  private name(): string {
    this.space();
    const match = /^[\p{L}_][\p{L}\p{N}_-]*/u.exec(this.text.slice(this.at));
    if (match === null) this.fail('expected a name');
    this.at += match[0].length;
    return match[0];
  }

  parseAll(): Node {
    const node = this.expr(0);
    if (this.peek() !== '') this.fail('unexpected text');
    return node;
  }

  private expr(depth: number): Node {
    if (depth > MAX_DEPTH) this.fail(`nested deeper than ${MAX_DEPTH}`);
    let node = this.primary(depth);
    for (;;) {
      const next = this.peek();
      if (next === '[') {
        this.at++;
        this.space();
        const match = /^-?\d{1,6}/.exec(this.text.slice(this.at));
        if (match === null) this.fail('expected a whole number index');
        this.at += match[0].length;
        this.eat(']');
        node = { kind: 'member', target: node, key: Number(match[0]) };
      } else if (next === '.' && node.kind !== 'column') {
        this.at++;
        node = { kind: 'member', target: node, key: this.name() };
      } else return node;
    }
  }

  private primary(depth: number): Node {
    const c = this.peek();
    if (c === "'" || c === '"') return { kind: 'literal', value: this.string(c) };
    if (c === '`') {
      this.at++;
      const end = this.text.indexOf('`', this.at);
      if (end < 0) this.fail('unterminated `column`');
      const path = this.text.slice(this.at, end);
      this.at = end + 1;
      this.columns.add(path);
      return { kind: 'column', path };
    }
    const number = /^-?\d+(?:\.\d+)?/.exec(this.text.slice(this.at));
    if (number !== null) {
      this.at += number[0].length;
      return { kind: 'literal', value: Number(number[0]) };
    }
    const name = this.name();
    if (this.peek() === '(') {
      this.at++;
      const args: Node[] = [];
      if (this.peek() !== ')') {
        args.push(this.expr(depth + 1));
        while (this.peek() === ',') {
          this.at++;
          args.push(this.expr(depth + 1));
        }
      }
      this.eat(')');
      return this.call(name, args);
    }
    // A column: a name and dotted segments (names or indexes), e.g. trip.via.0.city.
    let path = name;
    while (this.text[this.at] === '.') {
      this.at++;
      const index = /^-?\d+/.exec(this.text.slice(this.at));
      if (index !== null) {
        this.at += index[0].length;
        path += `.${index[0]}`;
      } else path += `.${this.name()}`;
    }
    this.columns.add(path);
    return { kind: 'column', path };
  }

  private call(name: string, args: Node[]): Node {
    const fn = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
    if (fn === undefined) this.fail(`unknown function ${name}(); known: ${EXPRESSION_FUNCTIONS.join(', ')}`);
    if (args.length < fn.min || args.length > fn.max) {
      this.fail(
        `${name}() takes ${fn.min === fn.max ? fn.min : `${fn.min} to ${fn.max}`} argument${fn.max === 1 ? '' : 's'}, got ${args.length}`,
      );
    }
    if (name === 'lookup') {
      const table = args[0] as Node;
      if (table.kind !== 'literal' || typeof table.value !== 'string' || !this.env.lookups.has(table.value)) {
        this.fail(
          `lookup() needs the name of a table in "lookups" as a quoted text first (tables: ${[...this.env.lookups.keys()].join(', ') || 'none'})`,
        );
      }
    }
    return { kind: 'call', name, args };
  }

  private string(quote: string): string {
    this.at++;
    let out = '';
    while (this.at < this.text.length && this.text[this.at] !== quote) {
      if (this.text[this.at] === '\\') this.at++;
      out += this.text[this.at] ?? '';
      this.at++;
    }
    if (this.at >= this.text.length) this.fail('unterminated text');
    this.at++;
    return out;
  }
}

function compileNode(node: Node, env: ExpressionEnvironment): Evaluate {
  switch (node.kind) {
    case 'literal': {
      const value = ok<unknown>(node.value);
      return () => value;
    }
    case 'column': {
      const { path } = node;
      return (fields) => ok(pathValue(fields, path));
    }
    case 'member': {
      const target = compileNode(node.target, env);
      const { key } = node;
      return (fields) => {
        const value = target(fields);
        return value.ok ? ok(member(value.value, key)) : value;
      };
    }
    case 'call': {
      const fn = FUNCTIONS[node.name] as Fn;
      const args = node.args.map((a) => compileNode(a, env));
      const raw = node.args;
      return (fields) => {
        const values: unknown[] = [];
        for (const arg of args) {
          const value = arg(fields);
          if (!value.ok) return value;
          values.push(value.value);
        }
        return fn.run(values, env, raw);
      };
    }
  }
}

/** Parses an expression; throws ExpressionError naming the position of a mistake. */
export function compileExpression(text: string, env: ExpressionEnvironment): CompiledExpression {
  if (text.length > MAX_EXPRESSION_LENGTH) {
    throw new ExpressionError(`longer than ${MAX_EXPRESSION_LENGTH} characters; split it into fields`);
  }
  const parser = new Parser(text, env);
  const tree = parser.parseAll();
  return { evaluate: compileNode(tree, env), columns: [...parser.columns] };
}
