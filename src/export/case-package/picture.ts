/**
 * The network's picture in a case package's report: a static SVG, laid out by ForceAtlas2 from
 * seeded positions (a fixed number of iterations, no worker, no clock), so the same graph always
 * gives the same drawing — the report and its PDF change only when the content does. Colours by
 * entity type as in the viewer; network members are larger and named; rings mark victims (gold),
 * suspects and implicated members (black) and the possibly exploited (orange).
 */
import { UndirectedGraph } from 'graphology';
import forceAtlas2Import from 'graphology-layout-forceatlas2';
import { cjsDefault } from '../../analyse/cjs.ts';
import { seededRng } from '../../analyse/rng.ts';
import { colourOf } from '../palette.ts';
import type { GraphExport } from '../types.ts';
import { escapeXml } from './html.ts';

const forceAtlas2 = cjsDefault(forceAtlas2Import);

export const PICTURE_DEFAULTS = {
  seed: 18,
  iterations: 300,
  /** From this many entities the layout runs at most 100 rounds. */
  bigGraph: 1_000,
  width: 960,
  height: 640,
  margin: 40,
  /** Labels past this many characters are cut (the tables carry the full names). */
  labelLength: 22,
};

const RINGS: Record<string, string> = {
  victim: '#d4a017',
  suspect: '#111111',
  implicated: '#111111',
  exposed: '#f07f1a',
};

export function networkPicture(graph: GraphExport, options: Partial<typeof PICTURE_DEFAULTS> = {}): string {
  const o = { ...PICTURE_DEFAULTS, ...options };
  const layout = new UndirectedGraph();
  const rng = seededRng(o.seed);
  // Nodes in id order: the positions depend on the content, not on the order a query returned it.
  const nodes = [...graph.nodes].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const node of nodes) layout.addNode(node.id, { x: rng() * 100, y: rng() * 100 });
  for (const edge of graph.edges) {
    if (edge.from === edge.to || !layout.hasNode(edge.from) || !layout.hasNode(edge.to)) continue;
    if (!layout.hasEdge(edge.from, edge.to)) layout.addEdge(edge.from, edge.to);
  }
  if (layout.order > 1) {
    // inferSettings turns Barnes-Hut on for big graphs (deterministic too); fewer rounds keep a
    // network of thousands of entities within seconds.
    forceAtlas2.assign(layout, {
      iterations: layout.order > o.bigGraph ? Math.min(o.iterations, 100) : o.iterations,
      settings: forceAtlas2.inferSettings(layout),
    });
  }
  let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
  layout.forEachNode((_, a) => {
    minX = Math.min(minX, a.x);
    maxX = Math.max(maxX, a.x);
    minY = Math.min(minY, a.y);
    maxY = Math.max(maxY, a.y);
  });
  const spanX = maxX - minX || 1;
  const spanY = maxY - minY || 1;
  const round = (v: number) => Math.round(v * 10) / 10;
  const at = (id: string): [number, number] => {
    const a = layout.getNodeAttributes(id);
    return [
      round(o.margin + ((a.x - minX) / spanX) * (o.width - 2 * o.margin)),
      round(o.margin + ((a.y - minY) / spanY) * (o.height - 2 * o.margin)),
    ];
  };
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${o.width} ${o.height}" width="100%" role="img" aria-label="network picture">`,
    `<rect width="${o.width}" height="${o.height}" fill="#ffffff"/>`,
  ];
  layout.forEachEdge((_, __, source, target) => {
    const [x1, y1] = at(source);
    const [x2, y2] = at(target);
    parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="#b8b8b8" stroke-width="0.8"/>`);
  });
  for (const node of nodes) {
    const [x, y] = at(node.id);
    const role = typeof node.props.networkRole === 'string' ? node.props.networkRole : null;
    const member = role !== null && role !== 'shared';
    const r = member ? 7 : 4;
    const ring = role ? RINGS[role] : undefined;
    parts.push(
      `<circle cx="${x}" cy="${y}" r="${r}" fill="${colourOf(node.label)}"${ring ? ` stroke="${ring}" stroke-width="2.5"` : ''}><title>${escapeXml(`${node.label} ${node.name}`)}</title></circle>`,
    );
    if (member) {
      const label =
        node.name.length > o.labelLength ? `${node.name.slice(0, o.labelLength - 1)}…` : node.name;
      parts.push(
        `<text x="${round(x + r + 2)}" y="${round(y + 3)}" font-size="9" font-family="sans-serif" fill="#222">${escapeXml(label)}</text>`,
      );
    }
  }
  parts.push('</svg>');
  return parts.join('\n');
}
