/**
 * Every export format by its file suffix, with the content type the server sends and the renderer.
 * The HTTP route, the CLI and the viewer's buttons all read this table.
 */
import { toEdgesCsv, toNodesCsv } from './csv.ts';
import { toFtmJsonLines } from './ftm.ts';
import { toGexf } from './gexf.ts';
import { toGraphml } from './graphml.ts';
import { toI2Entities, toI2Links } from './i2.ts';
import type { GraphExport } from './types.ts';

export interface ExportFormat {
  /** File suffix after the subject's name, e.g. `gexf` in `network-1.gexf`. */
  suffix: string;
  contentType: string;
  description: string;
  render(graph: GraphExport): string;
}

const CSV = 'text/csv; charset=utf-8';

export const EXPORT_FORMATS: readonly ExportFormat[] = [
  {
    suffix: 'gexf',
    contentType: 'application/gexf+xml; charset=utf-8',
    description: 'GEXF 1.3 (Gephi)',
    render: toGexf,
  },
  {
    suffix: 'graphml',
    contentType: 'application/graphml+xml; charset=utf-8',
    description: 'GraphML (yEd, Cytoscape, Gephi)',
    render: toGraphml,
  },
  {
    suffix: 'i2-entities.csv',
    contentType: CSV,
    description: "i2 Analyst's Notebook entities",
    render: toI2Entities,
  },
  { suffix: 'i2-links.csv', contentType: CSV, description: "i2 Analyst's Notebook links", render: toI2Links },
  {
    suffix: 'ftm.jsonl',
    contentType: 'application/x-ndjson; charset=utf-8',
    description: 'FollowTheMoney entities (Aleph, OpenSanctions)',
    render: toFtmJsonLines,
  },
  { suffix: 'nodes.csv', contentType: CSV, description: 'CSV table of entities', render: toNodesCsv },
  { suffix: 'edges.csv', contentType: CSV, description: 'CSV table of relationships', render: toEdgesCsv },
  {
    suffix: 'json',
    contentType: 'application/json; charset=utf-8',
    description: "Skein's own JSON (what the viewer draws)",
    render: (graph) => JSON.stringify(graph),
  },
];

export const FORMAT_SUFFIXES = EXPORT_FORMATS.map((f) => f.suffix);

export function formatOf(suffix: string): ExportFormat | undefined {
  return EXPORT_FORMATS.find((f) => f.suffix === suffix);
}

/** Splits `network-7.i2-links.csv` into the subject and the format, longest suffix first. */
export function splitFileName(name: string): { stem: string; format: ExportFormat } | undefined {
  const byLength = [...EXPORT_FORMATS].sort((a, b) => b.suffix.length - a.suffix.length);
  for (const format of byLength) {
    if (name.endsWith(`.${format.suffix}`) && name.length > format.suffix.length + 1) {
      return { stem: name.slice(0, -(format.suffix.length + 1)), format };
    }
  }
  return undefined;
}
