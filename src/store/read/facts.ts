/**
 * A node's properties as a restricted viewer may see them. The loader keeps, on each extract's
 * MENTIONS of a node, the values that extract recorded (`p_<key>`), its spellings of the name
 * (`names`) and its search text (`search`). PROPS(x) (store/cypher.ts) hands a restricted viewer
 * those mentions, oldest extract first; this merges them as the loader merges the node itself —
 * the first value of each key wins, spellings are united in order — so the display name, every
 * property and every spelling come from an extract the viewer may see, and nothing else does.
 */
import {
  assessMinor,
  type DatedFact,
  MINOR_PLACEHOLDER,
  type MinorAssessment,
  mergeAssessments,
} from '../../model/minor.ts';
import type { Plain } from '../convert.ts';
import { FACTS_KEY, MINOR_KEY } from '../cypher.ts';
import { MINOR_FACT_KEYS } from '../minors-cypher.ts';

type Props = { [key: string]: Plain };

/** Prefix of a node property's value as one extract recorded it, on that extract's MENTIONS. */
export const FACT_PREFIX = 'p_';

/** The mention's facts for a node's properties: every value prefixed, the spellings as they are. */
export function mentionFacts(
  props: Record<string, unknown>,
  names: readonly string[],
): Record<string, unknown> {
  const facts: Record<string, unknown> = {};
  for (const key in props) facts[FACT_PREFIX + key] = props[key];
  if (names.length > 0) facts.names = [...names];
  return facts;
}

/** The property a person's minor assessment is read from (Person.minor, the analysis graph). */
export const MINOR_PROPERTY = 'minor';
/** Set (true) on an entity whose details were withheld from the viewer. */
export const WITHHELD_PROPERTY = 'withheld';

/**
 * Plain properties from a PROPS(x) column: unchanged for a full-scope viewer, merged otherwise —
 * and, for a person who is possibly a minor by the facts the viewer may see, the assessment under
 * `minor`, with every detail withheld unless the viewer holds the `minors` role. This is the one
 * place the rule is applied: every read of a node's properties comes through here.
 */
export function plainProps(props: Props): Props {
  // Not a person (or read without PROPS): the merge alone, the same object for a full-scope viewer.
  if (!Object.hasOwn(props, MINOR_KEY)) return mergedProps(withoutRuleFacts(props));
  const { [MINOR_KEY]: minorFacts, ...rest } = props;
  return withMinorRule(mergedProps(withoutRuleFacts(rest)), minorFacts);
}

/**
 * The minors rule's stored evidence (store/minor-facts.ts) is not a property of the person: it
 * names every extract that recorded a fact, so it never leaves the store (a full-scope read
 * returns the node's stored properties, these among them).
 */
function withoutRuleFacts(props: Props): Props {
  if (!Object.hasOwn(props, 'mnr_seenBy') && !Object.hasOwn(props, 'mnr_birth')) return props;
  const out: Props = {};
  for (const key in props)
    if (!(MINOR_FACT_KEYS as readonly string[]).includes(key)) out[key] = props[key] ?? null;
  return out;
}

function withMinorRule(props: Props, facts: Plain | undefined): Props {
  if (facts === null || facts === undefined || typeof facts !== 'object' || Array.isArray(facts))
    return props;
  const f = facts as Props;
  // The records of the person's identity that are minors by the viewer's facts (the query decided:
  // store/minors-cypher.ts minorRecord); each is explained by its own facts, then merged.
  const records = (Array.isArray(f.records) ? f.records : []) as unknown as {
    birthDates: unknown[] | null;
    events: DatedFact[] | null;
  }[];
  if (records.length === 0) return props;
  const assessments = records
    .map((r) => assessMinor(r.birthDates ?? [], r.events ?? []))
    .filter((a): a is MinorAssessment => a !== undefined);
  const birthDates = records.flatMap((r) => r.birthDates ?? []).map(String);
  // The query and this file read the same rule; should they ever disagree (a query run across
  // midnight), protecting the child wins: possibly a minor, today.
  const assessment = mergeAssessments(assessments, birthDates) ?? {
    certainty: 'possible',
    atEvents: [{ kind: 'now', date: null, certainty: 'possible' }],
    conflictingBirthDates: false,
  };
  const minor = assessment as unknown as Plain;
  if (f.entitled === true) return { ...props, [MINOR_PROPERTY]: minor };
  // Withheld: the id stays (it is how the record is reached), nothing that identifies the child.
  return {
    id: props.id ?? null,
    name: MINOR_PLACEHOLDER,
    [MINOR_PROPERTY]: minor,
    [WITHHELD_PROPERTY]: true,
  };
}

function mergedProps(props: Props): Props {
  const mentions = props[FACTS_KEY];
  if (!Array.isArray(mentions)) return props;
  const out: Props = { id: props.id ?? null };
  const names: string[] = [];
  for (const mention of mentions as Props[]) {
    for (const key in mention) {
      if (!key.startsWith(FACT_PREFIX)) continue;
      const name = key.slice(FACT_PREFIX.length);
      if (out[name] === undefined && mention[key] !== null) out[name] = mention[key] ?? null;
    }
    for (const spelling of (mention.names as string[] | null) ?? [])
      if (!names.includes(spelling)) names.push(spelling);
  }
  if (names.length > 0) out.names = names;
  return out;
}

/** One extract that recorded a relationship, and its row there. */
export interface Recorder {
  extractId: string;
  row: number | null;
}

/**
 * The recorders of a relationship as REL_PROPS hands them over (store/cypher.ts): `extracts` and
 * `extractRows` already hold only what the viewer may see, in recording order; an event read from
 * one file has only `extract`/`row`. No filtering here: the query did it.
 */
export function recordersOf(props: Props): Recorder[] {
  const out: Recorder[] = [];
  const extracts = Array.isArray(props.extracts) ? props.extracts : [];
  const rows = Array.isArray(props.extractRows) ? props.extractRows : [];
  extracts.forEach((extract, i) => {
    if (typeof extract !== 'string') return;
    const row = rows[i];
    out.push({ extractId: extract, row: typeof row === 'number' ? row : null });
  });
  if (typeof props.extract === 'string' && !out.some((p) => p.extractId === props.extract)) {
    out.unshift({ extractId: props.extract, row: typeof props.row === 'number' ? props.row : null });
  }
  return out;
}
