/**
 * The one structure every export is made from: a subgraph (a network, a neighbourhood) with the
 * provenance of each entity and link. The viewer renders the same structure (served as JSON), so a
 * file taken into a case is exactly what was on screen. Pure data: no driver, no DOM.
 */

/** A property value as it comes out of the store (plain JSON). */
export type Value = null | boolean | number | string | Value[] | { [key: string]: Value };

/** An extract that mentions an entity: the file, where it came from, its hash and first row. */
export interface NodeProvenance {
  extractId: string;
  extractName: string;
  source: string;
  jurisdiction: string | null;
  sha256: string;
  /** First line of the extract that mentions the entity (the CSV header is line 1). */
  firstRow: number;
  /** How many rows mention it. */
  rows?: number;
}

/** The extract and row a relationship was read from; null only for links Skein derives itself. */
export interface EdgeProvenance {
  extractId: string;
  row: number | null;
  extractName?: string;
  source?: string;
  sha256?: string;
}

export interface ExportNode {
  /** Skein's readable id (`phone:+447700900123`). */
  id: string;
  /** Entity type (Person, Account…). */
  label: string;
  /** Display name: the entity's name, number, IBAN or address line. */
  name: string;
  props: Record<string, Value>;
  provenance: NodeProvenance[];
}

export interface ExportEdge {
  /** The analysis key: the event key of a payment or call, `from|TYPE|to` for structural links. */
  id: string;
  type: string;
  from: string;
  to: string;
  props: Record<string, Value>;
  provenance: EdgeProvenance | null;
}

export interface GraphExport {
  title: string;
  generatedAt: string;
  nodes: ExportNode[];
  edges: ExportEdge[];
  /** Entities whose links were cut to a page: `total - shown` more exist (neighbourhoods). */
  truncated?: { id: string; shown: number; total: number }[];
  /** What the subgraph is: `network` with its id, or `neighbourhood` around an entity. */
  subject?: { kind: 'network' | 'neighbourhood'; id: string; depth?: number };
  /**
   * A network's jurisdictions: whose extracts (among those the viewer may see) record its members and
   * their payments — whom to ask, or to send a package to.
   */
  jurisdictions?: ExportJurisdiction[];
}

export interface ExportJurisdiction {
  jurisdiction: string;
  extracts: string[];
  members: number;
  rows: number;
  money: { currency: string | null; payments: number; transfers: number; total: number }[];
}

/** One line per jurisdiction: `GB: 3 extracts, 12 members, 40 rows, 5,200.00 GBP in 14 payments`. */
export function jurisdictionsText(jurisdictions: readonly ExportJurisdiction[]): string {
  return jurisdictions
    .map((j) => {
      const money = j.money.map(
        (m) => `${m.total.toFixed(2)} ${m.currency ?? '(no currency)'} in ${m.payments} payments`,
      );
      return `${j.jurisdiction || '(none)'}: ${j.extracts.length} extracts, ${j.members} members, ${j.rows} rows${money.length > 0 ? `, ${money.join(', ')}` : ''}`;
    })
    .join(' | ');
}

/** A value as one cell of text: lists joined with "; ", objects as JSON, null as empty. */
export function cellText(value: Value | undefined): string {
  if (value === null || value === undefined) return '';
  if (Array.isArray(value)) return value.map(cellText).join('; ');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** One line of node provenance, for formats with one text column: `name (source, GB) sha256:… row 12`. */
export function nodeProvenanceText(provenance: readonly NodeProvenance[]): string {
  return provenance
    .map(
      (p) =>
        `${p.extractName} (${[p.source, p.jurisdiction].filter(Boolean).join(', ')}) extract ${p.extractId} sha256:${p.sha256} row ${p.firstRow}`,
    )
    .join(' | ');
}

export function edgeProvenanceText(provenance: EdgeProvenance | null): string {
  if (!provenance) return 'derived by Skein';
  const name = provenance.extractName ? `${provenance.extractName} ` : '';
  const hash = provenance.sha256 ? ` sha256:${provenance.sha256}` : '';
  return `${name}extract ${provenance.extractId}${hash} row ${provenance.row ?? '?'}`;
}

/** Property names of all nodes (or edges), sorted, so every format declares the same columns. */
export function propertyNames(items: readonly { props: Record<string, Value> }[]): string[] {
  const names = new Set<string>();
  for (const item of items) for (const key of Object.keys(item.props)) names.add(key);
  return [...names].sort();
}

/** A safe file name stem from a title: letters, digits, dot, dash and underscore. */
export function fileStem(title: string): string {
  const stem = title
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem.length > 0 ? stem.slice(0, 100) : 'skein-export';
}
