/**
 * Identities (issue #13, model/resolution-contract.ts): the records one viewer may know to be one
 * person or organisation. An identity is a connected component of the SAME_AS relationships the
 * viewer may read — both records VISIBLE, and the relationship's `jurisdictions` covered by the
 * viewer's scope (record-scope.ts coveredBy), as analysis runs are — so a GB viewer never sees two
 * records joined through an IE-only record or through a match a GB+IE run made. Nothing is stored:
 * the component is walked at read time, per viewer, the one place every reader (the API, search,
 * neighbourhood, paths, money flow, timeline, exports) asks.
 *
 * The walk is breadth-first from all asked records at once, one query per hop (not one quantified
 * path pattern: path enumeration over a dense cluster grows with the number of paths, a hop with the
 * number of records). The component is walked whole, so its id (its smallest record) and what it
 * lists are the same from whichever record it is asked; one larger than `maxRecords` lists its
 * smallest ids and says it was truncated: a cluster that size is a resolution error to look at, not
 * one actor. `maxWalk` bounds what one request walks.
 */
import { identityId } from '../../model/resolution-contract.ts';
import { cypher } from '../cypher.ts';
import { readTx, type Tx } from '../run.ts';
import { type EntityRecord, groupByLabel, loadEntitiesIn, loadSources } from './entities.ts';
import { coveredBy, scopeParameter } from './record-scope.ts';
import type { ReadScope } from './scope.ts';

export const IDENTITY_DEFAULTS = {
  /** Most records an identity lists: a larger component lists its smallest ids and says truncated. */
  maxRecords: 500,
  /**
   * Most records walked for one request: the cost bound. Up to it every component is walked whole,
   * so its id and its listed records do not depend on where the walk started.
   */
  maxWalk: 50_000,
};

/** One identity as a viewer may know it. */
export interface IdentityComponent {
  /** `identity:<smallest record id>` (resolution-contract.ts identityId). */
  id: string;
  /** The records, sorted by id; always two or more. */
  recordIds: string[];
  /**
   * True when the component has more than `maxRecords` records: `recordIds` are then its
   * `maxRecords` smallest ids, whichever record was asked (every record of it answers this one).
   */
  truncated: boolean;
}

/** The records a readable SAME_AS joins to each of `ids` (the asked records must be VISIBLE too). */
const PARTNERS = `
UNWIND $ids AS id
MATCH (x:__LABEL__ {id: id}) WHERE VISIBLE(x)
MATCH (x)-[s:SAME_AS]-(m)
WHERE ${coveredBy('s', 'matchScope')} AND VISIBLE(m)
RETURN id, collect(DISTINCT m.id) AS partners`;

/** Partners of every id in one read, one query per label. */
async function partnersOf(tx: Tx, ids: readonly string[], scope: ReadScope): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  for (const [label, labelIds] of groupByLabel(ids)) {
    if (label !== 'Person' && label !== 'Organisation') continue;
    const rows = await tx.run(cypher(PARTNERS, { label }), {
      ids: labelIds,
      scope,
      matchScope: scopeParameter(scope),
    });
    for (const row of rows) out.set(String(row.id), (row.partners as string[]).map(String));
  }
  return out;
}

/**
 * The identity of each of `ids` that belongs to one (a record alone has none: it is absent from
 * the map), and of every other record those identities hold. Ids the viewer may not see have none.
 */
export async function identitiesOf(
  ids: readonly string[],
  scope: ReadScope,
  options: Partial<typeof IDENTITY_DEFAULTS> = {},
): Promise<Map<string, IdentityComponent>> {
  return readTx((tx) => identitiesIn(tx, ids, scope, options));
}

/** identitiesOf inside a transaction the caller holds. */
export async function identitiesIn(
  tx: Tx,
  ids: readonly string[],
  scope: ReadScope,
  options: Partial<typeof IDENTITY_DEFAULTS> = {},
): Promise<Map<string, IdentityComponent>> {
  const max = options.maxRecords ?? IDENTITY_DEFAULTS.maxRecords;
  const maxWalk = options.maxWalk ?? IDENTITY_DEFAULTS.maxWalk;
  // Union-find over what the walk discovers.
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root)!;
    let at = x;
    while (at !== root) {
      const next = parent.get(at)!;
      parent.set(at, root);
      at = next;
    }
    return root;
  };
  const add = (x: string) => {
    if (parent.has(x)) return false;
    parent.set(x, x);
    return true;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(rb, ra);
  };
  // The whole component is walked (up to maxWalk records in all), not cut at maxRecords: a cut
  // depends on where the walk started, and so would the identity's id and records.
  let frontier = [...new Set(ids)].sort();
  for (const id of frontier) add(id);
  while (frontier.length > 0 && parent.size < maxWalk) {
    const partners = await partnersOf(tx, frontier, scope);
    const next: string[] = [];
    for (const [id, list] of partners) {
      for (const other of list) {
        if (add(other)) next.push(other);
        union(id, other);
      }
    }
    frontier = next.sort();
  }
  const members = new Map<string, string[]>();
  for (const id of parent.keys()) {
    const root = find(id);
    const list = members.get(root) ?? [];
    list.push(id);
    members.set(root, list);
  }
  const out = new Map<string, IdentityComponent>();
  for (const list of members.values()) {
    if (list.length < 2) continue;
    // Every record here was found through a VISIBLE check; the smallest ids stand for a large group.
    list.sort();
    const component: IdentityComponent = {
      id: identityId(list[0]!),
      recordIds: list.slice(0, max),
      truncated: list.length > max,
    };
    for (const id of list) out.set(id, component);
  }
  return out;
}

/** The identity whose id is `identity:<record>`, or the one that record belongs to now; null alone. */
export async function identityById(id: string, scope: ReadScope): Promise<IdentityComponent | null> {
  if (!id.startsWith('identity:')) return null;
  const record = id.slice('identity:'.length);
  return (await identitiesOf([record], scope)).get(record) ?? null;
}

/** What an identity gathers from its records, as the viewer may read them. */
export interface IdentityDetails {
  records: EntityRecord[];
  names: string[];
  birthDates: string[];
  sources: string[];
  identifiers: string[];
}

/** The identifiers a record's visible links reach (ids of phones, e-mails, accounts, documents). */
const IDENTIFIERS = `
UNWIND $ids AS id
MATCH (x:__LABEL__ {id: id})-[r:HAS_PHONE|HAS_EMAIL|HOLDS|HAS_DOCUMENT]->(i)
WHERE REL_VISIBLE(r) AND VISIBLE(i)
RETURN DISTINCT i.id AS identifier ORDER BY identifier`;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

/** Names, dates, sources and identifiers of the identity's records, each once, in a stable order. */
export async function identityDetails(
  component: IdentityComponent,
  scope: ReadScope,
): Promise<IdentityDetails> {
  const [{ entities, identifiers }, sources] = await Promise.all([
    readTx(async (tx) => {
      const entities = await loadEntitiesIn(tx, component.recordIds, scope);
      const identifiers = new Set<string>();
      for (const [label, ids] of groupByLabel(component.recordIds)) {
        for (const row of await tx.run(cypher(IDENTIFIERS, { label }), { ids, scope }))
          identifiers.add(String(row.identifier));
      }
      return { entities, identifiers };
    }),
    loadSources(component.recordIds, scope),
  ]);
  const records = component.recordIds.flatMap((id) => entities.get(id) ?? []);
  const names: string[] = [];
  const birthDates = new Set<string>();
  for (const record of records) {
    const spellings = [text(record.props.name), ...((record.props.names as string[] | null) ?? [])];
    for (const name of spellings) if (name !== undefined && !names.includes(name)) names.push(name);
    const birthDate = text(record.props.birthDate);
    if (birthDate) birthDates.add(birthDate);
    const registration = text(record.props.registrationNumber);
    if (registration) identifiers.add(`registration:${text(record.props.country) ?? ''}|${registration}`);
  }
  const sourceNames = new Set<string>();
  for (const id of component.recordIds)
    for (const source of sources.get(id) ?? []) sourceNames.add(source.source || source.name);
  return {
    records,
    names,
    birthDates: [...birthDates].sort(),
    sources: [...sourceNames].sort(),
    identifiers: [...identifiers].sort(),
  };
}
