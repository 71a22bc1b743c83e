/**
 * The readable report of a case package (report.html; report.pdf is Chromium's print of it): one
 * self-contained HTML page — no scripts, no fonts or images fetched, print CSS for A4 — with the
 * network's picture, members and roles, indicators with their evidence and sources, money flows, a
 * timeline, the jurisdictions whose extracts hold the evidence, and the provenance (extract, row)
 * of every statement. Everything comes from the package's own content (graph and network detail as
 * the store gave them to the recipient's scope): the report says nothing the other files do not.
 */
import {
  cellText,
  type ExportEdge,
  type ExportNode,
  type GraphExport,
  jurisdictionsText,
  type Value,
} from '../types.ts';
import { escapeXml as e } from './html.ts';
import type { CasePackageSubject, Recipient } from './manifest.ts';
import { networkPicture } from './picture.ts';

/** A network member as the store's network detail gives it. */
export interface ReportMember {
  id: string;
  label: string;
  role: string;
  recordedRoles: string[];
  centrality: number;
}

/** An indicator match of the network, with what the indicator is and where it comes from. */
export interface ReportMatch {
  indicator: string;
  title: string;
  source: string;
  category: string;
  points: number;
  facts: Record<string, string | number | boolean>;
  nodes: string[];
  relationships: string[];
}

export interface ReportNetwork {
  id: string;
  runId: string;
  rank: number;
  risk: number;
  categories: string[];
  members: ReportMember[];
  matches: ReportMatch[];
}

export interface ReportInput {
  packageId: string;
  madeAt: string;
  madeBy: string;
  recipient: Recipient;
  readJurisdictions: string[];
  subject: CasePackageSubject;
  graph: GraphExport;
  network: ReportNetwork | null;
}

const STYLE = `
@page { size: A4; margin: 16mm 14mm; }
body { font: 10pt/1.35 system-ui, "DejaVu Sans", sans-serif; color: #111; margin: 0 auto; max-width: 190mm; }
h1 { font-size: 16pt; margin: 0 0 4pt; } h2 { font-size: 12.5pt; margin: 16pt 0 5pt; border-bottom: 1px solid #999; }
h3 { font-size: 10.5pt; margin: 10pt 0 3pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 8pt; font-size: 8.5pt; }
th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; } tr { break-inside: avoid; }
.meta td:first-child { width: 30%; font-weight: 600; } .num { text-align: right; white-space: nowrap; } .nowrap { white-space: nowrap; }
.hash { font-family: "DejaVu Sans Mono", monospace; font-size: 7.5pt; } .muted { color: #555; }
section { break-inside: auto; } figure { margin: 0; break-inside: avoid; } svg { border: 1px solid #ccc; }
.match { break-inside: avoid; border-left: 3px solid #c33; padding-left: 6pt; margin: 6pt 0; }
@media print { h2 { break-after: avoid; } }`;

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function table(head: string[], rows: string[][], numeric: number[] = []): string {
  if (rows.length === 0) return '<p class="muted">None.</p>';
  const cell = (tag: string, i: number, v: string) =>
    `<${tag}${numeric.includes(i) ? ' class="num"' : ''}>${v}</${tag}>`;
  return `<table><thead><tr>${head.map((h, i) => cell('th', i, e(h))).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => cell('td', i, v)).join('')}</tr>`)
    .join('')}</tbody></table>`;
}

function money(amount: number): string {
  return amount.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

function edgeSource(edge: ExportEdge): string {
  const p = edge.provenance;
  if (!p) return 'derived by Skein';
  return `${e(p.extractName ?? p.extractId)} row ${p.row ?? '?'}`;
}

function nodeSources(node: ExportNode | undefined): string {
  if (!node || node.provenance.length === 0) return '';
  return node.provenance.map((p) => `${e(p.extractName)} row ${p.firstRow}`).join('<br>');
}

/** Transfers a payment stands for: its `count` when it aggregates several, else 1. */
function transfers(edge: ExportEdge): number {
  const count = edge.props.count;
  return typeof count === 'number' && Number.isInteger(count) && count >= 1 ? count : 1;
}

function whenOf(edge: ExportEdge): string | null {
  const at = edge.props.at ?? edge.props.from;
  return typeof at === 'string' && at.length > 0 ? at : null;
}

function detailsOf(edge: ExportEdge): string {
  const p = edge.props;
  const parts: string[] = [];
  if (typeof p.amount === 'number') parts.push(`${money(p.amount)} ${cellText(p.currency as Value)}`.trim());
  for (const key of ['kind', 'reference', 'seconds', 'role', 'relationship']) {
    if (p[key] !== undefined && p[key] !== null) parts.push(`${key} ${cellText(p[key] as Value)}`);
  }
  if (transfers(edge) > 1) parts.push(`${transfers(edge)} transfers until ${cellText(p.until as Value)}`);
  return e(parts.join(', '));
}

export function reportHtml(input: ReportInput): string {
  const { graph, network, recipient } = input;
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const nameOf = (id: string) => {
    const node = nodes.get(id);
    return node ? `${e(node.name)} <span class="muted">(${e(node.label)})</span>` : e(id);
  };
  const subject =
    input.subject.kind === 'network'
      ? `network ${input.subject.networkId} of detection run ${input.subject.runId}`
      : `${input.subject.entityIds.length} chosen entities`;
  const out: string[] = [];
  out.push(
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Case package ${e(input.packageId)} for ${e(recipient.name)}</title><style>${STYLE}</style></head><body>`,
  );
  out.push(`<h1>Case package for ${e(recipient.name)}</h1>`);
  out.push(
    table(
      ['', ''],
      [
        ['Package', `<span class="hash">${e(input.packageId)}</span>`],
        ['Subject', e(subject)],
        ['Made at', e(input.madeAt)],
        ['Made by', e(input.madeBy)],
        ['For', e(recipient.name)],
        ['Jurisdictions of the recipient', e(recipient.jurisdictions.join(', '))],
        ['Read with the jurisdictions', e(input.readJurisdictions.join(', '))],
        [
          "Minors' personal details",
          recipient.minors
            ? 'included: the recipient is entitled to them'
            : 'withheld: the recipient is not entitled to them',
        ],
        ['Content', `${graph.nodes.length} entities, ${graph.edges.length} relationships`],
      ],
    ).replace('<table>', '<table class="meta">'),
  );
  out.push(
    '<p class="muted">This package holds only what extracts of the jurisdictions above record. Every statement names its extract and row; manifest.json lists each extract\'s SHA-256 and a content hash per statement, and the package is signed (verify with <code>npm run verify-case-package</code>).</p>',
  );

  if (network) {
    out.push('<section><h2>Network</h2>');
    out.push(
      `<p>Rank ${network.rank}, risk ${network.risk.toFixed(1)}${network.categories.length > 0 ? `, categories ${e(network.categories.join(', '))}` : ''}.</p>`,
    );
    if (graph.jurisdictions && graph.jurisdictions.length > 0) {
      out.push(`<p>Evidence held by: ${e(jurisdictionsText(graph.jurisdictions))}</p>`);
    }
    out.push('</section>');
  }

  out.push('<section><h2>Picture</h2><figure>');
  out.push(networkPicture(graph));
  out.push(
    '<figcaption class="muted">Colour by type; larger, named nodes are network members; rings: gold victim, black suspect or implicated, orange possibly exploited.</figcaption></figure></section>',
  );

  out.push('<section><h2>Members and roles</h2>');
  const members = network
    ? network.members.filter((m) => nodes.has(m.id))
    : graph.nodes
        .filter((n) => n.label === 'Person' || n.label === 'Organisation')
        .map((n) => ({ id: n.id, label: n.label, role: '', recordedRoles: [] as string[], centrality: 0 }));
  out.push(
    table(
      ['Member', 'Id', 'Role', 'Recorded roles', 'Centrality', 'Recorded in'],
      members.map((m) => [
        nameOf(m.id),
        `<span class="hash">${e(m.id)}</span>`,
        `<span class="nowrap">${e(m.role)}</span>`,
        e(m.recordedRoles.join(', ')),
        m.centrality ? m.centrality.toFixed(3) : '',
        nodeSources(nodes.get(m.id)),
      ]),
      [4],
    ),
  );
  out.push('</section>');

  if (network) {
    out.push('<section><h2>Indicators</h2>');
    if (network.matches.length === 0) out.push('<p class="muted">None.</p>');
    const edges = new Map(graph.edges.map((x) => [x.id, x]));
    for (const match of network.matches) {
      const shownNodes = match.nodes.filter((id) => nodes.has(id));
      const shownEdges = match.relationships.map((id) => edges.get(id)).filter((x) => x !== undefined);
      const facts = Object.entries(match.facts)
        .map(([k, v]) => `${e(k)} ${e(v)}`)
        .join('; ');
      out.push(
        `<div class="match"><h3>${e(match.title)} <span class="muted">(${e(match.indicator)}, ${e(match.category)}, ${match.points.toFixed(1)} points)</span></h3>`,
      );
      out.push(`<p>Source: ${e(match.source)}${facts ? `<br>Facts: ${facts}` : ''}</p>`);
      out.push(
        table(
          ['Evidence', 'Recorded in'],
          [
            ...shownNodes.map((id) => [nameOf(id), nodeSources(nodes.get(id))]),
            ...shownEdges.map((x) => [
              `${e(x.type)}: ${nameOf(x.from)} → ${nameOf(x.to)} ${detailsOf(x)}`,
              edgeSource(x),
            ]),
          ],
        ),
      );
      out.push('</div>');
    }
    out.push('</section>');
  }

  out.push('<section><h2>Money flows</h2>');
  const flows = new Map<
    string,
    {
      from: string;
      to: string;
      type: string;
      currency: string;
      total: number;
      transfers: number;
      first: string;
      last: string;
    }
  >();
  for (const edge of graph.edges) {
    if (typeof edge.props.amount !== 'number') continue;
    const currency = cellText(edge.props.currency as Value);
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.type}\u0000${currency}`;
    const flow = flows.get(key) ?? {
      from: edge.from,
      to: edge.to,
      type: edge.type,
      currency,
      total: 0,
      transfers: 0,
      first: '',
      last: '',
    };
    flow.total += edge.props.amount;
    flow.transfers += transfers(edge);
    const at = whenOf(edge);
    const until = typeof edge.props.until === 'string' ? edge.props.until : at;
    if (at && (flow.first === '' || at < flow.first)) flow.first = at;
    if (until && until > flow.last) flow.last = until;
    flows.set(key, flow);
  }
  out.push(
    table(
      ['From', 'To', 'Type', 'Total', 'Currency', 'Transfers', 'First', 'Last'],
      [...flows.values()]
        .sort((a, b) => b.total - a.total || (a.from + a.to < b.from + b.to ? -1 : 1))
        .map((f) => [
          nameOf(f.from),
          nameOf(f.to),
          e(f.type),
          money(f.total),
          e(f.currency),
          String(f.transfers),
          e(f.first.slice(0, 10)),
          e(f.last.slice(0, 10)),
        ]),
      [3, 5],
    ),
  );
  out.push('</section>');

  out.push('<section><h2>Timeline</h2>');
  const dated = graph.edges
    .map((edge) => ({ edge, at: whenOf(edge) }))
    .filter((x): x is { edge: ExportEdge; at: string } => x.at !== null)
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : byId(a.edge, b.edge)));
  out.push(
    table(
      ['When', 'What', 'From', 'To', 'Details', 'Recorded in'],
      dated.map(({ edge, at }) => [
        e(at),
        e(edge.type),
        nameOf(edge.from),
        nameOf(edge.to),
        detailsOf(edge),
        edgeSource(edge),
      ]),
    ),
  );
  out.push('</section>');

  out.push('<section><h2>Provenance</h2><h3>Extracts</h3>');
  const extracts = new Map<string, { name: string; source: string; jurisdiction: string; sha256: string }>();
  for (const node of graph.nodes) {
    for (const p of node.provenance) {
      extracts.set(p.extractId, {
        name: p.extractName,
        source: p.source,
        jurisdiction: p.jurisdiction ?? '',
        sha256: p.sha256,
      });
    }
  }
  for (const edge of graph.edges) {
    const p = edge.provenance;
    if (p && !extracts.has(p.extractId)) {
      extracts.set(p.extractId, {
        name: p.extractName ?? p.extractId,
        source: p.source ?? '',
        jurisdiction: '',
        sha256: p.sha256 ?? '',
      });
    }
  }
  out.push(
    table(
      ['Extract', 'Id', 'Source', 'Jurisdiction', 'SHA-256 of the file'],
      [...extracts.entries()]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([id, x]) => [
          e(x.name),
          `<span class="hash">${e(id)}</span>`,
          e(x.source),
          e(x.jurisdiction),
          `<span class="hash">${e(x.sha256)}</span>`,
        ]),
    ),
  );
  out.push('<h3>Entities</h3>');
  out.push(
    table(
      ['Entity', 'Id', 'Properties', 'Extract, first row (rows)'],
      [...graph.nodes].sort(byId).map((node) => [
        nameOf(node.id),
        `<span class="hash">${e(node.id)}</span>`,
        e(
          Object.entries(node.props)
            .map(([k, v]) => `${k}=${cellText(v)}`)
            .join('; '),
        ),
        node.provenance
          .map((p) => `${e(p.extractName)} row ${p.firstRow}${p.rows ? ` (${p.rows})` : ''}`)
          .join('<br>'),
      ]),
    ),
  );
  out.push('<h3>Relationships</h3>');
  out.push(
    table(
      ['Relationship', 'From', 'To', 'Details', 'Extract, row'],
      graph.edges.map((edge) => [
        `${e(edge.type)}<br><span class="hash">${e(edge.id)}</span>`,
        nameOf(edge.from),
        nameOf(edge.to),
        detailsOf(edge),
        edgeSource(edge),
      ]),
    ),
  );
  out.push('</section></body></html>\n');
  return out.join('\n');
}
