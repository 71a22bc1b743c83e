/**
 * A content snapshot of the whole graph for comparing two loads: counts by label and type and a
 * checksum over every node's and relationship's properties (timestamps of the Extract, which
 * differ between two runs by nature, are left out).
 */
import { createHash } from 'node:crypto';
import { executeRead } from '../../../src/store/run.ts';

const VOLATILE_EXTRACT_PROPS = new Set(['startedAt', 'loadedAt']);

function stable(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stable(v)}`).join(',')}}`;
}

export interface GraphSnapshot {
  nodes: Record<string, number>;
  relationships: Record<string, number>;
  checksum: string;
}

/**
 * `exclude`: labels left out, e.g. the audit trail's (AuditRecord, AuditHead) when one load was
 * audited (jobs/) and the other not (ingest/load.ts directly).
 */
export async function graphSnapshot(options: { exclude?: string[] } = {}): Promise<GraphSnapshot> {
  const exclude = options.exclude ?? [];
  const nodes: Record<string, number> = {};
  const relationships: Record<string, number> = {};
  const lines: string[] = [];
  const nodeRows = await executeRead(
    'MATCH (n) WHERE NOT n:SchemaMigration AND none(l IN labels(n) WHERE l IN $exclude) RETURN labels(n) AS labels, properties(n) AS props',
    { exclude },
  );
  for (const row of nodeRows) {
    const label = (row.labels as string[]).join(':');
    nodes[label] = (nodes[label] ?? 0) + 1;
    const props = { ...(row.props as Record<string, unknown>) };
    if (label === 'Extract') for (const key of VOLATILE_EXTRACT_PROPS) delete props[key];
    lines.push(`N ${label} ${stable(props)}`);
  }
  const relRows = await executeRead(
    `MATCH (a)-[r]->(b) WHERE none(l IN labels(a) + labels(b) WHERE l IN $exclude)
     RETURN type(r) AS type, a.id AS from, b.id AS to, properties(r) AS props`,
    { exclude },
  );
  for (const row of relRows) {
    const type = row.type as string;
    relationships[type] = (relationships[type] ?? 0) + 1;
    lines.push(`R ${type} ${row.from} ${row.to} ${stable(row.props)}`);
  }
  lines.sort();
  const hash = createHash('sha256');
  for (const line of lines) hash.update(`${line}\n`);
  return { nodes, relationships, checksum: hash.digest('hex') };
}
