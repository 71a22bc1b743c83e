/**
 * Investigators' own knowledge: roles in cases, tags and notes. Like every fact in Skein it has
 * provenance, and need-to-know applies to it as to seized data (issue 19):
 * - A case belongs to one jurisdiction, and a per-jurisdiction "investigator records" Extract
 *   mentions it and carries its INVOLVED_IN relationships (keyed by that extract), so only viewers
 *   of that jurisdiction see the case and its roles. Only a user holding the jurisdiction writes
 *   into it: roles recorded by one jurisdiction are never overwritten by another, they coexist in
 *   each jurisdiction's own cases.
 * - An annotation records the jurisdictions its author held when writing it (`['*']` for an author
 *   of every jurisdiction) and is read only by viewers whose scope covers all of them: a note may
 *   draw on anything its author could see.
 */
import { randomUUID } from 'node:crypto';
import type { EntityLabel } from '../model/labels.ts';
import type { CaseRole } from '../model/roles.ts';
import { cypher } from './cypher.ts';
import { coversJurisdictions, type ReadScope } from './read/scope.ts';
import { executeRead, writeTx } from './run.ts';

export function investigatorExtractId(jurisdiction: string): string {
  return `extract:investigator:${jurisdiction}`;
}

/** A write into a jurisdiction its author does not hold. */
export class KnowledgeForbiddenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KnowledgeForbiddenError';
  }
}

/** Throws unless an author of `jurisdictions` ('*' = all) may write into `jurisdiction`. */
export function assertWritesInto(jurisdiction: string, jurisdictions: readonly string[]): void {
  if (jurisdictions.includes('*') || jurisdictions.includes(jurisdiction)) return;
  throw new KnowledgeForbiddenError(
    `store/knowledge: you may write only into cases of your jurisdictions (${jurisdictions.join(', ') || 'none'}), not ${jurisdiction}`,
  );
}

/** The jurisdictions an annotation is stamped with: '*' alone for an author of every one. */
export function annotationJurisdictions(authorJurisdictions: readonly string[]): string[] {
  if (authorJurisdictions.includes('*')) return ['*'];
  const codes = [...new Set(authorJurisdictions.map((j) => j.trim().toUpperCase()))].sort();
  if (codes.length === 0) {
    throw new KnowledgeForbiddenError('store/knowledge: an author without jurisdictions cannot annotate');
  }
  return codes;
}

const RECORD_ROLE = `
MERGE (x:Extract {id: $extractId})
  ON CREATE SET x.name = 'Investigator records (' + $jurisdiction + ')', x.source = 'investigator',
    x.jurisdiction = $jurisdiction, x.status = 'complete', x.loadedAt = toString(datetime()), x.sha256 = '',
    x.rows = 0, x.loaded = 0, x.rejected = 0
MERGE (c:Case {id: $caseId})
  ON CREATE SET c.caseNumber = $caseNumber, c.jurisdiction = $jurisdiction, c.name = coalesce($title, $caseNumber),
    c.title = $title
MERGE (x)-[m:MENTIONS]->(c)
  ON CREATE SET m.firstRow = 0, m.rows = 1, m.p_caseNumber = $caseNumber, m.p_jurisdiction = $jurisdiction,
    m.p_name = coalesce($title, $caseNumber), m.p_title = $title, m.search = trim($caseNumber + ' ' + coalesce($title, ''))
WITH x, c
MATCH (p:__LABEL__ {id: $personId})
MERGE (p)-[r:INVOLVED_IN {extract: x.id}]->(c)
SET r.role = $role, r.since = coalesce($since, r.since), r.recordedBy = $author, r.recordedAt = toString(datetime()),
    r.extract = x.id, r.row = 0, r.note = $note
RETURN c.id AS caseId, r.role AS role, r.recordedAt AS recordedAt`;

export async function recordRole(input: {
  personId: string;
  personLabel: EntityLabel;
  jurisdiction: string;
  caseId: string;
  caseNumber: string;
  title: string | null;
  role: CaseRole;
  since: string | null;
  note: string | null;
  author: string;
  /** The author's jurisdictions: the case's must be one of them ('*' = any). */
  authorJurisdictions: readonly string[];
}): Promise<{ caseId: string; role: string; recordedAt: string }> {
  assertWritesInto(input.jurisdiction, input.authorJurisdictions);
  const [row] = await writeTx((tx) =>
    tx.run(cypher(RECORD_ROLE, { label: input.personLabel }), {
      ...input,
      extractId: investigatorExtractId(input.jurisdiction),
    }),
  );
  if (!row) throw new Error(`store/knowledge: ${input.personId} vanished while recording its role`);
  return { caseId: String(row.caseId), role: String(row.role), recordedAt: String(row.recordedAt) };
}

export interface AnnotationRecord {
  id: string;
  entityId: string;
  text: string | null;
  tags: string[];
  author: string;
  at: string;
  /** The author's jurisdictions when writing (['*'] for all): who may read it. */
  jurisdictions: string[];
}

const ANNOTATE = `
MATCH (n:__LABEL__ {id: $entityId})
CREATE (a:Annotation {id: $id, text: $text, tags: $tags, author: $author, jurisdictions: $jurisdictions,
  at: toString(datetime())})-[:ANNOTATES]->(n)
RETURN a {.*} AS a`;

export async function annotate(input: {
  entityId: string;
  label: EntityLabel;
  text: string | null;
  tags: string[];
  author: string;
  authorJurisdictions: readonly string[];
}): Promise<AnnotationRecord> {
  const id = `annotation:${randomUUID()}`;
  const jurisdictions = annotationJurisdictions(input.authorJurisdictions);
  const { authorJurisdictions: _, ...values } = input;
  const [row] = await writeTx((tx) =>
    tx.run(cypher(ANNOTATE, { label: input.label }), { ...values, id, jurisdictions }),
  );
  const a = row?.a as Record<string, unknown> | undefined;
  if (!a) throw new Error(`store/knowledge: ${input.entityId} vanished while annotating it`);
  return {
    id,
    entityId: input.entityId,
    text: (a.text as string) ?? null,
    tags: a.tags as string[],
    author: String(a.author),
    at: String(a.at),
    jurisdictions,
  };
}

const ANNOTATIONS = `
UNWIND $ids AS id
MATCH (a:Annotation)-[:ANNOTATES]->(n {id: id})
RETURN id, a {.*} AS a ORDER BY a.at, a.id`;

/**
 * The jurisdictions an annotation is readable by. Annotations written before they were stamped
 * (and any with an empty list) count as '*': visible only to viewers of every jurisdiction.
 */
function stampOf(a: Record<string, unknown>): string[] {
  const stamped = a.jurisdictions as string[] | null | undefined;
  return stamped && stamped.length > 0 ? stamped : ['*'];
}

/** Annotations of many entities at once (DataLoader batch), only those the scope may read. */
export async function loadAnnotations(
  ids: readonly string[],
  scope: ReadScope,
): Promise<Map<string, AnnotationRecord[]>> {
  const rows = await executeRead(ANNOTATIONS, { ids: [...ids] });
  const out = new Map<string, AnnotationRecord[]>();
  for (const row of rows) {
    const a = row.a as Record<string, unknown>;
    const jurisdictions = stampOf(a);
    if (!coversJurisdictions(scope, jurisdictions)) continue;
    const list = out.get(String(row.id)) ?? [];
    list.push({
      id: String(a.id),
      entityId: String(row.id),
      text: (a.text as string | null) ?? null,
      tags: (a.tags as string[]) ?? [],
      author: String(a.author),
      at: String(a.at),
      jurisdictions,
    });
    out.set(String(row.id), list);
  }
  return out;
}
