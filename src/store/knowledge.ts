/**
 * Investigators' own knowledge: roles in cases, tags and notes. Like every fact in Skein it has
 * provenance: a per-jurisdiction "investigator records" Extract mentions what investigators create,
 * and each record names its author and time, so need-to-know applies to it as to seized data.
 */
import { randomUUID } from 'node:crypto';
import type { EntityLabel } from '../model/labels.ts';
import type { CaseRole } from '../model/roles.ts';
import { cypher } from './cypher.ts';
import { readTx, writeTx } from './run.ts';

export function investigatorExtractId(jurisdiction: string): string {
  return `extract:investigator:${jurisdiction}`;
}

const RECORD_ROLE = `
MERGE (x:Extract {id: $extractId})
  ON CREATE SET x.name = 'Investigator records (' + $jurisdiction + ')', x.source = 'investigator',
    x.jurisdiction = $jurisdiction, x.status = 'complete', x.loadedAt = toString(datetime()), x.sha256 = '',
    x.rows = 0, x.loaded = 0, x.rejected = 0
MERGE (c:Case {id: $caseId})
  ON CREATE SET c.caseNumber = $caseNumber, c.jurisdiction = $jurisdiction, c.name = coalesce($title, $caseNumber),
    c.title = $title
MERGE (x)-[m:MENTIONS]->(c) ON CREATE SET m.firstRow = 0, m.rows = 1
WITH x, c
MATCH (p:__LABEL__ {id: $personId})
MERGE (p)-[r:INVOLVED_IN]->(c)
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
}): Promise<{ caseId: string; role: string; recordedAt: string }> {
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
}

const ANNOTATE = `
MATCH (n:__LABEL__ {id: $entityId})
CREATE (a:Annotation {id: $id, text: $text, tags: $tags, author: $author, at: toString(datetime())})-[:ANNOTATES]->(n)
RETURN a {.*} AS a`;

export async function annotate(input: {
  entityId: string;
  label: EntityLabel;
  text: string | null;
  tags: string[];
  author: string;
}): Promise<AnnotationRecord> {
  const id = `annotation:${randomUUID()}`;
  const [row] = await writeTx((tx) => tx.run(cypher(ANNOTATE, { label: input.label }), { ...input, id }));
  const a = row?.a as Record<string, unknown> | undefined;
  if (!a) throw new Error(`store/knowledge: ${input.entityId} vanished while annotating it`);
  return {
    id,
    entityId: input.entityId,
    text: (a.text as string) ?? null,
    tags: a.tags as string[],
    author: String(a.author),
    at: String(a.at),
  };
}

const ANNOTATIONS = `
UNWIND $ids AS id
MATCH (a:Annotation)-[:ANNOTATES]->(n {id: id})
RETURN id, a {.*} AS a ORDER BY a.at, a.id`;

/** Annotations of many entities at once (DataLoader batch). */
export async function loadAnnotations(ids: readonly string[]): Promise<Map<string, AnnotationRecord[]>> {
  const rows = await readTx((tx) => tx.run(ANNOTATIONS, { ids: [...ids] }));
  const out = new Map<string, AnnotationRecord[]>();
  for (const row of rows) {
    const a = row.a as Record<string, unknown>;
    const list = out.get(String(row.id)) ?? [];
    list.push({
      id: String(a.id),
      entityId: String(row.id),
      text: (a.text as string | null) ?? null,
      tags: (a.tags as string[]) ?? [],
      author: String(a.author),
      at: String(a.at),
    });
    out.set(String(row.id), list);
  }
  return out;
}
