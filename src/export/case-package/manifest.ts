/**
 * A case package's manifest (manifest.json): who made it, when, for which receiving authority and
 * what subject; every evidence item — each entity statement (one per extract that records the
 * entity) and each relationship statement — with the extract's name, file hash and row and a
 * content hash of the item; and the SHA-256 of every other file of the bundle. The manifest is
 * inside the signed zip: the signature says whether anything changed, the file hashes say WHICH file,
 * and the content hashes tie each statement of graph.json to its extract and row.
 *
 * A content hash is SHA-256 over the canonical JSON (hash.ts) of the statement as graph.json holds
 * it: `{kind: 'entity', id, label, name, props, extract: {id, sha256, row}}` or `{kind:
 * 'relationship', id, type, from, to, props, extract: {id, sha256, row}}` (extract null for links
 * Skein derives). Pure: no store, no clock.
 */
import { z } from 'zod';
import type { ExportEdge, ExportNode, GraphExport } from '../types.ts';
import { canonicalJson, sha256Hex } from './hash.ts';

export const CASE_PACKAGE_FORMAT = 'skein-case-package';
export const CASE_PACKAGE_VERSION = 1;
export const MANIFEST_FILE = 'manifest.json';
/** The GraphExport the package was made from: the statements the content hashes cover. */
export const GRAPH_FILE = 'graph.json';

/** The receiving authority: who it is, which jurisdictions it may see, and whether minors' details. */
export interface Recipient {
  name: string;
  jurisdictions: string[];
  minors: boolean;
}

export interface EvidenceItem {
  kind: 'entity' | 'relationship';
  /** Entity id, or the relationship's analysis key. */
  id: string;
  /** Entity label or relationship type. */
  type: string;
  /** The extract the statement was read from; null for links Skein derives. */
  extractId: string | null;
  extractName: string | null;
  /** SHA-256 of the extract's file as loaded. */
  extractSha256: string | null;
  jurisdiction: string | null;
  /** The row it was read from (an entity: the first row of the extract that mentions it). */
  row: number | null;
  /** Entities: how many rows of the extract mention it. */
  rows?: number;
  contentHash: string;
}

export interface ManifestFile {
  name: string;
  sha256: string;
  bytes: number;
}

export type CasePackageSubject =
  | { kind: 'network'; networkId: string; runId: string }
  | { kind: 'entities'; entityIds: string[] };

export interface CasePackageManifest {
  format: typeof CASE_PACKAGE_FORMAT;
  version: typeof CASE_PACKAGE_VERSION;
  packageId: string;
  madeAt: string;
  /** The user (or `cli:<os user>`) who made it. */
  madeBy: string;
  madeFor: Recipient;
  /** The jurisdictions the package was read with: the recipient's that its maker may see too. */
  readJurisdictions: string[];
  subject: CasePackageSubject;
  signer: { algorithm: 'Ed25519'; publicKeySha256: string };
  counts: { entities: number; relationships: number; evidenceItems: number };
  files: ManifestFile[];
  evidence: EvidenceItem[];
}

function entityStatement(node: ExportNode, extract: { id: string; sha256: string; row: number } | null) {
  return {
    kind: 'entity',
    id: node.id,
    label: node.label,
    name: node.name,
    props: node.props,
    extract,
  };
}

function relationshipStatement(edge: ExportEdge) {
  const p = edge.provenance;
  return {
    kind: 'relationship',
    id: edge.id,
    type: edge.type,
    from: edge.from,
    to: edge.to,
    props: edge.props,
    extract: p ? { id: p.extractId, sha256: p.sha256 ?? null, row: p.row } : null,
  };
}

/** Every statement of a graph as an evidence item, entities first, in the graph's order. */
export function evidenceItems(graph: GraphExport): EvidenceItem[] {
  const items: EvidenceItem[] = [];
  for (const node of graph.nodes) {
    const sources = node.provenance.length > 0 ? node.provenance : [null];
    for (const source of sources) {
      const extract = source ? { id: source.extractId, sha256: source.sha256, row: source.firstRow } : null;
      items.push({
        kind: 'entity',
        id: node.id,
        type: node.label,
        extractId: source?.extractId ?? null,
        extractName: source?.extractName ?? null,
        extractSha256: source?.sha256 ?? null,
        jurisdiction: source?.jurisdiction ?? null,
        row: source?.firstRow ?? null,
        ...(source?.rows !== undefined ? { rows: source.rows } : {}),
        contentHash: sha256Hex(canonicalJson(entityStatement(node, extract))),
      });
    }
  }
  // Relationship provenance names no jurisdiction: the extract's, as the entities' provenance gives it.
  const jurisdictionOf = new Map<string, string | null>();
  for (const node of graph.nodes)
    for (const p of node.provenance) jurisdictionOf.set(p.extractId, p.jurisdiction);
  for (const edge of graph.edges) {
    const p = edge.provenance;
    items.push({
      kind: 'relationship',
      id: edge.id,
      type: edge.type,
      extractId: p?.extractId ?? null,
      extractName: p?.extractName ?? null,
      extractSha256: p?.sha256 ?? null,
      jurisdiction: p ? (jurisdictionOf.get(p.extractId) ?? null) : null,
      row: p?.row ?? null,
      contentHash: sha256Hex(canonicalJson(relationshipStatement(edge))),
    });
  }
  return items;
}

export function manifestText(manifest: CasePackageManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const RecipientSchema = z.object({
  name: z.string().min(1),
  jurisdictions: z.array(z.string()),
  minors: z.boolean(),
});

const ManifestSchema = z.object({
  format: z.literal(CASE_PACKAGE_FORMAT),
  version: z.literal(CASE_PACKAGE_VERSION),
  packageId: z.string().min(1),
  madeAt: z.string(),
  madeBy: z.string(),
  madeFor: RecipientSchema,
  readJurisdictions: z.array(z.string()),
  subject: z.union([
    z.object({ kind: z.literal('network'), networkId: z.string(), runId: z.string() }),
    z.object({ kind: z.literal('entities'), entityIds: z.array(z.string()) }),
  ]),
  signer: z.object({ algorithm: z.literal('Ed25519'), publicKeySha256: z.string() }),
  counts: z.object({ entities: z.number(), relationships: z.number(), evidenceItems: z.number() }),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), bytes: z.number() })),
  evidence: z.array(
    z.object({
      kind: z.enum(['entity', 'relationship']),
      id: z.string(),
      type: z.string(),
      extractId: z.string().nullable(),
      extractName: z.string().nullable(),
      extractSha256: z.string().nullable(),
      jurisdiction: z.string().nullable(),
      row: z.number().nullable(),
      rows: z.number().optional(),
      contentHash: z.string(),
    }),
  ),
});

/** Reads a manifest back; throws naming what is wrong (it is untrusted input to `verify`). */
export function parseManifest(text: string): CasePackageManifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`export/case-package: ${MANIFEST_FILE} is not JSON (${(error as Error).message})`);
  }
  const result = ManifestSchema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new Error(
      `export/case-package: ${MANIFEST_FILE} is not a Skein case package manifest (${issue?.path.join('.')}: ${issue?.message})`,
    );
  }
  return result.data as CasePackageManifest;
}

/**
 * Statements of graph.json whose content hash is not the manifest's, or that one of them lacks:
 * empty when graph.json holds exactly the evidence the manifest lists.
 */
export function evidenceMismatches(manifest: CasePackageManifest, graph: GraphExport): string[] {
  const key = (item: EvidenceItem) => `${item.kind} ${item.id} @ ${item.extractId ?? 'derived'}`;
  const listed = new Map(manifest.evidence.map((item) => [key(item), item.contentHash]));
  const found = new Map(evidenceItems(graph).map((item) => [key(item), item.contentHash]));
  const problems: string[] = [];
  for (const [k, hash] of found) {
    const expected = listed.get(k);
    if (expected === undefined) problems.push(`${k}: in ${GRAPH_FILE}, not in the manifest`);
    else if (expected !== hash) problems.push(`${k}: content hash differs from the manifest`);
  }
  for (const k of listed.keys())
    if (!found.has(k)) problems.push(`${k}: in the manifest, not in ${GRAPH_FILE}`);
  return problems;
}
