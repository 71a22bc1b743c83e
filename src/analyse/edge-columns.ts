/**
 * The record graph's relationship attributes as columns (issue 16).
 *
 * Why: an attributes object per relationship was ~677 MB of the analysis worker's heap on the
 * 2.95M-relationship world (an object with its slots, a boxed amount, a ~20-character datetime
 * string per payment that no interning shares). Here a relationship's attributes are a SHAPE
 * (its type and its keys in their order, shared by every relationship alike) and one slot per
 * key but `type`: a float64 value and a one-byte tag in chunked typed arrays, ~9 bytes a value.
 * A number is the value itself; a string is an index into one table (short ones interned, as
 * jobs/graph-builder.ts did); a datetime `YYYY-MM-DDTHH:MM:SS<rest>` is its 14 digits as one
 * number and <rest> (`Z`, `.000Z`, `+01:00`, ...) a small table's index, kept so only when it
 * reads back to the same string; booleans, null and undefined are tags; anything else is kept
 * as it came. `materialise` gives back an object equal to the one added, keys in the same order.
 */
import type { HEdgeAttributes, PropValue } from './types.ts';

const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

const NUMBER = 0;
const STRING = 1;
const TRUE = 2;
const FALSE = 3;
const NULL = 4;
const UNDEFINED = 5;
const OTHER = 6;
/** DATETIME + i: a datetime whose rest is suffixes[i]. */
const DATETIME = 16;
const MAX_SUFFIXES = 255 - DATETIME;

/** As jobs/graph-builder.ts: longer strings are mostly distinct, a table entry would cost more. */
const INTERN_MAX_LENGTH = 16;

/** Where the 14 digits of `YYYY-MM-DDTHH:MM:SS` are, and its separators. */
const DIGITS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18];
const SEPARATORS: ReadonlyArray<[number, number]> = [
  [4, 45],
  [7, 45],
  [10, 84],
  [13, 58],
  [16, 58],
];
const TWO = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));

/** One shape: a type and the keys in the order the attributes object lists them. */
export class Shape {
  /** Shapes one key longer, by that key (the tree the shapes are found in). */
  private children: Map<string, Shape> | undefined;

  constructor(
    readonly columns: EdgeColumns,
    readonly type: string,
    readonly keys: readonly string[],
    /** Position of `type` in keys, -1 until it is met. */
    readonly typeAt: number,
  ) {}

  /** Slots a relationship of this shape takes (every key but `type`). */
  get width(): number {
    return this.typeAt < 0 ? this.keys.length : this.keys.length - 1;
  }

  child(key: string): Shape {
    const known = this.children?.get(key);
    if (known) return known;
    const typeAt = this.typeAt < 0 && key === 'type' ? this.keys.length : this.typeAt;
    const next = new Shape(this.columns, this.type, [...this.keys, key], typeAt);
    this.children ??= new Map();
    this.children.set(key, next);
    return next;
  }
}

export class EdgeColumns {
  private readonly values: Float64Array[] = [];
  private readonly tags: Uint8Array[] = [];
  private used = 0;
  private readonly strings: string[] = [];
  /** Short string → its index in strings; undefined once released (rebuilt on the next add). */
  private stringAt: Map<string, number> | undefined = new Map();
  private readonly suffixes: string[] = [];
  private readonly others: PropValue[] = [];
  private readonly roots = new Map<string, Shape>();

  /** The shape of these attributes, or undefined when they cannot be kept as columns. */
  shapeOf(attributes: HEdgeAttributes): Shape | undefined {
    const type = attributes.type;
    if (typeof type !== 'string') return undefined;
    let shape = this.roots.get(type);
    if (!shape) {
      shape = new Shape(this, type, [], -1);
      this.roots.set(type, shape);
    }
    for (const key in attributes) {
      if (!Object.hasOwn(attributes, key) || key === '__proto__') return undefined;
      shape = shape.child(key);
    }
    return shape.typeAt < 0 ? undefined : shape;
  }

  /** Writes the attributes (of shapeOf's shape) into new slots; returns the first slot. */
  add(shape: Shape, attributes: HEdgeAttributes): number {
    const base = this.used;
    const end = base + shape.width;
    while (this.values.length * CHUNK < end) {
      this.values.push(new Float64Array(CHUNK));
      this.tags.push(new Uint8Array(CHUNK));
    }
    let slot = base;
    for (const key in attributes) {
      if (key === 'type') continue;
      this.put(slot++, attributes[key]);
    }
    this.used = end;
    return base;
  }

  /** A new object equal to the attributes added at `base`, keys in their order. */
  materialise(shape: Shape, base: number): HEdgeAttributes {
    const out: Record<string, PropValue | undefined> = {};
    const keys = shape.keys;
    let slot = base;
    for (let k = 0; k < keys.length; k++) {
      out[keys[k]!] = k === shape.typeAt ? shape.type : this.get(slot++);
    }
    return out as HEdgeAttributes;
  }

  /** One attribute without making the object (undefined when the shape has no such key). */
  read(shape: Shape, base: number, name: string): PropValue | undefined {
    const keys = shape.keys;
    let slot = base;
    for (let k = 0; k < keys.length; k++) {
      if (k === shape.typeAt) {
        if (name === 'type') return shape.type;
        continue;
      }
      if (keys[k] === name) return this.get(slot);
      slot++;
    }
    return undefined;
  }

  /** The graph is complete: lets go of the interning table (a later add builds it again). */
  releaseInterning(): void {
    this.stringAt = undefined;
  }

  /** Slots in use and chunks held (tests, benches). */
  stats(): { slots: number; chunks: number; strings: number; suffixes: number; others: number } {
    return {
      slots: this.used,
      chunks: this.values.length,
      strings: this.strings.length,
      suffixes: this.suffixes.length,
      others: this.others.length,
    };
  }

  private put(slot: number, value: PropValue | undefined): void {
    const values = this.values[slot >>> CHUNK_BITS]!;
    const tags = this.tags[slot >>> CHUNK_BITS]!;
    const at = slot & MASK;
    if (typeof value === 'number') {
      values[at] = value;
      tags[at] = NUMBER;
    } else if (typeof value === 'string') {
      const datetime = this.datetime(value);
      if (datetime !== undefined) {
        values[at] = datetime.digits;
        tags[at] = DATETIME + datetime.suffix;
      } else {
        values[at] = this.stringIndex(value);
        tags[at] = STRING;
      }
    } else if (value === true) tags[at] = TRUE;
    else if (value === false) tags[at] = FALSE;
    else if (value === null) tags[at] = NULL;
    else if (value === undefined) tags[at] = UNDEFINED;
    else {
      values[at] = this.others.length;
      this.others.push(value);
      tags[at] = OTHER;
    }
  }

  private get(slot: number): PropValue | undefined {
    const at = slot & MASK;
    const tag = this.tags[slot >>> CHUNK_BITS]![at]!;
    const value = this.values[slot >>> CHUNK_BITS]![at]!;
    switch (tag) {
      case NUMBER:
        return value;
      case STRING:
        return this.strings[value]!;
      case TRUE:
        return true;
      case FALSE:
        return false;
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case OTHER:
        return this.others[value]!;
      default:
        return datetimeText(value, this.suffixes[tag - DATETIME]!);
    }
  }

  private stringIndex(value: string): number {
    if (value.length > INTERN_MAX_LENGTH) {
      this.strings.push(value);
      return this.strings.length - 1;
    }
    if (!this.stringAt) {
      this.stringAt = new Map();
      for (let i = 0; i < this.strings.length; i++) {
        const s = this.strings[i]!;
        if (s.length <= INTERN_MAX_LENGTH && !this.stringAt.has(s)) this.stringAt.set(s, i);
      }
    }
    const known = this.stringAt.get(value);
    if (known !== undefined) return known;
    this.stringAt.set(value, this.strings.length);
    this.strings.push(value);
    return this.strings.length - 1;
  }

  /** The datetime's digits and rest, when they give back this very string (else undefined). */
  private datetime(value: string): { digits: number; suffix: number } | undefined {
    if (value.length < 19 || value.length > 40) return undefined;
    for (const [at, code] of SEPARATORS) if (value.charCodeAt(at) !== code) return undefined;
    let digits = 0;
    for (const at of DIGITS) {
      const d = value.charCodeAt(at) - 48;
      if (d < 0 || d > 9) return undefined;
      digits = digits * 10 + d;
    }
    const rest = value.slice(19);
    let suffix = this.suffixes.indexOf(rest);
    if (suffix < 0) {
      if (this.suffixes.length >= MAX_SUFFIXES) return undefined;
      suffix = this.suffixes.length;
      this.suffixes.push(rest);
    }
    // 14 decimal digits are exact in a float64; the check makes sure of what is read back.
    if (datetimeText(digits, rest) !== value) return undefined;
    return { digits, suffix };
  }
}

/** `YYYY-MM-DDTHH:MM:SS` from its 14 digits, then the rest as it came. */
function datetimeText(digits: number, rest: string): string {
  let n = digits;
  const second = n % 100;
  n = (n - second) / 100;
  const minute = n % 100;
  n = (n - minute) / 100;
  const hour = n % 100;
  n = (n - hour) / 100;
  const day = n % 100;
  n = (n - day) / 100;
  const month = n % 100;
  const year = (n - month) / 100;
  const y = year < 1000 ? String(year).padStart(4, '0') : String(year);
  return `${y}-${TWO[month]}-${TWO[day]}T${TWO[hour]}:${TWO[minute]}:${TWO[second]}${rest}`;
}
