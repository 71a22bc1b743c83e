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
  type BlockingOptions,
  type BlockKind,
  type BlockStats,
  forEachCandidate,
} from './blocking.ts';
import { COLLECTIVE_DEFAULTS, partnersOf, withPartners } from './collective.ts';
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
import { type PreparedRecord, prepareRecords } from './prepare.ts';
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
   * Collective evidence (collective.ts): compare again, with one record seen with the context of
   * the records already joined to it, the pairs the first pass did not propose. `strongLink` is the
   * probability from which a proposal counts as joined (rules always do).
   */
  collective: true,
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

/** Each spelling's words in written order, split once per record (pairs ask again and again). */
const orderedCache = new WeakMap<PreparedRecord, string[][]>();
function orderedWords(record: PreparedRecord): string[][] {
  let words = orderedCache.get(record);
  if (!words) {
    words = record.forms.ordered.map((spelling) => spelling.split('|'));
    orderedCache.set(record, words);
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
interface NameWords {
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
function givenNameMissing(a: PreparedRecord, b: PreparedRecord): boolean {
  // An initial ("B. Gjoka") is a given name even without a comma.
  const initials = a.forms.tokens.filter((token) => token.length === 1);
  if (initials.length > 0 && b.forms.tokens.every((token) => token.length > 1)) {
    if (!initials.some((initial) => b.forms.tokens.some((token) => token.startsWith(initial)))) return true;
  }
  if (a.givenNames.length === 0) return false;
  if (b.givenNames.length > 0) return !a.givenNames.some((x) => b.givenNames.some((y) => sameToken(x, y)));
  if (!b.spellings.some((spelling) => spelling.length >= 2)) return false;
  return !a.givenNames.some((x) => b.forms.skeletons.some((y) => sameToken(x, y)));
}
function exclusionOf(
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
function undatedNamesake(
  a: PreparedRecord,
  b: PreparedRecord,
  comparison: Int8Array,
  census: ReadonlyMap<string, NameCensus>,
): boolean {
  if (comparison[1] !== NULL_LEVEL || comparison[0]! > NAME_FUZZY) return false;
  let people = 1;
  for (const record of [a, b])
    for (const key of censusKeys(record)) people = Math.max(people, census.get(key)?.people ?? 1);
  if (people < 2) return false;
  // Two private neighbours or more in common (friends' numbers both called, a small firm employing
  // both and a friend) say which namesake as a line of their own does. One does not: a father and
  // son, twins, call the same relative; a supermarket or a big employer says nothing.
  if (comparison[CONTEXT] === CONTEXT_SHARED_2) return false;
  for (const kind of PERSONAL_IDENTIFIER_KINDS) {
    const values = a.identifiers.get(kind);
    const other = b.identifiers.get(kind);
    if (values && other) for (const value of values) if (other.has(value)) return false;
  }
  return true;
}
const PERSONAL_IDENTIFIER_KINDS = ['phone', 'email', 'account'] as const;

function sharedUnique(a: PreparedRecord, b: PreparedRecord): { kind: string; value: string } | undefined {
  for (const kind of UNIQUE_IDENTIFIER_KINDS) {
    const values = a.identifiers.get(kind);
    const other = b.identifiers.get(kind);
    if (!values || !other) continue;
    for (const value of [...values].sort()) if (other.has(value)) return { kind, value };
  }
  return undefined;
}

/**
 * Pair codes (i * n + j, exact in a double up to n = 94 million) in a growable typed array: 8 bytes
 * a pair where a Set of numbers costs several times that, for the millions of pairs kept apart.
 * Sorted once, then looked up by binary search.
 */
class PairCodes {
  private codes = new Float64Array(4096);
  length = 0;
  push(code: number): void {
    if (this.length === this.codes.length) {
      const bigger = new Float64Array(this.codes.length * 2);
      bigger.set(this.codes);
      this.codes = bigger;
    }
    this.codes[this.length++] = code;
  }
  sort(): void {
    this.codes = this.codes.slice(0, this.length).sort();
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

class PairList {
  a = new Int32Array(4096);
  b = new Int32Array(4096);
  pattern = new Uint16Array(4096);
  /** Records carrying the agreeing name (0 when names do not agree exactly). */
  frequency = new Uint32Array(4096);
  kind = new Uint8Array(4096);
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
  records: readonly PreparedRecord[],
  candidateCounts: Float64Array,
  labelled: Float64Array,
  u: number[][],
  settings: ResolveOptions,
  comparison: Int8Array,
): Weights {
  const known = labelledM(labelled);
  const byName = new Float64Array(PATTERN_COUNT);
  for (let pattern = 0; pattern < PATTERN_COUNT; pattern++) {
    if (comparisonOf(pattern)[NAME] === 0) byName[pattern] = candidateCounts[pattern]!;
  }
  const byDate = new Float64Array(PATTERN_COUNT);
  const born = new Map<string, number[]>();
  for (const record of records) {
    if (record.birth?.day === undefined) continue;
    const key = `${record.kind}:${record.birth.year}-${record.birth.month}-${record.birth.day}`;
    const group = born.get(key);
    if (group) group.push(record.index);
    else born.set(key, [record.index]);
  }
  const rng = seededRng(settings.seed + 1);
  const groups = [...born.values()].filter((group) => group.length >= 2);
  for (let s = 0; s < settings.randomPairs && groups.length > 0; s++) {
    const group = groups[Math.floor(rng() * groups.length)]!;
    const i = Math.floor(rng() * group.length);
    let j = Math.floor(rng() * (group.length - 1));
    if (j >= i) j++;
    byDate[patternOf(compareRecords(records[group[i]!]!, records[group[j]!]!, comparison))]! += 1;
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

function nameCensus(records: readonly PreparedRecord[]): Map<string, NameCensus> {
  const seen = new Map<string, { records: number; years: Set<number>; unique: Map<string, Set<string>> }>();
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
        entry = { records: 0, years: new Set(), unique: new Map() };
        seen.set(key, entry);
      }
      entry.records++;
      if (record.birth) entry.years.add(record.birth.year);
      for (const kind of CENSUS_IDENTIFIER_KINDS) {
        for (const value of record.identifiers.get(kind) ?? []) {
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
  const census = new Map<string, NameCensus>();
  for (const [key, entry] of seen) {
    let people = Math.max(1, entry.years.size);
    for (const values of entry.unique.values()) people = Math.max(people, values.size);
    const kind = key.startsWith('O:') ? 'Organisation' : 'Person';
    const words = (kind === 'Person' ? key : key.slice(2, key.indexOf('#'))).split(' ');
    let expected = totals[kind];
    for (const word of words) expected *= (tokens.get(`${kind}:${word}`) ?? 1) / totals[kind];
    census.set(key, { records: entry.records, people: Math.min(people, entry.records), expected });
  }
  return census;
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
interface NameEvidence {
  /** Exact: the census entry of the shared key that says least; else namesake records (geometric mean). */
  records: number;
  people: number;
  namesakes: number;
}

function namesakesOf(entry: NameCensus, unseen: number): number {
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
    const odds = sameOf(entry) / namesakesOf(entry, unseen);
    if (odds < weakestOdds) {
      weakestOdds = odds;
      weakest = entry;
    }
  }
  return weakest;
}

/**
 * What agreeing names say about a pair: exact agreement reads the weakest census entry the two share,
 * token or typo agreement the namesakes of each side's rarest key (the collective pass asks this of
 * records enriched with their partners, which have no per-record cache).
 */
function nameEvidence(
  a: PreparedRecord,
  b: PreparedRecord,
  level: number,
  census: ReadonlyMap<string, NameCensus>,
  unseen: number,
): NameEvidence | undefined {
  if (level === 0) {
    const entry = weakestShared(a, b, census, unseen);
    return entry && { ...entry, namesakes: namesakesOf(entry, unseen) };
  }
  if (level > 2) return undefined;
  const namesakes = Math.sqrt(rarestNamesakes(a, census, unseen) * rarestNamesakes(b, census, unseen));
  return { records: 0, people: 0, namesakes };
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

export function resolveRecords(
  input: readonly ResolutionRecord[],
  options: Partial<Omit<ResolveOptions, 'blocking' | 'em'>> & {
    blocking?: Partial<BlockingOptions>;
    em?: Partial<typeof EM_DEFAULTS>;
  } = {},
  now = new Date(),
): ResolutionResult {
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
  const { records, skipped, badDates } = prepareRecords(input, now, settings.context);
  const n = records.length;
  const census = nameCensus(records);
  const words = nameWordsOf(records);
  /** Distinct name evidences, so that pairs group by (pattern, evidence) as small integers. */
  const evidences: NameEvidence[] = [{ records: 0, people: 0, namesakes: 0 }];
  const evidenceCodes = new Map<string, number>();
  const evidenceCode = (evidence: NameEvidence | undefined) => {
    if (!evidence) return 0;
    const key = `${evidence.records}|${evidence.people}|${evidence.namesakes}`;
    let code = evidenceCodes.get(key);
    if (code === undefined) {
      code = evidences.push(evidence) - 1;
      evidenceCodes.set(key, code);
    }
    return code;
  };
  // The same evidence recurs for millions of pairs: its code is remembered by what determines it
  // (the census entry of an exact name, the namesake count of a fuzzy one), not rebuilt per pair.
  const exactCodes = new Map<NameCensus, number>();
  const fuzzyCodes = new Map<number, number>();
  const pairEvidenceCode = (a: PreparedRecord, b: PreparedRecord, level: number) => {
    if (level > 2) return 0;
    if (level !== 0) {
      const namesakes = Math.sqrt(rarest(a) * rarest(b));
      let code = fuzzyCodes.get(namesakes);
      if (code === undefined) {
        code = evidenceCode({ records: 0, people: 0, namesakes });
        fuzzyCodes.set(namesakes, code);
      }
      return code;
    }
    const entry = weakestShared(a, b, census, settings.unseenNamesakes);
    if (!entry) return 0;
    let code = exactCodes.get(entry);
    if (code === undefined) {
      code = evidenceCode({ ...entry, namesakes: namesakesOf(entry, settings.unseenNamesakes) });
      exactCodes.set(entry, code);
    }
    return code;
  };
  /** Namesake records of a record's rarest name, computed once per record. */
  const rarestOf = new Float64Array(records.length).fill(-1);
  const rarest = (record: PreparedRecord) => {
    if (rarestOf[record.index]! < 0)
      rarestOf[record.index] = rarestNamesakes(record, census, settings.unseenNamesakes);
    return rarestOf[record.index]!;
  };
  const certain: CertainMatch[] = [];
  /** Pairs an exclusion keeps apart (i * n + j): a record cannot be one person with both of them. */
  const apart = new PairCodes();
  const exclusions: Record<Exclusion, number> = {
    'birth-date-conflict': 0,
    'given-name-conflict': 0,
    'partial-name': 0,
    'different-name': 0,
    'undated-namesake': 0,
  };
  /** Comparison patterns of the rule matches: pairs known to be one person, which teach m. */
  const labelled = new Float64Array(PATTERN_COUNT);
  const identifierNameConflicts: ResolutionStats['identifierNameConflicts'] = [];
  const pairs = new PairList();
  /** Undated namesakes held back: the second pass may find a date or a personal line for them. */
  const held = new PairList();
  const certainIndex: [number, number][] = [];
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
          certainIndex.push([i, j]);
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
        if (settings.collective) held.push(i, j, pattern, kindIndex, 0);
        return;
      }
      pairs.push(i, j, pattern, kindIndex, pairEvidenceCode(a, b, comparison[0]!));
    },
    settings.blocking,
  );

  // u from random pairs of records of one kind: almost all of them are two different people.
  const randomCounts = new Float64Array(PATTERN_COUNT);
  const rng = seededRng(settings.seed);
  if (n >= 2) {
    for (let s = 0; s < settings.randomPairs; s++) {
      const i = Math.floor(rng() * n);
      let j = Math.floor(rng() * (n - 1));
      if (j >= i) j++;
      if (records[i]!.kind !== records[j]!.kind) continue;
      randomCounts[patternOf(compareRecords(records[i]!, records[j]!, comparison))]! += 1;
    }
  }
  const u = estimateU(randomCounts, settings.em.smoothing);
  const trained = trainWeights(records, candidateCounts, labelled, u, settings, comparison);
  // A common name agreeing is weaker evidence, a rare one stronger: u of the level for this name is
  // the chance that a random other record carries it (Splink's term-frequency adjustment).
  const prior = (lambda: number) => Math.log2(lambda / (1 - lambda));
  /** Without `lambda` (while estimating it), the term-frequency form for every level. */
  const adjustmentFor = (pattern: number, code: number, lambda?: number) => {
    const evidence = evidences[code]!;
    if (code === 0) return 0;
    const level = comparisonOf(pattern)[0]!;
    const uLevel = u[0]![level]!;
    if (level !== 0 || lambda === undefined)
      return Math.log2(uLevel / Math.max(evidence.namesakes / Math.max(n - 1, 1), 1e-12));
    // The census odds replace the prior and the level's average weight.
    const same = Math.max(evidence.records / evidence.people - 1, 1 / 16);
    const censusOdds = Math.log2(same / evidence.namesakes);
    return censusOdds - prior(lambda) - Math.log2(trained.m[0]![level]! / uLevel);
  };
  const detailOf = (code: number) => {
    const evidence = evidences[code]!;
    return evidence.people > 0
      ? `${evidence.records} records of this name, about ${evidence.people} ${evidence.people === 1 ? 'person' : 'people'}`
      : `about ${evidence.namesakes.toFixed(1)} records of other people with a name like these`;
  };
  const groupCounts = new Map<number, number>();
  for (let p = 0; p < pairs.length; p++) {
    const key = pairs.pattern[p]! * 2 ** 32 + pairs.frequency[p]!;
    groupCounts.set(key, (groupCounts.get(key) ?? 0) + 1);
  }
  const groups = [...groupCounts].map(([key, count]) => ({
    pattern: Math.floor(key / 2 ** 32),
    adjustment: adjustmentFor(Math.floor(key / 2 ** 32), key % 2 ** 32),
    count,
  }));
  let persons = 0;
  for (const record of records) if (record.kind === 'Person') persons++;
  const organisations = n - persons;
  const allPairs = (persons * (persons - 1)) / 2 + (organisations * (organisations - 1)) / 2;
  const weights: Weights = {
    ...trained,
    lambda: estimateLambda(groups, trained.m, u, allPairs, settings.em),
  };

  const scores = new Map<number, PatternScore>();
  const scoreOf = (pattern: number, frequency: number) => {
    const key = pattern * 2 ** 32 + frequency;
    let score = scores.get(key);
    if (!score) {
      score = scorePattern(pattern, weights, {
        records: evidences[frequency]!.records,
        detail: detailOf(frequency),
        adjustment: adjustmentFor(pattern, frequency, weights.lambda),
      });
      scores.set(key, score);
    }
    return score;
  };
  const through = settings.collective
    ? collectivePass({
        records,
        pairs,
        held,
        certainIndex,
        apart,
        n,
        words,
        census,
        settings,
        scoreOf,
        evidenceCode,
      })
    : new Map<number, number[]>();
  const above: number[] = [];
  for (let p = 0; p < pairs.length; p++) {
    const probability = scoreOf(pairs.pattern[p]!, pairs.frequency[p]!).probability;
    if (probability >= thresholdOf(records[pairs.a[p]!]!, settings)) above.push(p);
  }
  apart.sort();
  const ambiguous = ambiguousProposals(above, pairs, apart, n);
  const proposed: ProposedMatch[] = [];
  for (const p of above) {
    if (ambiguous.has(p)) continue;
    const match: ProposedMatch = {
      a: records[pairs.a[p]!]!.id,
      b: records[pairs.b[p]!]!.id,
      score: scoreOf(pairs.pattern[p]!, pairs.frequency[p]!),
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
    certain,
    proposed,
    stats: {
      records: input.length,
      skipped,
      badDates,
      blocking,
      identifierNameConflicts,
      exclusions,
      ambiguous: [...ambiguous]
        .sort((x, y) => x - y)
        .map((p) => ({ a: records[pairs.a[p]!]!.id, b: records[pairs.b[p]!]!.id })),
      weights,
      patterns: scores.size,
      collective: proposed.filter((m) => m.through).length,
    },
  };
}

interface CollectiveInput {
  records: readonly PreparedRecord[];
  pairs: PairList;
  held: PairList;
  certainIndex: readonly [number, number][];
  apart: Pick<PairCodes, 'has'>;
  n: number;
  words: NameWords;
  census: ReadonlyMap<string, NameCensus>;
  settings: ResolveOptions;
  scoreOf: (pattern: number, frequency: number) => PatternScore;
  evidenceCode: (evidence: NameEvidence | undefined) => number;
}

/**
 * The second pass (collective.ts): every candidate pair below the threshold, and every undated
 * namesake held back, compared again with one record read with the context of its strong partners
 * (the other record of the pair left out; each side in turn, the better kept). A partner kept apart
 * from the other record vetoes the pair. Pairs that now reach the threshold take the enriched
 * pattern in `pairs` (held pairs are appended); returns, per pair index, the partners read.
 */
function collectivePass(input: CollectiveInput): Map<number, number[]> {
  const { records, pairs, held, apart, n, settings } = input;
  const links: [number, number, number][] = input.certainIndex.map(([a, b]) => [a, b, 1]);
  for (let p = 0; p < pairs.length; p++) {
    const probability = input.scoreOf(pairs.pattern[p]!, pairs.frequency[p]!).probability;
    if (probability >= settings.strongLink) links.push([pairs.a[p]!, pairs.b[p]!, probability]);
  }
  const partners = partnersOf(links, COLLECTIVE_DEFAULTS.maxPartners);
  const isApart = (x: number, y: number) => apart.has(x < y ? x * n + y : y * n + x);
  const comparison = new Int8Array(FEATURES.length);
  const through = new Map<number, number[]>();
  /** The best enriched (pattern, frequency) of the pair, or undefined when vetoed or no better. */
  const rescore = (i: number, j: number) => {
    let best: { pattern: number; frequency: number; probability: number; via: number[] } | undefined;
    for (const [x, y] of [
      [i, j],
      [j, i],
    ] as const) {
      const via = (partners.get(x) ?? []).filter((r) => r !== y);
      if (via.length === 0) continue;
      if (via.some((r) => isApart(r, y))) return undefined;
      const a = withPartners(
        records[x]!,
        via.map((r) => records[r]!),
      );
      const b = records[y]!;
      compareRecords(a, b, comparison);
      if (exclusionOf(a, b, comparison, input.words)) return undefined;
      if (undatedNamesake(a, b, comparison, input.census)) continue;
      const pattern = patternOf(comparison);
      const frequency = input.evidenceCode(
        nameEvidence(a, b, comparison[0]!, input.census, settings.unseenNamesakes),
      );
      const probability = input.scoreOf(pattern, frequency).probability;
      if (!best || probability > best.probability) best = { pattern, frequency, probability, via };
    }
    return best && best.probability >= thresholdOf(records[i]!, settings) ? best : undefined;
  };
  const below: number[] = [];
  for (let p = 0; p < pairs.length; p++) {
    const probability = input.scoreOf(pairs.pattern[p]!, pairs.frequency[p]!).probability;
    if (probability < thresholdOf(records[pairs.a[p]!]!, settings)) below.push(p);
  }
  for (const p of below) {
    const found = rescore(pairs.a[p]!, pairs.b[p]!);
    if (!found) continue;
    pairs.pattern[p] = found.pattern;
    pairs.frequency[p] = found.frequency;
    through.set(p, found.via);
  }
  for (let h = 0; h < held.length; h++) {
    const found = rescore(held.a[h]!, held.b[h]!);
    if (!found) continue;
    through.set(pairs.length, found.via);
    pairs.push(held.a[h]!, held.b[h]!, found.pattern, held.kind[h]!, found.frequency);
  }
  return through;
}

/** The probability from which a pair of this record's kind is proposed. */
function thresholdOf(record: PreparedRecord, settings: ResolveOptions): number {
  return record.kind === 'Organisation'
    ? Math.max(settings.threshold, settings.organisationThreshold)
    : settings.threshold;
}
