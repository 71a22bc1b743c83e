/** Entities by id, their sources (provenance) and their direct relationships, batched for DataLoader. */
import { pushTo } from '../../model/group.ts';
import { labelOfId } from '../../model/ids.ts';
import { type EntityLabel, isEntityLabel } from '../../model/labels.ts';
import type { RelationshipType } from '../../model/relationships.ts';
import { int, type Plain } from '../convert.ts';
import { cypher } from '../cypher.ts';
import { type Row, readTx, type Tx } from '../run.ts';
import { plainProps } from './facts.ts';
import type { ReadScope } from './scope.ts';

export type Props = { [key: string]: Plain };

export interface EntityRecord {
  id: string;
  label: EntityLabel;
  props: Props;
}

export interface SourceRecord {
  extractId: string;
  name: string;
  source: string;
  jurisdiction: string | null;
  sha256: string;
  firstRow: number;
  rows: number;
}

export interface RelatedRecord {
  /** Element id of the relationship, stable within a database. */
  relId: string;
  type: RelationshipType;
  direction: 'OUT' | 'IN';
  props: Props;
  other: EntityRecord;
}

/** The node's entity label: core or declared by the model extension (a label no longer declared hides it). */
export function entityLabelOf(labels: Plain): EntityLabel | undefined {
  return ((labels ?? []) as string[]).find((l): l is EntityLabel => isEntityLabel(l));
}

/** A row with `labels` and `props` columns → an entity (undefined for non-entities such as an Extract). */
export function toEntity(row: Row, labelsColumn = 'labels', propsColumn = 'props'): EntityRecord | undefined {
  const label = entityLabelOf(row[labelsColumn] ?? null);
  const raw = row[propsColumn] as Props | null;
  if (label === undefined || raw === null || typeof raw.id !== 'string') return undefined;
  return { id: raw.id, label, props: plainProps(raw) };
}

/**
 * Groups ids by the label their prefix names, so every query can start from `(n:Label {id})` and use
 * the uniqueness index; ids Skein did not make are dropped (they cannot name an entity).
 */
export function groupByLabel(ids: Iterable<string>): Map<EntityLabel, string[]> {
  const byLabel = new Map<EntityLabel, string[]>();
  for (const id of new Set(ids)) {
    const label = labelOfId(id);
    if (label === undefined || label === 'Extract') continue;
    const list = byLabel.get(label) ?? [];
    list.push(id);
    byLabel.set(label, list);
  }
  return byLabel;
}

const ENTITIES = `
MATCH (n:__LABEL__) WHERE n.id IN $ids AND VISIBLE(n)
RETURN labels(n) AS labels, PROPS(n) AS props`;

const SOURCES = `
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})<-[m:MENTIONS]-(e:Extract)
WHERE $scope.all OR e.id IN $scope.extracts
RETURN id, e.id AS extractId, e.name AS name, e.source AS source, e.jurisdiction AS jurisdiction,
       e.sha256 AS sha256, m.firstRow AS firstRow, m.rows AS rows
ORDER BY id, e.loadedAt, e.id`;

/**
 * ENTITIES and SOURCES in one statement, for a query that asks for both (`entity(id) { sources }`):
 * the same visibility and the same extracts, in SOURCES' order.
 */
const ENTITIES_WITH_SOURCES = `
MATCH (n:__LABEL__) WHERE n.id IN $ids AND VISIBLE(n)
CALL (n) {
  OPTIONAL MATCH (n)<-[m:MENTIONS]-(e:Extract)
  WHERE $scope.all OR e.id IN $scope.extracts
  WITH m, e ORDER BY e.loadedAt, e.id
  RETURN collect(CASE WHEN e IS NULL THEN null ELSE {
    extractId: e.id, name: e.name, source: e.source, jurisdiction: e.jurisdiction, sha256: e.sha256,
    firstRow: m.firstRow, rows: m.rows
  } END) AS sources
}
RETURN labels(n) AS labels, PROPS(n) AS props, sources`;

const RELATED_OUT = `
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id})
CALL (n) {
  MATCH (n)-[r:__TYPE__]->(o)
  WHERE REL_VISIBLE(r) AND VISIBLE(o)
  RETURN r, o ORDER BY coalesce(r.at, r.from, ''), o.id LIMIT $limit
}
RETURN id, elementId(r) AS relId, REL_PROPS(r) AS rel, labels(o) AS labels, PROPS(o) AS props`;

const RELATED_IN = RELATED_OUT.replace('(n)-[r:__TYPE__]->(o)', '(n)<-[r:__TYPE__]-(o)');

/** Runs `template` once per label group in `tx` and concatenates the rows. */
async function perLabelIn(
  tx: Tx,
  groups: Map<EntityLabel, string[]>,
  template: string,
  params: Record<string, unknown>,
  fill: { type?: RelationshipType } = {},
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [label, labelIds] of groups) {
    rows.push(...(await tx.run(cypher(template, { label, ...fill }), { ...params, ids: labelIds })));
  }
  return rows;
}

/** Runs `template` once per label group in one read (Executor.read) and concatenates the rows. */
async function perLabel(
  ids: Iterable<string>,
  template: string,
  params: Record<string, unknown>,
  fill: { type?: RelationshipType } = {},
): Promise<Row[]> {
  const groups = groupByLabel(ids);
  if (groups.size === 0) return [];
  return readTx((tx) => perLabelIn(tx, groups, template, params, fill));
}

function entitiesOf(rows: Row[]): Map<string, EntityRecord> {
  const found = new Map<string, EntityRecord>();
  for (const row of rows) {
    const entity = toEntity(row);
    if (entity) found.set(entity.id, entity);
  }
  return found;
}

/** Loads entities by id (one query per label); invisible and unknown ids are simply absent. */
export async function loadEntities(
  ids: readonly string[],
  scope: ReadScope,
): Promise<Map<string, EntityRecord>> {
  return entitiesOf(await perLabel(ids, ENTITIES, { scope }));
}

/** loadEntities inside a transaction the caller already holds (no extra round trip to open one). */
export async function loadEntitiesIn(
  tx: Tx,
  ids: readonly string[],
  scope: ReadScope,
): Promise<Map<string, EntityRecord>> {
  return entitiesOf(await perLabelIn(tx, groupByLabel(ids), ENTITIES, { scope }));
}

/** The extracts that mention each entity, with the first row and the number of rows. */
export async function loadSources(
  ids: readonly string[],
  scope: ReadScope,
): Promise<Map<string, SourceRecord[]>> {
  const out = new Map<string, SourceRecord[]>();
  for (const row of await perLabel(ids, SOURCES, { scope })) pushTo(out, String(row.id), toSource(row));
  return out;
}

function toSource(row: { [key: string]: Plain }): SourceRecord {
  return {
    extractId: String(row.extractId),
    name: String(row.name ?? row.extractId),
    source: String(row.source ?? ''),
    jurisdiction: (row.jurisdiction as string | null) ?? null,
    sha256: String(row.sha256 ?? ''),
    firstRow: Number(row.firstRow ?? 0),
    rows: Number(row.rows ?? 0),
  };
}

/**
 * loadEntities and loadSources of the same ids in one statement per label: what each would answer,
 * sources only for the entities found.
 */
export async function loadEntitiesWithSources(
  ids: readonly string[],
  scope: ReadScope,
): Promise<{ entities: Map<string, EntityRecord>; sources: Map<string, SourceRecord[]> }> {
  const entities = new Map<string, EntityRecord>();
  const sources = new Map<string, SourceRecord[]>();
  for (const row of await perLabel(ids, ENTITIES_WITH_SOURCES, { scope })) {
    const entity = toEntity(row);
    if (!entity) continue;
    entities.set(entity.id, entity);
    sources.set(entity.id, (row.sources as { [key: string]: Plain }[]).map(toSource));
  }
  return { entities, sources };
}

/**
 * Direct relationships of many entities at once (one round trip per label group), for fields such
 * as Person.accounts or Account.holders. At most `limitPerNode` per entity.
 */
export async function loadRelated(
  ids: readonly string[],
  type: RelationshipType,
  direction: 'OUT' | 'IN',
  scope: ReadScope,
  limitPerNode = 500,
): Promise<Map<string, RelatedRecord[]>> {
  const rows = await perLabel(
    ids,
    direction === 'OUT' ? RELATED_OUT : RELATED_IN,
    { scope, limit: int(limitPerNode) },
    { type },
  );
  const out = new Map<string, RelatedRecord[]>();
  for (const row of rows) {
    const other = toEntity(row);
    if (!other) continue;
    const list = out.get(String(row.id)) ?? [];
    list.push({ relId: String(row.relId), type, direction, props: row.rel as Props, other });
    out.set(String(row.id), list);
  }
  return out;
}
