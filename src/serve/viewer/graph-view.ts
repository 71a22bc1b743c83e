/**
 * The network drawing: sigma.js (WebGL) over a graphology graph, laid out by ForceAtlas2 in a web
 * worker so the page stays responsive while it settles. Colour and pictogram by entity type, size by
 * centrality (network members) or degree, a ring on victims (gold), suspects (black) and the possibly
 * exploited (orange). Parallel relationships of one type between two entities are drawn as one edge
 * whose width grows with the money or the number of calls; the relationships stay on the edge for
 * details, evidence highlighting and the time filter.
 */

import { createNodeBorderProgram } from '@sigma/node-border';
import { createNodeImageProgram } from '@sigma/node-image';
import { MultiDirectedGraph } from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import FA2Layout from 'graphology-layout-forceatlas2/worker';
import Sigma from 'sigma';
import { createNodeCompoundProgram, NodeCircleProgram } from 'sigma/rendering';
import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { colourOf } from '../../export/palette.ts';
import type { ExportEdge, ExportNode, GraphExport } from '../../export/types.ts';
import { iconOf } from './icons.ts';
import { labelWithBadge, representatives } from './identity-badge.ts';

export const VIEW_DEFAULTS = {
  /** Layout time: enough for a few hundred nodes to settle, capped for big views. */
  layoutMs: (order: number) => Math.min(6_000, 1_500 + order * 3),
  dimmed: '#e6e6e6',
  /** From this many entities or drawn edges on, the view switches to its fast drawing. */
  bigNodes: 1_000,
  bigEdges: 2_000,
  evidence: '#d62728',
};

export const ROLE_RINGS: Record<string, string> = {
  victim: '#f1c40f',
  suspect: '#111111',
  implicated: '#111111',
  exposed: '#f39c12',
};

const EDGE_COLOURS: Record<string, string> = { PAID: '#2e9d5b', CASH: '#2e9d5b', CALLED: '#e08a00' };

export interface NodeAttributes {
  entity: ExportNode;
  /** Sigma's node program. */
  type: 'entity' | 'circle';
  label: string;
  x: number;
  y: number;
  size: number;
  color: string;
  borderColor: string;
  image: string;
  pictoColor: string;
}

export interface EdgeAttributes {
  /** Sigma's edge program (the relationship type is on each relationship): arrows, or plain lines in big views. */
  type: 'arrow' | 'line';
  relationships: ExportEdge[];
  amount: number;
  size: number;
  color: string;
}

export interface ViewHandlers {
  onClickNode(id: string): void;
  onClickEdge(key: string): void;
  onHoverNode(id: string | null): void;
}

/** Seeded positions (mulberry32) so the same subgraph opens the same way. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function roleOf(node: ExportNode): string | undefined {
  const recorded = node.props.recordedRoles;
  if (Array.isArray(recorded)) {
    if (recorded.includes('victim')) return 'victim';
    if (recorded.includes('suspect')) return 'suspect';
  }
  return typeof node.props.networkRole === 'string' ? node.props.networkRole : undefined;
}

export function edgeKeyOf(edge: ExportEdge): string {
  return `${edge.type}|${edge.from}|${edge.to}`;
}

export class GraphView {
  readonly graph = new MultiDirectedGraph<NodeAttributes, EdgeAttributes>();
  readonly sigma: Sigma;
  /** Relationship id (as indicator evidence names it) → drawn edge. */
  readonly edgeOfRelationship = new Map<string, string>();
  private readonly nodeData = new Map<string, NodeAttributes>();
  private readonly edgeData = new Map<
    string,
    { source: string; target: string; attributes: EdgeAttributes }
  >();
  private layout: FA2Layout | undefined;
  private layoutTimer: ReturnType<typeof setTimeout> | undefined;
  private hiddenTypes = new Set<string>();
  private mergeIdentities = false;
  private window: { since: string | null; until: string | null } = { since: null, until: null };
  private highlight: { nodes: Set<string>; edges: Set<string> } | null = null;
  private selected: string | null = null;
  private hovered: string | null = null;
  private readonly rng = random(7);

  constructor(container: HTMLElement, handlers: ViewHandlers) {
    const pictogram = createNodeImageProgram({
      drawingMode: 'color',
      colorAttribute: 'pictoColor',
      padding: 0.3,
      keepWithinCircle: true,
    });
    const ring = createNodeBorderProgram({
      borders: [
        { size: { value: 0.18 }, color: { attribute: 'borderColor' } },
        { size: { fill: true }, color: { attribute: 'color' } },
      ],
    });
    this.sigma = new Sigma(this.graph, container, {
      defaultNodeType: 'entity',
      // `entity`: ring + disc + pictogram; `circle`: a plain disc, for big views (cheaper per pixel).
      nodeProgramClasses: { entity: createNodeCompoundProgram([ring, pictogram]), circle: NodeCircleProgram },
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 9,
      labelDensity: 0.6,
      zIndex: true,
      enableEdgeEvents: true,
      defaultEdgeType: 'arrow',
      minCameraRatio: 0.02,
      maxCameraRatio: 20,
      nodeReducer: (node, data) => this.reduceNode(node, data as NodeAttributes),
      edgeReducer: (edge, data) => this.reduceEdge(edge, data as EdgeAttributes),
    });
    this.sigma.on('clickNode', ({ node }) => handlers.onClickNode(node));
    this.sigma.on('clickEdge', ({ edge }) => handlers.onClickEdge(edge));
    this.sigma.on('enterNode', ({ node }) => {
      this.hovered = node;
      handlers.onHoverNode(node);
    });
    this.sigma.on('leaveNode', () => {
      this.hovered = null;
      handlers.onHoverNode(null);
    });
  }

  private reduceNode(node: string, data: NodeAttributes): Partial<NodeDisplayData> {
    const out: Partial<NodeDisplayData> & Partial<NodeAttributes> = { ...data };
    if (this.hiddenTypes.has(data.entity.label)) out.hidden = true;
    if (this.highlight) {
      if (this.highlight.nodes.has(node)) {
        out.zIndex = 2;
        out.forceLabel = true;
      } else {
        out.color = VIEW_DEFAULTS.dimmed;
        out.borderColor = VIEW_DEFAULTS.dimmed;
        out.pictoColor = '#f7f7f7';
        out.label = '';
        out.zIndex = 0;
      }
    }
    if (node === this.selected || node === this.hovered) {
      out.highlighted = true;
      out.forceLabel = true;
      out.zIndex = 3;
    }
    return out;
  }

  private inWindow(edge: ExportEdge): boolean {
    const at = edge.props.at ?? edge.props.from ?? edge.props.to;
    if (typeof at !== 'string') return true;
    const day = at.slice(0, 10);
    return (
      (this.window.since === null || day >= this.window.since) &&
      (this.window.until === null || day <= this.window.until)
    );
  }

  private reduceEdge(edge: string, data: EdgeAttributes): Partial<EdgeDisplayData> {
    const out: Partial<EdgeDisplayData> = { ...data };
    if (
      (this.window.since !== null || this.window.until !== null) &&
      !data.relationships.some((r) => this.inWindow(r))
    ) {
      out.hidden = true;
    }
    if (this.highlight) {
      if (this.highlight.edges.has(edge)) {
        out.color = VIEW_DEFAULTS.evidence;
        out.zIndex = 2;
        out.size = Math.max(2, data.size);
      } else out.color = '#f0f0f0';
    }
    return out;
  }

  /** Replaces everything in view with a subgraph. */
  setData(graph: GraphExport): void {
    this.stopLayout();
    this.graph.clear();
    this.nodeData.clear();
    this.edgeData.clear();
    this.edgeOfRelationship.clear();
    this.highlight = null;
    this.selected = null;
    this.addData(graph);
    this.sigma.getCamera().setState({ x: 0.5, y: 0.5, ratio: 1, angle: 0 });
  }

  /**
   * Adds a subgraph (an expansion): new entities start around `around`, or scattered. The drawing
   * is rebuilt from plain records in one pass (sizes computed first), because sigma cannot repaint
   * an element that changes in the same tick it was added.
   */
  addData(graph: GraphExport, around?: string): { nodes: number; edges: number } {
    this.stopLayout();
    const before = { nodes: this.nodeData.size, edges: this.edgeOfRelationship.size };
    this.graph.forEachNode((node, a) => {
      const known = this.nodeData.get(node);
      if (known) Object.assign(known, { x: a.x, y: a.y });
    });
    const centre = around ? this.nodeData.get(around) : undefined;
    const spread = Math.max(10, Math.sqrt(this.nodeData.size + graph.nodes.length) * 10);
    for (const node of graph.nodes) {
      if (this.nodeData.has(node.id)) continue;
      const angle = this.rng() * Math.PI * 2;
      const radius = centre ? 2 + this.rng() * 6 : this.rng() * spread;
      const role = roleOf(node);
      const colour = colourOf(node.label);
      this.nodeData.set(node.id, {
        entity: node,
        type: 'entity',
        label: labelWithBadge(node),
        x: (centre?.x ?? 0) + Math.cos(angle) * radius,
        y: (centre?.y ?? 0) + Math.sin(angle) * radius,
        size: 4,
        color: colour,
        borderColor: (role && ROLE_RINGS[role]) ?? colour,
        image: iconOf(node.label),
        pictoColor: '#ffffff',
      });
    }
    for (const edge of graph.edges) {
      if (this.edgeOfRelationship.has(edge.id)) continue;
      if (!this.nodeData.has(edge.from) || !this.nodeData.has(edge.to)) continue;
      const key = edgeKeyOf(edge);
      this.edgeOfRelationship.set(edge.id, key);
      const amount = typeof edge.props.amount === 'number' ? edge.props.amount : 0;
      const known = this.edgeData.get(key);
      if (known) {
        known.attributes.relationships.push(edge);
        known.attributes.amount += amount;
      } else {
        this.edgeData.set(key, {
          source: edge.from,
          target: edge.to,
          attributes: {
            type: 'arrow',
            relationships: [edge],
            amount,
            size: 1,
            color: EDGE_COLOURS[edge.type] ?? '#b8b8b8',
          },
        });
      }
    }
    this.resize();
    // Big views: plain lines instead of arrows, and no edges or labels while the camera moves.
    const big = this.nodeData.size > VIEW_DEFAULTS.bigNodes || this.edgeData.size > VIEW_DEFAULTS.bigEdges;
    for (const { attributes } of this.edgeData.values()) attributes.type = big ? 'line' : 'arrow';
    for (const attributes of this.nodeData.values()) attributes.type = big ? 'circle' : 'entity';
    this.sigma.setSetting('hideEdgesOnMove', big);
    this.sigma.setSetting('hideLabelsOnMove', big);
    this.draw();
    return { nodes: this.nodeData.size - before.nodes, edges: this.edgeOfRelationship.size - before.edges };
  }

  /**
   * The graph from the plain records. Merging identities, each identity is one node (the record
   * that stands for it, its badge saying how many) carrying the links of all its records; links
   * between its own records (SAME_AS) are not drawn.
   */
  private draw(): void {
    const stand = this.mergeIdentities
      ? representatives([...this.nodeData.values()].map((a) => a.entity))
      : new Map<string, string>();
    const as = (id: string) => stand.get(id) ?? id;
    this.graph.clear();
    for (const [id, attributes] of this.nodeData) if (as(id) === id) this.graph.addNode(id, attributes);
    for (const [key, { source, target, attributes }] of this.edgeData) {
      if (as(source) === as(target) && source !== target) continue;
      this.graph.addDirectedEdgeWithKey(key, as(source), as(target), attributes);
    }
  }

  /** Draws one node per identity (true) or one per record (false). */
  setMergeIdentities(merge: boolean): void {
    if (merge === this.mergeIdentities) return;
    this.mergeIdentities = merge;
    this.stopLayout();
    this.draw();
    this.sigma.refresh();
  }

  /** Node size by centrality (members) or degree; edge width by money or number of calls. */
  private resize(): void {
    const degree = new Map<string, number>();
    for (const { source, target } of this.edgeData.values()) {
      degree.set(source, (degree.get(source) ?? 0) + 1);
      degree.set(target, (degree.get(target) ?? 0) + 1);
    }
    let maxCentrality = 0;
    for (const a of this.nodeData.values()) {
      const c = a.entity.props.centrality;
      if (typeof c === 'number') maxCentrality = Math.max(maxCentrality, c);
    }
    // Big views draw smaller discs, or the members hide everything around them.
    const scale = this.nodeData.size > VIEW_DEFAULTS.bigNodes ? 0.45 : 1;
    for (const [id, a] of this.nodeData) {
      const c = a.entity.props.centrality;
      a.size =
        scale *
        (typeof c === 'number' && maxCentrality > 0
          ? 7 + 15 * Math.sqrt(c / maxCentrality)
          : 3.5 + Math.min(5, Math.log2(1 + (degree.get(id) ?? 0))));
    }
    for (const { attributes: a } of this.edgeData.values()) {
      const first = a.relationships[0];
      let size = 1;
      if (first?.type === 'PAID' || first?.type === 'CASH') size = 1 + 1.1 * Math.log10(1 + a.amount);
      else if (first?.type === 'CALLED') size = 1 + Math.log2(a.relationships.length);
      a.size = Math.min(9, size);
    }
  }

  /** Runs ForceAtlas2 in its worker for a while, then stops (it does not need to run forever). */
  runLayout(ms = VIEW_DEFAULTS.layoutMs(this.graph.order)): Promise<void> {
    this.stopLayout();
    if (this.graph.order === 0) return Promise.resolve();
    const settings = forceAtlas2.inferSettings(this.graph);
    this.layout = new FA2Layout(this.graph, {
      settings: { ...settings, barnesHutOptimize: this.graph.order > 300, adjustSizes: false },
      getEdgeWeight: null,
    });
    this.layout.start();
    return new Promise((resolve) => {
      this.layoutTimer = setTimeout(() => {
        this.stopLayout();
        resolve();
      }, ms);
    });
  }

  stopLayout(): void {
    if (this.layoutTimer) clearTimeout(this.layoutTimer);
    this.layoutTimer = undefined;
    this.layout?.kill();
    this.layout = undefined;
  }

  isLayoutRunning(): boolean {
    return this.layout?.isRunning() ?? false;
  }

  setHiddenTypes(types: Iterable<string>): void {
    this.hiddenTypes = new Set(types);
    this.sigma.refresh();
  }

  setTimeWindow(since: string | null, until: string | null): void {
    this.window = { since, until };
    this.sigma.refresh();
  }

  /** Entity types in view with their counts, for the type toggles. */
  typeCounts(): Map<string, number> {
    const counts = new Map<string, number>();
    this.graph.forEachNode((_n, a) => counts.set(a.entity.label, (counts.get(a.entity.label) ?? 0) + 1));
    return counts;
  }

  /** First and last day of the dated relationships in view. */
  dateRange(): { from: string; to: string } | null {
    let from: string | null = null;
    let to: string | null = null;
    this.graph.forEachEdge((_e, a) => {
      for (const r of a.relationships) {
        const at = r.props.at ?? r.props.from;
        if (typeof at !== 'string' || at.length < 10) continue;
        const day = at.slice(0, 10);
        if (from === null || day < from) from = day;
        if (to === null || day > to) to = day;
      }
    });
    return from && to ? { from, to } : null;
  }

  /** Draws indicator evidence: its entities and relationships stay coloured, the rest fades. */
  highlightEvidence(
    entityIds: readonly string[],
    relationshipIds: readonly string[],
  ): { nodes: number; edges: number } {
    const nodes = new Set(entityIds.filter((id) => this.graph.hasNode(id)));
    const edges = new Set<string>();
    for (const id of relationshipIds) {
      const key = this.edgeOfRelationship.get(id);
      if (key) {
        edges.add(key);
        nodes.add(this.graph.source(key));
        nodes.add(this.graph.target(key));
      }
    }
    this.highlight = { nodes, edges };
    this.sigma.refresh();
    return { nodes: nodes.size, edges: edges.size };
  }

  clearHighlight(): void {
    this.highlight = null;
    this.sigma.refresh();
  }

  highlightedNodes(): string[] {
    return this.highlight ? [...this.highlight.nodes] : [];
  }

  select(id: string | null): void {
    this.selected = id;
    this.sigma.refresh();
  }

  /** Back to the whole view. */
  fit(): void {
    this.sigma.getCamera().animatedReset({ duration: 300 });
  }

  /** Moves the camera to a node. */
  focus(id: string): void {
    if (!this.graph.hasNode(id)) return;
    const display = this.sigma.getNodeDisplayData(id);
    if (display)
      this.sigma.getCamera().animate({ x: display.x, y: display.y, ratio: 0.4 }, { duration: 400 });
  }

  /** Visible node count (after type toggles), for the status line and tests. */
  visibleCounts(): { nodes: number; edges: number } {
    let nodes = 0;
    this.graph.forEachNode((_n, a) => {
      if (!this.hiddenTypes.has(a.entity.label)) nodes++;
    });
    return { nodes, edges: this.graph.size };
  }

  /** Screen position of a node (for tests and for pointing at it). */
  viewportPosition(id: string): { x: number; y: number } | null {
    if (!this.graph.hasNode(id)) return null;
    const a = this.graph.getNodeAttributes(id);
    return this.sigma.graphToViewport({ x: a.x, y: a.y });
  }

  kill(): void {
    this.stopLayout();
    this.sigma.kill();
  }
}
