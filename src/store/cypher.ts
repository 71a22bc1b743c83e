/**
 * Query templates → Cypher text. Labels and relationship types cannot be parameters, so templates
 * name them with placeholders that only the model's allow-lists can fill:
 *   __LABEL__, __FROM__, __TO__   a node label (asserted against model/labels.ts)
 *   __TYPE__                      a relationship type (asserted against model/relationships.ts)
 *   __TYPES__                     several types joined with | for a pattern ([r:A|B])
 *   VISIBLE(x)                    need-to-know predicate for node variable x (read/scope.ts)
 *   REL_VISIBLE(r)                need-to-know predicate for relationship variable r
 *   PROPS(x)                      node x's properties as the viewer's extracts recorded them
 *                                 (a map; read/facts.ts turns it into plain properties)
 *   REL_PROPS(r)                  relationship r's properties, or only the provenance of the
 *                                 viewer's extract when r was first recorded by another one
 *   WITHHELD(x)                   x is a Person whose details this viewer may not read: possibly
 *                                 a minor, and the viewer without the `minors` role
 *                                 (store/minors-cypher.ts; PROPS(x) carries the facts to
 *                                 read/facts.ts, VISIBLE(x) hides a minor's identity documents)
 *   __HOPS__                      an integer bound for a variable-length pattern (1 to 8)
 * Every value stays a $parameter. Compiled text is cached per template and fill.
 */

import { onExtensionChange } from '../model/extension.ts';
import { assertNodeLabel, type NodeLabel } from '../model/labels.ts';
import {
  assertRelationshipType,
  type RelationshipType,
  relationshipSpec,
  relationshipTypes,
} from '../model/relationships.ts';
import {
  hiddenMinorIdentifier,
  MINOR_IDENTIFIER_LABELS,
  minorFacts,
  withheldMinor,
} from './minors-cypher.ts';

export interface Fill {
  label?: NodeLabel;
  from?: NodeLabel;
  to?: NodeLabel;
  type?: RelationshipType;
  types?: readonly RelationshipType[];
  /** Upper bound of a variable-length pattern (__HOPS__): an integer from 1 to 8. */
  hops?: number;
}

const cache = new Map<string, string>();
// Texts depend on the model (labels, types, the need-to-know macros' kinds): a new model, new texts.
onExtensionChange(() => {
  cache.clear();
  fullScopeText.clear();
});
const VARIABLE = /^[a-z][a-zA-Z0-9_]*$/;

function variable(name: string): string {
  if (!VARIABLE.test(name)) throw new Error(`store/cypher: "${name}" is not a Cypher variable name`);
  return name;
}

// ---- need-to-know fragments (see read/scope.ts and read/facts.ts) ----------------------------------

/**
 * Mentioned by an extract the viewer may see — and not an identifier of a minor's the viewer may
 * not read (a document, the child's own phone, e-mail or account: its id says who the child is;
 * store/minors-cypher.ts).
 */
function nodeVisible(v: string, identifier = true): string {
  const seen = `($scope.all OR EXISTS { MATCH (sx:Extract)-[:MENTIONS]->(${v}) WHERE sx.id IN $scope.extracts })`;
  return identifier ? `(${seen} AND NOT ${hiddenMinorIdentifier(v, SCOPED)})` : seen;
}

/** VISIBLE(x) for a viewer of every jurisdiction: only the minors' rule is left. */
function fullNodeVisible(v: string, identifier = true): string {
  return identifier ? `(NOT ${hiddenMinorIdentifier(v, FULL)})` : 'true';
}

const SCOPED = { full: false };
const FULL = { full: true };

/** A structural relationship lists every extract that recorded it; an event has one. */
function relVisible(r: string): string {
  return `($scope.all OR ${r}.extract IN $scope.extracts OR any(sxe IN ${r}.extracts WHERE sxe IN $scope.extracts))`;
}

/**
 * Everything for a viewer of every jurisdiction; otherwise the facts each visible extract's
 * mention holds, oldest extract first, merged in Node (first value wins, as in the loader).
 */
function nodeProps(v: string, person = true): string {
  const minor = person ? `, ${MINOR_KEY}: ${minorFacts(v, SCOPED)}` : '';
  return (
    `CASE WHEN $scope.all THEN properties(${v}) ELSE {id: ${v}.id, ${FACTS_KEY}: COLLECT { ` +
    `MATCH (sx:Extract)-[sm:MENTIONS]->(${v}) WHERE sx.id IN $scope.extracts ` +
    `RETURN properties(sm) ORDER BY coalesce(sx.startedAt, sx.loadedAt, ''), sx.id }${minor}} END`
  );
}

/** PROPS(x) for a viewer of every jurisdiction: the stored properties, and a person's minor facts. */
function fullNodeProps(v: string, person = true): string {
  if (!person) return `properties(${v})`;
  return `CASE WHEN ${v}:Person THEN ${v} {.*, ${MINOR_KEY}: ${minorFacts(v, FULL)}} ELSE properties(${v}) END`;
}

/**
 * A relationship's values are its first recorder's: another extract that recorded the same link
 * adds only itself (and its row) to `extracts`, so a viewer of that extract alone sees the link and
 * its own provenance, never the first recorder's values. `extracts`/`extractRows` keep only the
 * recorders the viewer may see (in recording order), so Relationship.recorders lists no other.
 */
function relProps(r: string): string {
  const lists =
    `extracts: [sxe IN coalesce(${r}.extracts, []) WHERE sxe IN $scope.extracts], ` +
    `extractRows: [sxr IN range(0, size(coalesce(${r}.extracts, [])) - 1) WHERE ${r}.extracts[sxr] IN $scope.extracts | ${r}.extractRows[sxr]]`;
  const own = `{extract: ${r}.extracts[sxi], row: ${r}.extractRows[sxi], ${lists}}`;
  return (
    `CASE WHEN $scope.all THEN properties(${r}) ` +
    `WHEN ${r}.extract IN $scope.extracts THEN ${r} {.*, ${lists}} ELSE ` +
    `head([sxi IN range(0, size(coalesce(${r}.extracts, [])) - 1) WHERE ${r}.extracts[sxi] IN $scope.extracts | ` +
    `${withFact(r, own, lists)}]) END`
  );
}

/**
 * The kind of a link whose kinds are distinct facts (RELATED_TO's kind, PARTY_TO's capacity:
 * model/core.ts `distinct`) is part of its identity: every extract that recorded the link recorded
 * that value (store/write.ts merges on it), so a later recorder's viewer sees it with its own
 * provenance. Other links: the provenance alone.
 */
function withFact(r: string, own: string, lists: string): string {
  const byProperty = new Map<string, string[]>();
  for (const type of relationshipTypes()) {
    const distinct = relationshipSpec(type).distinct;
    if (distinct !== undefined) byProperty.set(distinct, [...(byProperty.get(distinct) ?? []), type]);
  }
  if (byProperty.size === 0) return own;
  const cases = [...byProperty].map(
    ([property, types]) =>
      `WHEN type(${r}) IN [${types.map((t) => `'${assertRelationshipType(t)}'`).join(', ')}] AND ${r}.factKey <> '' ` +
      `THEN {extract: ${r}.extracts[sxi], row: ${r}.extractRows[sxi], ${variable(property)}: ${r}.factKey, ${lists}}`,
  );
  return `CASE ${cases.join(' ')} ELSE ${own} END`;
}

/** The key under which PROPS(x) hands a restricted viewer's per-extract facts to read/facts.ts. */
export const FACTS_KEY = 'facts__';

/** The key under which PROPS(x) hands a person's minor facts (store/minors-cypher.ts) to read/facts.ts. */
export const MINOR_KEY = 'minor__';

/** The need-to-know macros as a restricted viewer's query needs them. */
function scopedMacros(template: string): string {
  return template
    .replace(/REL_PROPS\((\w+)\)/g, (_m, r: string) => relProps(variable(r)))
    .replace(/(?<!REL_)PROPS\((\w+)\)/g, (_m, v: string) =>
      nodeProps(variable(v), mayBe(template, v, ['Person'])),
    )
    .replace(/WITHHELD\((\w+)\)/g, (_m, v: string) => withheldMinor(variable(v), SCOPED))
    .replace(/REL_VISIBLE\((\w+)\)/g, (_m, r: string) => relVisible(variable(r)))
    .replace(/(?<!REL_)VISIBLE\((\w+)\)/g, (_m, v: string) =>
      nodeVisible(variable(v), mayBe(template, v, MINOR_IDENTIFIER_LABELS)),
    );
}

/**
 * Whether node variable `v` may carry one of `wanted` labels in this (label-filled) template: false
 * only when every pattern that names it gives it one other label, e.g. `(n:Address)`. The minors' rules then stay
 * out of its macros: the query plans faster (each rule is several pattern comprehensions).
 */
function mayBe(template: string, v: string, wanted: readonly string[]): boolean {
  const labels = [...template.matchAll(new RegExp(`\\(${v}:([A-Za-z_]+)([|:)\\s{])`, 'g'))];
  if (labels.length === 0) return true;
  return labels.some(([, found, after]) => wanted.includes(found ?? '') || after === '|' || after === ':');
}

/**
 * The same macros for a viewer of every jurisdiction, where each is what the scoped form evaluates
 * to when `$scope.all` is true: nothing to filter, the stored properties as they are. Measured: a
 * full-scope neighbourhood hop 10–20 % faster than planning and evaluating the scoped expressions.
 */
function fullScopeMacros(template: string): string {
  return template
    .replace(/REL_PROPS\((\w+)\)/g, (_m, r: string) => `properties(${variable(r)})`)
    .replace(/(?<!REL_)PROPS\((\w+)\)/g, (_m, v: string) =>
      fullNodeProps(variable(v), mayBe(template, v, ['Person'])),
    )
    .replace(/WITHHELD\((\w+)\)/g, (_m, v: string) => withheldMinor(variable(v), FULL))
    .replace(/REL_VISIBLE\((\w+)\)/g, (_m, r: string) => `${variable(r) && 'true'}`)
    .replace(/(?<!REL_)VISIBLE\((\w+)\)/g, (_m, v: string) =>
      fullNodeVisible(variable(v), mayBe(template, v, MINOR_IDENTIFIER_LABELS)),
    );
}

/** Compiled text → the same statement for a full-scope viewer (only where they differ). */
const fullScopeText = new Map<string, string>();

/**
 * The text to run for these parameters: the full-scope variant of a compiled template when the
 * query's `$scope` is everything, else the text itself. The executor calls this for every statement,
 * so no repository has to choose.
 */
export function textForScope(text: string, params: Record<string, unknown> | undefined): string {
  const scope = params?.scope as { all?: unknown } | undefined;
  if (scope?.all !== true) return text;
  return fullScopeText.get(text) ?? text;
}

/**
 * The statement to run: as textForScope, except for a viewer of all while some load is incomplete
 * (read/scope.ts): then the restricted text, with `$scope` saying "these extracts" — every complete
 * one — so data of a failed or running load is read by no one. Records scoped by jurisdiction take
 * their own parameter (read/record-scope.ts scopeParameter), which has no `incomplete`.
 */
export function statementForScope(
  text: string,
  params: Record<string, unknown>,
): { text: string; params: Record<string, unknown> } {
  const scope = params.scope as { all?: unknown; incomplete?: unknown } | undefined;
  if (scope?.all === true && Array.isArray(scope.incomplete) && scope.incomplete.length > 0) {
    // Still a viewer of every jurisdiction where records are scoped by jurisdiction (the SAME_AS
    // links the minors rule follows: store/minors-cypher.ts).
    return { text, params: { ...params, scope: { ...scope, all: false, everyJurisdiction: true } } };
  }
  return { text: textForScope(text, params), params };
}

export function cypher(template: string, fill: Fill = {}): string {
  const key = `${template}\u0000${JSON.stringify(fill)}`;
  const cached = cache.get(key);
  if (cached !== undefined) return cached;
  // Names first, so the macros know each variable's label (mayBe).
  const named = fillNames(template, fill);
  const text = scopedMacros(named);
  const all = fullScopeMacros(named);
  if (all !== text) fullScopeText.set(text, all);
  cache.set(key, text);
  return text;
}

/** Labels, types and hop bounds, only from the model's allow-lists. */
function fillNames(template: string, fill: Fill): string {
  let text = template;
  const need = (placeholder: string, value: string | undefined): string => {
    if (value === undefined)
      throw new Error(`store/cypher: the template uses ${placeholder} but no value was given`);
    return value;
  };
  if (text.includes('__LABEL__'))
    text = text.replaceAll(
      '__LABEL__',
      need('__LABEL__', fill.label === undefined ? undefined : assertNodeLabel(fill.label)),
    );
  if (text.includes('__FROM__'))
    text = text.replaceAll(
      '__FROM__',
      need('__FROM__', fill.from === undefined ? undefined : assertNodeLabel(fill.from)),
    );
  if (text.includes('__TO__'))
    text = text.replaceAll(
      '__TO__',
      need('__TO__', fill.to === undefined ? undefined : assertNodeLabel(fill.to)),
    );
  if (text.includes('__TYPES__')) {
    const types = need(
      '__TYPES__',
      fill.types && fill.types.length > 0 ? fill.types.map(assertRelationshipType).join('|') : undefined,
    );
    text = text.replaceAll('__TYPES__', types);
  }
  if (text.includes('__HOPS__')) {
    const hops = fill.hops;
    if (hops === undefined || !Number.isInteger(hops) || hops < 1 || hops > 8) {
      throw new Error(`store/cypher: __HOPS__ must be an integer from 1 to 8, got ${hops}`);
    }
    text = text.replaceAll('__HOPS__', String(hops));
  }
  if (text.includes('__TYPE__'))
    text = text.replaceAll(
      '__TYPE__',
      need('__TYPE__', fill.type === undefined ? undefined : assertRelationshipType(fill.type)),
    );
  return text;
}
