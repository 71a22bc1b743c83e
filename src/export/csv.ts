/**
 * CSV tables of a subgraph: nodes.csv and edges.csv (RFC 4180: comma, double quotes, CRLF). Every
 * property becomes a column (`prop.<name>`), provenance is spread over its own columns.
 */
import {
  cellText,
  edgeProvenanceText,
  type GraphExport,
  nodeProvenanceText,
  propertyNames,
  type Value,
} from './types.ts';

/** Quotes a field when it holds a comma, quote, line break, or could be read as a formula. */
export function csvField(value: string): string {
  // A leading = + - @ makes spreadsheets run the cell as a formula (CSV injection): prefix a quote.
  const safe = /^[=+\-@\t\r]/.test(value) && !/^-?\d+(\.\d+)?$/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows]
    .map((row) => row.map(csvField).join(','))
    .join('\r\n')
    .concat('\r\n');
}

export const NODE_COLUMNS = [
  'id',
  'type',
  'name',
  'extract_ids',
  'extract_names',
  'sources',
  'jurisdictions',
  'sha256',
  'first_rows',
  'provenance',
] as const;

export function toNodesCsv(graph: GraphExport): string {
  const props = propertyNames(graph.nodes);
  const rows = graph.nodes.map((node) => [
    node.id,
    node.label,
    node.name,
    node.provenance.map((p) => p.extractId).join('; '),
    node.provenance.map((p) => p.extractName).join('; '),
    node.provenance.map((p) => p.source).join('; '),
    node.provenance.map((p) => p.jurisdiction ?? '').join('; '),
    node.provenance.map((p) => p.sha256).join('; '),
    node.provenance.map((p) => String(p.firstRow)).join('; '),
    nodeProvenanceText(node.provenance),
    ...props.map((name) => cellText(node.props[name] as Value | undefined)),
  ]);
  return csvTable([...NODE_COLUMNS, ...props.map((p) => `prop.${p}`)], rows);
}

export const EDGE_COLUMNS = [
  'id',
  'type',
  'from',
  'to',
  'extract_id',
  'row',
  'extract_name',
  'sha256',
  'provenance',
] as const;

export function toEdgesCsv(graph: GraphExport): string {
  const props = propertyNames(graph.edges);
  const rows = graph.edges.map((edge) => [
    edge.id,
    edge.type,
    edge.from,
    edge.to,
    edge.provenance?.extractId ?? '',
    edge.provenance?.row === null || edge.provenance?.row === undefined ? '' : String(edge.provenance.row),
    edge.provenance?.extractName ?? '',
    edge.provenance?.sha256 ?? '',
    edgeProvenanceText(edge.provenance),
    ...props.map((name) => cellText(edge.props[name] as Value | undefined)),
  ]);
  return csvTable([...EDGE_COLUMNS, ...props.map((p) => `prop.${p}`)], rows);
}

/** Parses CSV written by csvTable (and other RFC 4180 CSV): rows of fields. For tests and re-import. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field.length === 0) quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
