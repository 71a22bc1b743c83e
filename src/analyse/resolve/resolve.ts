/**
 * One resolution pass over a set of records: prepare → block → compare → estimate weights →
 * score. Pure and deterministic (same records, same options, same answer); the store reads the
 * records and writes what this returns.
 *
 * Certain matches are rules, not scores: two records sharing a document (same type, issuing country
 * and number), a tax, insurance or registration number become SAME_AS when their names are
 * compatible. Every other candidate pair gets a Fellegi–Sunter score with its per-feature
 * contributions; those at or above the threshold are proposed as POSSIBLY_SAME_AS for a human.
 */
import { seededRng } from '../rng.ts';
import {
  BLOCKING_DEFAULTS,
  type BlockEntries,
  type BlockingOptions,
  type BlockKind,
  type BlockStats,
  fnv1a,
  forEachCandidate,
} from './blocking.ts';
import {
  COLLECTIVE_DEFAULTS,
  type PartnerColumns,
  partnerColumns,
  partnersFromColumns,
  partnersOf,
  withPartners,
} from './collective.ts';
import { compareRecords, comparisonOf, FEATURES, nameVariant, PATTERN_COUNT, patternOf } from './compare.ts';
import { CONTEXT_DEFAULTS } from './context.ts';
import {
  EM_DEFAULTS,
  estimateLambda,
  estimateU,
  estimateWeights,
  initialM,
  type PatternScore,
  scorePattern,
  type Weights,
  withFloor,
} from './fellegi-sunter.ts';
import { hasIdentifier, hasKind, runEnd, shareIdentifier, valuesOf } from './identifiers.ts';
import { type PreparedRecord, RecordPreparer } from './prepare.ts';
import type { ResolutionRecord, SkippedRecord } from './types.ts';
import { UNIQUE_IDENTIFIER_KINDS } from './types.ts';

export const DEFAULTS = {
  seed: 42,
  /**
   * Probability from which a scored pair is proposed as POSSIBLY_SAME_AS: more likely one person than
   * two. Proposals below the review score (config `resolution.reviewScore`, 0.8) are stored, shown
   * on the person, and not queued for review (docs/resolution.md, "Review band").
   */
  threshold: 0.5,
  /**
   * Companies are proposed from this probability (never below `threshold`): two agencies of one
   * trading name have no birth date to tell them apart, and at 0.5 name-only pairs of namesake
   * agencies were proposed on the development worlds, which the look-alike rule forbids.
   */
  organisationThreshold: 0.8,
  /**
   * Records of other people assumed to carry a name no two dated records dispute (a namesake nobody
   * dated may exist): the floor of the name-frequency adjustment. Set by measurement on the
   * development worlds (docs/resolution.md, "Quality and speed").
   */
  unseenNamesakes: 1,
  /**
   * The share of further records of a company's name that are another company's, for exact name
   * agreement; undefined: estimated from the records' own registration numbers
   * (estimateNamesakeRate), with `unseenNamesakes` as the floor when too few names are registered.
   */
  namesakeRate: undefined as number | undefined,
  /**
   * Collective evidence (collective.ts): compare again, with one record seen with the context of
   * the records already joined to it, the pairs the first pass did not propose. `strongLink` is the
   * probability from which a proposal counts as joined (rules always do).
   */
  collective: true,
  /**
   * The collective pass compares again only pairs within reach of the threshold (an upper bound of
   * what their partners could add, `reachOf`); false compares every pair below it (same answer,
   * slower: kept to test the bound).
   */
  collectiveReach: true,
  strongLink: COLLECTIVE_DEFAULTS.strong,
  /** Context evidence (context.ts): records naming a neighbour for it to count as private. */
  context: CONTEXT_DEFAULTS,
  /** Random pairs sampled to estimate u (Splink's estimate_u_using_random_sampling). */
  randomPairs: 300_000,
  blocking: BLOCKING_DEFAULTS,
  em: EM_DEFAULTS,
};
export type ResolveOptions = Omit<typeof DEFAULTS, 'blocking' | 'em'> & {
  blocking: BlockingOptions;
  em: typeof EM_DEFAULTS;
};

export interface CertainMatch {
  a: string;
  b: string;
  /** `rule:same-document`, `rule:same-tax`, `rule:same-insurance`, `rule:same-registration`. */
  rule: string;
  identifier: string;
}

export interface ProposedMatch {
  a: string;
  b: string;
  score: PatternScore;
  /** The block kind that proposed the pair. */
  blockedBy: BlockKind;
  /**
   * Records joined to `a` or `b` whose context (date, identifiers, addresses) the score read: the
   * pair was proposed by collective evidence. Absent when the pair's own records decided it.
   */
  through?: string[];
}

export interface ResolutionStats {
  records: number;
  skipped: SkippedRecord[];
  badDates: SkippedRecord[];
  blocking: BlockStats;
  /** Pairs that share a unique identifier but whose names have nothing in common: one document, two names. */
  identifierNameConflicts: { a: string; b: string; identifier: string }[];
  /** Candidate pairs never proposed whatever their score, by the rule that kept them apart. */
  exclusions: Record<Exclusion, number>;
  /**
   * Pairs that scored above the threshold but were not proposed: one of the records also scored with
   * a record kept apart from the other (an undated "Stefan Balan" resembling both a father and his
   * son). Left for a human, never proposed as if certain.
   */
  ambiguous: { a: string; b: string }[];
  weights: Weights;
  patterns: number;
  /** Pairs proposed by collective evidence (the second pass), included in `proposed`. */
  collective: number;
  /**
   * Pairs below the threshold (and undated namesakes held back) that the second pass read, and those
   * it compared again: within reach of the threshold with their partners' context.
   */
  collectivePass: { below: number; compared: number };
}

export interface ResolutionResult {
  certain: CertainMatch[];
  proposed: ProposedMatch[];
  stats: ResolutionStats;
}

const NAME_DIFFERENT = FEATURES[0]!.levels.indexOf('different');
const NAME_PARTIAL = FEATURES[0]!.levels.indexOf('partial');
const NAME_FUZZY = FEATURES[0]!.levels.indexOf('fuzzy');
const DATE_CONFLICT = FEATURES[1]!.levels.indexOf('conflict');
const NULL_LEVEL = -1;

/**
 * Look-alikes a score alone would merge: a common name outweighs any one field in Fellegi–Sunter's
 * sum, so a father and son of one name, or two namesakes, could score as one person. Two complete
 * birth dates that conflict (not a typo, not swapped day and month), or given names that both records
 * state and that share nothing, keep a pair apart unless a rule (a shared document) joins it.
 */
export type Exclusion =
  | 'birth-date-conflict'
  | 'given-name-conflict'
  | 'partial-name'
  | 'different-name'
  | 'undated-namesake';

const sameToken = (x: string, y: string) =>
  x === y || (x.length === 1 && y.startsWith(x)) || (y.length === 1 && x.startsWith(y)) || nameVariant(x, y);

/**
 * Each spelling's words in written order, split once per name forms object (pairs ask again and
 * again; records of one name share the object, and so its words).
 */
const orderedCache = new WeakMap<PreparedRecord['forms'], string[][]>();
function orderedWords(record: PreparedRecord): string[][] {
  let words = orderedCache.get(record.forms);
  if (!words) {
    words = record.forms.ordered.map((spelling) => spelling.split('|'));
    orderedCache.set(record.forms, words);
  }
  return words;
}

/**
 * Names that agree only in part are proposed when they have the shape of a changed family name: the
 * given name kept and another family name ("Maria Popescu", "Maria Ionescu"; "IONESCU, Maria"). The
 * given name is the first word of two names written in the same order, or a word the data itself
 * writes as a given name (after the comma of "FAMILY, Given" more often than before it). Sharing
 * only the family name is the shape of siblings and twins ("Fatima Ellis", "George Ellis";
 * "Lewandowski Jakub", "Wojciech Lewandowski"), kept apart.
 */
function marriedNameShape(a: PreparedRecord, b: PreparedRecord, words: NameWords): boolean {
  const givenWords = words.given;
  for (const first of orderedWords(a)) {
    // A first word the data writes as a family name: a family-first name ("Олійник Микола").
    if (first.length < 2 || words.family.has(first[0]!)) continue;
    for (const second of orderedWords(b)) {
      if (second.length >= 2 && sameToken(first[0]!, second[0]!) && !sameToken(first.at(-1)!, second.at(-1)!))
        return true;
    }
  }
  // A given name in common, and some other word of each that the other lacks (the family names).
  const shared = a.forms.skeletons.filter((x) => b.forms.skeletons.some((y) => sameToken(x, y)));
  if (!shared.some((token) => givenWords.has(token))) return false;
  const rest = (r: PreparedRecord, o: PreparedRecord) =>
    r.forms.skeletons.filter((x) => x.length > 1 && !o.forms.skeletons.some((y) => sameToken(x, y)));
  return rest(a, b).length > 0 && rest(b, a).length > 0 && shared.every((token) => givenWords.has(token));
}

/**
 * Words the data writes as given names (after the comma of "FAMILY, Given" more often than before
 * it) and as family names (before it more often).
 */
export interface NameWords {
  given: Set<string>;
  family: Set<string>;
}
function nameWordsOf(records: readonly PreparedRecord[]): NameWords {
  const balance = new Map<string, number>();
  for (const record of records) {
    if (record.givenNames.length === 0) continue;
    for (const token of record.forms.skeletons) {
      const given = record.givenNames.includes(token);
      balance.set(token, (balance.get(token) ?? 0) + (given ? 1 : -1));
    }
  }
  return {
    given: new Set([...balance].filter(([, n]) => n > 0).map(([token]) => token)),
    family: new Set([...balance].filter(([, n]) => n < 0).map(([token]) => token)),
  };
}

/**
 * True when `a` states its given names ("FAMILY, Given") and none of them is anywhere in `b`'s name
 * of two or more words: twins of one family name, not one person (a married name keeps the given one).
 */
function hasInitial(tokens: readonly string[]): boolean {
  for (const token of tokens) if (token.length === 1) return true;
  return false;
}
function givenNameMissing(a: PreparedRecord, b: PreparedRecord): boolean {
  // An initial ("B. Gjoka") is a given name even without a comma. (Loops, not filters: this runs
  // twice for every candidate pair, and an array per call was garbage by the million.)
  if (hasInitial(a.forms.tokens) && !hasInitial(b.forms.tokens)) {
    let met = false;
    for (const initial of a.forms.tokens) {
      if (initial.length !== 1) continue;
      for (const token of b.forms.tokens) if (token.startsWith(initial)) met = true;
    }
    if (!met) return true;
  }
  if (a.givenNames.length === 0) return false;
  if (b.givenNames.length > 0) return !a.givenNames.some((x) => b.givenNames.some((y) => sameToken(x, y)));
  if (!b.spellings.some((spelling) => spelling.length >= 2)) return false;
  return !a.givenNames.some((x) => b.forms.skeletons.some((y) => sameToken(x, y)));
}
export function exclusionOf(
  a: PreparedRecord,
  b: PreparedRecord,
  comparison: Int8Array,
  words: NameWords,
): Exclusion | undefined {
  // Complete dates that conflict, or years that conflict however partial the dates (a register's
  // "1969-12" and a bank's "1994-03-02"): a father and son of one name.
  if (
    comparison[1] === DATE_CONFLICT &&
    ((a.birth?.day !== undefined && b.birth?.day !== undefined) || a.birth?.year !== b.birth?.year)
  ) {
    return 'birth-date-conflict';
  }
  if (givenNameMissing(a, b) || givenNameMissing(b, a)) return 'given-name-conflict';
  if (comparison[0] === NAME_PARTIAL && !marriedNameShape(a, b, words)) return 'partial-name';
  // Names with nothing in common: twins share a birthday, an address and a phone, which together
  // outweigh the name in a sum of weights. Only a rule (one document) joins two such records.
  if (comparison[0] === NAME_DIFFERENT) return 'different-name';
  return undefined;
}

/**
 * An undated record of a name that several people carry (records of it with other birth years, other
 * passports) could be any of them: a shared address is the family's (a father and a son), so only a
 * personal line (phone, e-mail, account), a private neighbour in common (context.ts) or a date may
 * say which.
 */
export function undatedNamesake(
  a: PreparedRecord,
  b: PreparedRecord,
  comparison: Int8Array,
  census: ReadonlyMap<string, NameCensus>,
): boolean {
  if (comparison[1] !== NULL_LEVEL || comparison[0]! > NAME_FUZZY) return false;
  let people = 1;
  for (const key of censusKeys(a)) people = Math.max(people, census.get(key)?.people ?? 1);
  for (const key of censusKeys(b)) people = Math.max(people, census.get(key)?.people ?? 1);
  if (people < 2) return false;
  // Two private neighbours or more in common (friends' numbers both called, a small firm employing
  // both and a friend) say which namesake as a line of their own does. One does not: a father and
  // son, twins, call the same relative; a supermarket or a big employer says nothing.
  if (comparison[CONTEXT] === CONTEXT_SHARED_2) return false;
  for (const kind of PERSONAL_IDENTIFIER_KINDS)
    if (shareIdentifier(a.identifiers, b.identifiers, kind)) return false;
  return true;
}
const PERSONAL_IDENTIFIER_KINDS = ['phone', 'email', 'account'] as const;

function sharedUnique(a: PreparedRecord, b: PreparedRecord): { kind: string; value: string } | undefined {
  for (const kind of UNIQUE_IDENTIFIER_KINDS) {
    if (!hasKind(a.identifiers, kind) || !hasKind(b.identifiers, kind)) continue;
    for (const value of valuesOf(a.identifiers, kind).sort())
      if (hasIdentifier(b.identifiers, kind, value)) return { kind, value };
  }
  return undefined;
}

/**
 * Pair codes (i * n + j, exact in a double up to n = 94 million) in a growable typed array: 8 bytes
 * a pair where a Set of numbers costs several times that, for the millions of pairs kept apart.
 * Sorted once, then looked up by binary search.
 */
export class PairCodes {
  private codes: Float64Array;
  length = 0;
  /** `shared`: on a SharedArrayBuffer, for other threads to read without a copy. */
  constructor(capacity = 4096, shared = false) {
    this.codes = new Float64Array(
      shared ? new SharedArrayBuffer(capacity * 8) : new ArrayBuffer(capacity * 8),
    );
  }
  /** Codes as pushed (a view, not a copy: on shared memory when they were). */
  view(): Float64Array {
    return this.codes.subarray(0, this.length);
  }
  /** Codes pushed elsewhere (view()), read here in the same order. */
  static of(codes: Float64Array): PairCodes {
    const read = new PairCodes(0);
    read.codes = codes;
    read.length = codes.length;
    return read;
  }
  push(code: number): void {
    if (this.length === this.codes.length) {
      const bigger = new Float64Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.length++] = code;
  }
  /** In place, so codes on shared memory stay there (the collective pass's threads read them). */
  sort(): void {
    this.codes.subarray(0, this.length).sort();
  }
  trimmed(): Float64Array {
    return this.codes.slice(0, this.length);
  }
  has(code: number): boolean {
    let low = 0;
    let high = this.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const value = this.codes[middle]!;
      if (value === code) return true;
      if (value < code) low = middle + 1;
      else high = middle - 1;
    }
    return false;
  }
}

/** A pair list's columns, trimmed to its length. */
export interface PairColumns {
  a: Int32Array;
  b: Int32Array;
  pattern: Uint16Array;
  frequency: Uint32Array;
  kind: Uint8Array;
}

export class PairList {
  /** `shared`: columns on SharedArrayBuffers, for other threads to read without a copy. */
  constructor(capacity = 4096, shared = false) {
    const buffer = (bytes: number) =>
      shared ? new SharedArrayBuffer(capacity * bytes) : new ArrayBuffer(capacity * bytes);
    this.a = new Int32Array(buffer(4));
    this.b = new Int32Array(buffer(4));
    this.pattern = new Uint16Array(buffer(2));
    this.frequency = new Uint32Array(buffer(4));
    this.kind = new Uint8Array(buffer(1));
  }
  /** The columns as views (not copies: on shared memory when they were). */
  view(): PairColumns & { length: number } {
    const n = this.length;
    return {
      a: this.a.subarray(0, n),
      b: this.b.subarray(0, n),
      pattern: this.pattern.subarray(0, n),
      frequency: this.frequency.subarray(0, n),
      kind: this.kind.subarray(0, n),
      length: n,
    };
  }
  /** The columns copied (to transfer to another thread, which then owns them). */
  columns(): PairColumns {
    const { a, b, pattern, frequency, kind } = this.view();
    return {
      a: a.slice(),
      b: b.slice(),
      pattern: pattern.slice(),
      frequency: frequency.slice(),
      kind: kind.slice(),
    };
  }
  a: Int32Array;
  b: Int32Array;
  pattern: Uint16Array;
  /** The code of the pair's name evidence (0 when names say nothing). */
  frequency: Uint32Array;
  kind: Uint8Array;
  length = 0;
  push(a: number, b: number, pattern: number, kind: number, frequency: number): void {
    if (this.length === this.a.length) {
      const grow = <T extends Int32Array | Uint32Array | Uint16Array | Uint8Array>(array: T): T => {
        const bigger = new (array.constructor as new (n: number) => T)(array.length * 2);
        bigger.set(array);
        return bigger;
      };
      this.a = grow(this.a);
      this.b = grow(this.b);
      this.pattern = grow(this.pattern);
      this.kind = grow(this.kind);
      this.frequency = grow(this.frequency);
    }
    this.a[this.length] = a;
    this.b[this.length] = b;
    this.pattern[this.length] = pattern;
    this.kind[this.length] = kind;
    this.frequency[this.length] = frequency;
    this.length++;
  }
}

const NAME = 0;
const BIRTH_DATE = 1;
const IDENTIFIERS = 2;
const NATIONALITY = 3;
const CONTEXT = FEATURES.findIndex((feature) => feature.name === 'context');
const CONTEXT_SHARED_2 = FEATURES[CONTEXT]!.levels.indexOf('shared-2');

/** Rule matches needed on a feature's non-null levels before they, not EM, give its m. */
const MIN_LABELLED = 30;

/**
 * m learnt from the rule matches (two records sharing a document or tax number are one person): the
 * share of each level among them, per feature with enough non-null pairs. The identifiers feature is
 * what chose these pairs, so it is never learnt here.
 */
function labelledM(labelled: Float64Array): (number[] | undefined)[] {
  const counts = FEATURES.map((feature) => new Array<number>(feature.levels.length).fill(0));
  const comparison = new Int8Array(FEATURES.length);
  for (let pattern = 0; pattern < PATTERN_COUNT; pattern++) {
    const n = labelled[pattern]!;
    if (n === 0) continue;
    comparisonOf(pattern, comparison);
    for (let f = 0; f < FEATURES.length; f++) if (comparison[f]! >= 0) counts[f]![comparison[f]!]! += n;
  }
  return counts.map((row, f) => {
    const total = row.reduce((sum, v) => sum + v, 0);
    // Context is not learnt from them either: the sources that hold documents and tax numbers (the
    // police, travel, registers, benefits) are not those that see calls and payments, so their
    // pairs' context is no sample of every true pair's. EM estimates it.
    if (f === IDENTIFIERS || f === CONTEXT || total < MIN_LABELLED) return undefined;
    return withFloor(row.map((v) => (v + 0.5) / (total + 0.5 * row.length)));
  });
}

/**
 * m from labelled pairs where there are enough (the rule matches), else from EM sessions as Splink
 * trains: on pairs of records born the same day (m of every feature but the date), then on the
 * candidate pairs whose names agree exactly (m of the date) — a session's own blocking feature cannot
 * be learnt from it. The share of matches among candidates is estimated afterwards, with m and u fixed.
 */
function trainWeights(
  candidateCounts: Float64Array,
  labelled: Float64Array,
  u: number[][],
  settings: ResolveOptions,
  /** Comparison patterns of random pairs of records born the same day (samplePatterns). */
  byDate: Float64Array,
): Weights {
  const known = labelledM(labelled);
  const byName = new Float64Array(PATTERN_COUNT);
  for (let pattern = 0; pattern < PATTERN_COUNT; pattern++) {
    if (comparisonOf(pattern)[NAME] === 0) byName[pattern] = candidateCounts[pattern]!;
  }
  const start = initialM().map((row, f) => known[f] ?? row);
  const held = FEATURES.map((_, f) => f).filter((f) => known[f] !== undefined);
  const dateSession = estimateWeights(byDate, u, {
    ...settings.em,
    exclude: [BIRTH_DATE],
    hold: held,
    initialM: start,
  });
  // Namesakes share their origin, so nationality is left out where names agree: it would count the
  // same evidence twice. Identifiers keep the m learnt above, which is what separates the classes.
  const nameSession = estimateWeights(byName, u, {
    ...settings.em,
    exclude: [NAME, NATIONALITY],
    hold: FEATURES.map((_, f) => f).filter((f) => f !== BIRTH_DATE || known[f] !== undefined),
    initialM: dateSession.m.map((row, f) => (f === BIRTH_DATE ? (known[f] ?? row) : row)),
  });
  const m = FEATURES.map((_, f) => (f === BIRTH_DATE ? nameSession.m[f]! : dateSession.m[f]!));
  return {
    m,
    u,
    lambda: nameSession.lambda,
    iterations: nameSession.iterations + dateSession.iterations,
    converged: nameSession.converged && dateSession.converged,
  };
}

/**
 * How many people carry each name key, not how many records: one person written by five sources is
 * five records of one name, and counting records (as a plain term-frequency table does) would make
 * every well-documented person look like a common name. People of a name are estimated from what
 * separates them: distinct birth years among the records carrying it, and distinct numbers of one
 * unique identifier kind (two passports of one country, two company registrations).
 */
export interface NameCensus {
  records: number;
  people: number;
  /**
   * Records of this name expected by chance from its words' frequencies (records with the given name
   * × records with the family name / records): "Ivan Ivanov" is expected to recur even when every
   * record of it so far is one man.
   */
  expected: number;
  /**
   * For a company's name, the floor of its namesake records in exact agreement: the records of this
   * firm the pair could be (`records / people − 1`) times the odds that a further record of a name
   * is another firm's, estimated from the data (estimateNamesakeRate). Undefined for people, and
   * when the data registers too few names to tell: then `unseenNamesakes`, a fixed count, is the floor.
   */
  floor?: number;
  /**
   * A company's name with a measured floor: its words' chance expectation is left out of exact
   * agreement. A trading name is chosen once, not drawn word by word ("Danube" and "Cleaning" are each
   * common, "Danube Cleaning Ltd" is one firm), and the floor already measures how often a company
   * name recurs for another company in this data.
   */
  chosen?: boolean;
}

/**
 * Census keys of a record: its name keys, and for a company the legal form too (a register keeps
 * names unique within its country, and "Carpathia Staffing GmbH" and "Carpathia Staffing B.V." are two
 * registers' companies).
 */
function censusKeys(record: PreparedRecord): string[] {
  if (record.kind === 'Person') return record.forms.keys;
  let keys = organisationKeys.get(record);
  if (!keys) {
    const form = record.legalForms.join(',');
    keys = record.forms.keys.map((key) => `O:${key}#${form}`);
    organisationKeys.set(record, keys);
  }
  return keys;
}
const organisationKeys = new WeakMap<PreparedRecord, string[]>();

/**
 * Identifier kinds whose distinct values among a name's records count its people: unique numbers,
 * personal phones and accounts (a father and a son of one name have a line each, two agencies of one
 * trading name a bank account each; a person with two phones is counted twice, which only makes the
 * census more careful).
 */
const CENSUS_IDENTIFIER_KINDS = [...UNIQUE_IDENTIFIER_KINDS, 'phone', 'account'] as const;

function nameCensus(
  records: readonly PreparedRecord[],
  namesakeRate: number | undefined,
): Map<string, NameCensus> {
  const seen = new Map<
    string,
    {
      records: number;
      years: Set<number>;
      /** A company name's records per registration number (firmMark), for the namesake rate. */
      marks: Map<string, number>;
      unique: Map<string, Set<string>>;
    }
  >();
  const tokens = new Map<string, number>();
  const totals = { Person: 0, Organisation: 0 };
  for (const record of records) {
    totals[record.kind]++;
    for (const token of record.forms.skeletons) {
      const key = `${record.kind}:${token}`;
      tokens.set(key, (tokens.get(key) ?? 0) + 1);
    }
    for (const key of censusKeys(record)) {
      let entry = seen.get(key);
      if (!entry) {
        entry = { records: 0, years: new Set(), marks: new Map(), unique: new Map() };
        seen.set(key, entry);
      }
      entry.records++;
      if (record.birth) entry.years.add(record.birth.year);
      const mark = firmMark(record);
      if (mark !== undefined) entry.marks.set(mark, (entry.marks.get(mark) ?? 0) + 1);
      const identifiers = record.identifiers;
      for (const kind of CENSUS_IDENTIFIER_KINDS) {
        for (let i = 0; i < identifiers.length; i += 2) {
          if (identifiers[i] !== kind) continue;
          const value = identifiers[i + 1]!;
          const prefix = `${kind}:${value.slice(0, Math.max(value.lastIndexOf('|'), 0))}`;
          let values = entry.unique.get(prefix);
          if (!values) {
            values = new Set();
            entry.unique.set(prefix, values);
          }
          values.add(value);
        }
      }
    }
  }
  const looseOf = companyNamesakes(records);
  const census = new Map<string, NameCensus>();
  const companyRate = namesakeRate ?? estimateNamesakeRate(seen);
  for (const [key, entry] of seen) {
    let people = Math.max(1, entry.years.size);
    for (const values of entry.unique.values()) people = Math.max(people, values.size);
    const kind = key.startsWith('O:') ? 'Organisation' : 'Person';
    if (kind === 'Organisation') people = Math.max(people, looseOf(key));
    const words = (kind === 'Person' ? key : key.slice(2, key.indexOf('#'))).split(' ');
    let expected = totals[kind];
    for (const word of words) expected *= (tokens.get(`${kind}:${word}`) ?? 1) / totals[kind];
    const counted = { records: entry.records, people: Math.min(people, entry.records), expected };
    census.set(
      key,
      kind === 'Person' || companyRate === undefined
        ? counted
        : { ...counted, floor: sameOf(counted) * (companyRate / (1 - companyRate)), chosen: true },
    );
  }
  return census;
}

/**
 * Companies of a trading name counted over its one-typo variants too: the register's "Northgate
 * Logistics Ltd" (one number) and "NORTGATE LOGISTICS LTD." of a bank that also gives another number
 * are two firms of one name, which the exact name's records alone do not show. Names meet on a
 * deletion key (each word with one letter left out, or as written: a typo, a slip or a swap of two
 * letters leaves two names one common key); distinct registration numbers and accounts per key are
 * counted on 32-bit hashes (a collision only makes the count more careful). Returns, per census key
 * of a company, the most firms any of its variants shows.
 */
function companyNamesakes(records: readonly PreparedRecord[]): (key: string) => number {
  /** Per loose key, the hashed registration numbers and the hashed accounts seen under it. */
  const valuesByKey = new Map<number, [number[], number[]]>();
  const looseKeys = (key: string): number[] => {
    const cut = key.indexOf('#');
    const words = key.slice(2, cut).split(' ');
    const form = key.slice(cut);
    const out = new Set<number>();
    words.forEach((word, w) => {
      const variants = [word];
      if (word.length >= 4)
        for (let c = 0; c < word.length; c++) variants.push(word.slice(0, c) + word.slice(c + 1));
      for (const variant of variants)
        out.add(fnv1a(`${words.map((x, k) => (k === w ? variant : x)).join(' ')}${form}`));
    });
    return [...out];
  };
  const keysOf = new Map<string, number[]>();
  for (const record of records) {
    if (record.kind !== 'Organisation') continue;
    const values = (['registration', 'account'] as const).map((kind) =>
      valuesOf(record.identifiers, kind).map(fnv1a),
    );
    for (const key of censusKeys(record)) {
      let loose = keysOf.get(key);
      if (!loose) {
        loose = looseKeys(key);
        keysOf.set(key, loose);
      }
      if (values[0]!.length + values[1]!.length === 0) continue;
      for (const hash of loose) {
        let lists = valuesByKey.get(hash);
        if (!lists) {
          lists = [[], []];
          valuesByKey.set(hash, lists);
        }
        for (let k = 0; k < 2; k++)
          for (const value of values[k]!) if (!lists[k]!.includes(value)) lists[k]!.push(value);
      }
    }
  }
  return (key) => {
    let most = 1;
    for (const hash of keysOf.get(key) ?? []) {
      const lists = valuesByKey.get(hash);
      if (lists) most = Math.max(most, lists[0]!.length, lists[1]!.length);
    }
    return most;
  };
}

/** Registered records of names seen one firm at a time before the data can say how often a name recurs. */
const MIN_NAMESAKE_EVENTS = 100;

/**
 * What tells two companies of one trading name apart in a record: its registration number (the
 * first, in order). Undefined when the record has none.
 */
function firmMark(record: PreparedRecord): string | undefined {
  if (record.kind !== 'Organisation') return undefined;
  const registrations = valuesOf(record.identifiers, 'registration');
  return registrations.length > 0 ? registrations.sort()[0] : undefined;
}

/**
 * How often a further record of a company's name is another company's, read from the data's own
 * records (leave one out): for every record with a registration number of a name whose other
 * registered records all give one number — one firm — is it that firm (the same number) or another?
 * On the development worlds 9–12 %: a company's exact name and legal form with nothing against
 * them are one firm about 8 times in 9, where a floor of one namesake record (and the chance
 * expectation of its words) made it 1 in 2 for a name of two records, below the companies' 0.8
 * threshold. Undefined when too few names can be read this way (then `unseenNamesakes` is the
 * floor). People are not estimated so: the dates that would measure the rate are what an undated
 * namesake lacks (a second, undated "Björk Fuß" in one town is invisible to it), and the records this
 * floor would lift are undated ones (tried: look-alikes queued for review on the unit-test world 6 → 11).
 */
function estimateNamesakeRate(
  entries: ReadonlyMap<string, { marks: ReadonlyMap<string, number> }>,
): number | undefined {
  let events = 0;
  let namesakes = 0;
  for (const { marks } of entries.values()) {
    if (marks.size === 1) {
      const [marked] = marks.values();
      if (marked! >= 2) events += marked!;
    } else if (marks.size === 2) {
      // The record alone with its number, the rest one firm with another: a namesake.
      const [x, y] = marks.values();
      const alone = (x === 1 ? 1 : 0) + (y === 1 ? 1 : 0);
      events += alone;
      namesakes += alone;
    }
  }
  if (events < MIN_NAMESAKE_EVENTS) return undefined;
  return (namesakes + 1) / (events + 2);
}

/**
 * What the census says about two records agreeing on a name. For exact agreement, read directly:
 * another record carrying the name is one of the same person's `records / people − 1` records or one
 * of the other people's `records × (people − 1) / people` (at least `unseenNamesakes`: a namesake no
 * record dates may exist), so the name alone gives the odds of their ratio; the prior and the name's
 * average weight are replaced by it. For token or typo agreement, Splink's term-frequency adjustment
 * on the namesake records of both names (geometric mean): "Uwe Moeller" resembling "Uwe Mueller" says
 * little when both names are common.
 */
export interface NameEvidence {
  /** Exact: the census entry of the shared key that says least; else namesake records (geometric mean). */
  records: number;
  people: number;
  namesakes: number;
}

/** Namesake records of a census entry; `exact` for agreement on this very name (the census floor). */
function namesakesOf(entry: NameCensus, unseen: number, exact = false): number {
  if (exact && entry.floor !== undefined) {
    const chance = entry.chosen ? 0 : entry.expected;
    return Math.max((entry.records * (entry.people - 1)) / entry.people, chance, entry.floor);
  }
  return Math.max((entry.records * (entry.people - 1)) / entry.people, entry.expected, unseen);
}

function sameOf(entry: NameCensus): number {
  return entry.records / entry.people - 1;
}

/** Census entry of an unknown key: two records of one person (what agreeing on it says at least). */
const UNKNOWN_NAME: NameCensus = { records: 2, people: 1, expected: 0 };

/** Of the name keys two records share, the census entry that gives the weakest odds. */
function weakestShared(
  a: PreparedRecord,
  b: PreparedRecord,
  census: ReadonlyMap<string, NameCensus>,
  unseen: number,
): NameCensus | undefined {
  let weakest: NameCensus | undefined;
  let weakestOdds = Number.POSITIVE_INFINITY;
  const shared = censusKeys(b);
  for (const key of censusKeys(a)) {
    if (!shared.includes(key)) continue;
    const entry = census.get(key) ?? UNKNOWN_NAME;
    const odds = sameOf(entry) / namesakesOf(entry, unseen, true);
    if (odds < weakestOdds) {
      weakestOdds = odds;
      weakest = entry;
    }
  }
  return weakest;
}

/** Namesake records of a record's rarest name key (for token or typo agreement). */
function rarestNamesakes(
  record: PreparedRecord,
  census: ReadonlyMap<string, NameCensus>,
  unseen: number,
): number {
  let least = Number.POSITIVE_INFINITY;
  for (const key of censusKeys(record)) {
    const entry = census.get(key);
    least = Math.min(least, entry ? namesakesOf(entry, unseen) : unseen);
  }
  return Number.isFinite(least) ? least : unseen;
}

/**
 * Proposals (indices into `pairs`) that put one record with two records kept apart: the record could
 * be either, so neither proposal stands.
 */
function ambiguousProposals(
  above: readonly number[],
  pairs: PairList,
  apart: PairCodes,
  n: number,
): Set<number> {
  const byRecord = new Map<number, number[]>();
  for (const p of above) {
    for (const record of [pairs.a[p]!, pairs.b[p]!]) {
      const list = byRecord.get(record);
      if (list) list.push(p);
      else byRecord.set(record, [p]);
    }
  }
  const ambiguous = new Set<number>();
  for (const [record, list] of byRecord) {
    if (list.length < 2) continue;
    const partners = list.map((p) => (pairs.a[p] === record ? pairs.b[p]! : pairs.a[p]!));
    for (let x = 0; x < partners.length; x++) {
      for (let y = x + 1; y < partners.length; y++) {
        const [i, j] =
          partners[x]! < partners[y]! ? [partners[x]!, partners[y]!] : [partners[y]!, partners[x]!];
        if (apart.has(i * n + j)) {
          ambiguous.add(list[x]!);
          ambiguous.add(list[y]!);
        }
      }
    }
  }
  return ambiguous;
}

type ResolveInputOptions = Partial<Omit<ResolveOptions, 'blocking' | 'em'>> & {
  blocking?: Partial<BlockingOptions>;
  em?: Partial<typeof EM_DEFAULTS>;
};

/** Prepared records with what every pass reads: the same on every thread that resolves a shard. */
export interface PreparedResolution {
  settings: ResolveOptions;
  input: number;
  records: PreparedRecord[];
  skipped: SkippedRecord[];
  badDates: SkippedRecord[];
  census: Map<string, NameCensus>;
  words: NameWords;
}

export function prepareResolution(
  input: readonly ResolutionRecord[],
  options: ResolveInputOptions = {},
  now = new Date(),
  /**
   * False: neither the census nor the context is made here: the caller sets both, from another
   * thread's (preparedResolution, RecordPreparer's `rankContext`).
   */
  countCensus = true,
): PreparedResolution {
  const settings = settingsOf(options);
  const preparer = new RecordPreparer(now, countCensus);
  preparer.add(input);
  return preparedResolution(preparer, settings, countCensus);
}

/**
 * The run's prepared records from records prepared as they came (RecordPreparer, with the run's
 * `now`): prepareResolution's answer for the same records in the same order.
 */
export function preparedResolution(
  preparer: RecordPreparer,
  options: ResolveInputOptions = {},
  /**
   * False: the census is left empty, for the caller to set before any pass reads it (a shard
   * worker is given the coordinator's, census-columns.ts, rather than counting it again).
   */
  countCensus = true,
): PreparedResolution {
  const settings = settingsOf(options);
  const { records, skipped, badDates } = preparer.finish(settings.context);
  return {
    settings,
    input: preparer.input,
    records,
    skipped,
    badDates,
    census: countCensus ? nameCensus(records, settings.namesakeRate) : new Map(),
    words: nameWordsOf(records),
  };
}

function settingsOf(options: ResolveInputOptions): ResolveOptions {
  const settings = {
    ...DEFAULTS,
    ...options,
    blocking: { ...DEFAULTS.blocking, ...options.blocking },
    em: { ...DEFAULTS.em, ...options.em },
  };
  if (!(settings.threshold > 0 && settings.threshold < 1)) {
    throw new Error(
      `analyse/resolve: threshold must be a probability between 0 and 1, got ${settings.threshold}`,
    );
  }
  return settings;
}

/**
 * What the first pass over candidate pairs found, in typed arrays (posted between threads without
 * copying): rule matches, pairs kept apart, and the pairs to score with their pattern, block kind
 * and name evidence (a code into `evidences`).
 */
export interface FirstPass {
  certain: CertainMatch[];
  /** Record indices of the rule matches, two per match. */
  certainIndex: Int32Array;
  identifierNameConflicts: ResolutionStats['identifierNameConflicts'];
  exclusions: Record<Exclusion, number>;
  labelled: Float64Array;
  candidateCounts: Float64Array;
  apart: Float64Array;
  pairs: PairColumns;
  /** Undated namesakes held back: the second pass may find a date or a personal line for them. */
  held: PairColumns;
  kinds: BlockKind[];
  evidences: NameEvidence[];
  blocking: BlockStats;
}

/**
 * Shards of the first pass: record ranges whose pairs (counted at their lower record, as blocking
 * enumerates them) are about equal in number when blocks hold records at random — the range below x
 * holds 1 − (1 − x)² of the pairs. Any split gives the same answer; this one balances the work.
 */
export function shardRanges(n: number, count: number): [number, number][] {
  const bounds = Array.from({ length: count + 1 }, (_, k) =>
    k === count ? n : Math.round(n * (1 - Math.sqrt(1 - k / count))),
  );
  return bounds.slice(0, count).map((from, k) => [from, bounds[k + 1]!]);
}

/**
 * Record ranges whose block keys each thread hashes: even shares (every record costs about the same
 * to key, unlike the first pass's pairs, which shardRanges balances).
 */
export function keyRanges(n: number, count: number): [number, number][] {
  const bounds = Array.from({ length: count + 1 }, (_, k) => Math.round((n * k) / count));
  return bounds.slice(0, count).map((from, k) => [from, bounds[k + 1]!]);
}

/**
 * The key ranges of a sharded run (jobs/resolve-shards.ts): the coordinator (shard 0) hashes none,
 * the workers even shares of all. The coordinator counts the name census meanwhile, which the
 * workers are handed rather than count (census-columns.ts): at 100,000 records the census is about
 * as much CPU as hashing all the keys, so two threads finish both at about the same time.
 */
export function shardKeyRanges(n: number, count: number): [number, number][] {
  return count === 1 ? keyRanges(n, 1) : [[0, 0], ...keyRanges(n, count - 1)];
}

/**
 * The code of what agreeing names say about a pair, in a table of codes: exact agreement reads the
 * weakest census entry the two share, token or typo agreement the namesakes of each side's rarest key
 * (geometric mean), other levels nothing (code 0). The same evidence recurs for
 * millions of pairs: its code is remembered by what determines it (the census entry of an exact name,
 * the namesake count of a fuzzy one), not rebuilt and looked up by text per pair. A record read with
 * its partners (collective pass) has its own names, so its index keeps its rarest name.
 */
function evidenceCoder(
  prepared: PreparedResolution,
  code: (evidence: NameEvidence) => number,
): (a: PreparedRecord, b: PreparedRecord, level: number) => number {
  const { census, settings } = prepared;
  const exactCodes = new Map<NameCensus, number>();
  const fuzzyCodes = new Map<number, number>();
  /** Namesake records of a record's rarest name, computed once per record. */
  const rarestOf = new Float64Array(prepared.records.length).fill(-1);
  const rarest = (record: PreparedRecord) => {
    if (rarestOf[record.index]! < 0)
      rarestOf[record.index] = rarestNamesakes(record, census, settings.unseenNamesakes);
    return rarestOf[record.index]!;
  };
  return (a, b, level) => {
    if (level > 2) return 0;
    if (level !== 0) {
      const namesakes = Math.sqrt(rarest(a) * rarest(b));
      let found = fuzzyCodes.get(namesakes);
      if (found === undefined) {
        found = code({ records: 0, people: 0, namesakes });
        fuzzyCodes.set(namesakes, found);
      }
      return found;
    }
    const entry = weakestShared(a, b, census, settings.unseenNamesakes);
    if (!entry) return 0;
    let found = exactCodes.get(entry);
    if (found === undefined) {
      found = code({ ...entry, namesakes: namesakesOf(entry, settings.unseenNamesakes, true) });
      exactCodes.set(entry, found);
    }
    return found;
  };
}

/**
 * The first pass over the candidate pairs whose lower record is in `range` (all by default): compare,
 * apply the rules and the exclusions, keep the rest with their name evidence. Shards of one run
 * concatenated in range order are the whole run's pass (mergeFirstPasses).
 */
export function firstPass(
  prepared: PreparedResolution,
  range?: readonly [number, number],
  /** Every record's block key entries, when shard threads built them in parts (blockEntries). */
  entries?: BlockEntries,
): FirstPass {
  const { records, census, words, settings } = prepared;
  const n = records.length;
  /** Distinct name evidences, so that pairs group by (pattern, evidence) as small integers. */
  const evidences = new EvidenceTable();
  const pairEvidenceCode = evidenceCoder(prepared, (evidence) => evidences.code(evidence));
  const certain: CertainMatch[] = [];
  /** Pairs an exclusion keeps apart (i * n + j): a record cannot be one person with both of them. */
  const apart = new PairCodes();
  const exclusions = noExclusions();
  /** Comparison patterns of the rule matches: pairs known to be one person, which teach m. */
  const labelled = new Float64Array(PATTERN_COUNT);
  const identifierNameConflicts: ResolutionStats['identifierNameConflicts'] = [];
  const pairs = new PairList();
  const held = new PairList();
  const certainIndex: number[] = [];
  const candidateCounts = new Float64Array(PATTERN_COUNT);
  const comparison = new Int8Array(FEATURES.length);
  const kinds: BlockKind[] = [];

  const blocking = forEachCandidate(
    records,
    (i, j, kind) => {
      const a = records[i]!;
      const b = records[j]!;
      if (a.kind !== b.kind) return;
      compareRecords(a, b, comparison);
      const unique = comparison[2] === 0 ? sharedUnique(a, b) : undefined;
      if (unique) {
        const identifier = `${unique.kind}:${unique.value}`;
        if (comparison[0] === NAME_DIFFERENT) identifierNameConflicts.push({ a: a.id, b: b.id, identifier });
        else {
          certain.push({ a: a.id, b: b.id, rule: `rule:same-${unique.kind}`, identifier });
          certainIndex.push(i, j);
          labelled[patternOf(comparison)]! += 1;
        }
        return;
      }
      const pattern = patternOf(comparison);
      candidateCounts[pattern]! += 1;
      const excluded = exclusionOf(a, b, comparison, words);
      if (excluded) {
        exclusions[excluded]++;
        apart.push(i * n + j);
        return;
      }
      // Not apart: the record may well be one of them, just not this one by what the pair holds.
      let kindIndex = kinds.indexOf(kind);
      if (kindIndex < 0) kindIndex = kinds.push(kind) - 1;
      if (undatedNamesake(a, b, comparison, census)) {
        exclusions['undated-namesake']++;
        if (settings.collective) held.push(i, j, pattern, kindIndex, pairEvidenceCode(a, b, comparison[0]!));
        return;
      }
      pairs.push(i, j, pattern, kindIndex, pairEvidenceCode(a, b, comparison[0]!));
    },
    settings.blocking,
    range,
    entries,
  );
  return {
    certain,
    certainIndex: Int32Array.from(certainIndex),
    identifierNameConflicts,
    exclusions,
    labelled,
    candidateCounts,
    apart: apart.trimmed(),
    pairs: pairs.columns(),
    held: held.columns(),
    kinds,
    evidences: evidences.list,
    blocking,
  };
}

const noExclusions = (): Record<Exclusion, number> => ({
  'birth-date-conflict': 0,
  'given-name-conflict': 0,
  'partial-name': 0,
  'different-name': 0,
  'undated-namesake': 0,
});

/** Distinct name evidences by value, coded as small integers (0: none). */
export class EvidenceTable {
  list: NameEvidence[] = [{ records: 0, people: 0, namesakes: 0 }];
  private codes = new Map<string, number>();
  /** A table whose codes begin as another's `list` (a shard worker's copy of the run's table). */
  static of(list: readonly NameEvidence[]): EvidenceTable {
    const table = new EvidenceTable();
    for (let code = 1; code < list.length; code++) table.code(list[code]);
    return table;
  }
  code(evidence: NameEvidence | undefined): number {
    if (!evidence) return 0;
    const key = `${evidence.records}|${evidence.people}|${evidence.namesakes}`;
    let code = this.codes.get(key);
    if (code === undefined) {
      code = this.list.push(evidence) - 1;
      this.codes.set(key, code);
    }
    return code;
  }
}

export function resolveRecords(
  input: readonly ResolutionRecord[],
  options: ResolveInputOptions = {},
  now = new Date(),
  /** Called as each phase ends, with its name (the speed benchmark times phases with it). */
  phase: (name: ResolutionPhase) => void = () => undefined,
): ResolutionResult {
  const prepared = prepareResolution(input, options, now);
  phase('prepare');
  const pass = firstPass(prepared);
  phase('block and compare');
  return finishResolution(prepared, [pass], phase);
}

/**
 * The run's answer from its first pass, whole or in shards (in range order): weights, the collective
 * pass, proposals, on this thread. jobs/resolve-shards.ts runs the same stages with the samples of
 * the weights and the collective sweeps split between threads; any split gives this answer.
 */
export function finishResolution(
  prepared: PreparedResolution,
  passes: readonly FirstPass[],
  phase: (name: ResolutionPhase) => void = () => undefined,
): ResolutionResult {
  const merged = mergeFirstPasses(passes);
  const scoring = weighResolution(prepared, merged, [samplePatterns(prepared)]);
  phase('weights');
  const work = collectiveWork(prepared, merged, scoring);
  const through = applyCollective(work, [sweepCollective(work)]);
  phase('collective');
  const result = proposeResolution(prepared, merged, scoring, through);
  phase('propose');
  return result;
}

/** The first passes of a run merged: one pass's pairs, codes and counts, in one pass's order. */
export interface MergedPass {
  certain: CertainMatch[];
  certainIndex: [number, number][];
  identifierNameConflicts: ResolutionStats['identifierNameConflicts'];
  exclusions: Record<Exclusion, number>;
  labelled: Float64Array;
  candidateCounts: Float64Array;
  /** On shared memory, as the pair columns: the collective pass's threads read them without a copy. */
  apart: PairCodes;
  pairs: PairList;
  held: PairList;
  kinds: BlockKind[];
  blocking: BlockStats;
  evidences: EvidenceTable;
}

/**
 * Shards of the first pass merged (in range order): their pairs, codes and counts in the order one
 * pass would have made them.
 */
export function mergeFirstPasses(passes: readonly FirstPass[]): MergedPass {
  const size = (pick: (pass: FirstPass) => { length: number }) =>
    passes.reduce((sum, pass) => sum + pick(pass).length, 0);
  const merged: MergedPass = {
    certain: [],
    certainIndex: [],
    identifierNameConflicts: [],
    exclusions: noExclusions(),
    labelled: new Float64Array(PATTERN_COUNT),
    candidateCounts: new Float64Array(PATTERN_COUNT),
    apart: new PairCodes(
      Math.max(
        size((pass) => pass.apart),
        1,
      ),
      true,
    ),
    pairs: new PairList(
      Math.max(
        size((pass) => pass.pairs.a),
        1,
      ),
      true,
    ),
    held: new PairList(
      Math.max(
        size((pass) => pass.held.a),
        1,
      ),
      true,
    ),
    kinds: [],
    blocking: mergeBlockStats(passes.map((pass) => pass.blocking)),
    evidences: new EvidenceTable(),
  };
  const { certainIndex, exclusions, labelled, candidateCounts, apart, kinds, evidences } = merged;
  for (const pass of passes) {
    merged.certain.push(...pass.certain);
    for (let k = 0; k < pass.certainIndex.length; k += 2)
      certainIndex.push([pass.certainIndex[k]!, pass.certainIndex[k + 1]!]);
    merged.identifierNameConflicts.push(...pass.identifierNameConflicts);
    for (const key of Object.keys(exclusions) as Exclusion[]) exclusions[key] += pass.exclusions[key];
    for (let p = 0; p < PATTERN_COUNT; p++) {
      labelled[p]! += pass.labelled[p]!;
      candidateCounts[p]! += pass.candidateCounts[p]!;
    }
    for (const code of pass.apart) apart.push(code);
    // Codes of this shard in the merged tables, given in the order one pass would have given them.
    const codeOf = pass.evidences.map((_, code): number => (code === 0 ? 0 : -1));
    const kindOf = pass.kinds.map((kind) => {
      const index = kinds.indexOf(kind);
      return index >= 0 ? index : kinds.push(kind) - 1;
    });
    for (const [from, to] of [
      [pass.pairs, merged.pairs],
      [pass.held, merged.held],
    ] as const) {
      for (let p = 0; p < from.a.length; p++) {
        const local = from.frequency[p]!;
        if (codeOf[local] === -1) codeOf[local] = evidences.code(pass.evidences[local]);
        to.push(from.a[p]!, from.b[p]!, from.pattern[p]!, kindOf[from.kind[p]!]!, codeOf[local]!);
      }
    }
  }
  // Looked up by binary search from here on (the collective pass's vetoes, the ambiguous proposals):
  // pushed in block order, they were searched unsorted by the collective pass, which missed pairs.
  apart.sort();
  return merged;
}

/** Comparison patterns of the pairs sampled to estimate the weights (counts of pairs). */
export interface PatternSamples {
  /** Random pairs of records of one kind: u. */
  random: Float64Array;
  /** Random pairs of records born the same day: the EM session that learns m of all but the date. */
  sameDay: Float64Array;
}

/**
 * The weights' samples numbered in part `index` of `count` (contiguous runs of the sample
 * sequence): the random numbers of every sample before the part are drawn and dropped, so each
 * part compares exactly the pairs the whole sequence would, and the parts' counts (whole numbers)
 * add up to the whole's, to the bit, on any number of threads.
 */
export function samplePatterns(prepared: PreparedResolution, index = 0, count = 1): PatternSamples {
  const { records, settings } = prepared;
  const n = records.length;
  const from = Math.round((settings.randomPairs * index) / count);
  const to = Math.round((settings.randomPairs * (index + 1)) / count);
  const comparison = new Int8Array(FEATURES.length);
  // u from random pairs of records of one kind: almost all of them are two different people.
  const random = new Float64Array(PATTERN_COUNT);
  const rng = seededRng(settings.seed);
  if (n >= 2) {
    for (let s = 0; s < to; s++) {
      const i = Math.floor(rng() * n);
      let j = Math.floor(rng() * (n - 1));
      if (s < from) continue;
      if (j >= i) j++;
      if (records[i]!.kind !== records[j]!.kind) continue;
      random[patternOf(compareRecords(records[i]!, records[j]!, comparison))]! += 1;
    }
  }
  const sameDay = new Float64Array(PATTERN_COUNT);
  const born = new Map<string, number[]>();
  for (const record of records) {
    if (record.birth?.day === undefined) continue;
    const key = `${record.kind}:${record.birth.year}-${record.birth.month}-${record.birth.day}`;
    const group = born.get(key);
    if (group) group.push(record.index);
    else born.set(key, [record.index]);
  }
  const dayRng = seededRng(settings.seed + 1);
  const groups = [...born.values()].filter((group) => group.length >= 2);
  for (let s = 0; s < to && groups.length > 0; s++) {
    const group = groups[Math.floor(dayRng() * groups.length)]!;
    const i = Math.floor(dayRng() * group.length);
    let j = Math.floor(dayRng() * (group.length - 1));
    if (s < from) continue;
    if (j >= i) j++;
    sameDay[patternOf(compareRecords(records[group[i]!]!, records[group[j]!]!, comparison))]! += 1;
  }
  return { random, sameDay };
}

/** Parts' pattern counts added up (whole numbers: exact in any order). */
function addSamples(parts: readonly PatternSamples[]): PatternSamples {
  const random = new Float64Array(PATTERN_COUNT);
  const sameDay = new Float64Array(PATTERN_COUNT);
  for (const part of parts)
    for (let p = 0; p < PATTERN_COUNT; p++) {
      random[p]! += part.random[p]!;
      sameDay[p]! += part.sameDay[p]!;
    }
  return { random, sameDay };
}

/** The run's weights and the scorer of its patterns. */
export interface Scoring {
  weights: Weights;
  scorer: Scorer;
}

/** The weights from the merged first pass and the samples (all parts of them). */
export function weighResolution(
  prepared: PreparedResolution,
  merged: MergedPass,
  parts: readonly PatternSamples[],
): Scoring {
  const { records, settings } = prepared;
  const n = records.length;
  const samples = addSamples(parts);
  const evidences = merged.evidences.list;
  const u = estimateU(samples.random, settings.em.smoothing);
  const trained = trainWeights(merged.candidateCounts, merged.labelled, u, settings, samples.sameDay);
  const groupCounts = new Map<number, number>();
  const { pairs } = merged;
  for (let p = 0; p < pairs.length; p++) {
    const key = pairs.pattern[p]! * 2 ** 32 + pairs.frequency[p]!;
    groupCounts.set(key, (groupCounts.get(key) ?? 0) + 1);
  }
  // In a canonical order (codes depend on how the first pass was sharded; a sum's rounding on order).
  const groups = [...groupCounts]
    .map(([key, count]) => {
      const pattern = Math.floor(key / 2 ** 32);
      const code = key % 2 ** 32;
      return { pattern, adjustment: nameAdjustment(pattern, code, evidences[code]!, trained, n), count };
    })
    .sort((x, y) => x.pattern - y.pattern || x.adjustment - y.adjustment || x.count - y.count);
  let persons = 0;
  for (const record of records) if (record.kind === 'Person') persons++;
  const organisations = n - persons;
  const allPairs = (persons * (persons - 1)) / 2 + (organisations * (organisations - 1)) / 2;
  const weights: Weights = {
    ...trained,
    lambda: estimateLambda(groups, trained.m, u, allPairs, settings.em),
  };
  return { weights, scorer: new Scorer(weights, evidences, n) };
}

/**
 * A common name agreeing is weaker evidence, a rare one stronger: u of the level for this name is
 * the chance that a random other record carries it (Splink's term-frequency adjustment). Without
 * `lambda` (while estimating it), the term-frequency form for every level.
 */
function nameAdjustment(
  pattern: number,
  code: number,
  evidence: NameEvidence,
  weights: Pick<Weights, 'm' | 'u'>,
  n: number,
  lambda?: number,
): number {
  if (code === 0) return 0;
  const level = comparisonOf(pattern)[0]!;
  const uLevel = weights.u[0]![level]!;
  if (level !== 0 || lambda === undefined)
    return Math.log2(uLevel / Math.max(evidence.namesakes / Math.max(n - 1, 1), 1e-12));
  // The census odds replace the prior and the level's average weight.
  const prior = Math.log2(lambda / (1 - lambda));
  const same = Math.max(evidence.records / evidence.people - 1, 1 / 16);
  const censusOdds = Math.log2(same / evidence.namesakes);
  return censusOdds - prior - Math.log2(weights.m[0]![level]! / uLevel);
}

/**
 * Scores of (pattern, name evidence code), each computed once. `evidences` is the live table of
 * codes (the collective pass adds codes to it). The same weights and table give the same scores on
 * any thread (a shard worker builds its own from the weights posted to it).
 */
export class Scorer {
  /** Every score asked for: their number is the run's `patterns`. */
  readonly scores = new Map<number, PatternScore>();
  private readonly bounds = new Map<number, number>();
  constructor(
    private readonly weights: Weights,
    private readonly evidences: readonly NameEvidence[],
    private readonly n: number,
  ) {}
  scoreOf(pattern: number, frequency: number): PatternScore {
    const key = pattern * 2 ** 32 + frequency;
    let score = this.scores.get(key);
    if (!score) {
      const evidence = this.evidences[frequency]!;
      score = scorePattern(pattern, this.weights, {
        records: evidence.records,
        detail:
          evidence.people > 0
            ? `${evidence.records} records of this name, about ${evidence.people} ${evidence.people === 1 ? 'person' : 'people'}`
            : `about ${evidence.namesakes.toFixed(1)} records of other people with a name like these`,
        adjustment: nameAdjustment(pattern, frequency, evidence, this.weights, this.n, this.weights.lambda),
      });
      this.scores.set(key, score);
    }
    return score;
  }
  /** The probability of a pattern without keeping its score (the bound's patterns are no answer's). */
  probabilityOf(pattern: number, frequency: number): number {
    const key = pattern * 2 ** 32 + frequency;
    let probability = this.bounds.get(key);
    if (probability === undefined) {
      const evidence = this.evidences[frequency]!;
      probability = scorePattern(pattern, this.weights, {
        records: evidence.records,
        adjustment: nameAdjustment(pattern, frequency, evidence, this.weights, this.n, this.weights.lambda),
      }).probability;
      this.bounds.set(key, probability);
    }
    return probability;
  }
}

/** The proposals: pairs at or over their threshold, without the ambiguous ones. */
export function proposeResolution(
  prepared: PreparedResolution,
  merged: MergedPass,
  scoring: Scoring,
  collective: { through: Map<number, number[]>; counts: { below: number; compared: number } },
): ResolutionResult {
  const { records, settings, skipped, badDates } = prepared;
  const { pairs, apart, kinds } = merged;
  const { scorer } = scoring;
  const { through } = collective;
  const n = records.length;
  const above: number[] = [];
  for (let p = 0; p < pairs.length; p++) {
    const probability = scorer.scoreOf(pairs.pattern[p]!, pairs.frequency[p]!).probability;
    if (probability >= thresholdOf(records[pairs.a[p]!]!, settings)) above.push(p);
  }
  const ambiguous = ambiguousProposals(above, pairs, apart, n);
  const proposed: ProposedMatch[] = [];
  for (const p of above) {
    if (ambiguous.has(p)) continue;
    const match: ProposedMatch = {
      a: records[pairs.a[p]!]!.id,
      b: records[pairs.b[p]!]!.id,
      score: scorer.scoreOf(pairs.pattern[p]!, pairs.frequency[p]!),
      blockedBy: kinds[pairs.kind[p]!]!,
    };
    const via = through.get(p);
    if (via) {
      match.through = via.map((r) => records[r]!.id);
      match.score = {
        ...match.score,
        contributions: [
          ...match.score.contributions,
          {
            feature: 'collective',
            level: `read with ${via.length} record${via.length === 1 ? '' : 's'} already joined: ${match.through.slice(0, 3).join(', ')}`,
            weight: 0,
          },
        ],
      };
    }
    proposed.push(match);
  }
  return {
    certain: merged.certain,
    proposed,
    stats: {
      records: prepared.input,
      skipped,
      badDates,
      blocking: merged.blocking,
      identifierNameConflicts: merged.identifierNameConflicts,
      exclusions: merged.exclusions,
      ambiguous: [...ambiguous]
        .sort((x, y) => x - y)
        .map((p) => ({ a: records[pairs.a[p]!]!.id, b: records[pairs.b[p]!]!.id })),
      weights: scoring.weights,
      patterns: scorer.scores.size,
      collective: proposed.filter((m) => m.through).length,
      collectivePass: collective.counts,
    },
  };
}

/** Block statistics of shards: counts of pairs add up, counts of keys and blocks are every shard's. */
function mergeBlockStats(shards: readonly BlockStats[]): BlockStats {
  const [first, ...rest] = shards;
  const merged: BlockStats = structuredClone(first!);
  for (const shard of rest) {
    merged.candidates += shard.candidates;
    for (const kind of Object.keys(merged.candidatesByKind) as BlockKind[])
      merged.candidatesByKind[kind] += shard.candidatesByKind[kind];
  }
  return merged;
}

export type ResolutionPhase =
  | 'prepare'
  | 'census'
  | 'block and compare'
  | 'weights'
  | 'collective'
  | 'propose';

/** What the collective pass reads: the merged pairs (shared between threads) and the scores. */
export interface CollectivePairs {
  pairs: PairColumns & { length: number };
  held: PairColumns & { length: number };
  certainIndex: readonly (readonly [number, number])[];
  apart: Pick<PairCodes, 'has'>;
}

/**
 * The second pass's work (collective.ts): every candidate pair below the threshold (in pair order),
 * then every undated namesake held back, each compared again with one record read with the context
 * of its strong partners (the other record of the pair left out; each side in turn, the better kept).
 * A partner kept apart from the other record vetoes the pair. Each work item's outcome depends on
 * that item alone, so the items can be swept in parts, on several threads (sweepCollective), and
 * the parts applied together (applyCollective) give the answer of one sweep.
 */
export interface CollectiveWork {
  records: readonly PreparedRecord[];
  source: CollectivePairs;
  n: number;
  words: NameWords;
  census: ReadonlyMap<string, NameCensus>;
  settings: ResolveOptions;
  scorer: Scorer;
  /** The code of a pair's name evidence (evidenceCoder) in the scorer's table. */
  pairEvidenceCode: (a: PreparedRecord, b: PreparedRecord, level: number) => number;
  weights: Weights;
  partners: Map<number, number[]>;
  /** Indices of the pairs below the threshold, ascending. */
  below: ArrayLike<number>;
  /** Work items: `below.length` pairs below the threshold, then the held pairs. */
  count: number;
}

export function collectiveWork(
  prepared: PreparedResolution,
  source: CollectivePairs | MergedPass,
  scoring: Scoring,
  /** The evidence table codes are added to (the scorer's); the merged pass's by default. */
  evidences: EvidenceTable = (source as MergedPass).evidences,
  /** The partners and the pairs below the threshold as another thread found them (collectiveShare). */
  share?: CollectiveShare,
): CollectiveWork {
  const { records, settings } = prepared;
  const { pairs, held } = source;
  const { scorer } = scoring;
  const common = {
    records,
    source,
    n: records.length,
    words: prepared.words,
    census: prepared.census,
    settings,
    scorer,
    pairEvidenceCode: evidenceCoder(prepared, (evidence) => evidences.code(evidence)),
    weights: scoring.weights,
  };
  if (share) {
    return {
      ...common,
      partners: partnersFromColumns(share.partners),
      below: share.below,
      count: share.below.length + (settings.collective ? held.length : 0),
    };
  }
  const links: [number, number, number][] = source.certainIndex.map(([a, b]) => [a, b, 1]);
  for (let p = 0; p < pairs.length; p++) {
    const probability = scorer.scoreOf(pairs.pattern[p]!, pairs.frequency[p]!).probability;
    if (probability >= settings.strongLink) links.push([pairs.a[p]!, pairs.b[p]!, probability]);
  }
  const below: number[] = [];
  // Without the collective pass: no work (its partners are not needed either).
  for (let p = 0; p < pairs.length && settings.collective; p++) {
    const probability = scorer.scoreOf(pairs.pattern[p]!, pairs.frequency[p]!).probability;
    if (probability < thresholdOf(records[pairs.a[p]!]!, settings)) below.push(p);
  }
  return {
    ...common,
    partners: partnersOf(links, COLLECTIVE_DEFAULTS.maxPartners),
    below,
    count: below.length + (settings.collective ? held.length : 0),
  };
}

/**
 * The collective pass's set-up that every thread would otherwise repeat (each pair scored twice,
 * the strong links sorted into partners): made once, on the coordinator, and handed to the threads
 * that sweep a part, as typed arrays (collectiveWork's `share`).
 */
export interface CollectiveShare {
  partners: PartnerColumns;
  below: Uint32Array;
}

export function collectiveShare(work: CollectiveWork): CollectiveShare {
  return { partners: partnerColumns(work.partners, work.n), below: Uint32Array.from(work.below) };
}

function sideOf(work: CollectiveWork, w: number, k: 0 | 1): number {
  const { below } = work;
  const list = w < below.length ? work.source.pairs : work.source.held;
  const index = w < below.length ? below[w]! : w - below.length;
  return k === 0 ? list.a[index]! : list.b[index]!;
}

/** Work items per run of a part (collectiveItems). */
const COLLECTIVE_RUN = 512;

/**
 * Part `index` of `count` of the work items: the items sorted by their lower record, dealt out in
 * runs of COLLECTIVE_RUN in turn (a record read with its partners is then built on one thread, for
 * its first side, but at a run's edge). Dealt, not cut in `count` halves: the cost of an item
 * varies along the records (a million-record run cut in halves gave one thread 48 s, the other 33).
 */
export function collectiveItems(
  work: CollectiveWork,
  index = 0,
  count = 1,
  run = COLLECTIVE_RUN,
): Uint32Array {
  const order = sortedBy(work.count, (w) => sideOf(work, w, 0), work.n);
  const part: number[] = [];
  for (let start = index * run; start < order.length; start += count * run)
    for (let t = start; t < Math.min(start + run, order.length); t++) part.push(order[t]!);
  return Uint32Array.from(part).sort();
}

/** What a sweep found per work item of its part (in the part's order). */
export interface CollectiveSweep {
  items: Uint32Array;
  /** Per item: open (0), DONE (out of reach, vetoed or excluded) or FOUND (a best side). */
  state: Uint8Array;
  pattern: Uint16Array;
  /** Name evidence codes, in the table of the thread that swept. */
  frequency: Uint32Array;
  probability: Float64Array;
  /** Which side the best was read from: 0 the lower record of the pair with its partners, 1 the other. */
  side: Uint8Array;
  /** Items within reach, compared again. */
  compared: number;
}

/**
 * The collective pass over work items `items` (ascending; all by default). Each side of the pairs
 * is a sweep over the items sorted by the record read with its partners, so that it is built once
 * per sweep and dropped when the sweep passes it, rather than all of them kept for the whole pass
 * (about 0.8 KB a record read, most of the pass's memory). Per item the sweeps keep only the best
 * side so far: the answer is the one of reading both sides of each pair in turn (tested).
 */
export function sweepCollective(
  work: CollectiveWork,
  items: Uint32Array = collectiveItems(work),
): CollectiveSweep {
  const { records, source, n, settings, below, partners, scorer } = work;
  const { pairs, held, apart } = source;
  const isApart = (x: number, y: number) => apart.has(x < y ? x * n + y : y * n + x);
  const comparison = new Int8Array(FEATURES.length);
  const reach = settings.collectiveReach ? reachOf(work) : undefined;
  const count = items.length;
  const side = (t: number, k: 0 | 1) => sideOf(work, items[t]!, k);
  const state = new Uint8Array(count);
  const bestPattern = new Uint16Array(count);
  const bestFrequency = new Uint32Array(count);
  const bestProbability = new Float64Array(count);
  const bestSide = new Uint8Array(count);
  let compared = 0;
  for (let t = 0; t < count; t++) {
    const w = items[t]!;
    const i = side(t, 0);
    const j = side(t, 1);
    const pattern = w < below.length ? pairs.pattern[below[w]!]! : held.pattern[w - below.length]!;
    const frequency = w < below.length ? pairs.frequency[below[w]!]! : held.frequency[w - below.length]!;
    // Neither side's partners can lift the pair over the threshold: the pass would find nothing.
    if (reach && !reach(i, j, pattern, frequency, partners, thresholdOf(records[i]!, settings))) {
      state[t] = DONE;
      continue;
    }
    compared++;
  }
  for (const k of [0, 1] as const) {
    let current = -1;
    let currentRecord: PreparedRecord | undefined;
    for (const t of sortedBy(count, (v) => side(v, k), n)) {
      if (state[t] === DONE) continue;
      const x = side(t, k);
      const y = side(t, k === 0 ? 1 : 0);
      const own = partners.get(x) ?? EMPTY;
      const via = viaOf(partners, x, y);
      if (via.length === 0) continue;
      if (via.some((r) => isApart(r, y))) {
        state[t] = DONE;
        continue;
      }
      let a: PreparedRecord;
      if (via !== own) {
        a = withPartners(
          records[x]!,
          via.map((r) => records[r]!),
        );
      } else {
        if (current !== x) {
          current = x;
          currentRecord = withPartners(
            records[x]!,
            own.map((r) => records[r]!),
          );
        }
        a = currentRecord!;
      }
      const b = records[y]!;
      compareRecords(a, b, comparison);
      if (exclusionOf(a, b, comparison, work.words)) {
        state[t] = DONE;
        continue;
      }
      if (undatedNamesake(a, b, comparison, work.census)) continue;
      const pattern = patternOf(comparison);
      const frequency = work.pairEvidenceCode(a, b, comparison[0]!);
      const probability = scorer.scoreOf(pattern, frequency).probability;
      if (state[t] !== FOUND || probability > bestProbability[t]!) {
        state[t] = FOUND;
        bestPattern[t] = pattern;
        bestFrequency[t] = frequency;
        bestProbability[t] = probability;
        bestSide[t] = k;
      }
    }
  }
  return {
    items,
    state,
    pattern: bestPattern,
    frequency: bestFrequency,
    probability: bestProbability,
    side: bestSide,
    compared,
  };
}

/** The partners `x` is read with against `y`: all of them, or all but `y` when `y` is one. */
function viaOf(partners: ReadonlyMap<number, number[]>, x: number, y: number): readonly number[] {
  const own = partners.get(x) ?? EMPTY;
  return own.includes(y) ? own.filter((r) => r !== y) : own;
}

/**
 * The sweeps of every part applied, in work order: pairs that now reach the threshold take the
 * enriched pattern (held pairs are appended to the pairs); returns, per pair index, the partners
 * read, and the pass's counts. The sweeps' evidence codes must be this thread's (adoptSweep).
 */
export function applyCollective(
  work: CollectiveWork,
  sweeps: readonly CollectiveSweep[],
  pairs: PairList = work.source.pairs as PairList,
): { through: Map<number, number[]>; counts: { below: number; compared: number } } {
  const { records, settings, below, partners } = work;
  const held = work.source.held;
  const found: [number, CollectiveSweep, number][] = [];
  let compared = 0;
  for (const sweep of sweeps) {
    compared += sweep.compared;
    for (let t = 0; t < sweep.items.length; t++)
      if (sweep.state[t] === FOUND) found.push([sweep.items[t]!, sweep, t]);
  }
  found.sort((x, y) => x[0] - y[0]);
  const through = new Map<number, number[]>();
  for (const [w, sweep, t] of found) {
    const i = sideOf(work, w, 0);
    const j = sideOf(work, w, 1);
    if (sweep.probability[t]! < thresholdOf(records[i]!, settings)) continue;
    const via = sweep.side[t] === 0 ? viaOf(partners, i, j) : viaOf(partners, j, i);
    if (w < below.length) {
      const p = below[w]!;
      pairs.pattern[p] = sweep.pattern[t]!;
      pairs.frequency[p] = sweep.frequency[t]!;
      through.set(p, [...via]);
    } else {
      through.set(pairs.length, [...via]);
      pairs.push(i, j, sweep.pattern[t]!, held.kind[w - below.length]!, sweep.frequency[t]!);
    }
  }
  return { through, counts: { below: work.count, compared } };
}

/**
 * A sweep made on another thread, read here: its evidence codes (in that thread's table, which began
 * as a copy of this one's) coded in this thread's table, and every score that thread asked for asked
 * here too (the run's `patterns` counts them as one thread would have).
 */
export function adoptSweep(
  scoring: Scoring,
  evidences: EvidenceTable,
  sweep: CollectiveSweep,
  theirs: { evidences: readonly NameEvidence[]; scored: Float64Array },
): CollectiveSweep {
  const codeOf = (code: number) => (code === 0 ? 0 : evidences.code(theirs.evidences[code]));
  const frequency = sweep.frequency.map((code, t) => (sweep.state[t] === FOUND ? codeOf(code) : 0));
  for (const key of theirs.scored) {
    scoring.scorer.scoreOf(Math.floor(key / 2 ** 32), codeOf(key % 2 ** 32));
  }
  return { ...sweep, frequency };
}

/** States of a collective pass's work item (0: open, nothing found yet). */
const DONE = 1;
const FOUND = 2;
const EMPTY: readonly number[] = [];

/** Indices 0..count-1 stably sorted by a record index key below `n` (a counting sort). */
function sortedBy(count: number, key: (index: number) => number, n: number): Uint32Array {
  const starts = new Uint32Array(n + 1);
  for (let w = 0; w < count; w++) starts[key(w) + 1]!++;
  for (let r = 1; r <= n; r++) starts[r]! += starts[r - 1]!;
  const order = new Uint32Array(count);
  for (let w = 0; w < count; w++) order[starts[key(w)]!++] = w;
  return order;
}

/**
 * Whether a pair is within reach of the collective pass: an upper bound of its enriched score. A
 * record read with its partners keeps its names and legal forms (so the name level and the name's
 * census evidence stay the pair's own); it gains a birth date or a nationality only where it has
 * none, and identifiers or addresses only where its partners hold some it lacks. A feature that
 * can change is given its strongest level (or null, when every level weighs against); any feature
 * this bound does not know is assumed to change. A pair whose bound stays under the threshold is
 * not compared again: the full pass would not propose it either (tested: same answer with and
 * without the bound).
 */
function reachOf(input: CollectiveWork) {
  const { records, weights } = input;
  /** Per feature, the level of greatest weight (null, -1, when every level weighs against). */
  const strongest = FEATURES.map((_, f) => {
    let best = -1;
    let bestWeight = 0;
    for (let level = 0; level < weights.m[f]!.length; level++) {
      const weight = Math.log2(weights.m[f]![level]! / weights.u[f]![level]!);
      if (weight > bestWeight) {
        bestWeight = weight;
        best = level;
      }
    }
    return best;
  });
  const KNOWN = ['name', 'birthDate', 'identifiers', 'nationality', 'legalForm', 'address'];
  /**
   * What a record's partners add: a date or nationality it lacks, identifier kinds with values it
   * lacks, addresses. Read only where the other record holds that field: a feature is null when
   * either side has none, and identifiers compare only kinds both records hold.
   */
  interface Adds {
    birth: boolean;
    nationality: boolean;
    kinds: Set<string>;
    addresses: boolean;
  }
  const adds = new Map<number, Adds | null>();
  const addsOf = (x: number, partners: ReadonlyMap<number, number[]>): Adds | null => {
    let known = adds.get(x);
    if (known !== undefined) return known;
    const own = records[x]!;
    const via = (partners.get(x) ?? []).map((r) => records[r]!);
    known =
      via.length === 0
        ? null
        : {
            birth: !own.birth && via.some((p) => p.birth),
            nationality: !own.nationality && via.some((p) => p.nationality),
            kinds: new Set(via.flatMap((p) => addedKinds(own, p))),
            addresses: via.some((p) => p.addresses.length > 0),
          };
    adds.set(x, known);
    return known;
  };
  const comparison = new Int8Array(FEATURES.length);
  /** The bound of the pair compared with `x` read with its partners, `y` as it is. */
  const boundOf = (
    x: number,
    y: number,
    pattern: number,
    frequency: number,
    partners: ReadonlyMap<number, number[]>,
  ) => {
    const add = addsOf(x, partners);
    if (!add) return 0;
    const other = records[y]!;
    comparisonOf(pattern, comparison);
    let changed = false;
    for (let f = 0; f < FEATURES.length; f++) {
      const name = FEATURES[f]!.name;
      const changes =
        !KNOWN.includes(name) ||
        (name === 'birthDate' && add.birth && other.birth !== undefined) ||
        (name === 'nationality' && add.nationality && other.nationality !== undefined) ||
        (name === 'identifiers' && [...add.kinds].some((kind) => hasKind(other.identifiers, kind))) ||
        (name === 'address' && add.addresses && other.addresses.length > 0);
      if (changes) {
        comparison[f] = strongest[f]!;
        changed = true;
      }
    }
    return changed ? input.scorer.probabilityOf(patternOf(comparison), frequency) : 0;
  };
  return (
    i: number,
    j: number,
    pattern: number,
    frequency: number,
    partners: ReadonlyMap<number, number[]>,
    threshold: number,
  ): boolean =>
    boundOf(i, j, pattern, frequency, partners) >= threshold ||
    boundOf(j, i, pattern, frequency, partners) >= threshold;
}

/** Identifier kinds (not addresses) in which `partner` holds a value `record` lacks. */
function addedKinds(record: PreparedRecord, partner: PreparedRecord): string[] {
  const kinds: string[] = [];
  const theirs = partner.identifiers;
  for (let i = 0; i < theirs.length; i = runEnd(theirs, i)) {
    const kind = theirs[i]!;
    if (kind === 'address') continue;
    for (let p = i + 1; p < runEnd(theirs, i); p += 2)
      if (!hasIdentifier(record.identifiers, kind, theirs[p]!)) {
        kinds.push(kind);
        break;
      }
  }
  return kinds;
}

/** The probability from which a pair of this record's kind is proposed. */
function thresholdOf(record: PreparedRecord, settings: ResolveOptions): number {
  return record.kind === 'Organisation'
    ? Math.max(settings.threshold, settings.organisationThreshold)
    : settings.threshold;
}
