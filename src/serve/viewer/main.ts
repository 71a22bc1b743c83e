/**
 * The investigators' page: ranked networks on the left, the selected network (or an entity's
 * neighbourhood) in the middle, details, indicators and the score explanation on the right,
 * exports in the toolbar. State lives here; each panel is drawn by its own module.
 */
import { toBlob } from '@sigma/export-image';
import { mergeGraphs } from '../../export/merge.ts';
import type { GraphExport } from '../../export/types.ts';
import {
  CASE_PACKAGE_MAX_ENTITIES,
  casePackagePath,
  download,
  exportPath,
  fetchSubgraph,
  type Subject,
  saveBlob,
} from './api.ts';
import { renderTimeSlider, renderTypeToggles } from './controls.ts';
import { renderEntity, renderRelationships } from './details.ts';
import { byId, fill, h } from './dom.ts';
import { GraphView } from './graph-view.ts';
import { renderIndicators } from './indicators.ts';
import { renderMatches } from './matches.ts';
import { renderNetworkList } from './network-list.ts';
import { getNetwork, listNetworks, type NetworkSummary, reviewQueue, searchEntities } from './queries.ts';
import { renderReviewQueue } from './review-queue.ts';

const EXPAND_STEP = 25;
const EXPORTS: { suffix: string; label: string }[] = [
  { suffix: 'gexf', label: 'GEXF' },
  { suffix: 'graphml', label: 'GraphML' },
  { suffix: 'i2-entities.csv', label: 'i2 entities' },
  { suffix: 'i2-links.csv', label: 'i2 links' },
  { suffix: 'ftm.jsonl', label: 'FtM' },
  { suffix: 'nodes.csv', label: 'nodes.csv' },
  { suffix: 'edges.csv', label: 'edges.csv' },
];

interface State {
  networks: NetworkSummary[];
  subject: Subject | null;
  data: GraphExport | null;
  /** Entity → links requested per expansion so far. */
  expanded: Map<string, number>;
  more: Map<string, number>;
  hiddenTypes: Set<string>;
}

const state: State = {
  networks: [],
  subject: null,
  data: null,
  expanded: new Map(),
  more: new Map(),
  hiddenTypes: new Set(),
};

const status = byId('status');
const graphContainer = byId('graph');
const details = byId('details');
const indicators = byId('indicators');
const tooltip = byId('tooltip');

function say(message: string, error = false): void {
  status.textContent = message;
  status.classList.toggle('error', error);
}

function fail(error: unknown): void {
  say(error instanceof Error ? error.message : String(error), true);
}

const view = new GraphView(graphContainer, {
  onClickNode: (id) => showEntity(id),
  onClickEdge: (key) => {
    const relationships = view.graph.getEdgeAttribute(key, 'relationships');
    renderRelationships(details, relationships, (id) =>
      view.graph.hasNode(id) ? view.graph.getNodeAttribute(id, 'label') : id,
    );
  },
  onHoverNode: (id) => {
    if (!id) {
      tooltip.hidden = true;
      return;
    }
    const entity = view.graph.getNodeAttribute(id, 'entity');
    const source = entity.provenance[0];
    fill(
      tooltip,
      h('strong', {}, entity.name),
      h(
        'div',
        {},
        entity.label + (typeof entity.props.networkRole === 'string' ? ` · ${entity.props.networkRole}` : ''),
      ),
      source ? h('div', { class: 'small' }, `${source.extractName}, row ${source.firstRow}`) : null,
    );
    tooltip.hidden = false;
  },
});

graphContainer.addEventListener('mousemove', (event) => {
  tooltip.style.left = `${event.offsetX + 14}px`;
  tooltip.style.top = `${event.offsetY + 14}px`;
});

function publish(): void {
  const counts = view.visibleCounts();
  graphContainer.dataset.nodes = String(view.graph.order);
  graphContainer.dataset.visibleNodes = String(counts.nodes);
  graphContainer.dataset.edges = String(view.graph.size);
  graphContainer.dataset.relationships = String(view.edgeOfRelationship.size);
  const more = [...state.more.values()].reduce((a, b) => a + b, 0);
  say(
    `${view.graph.order} entities, ${view.edgeOfRelationship.size} relationships in view` +
      (more > 0 ? ` · ${more} more links not shown (expand to see)` : ''),
  );
}

function refreshControls(): void {
  renderTypeToggles(byId('types'), view.typeCounts(), state.hiddenTypes, (hidden) => {
    view.setHiddenTypes(hidden);
    publish();
  });
  renderTimeSlider(byId('time'), view.dateRange(), (since, until) => view.setTimeWindow(since, until));
}

function showEntity(id: string): void {
  if (!view.graph.hasNode(id)) return;
  view.select(id);
  const entity = view.graph.getNodeAttribute(id, 'entity');
  const more = state.more.get(id);
  const resolvable = entity.label === 'Person' || entity.label === 'Organisation';
  renderEntity(details, entity, {
    expand: (entityId) => expand(entityId).catch(fail),
    openNeighbourhood: (entityId) => openNeighbourhood(entityId).catch(fail),
    ...(more ? { more } : {}),
    ...(resolvable
      ? {
          matches: (container: HTMLElement) =>
            renderMatches(container, id, {
              open: (entityId) => openNeighbourhood(entityId).catch(fail),
              ask: (question) => window.prompt(question),
            }).catch(fail),
        }
      : {}),
  });
}

async function show(subject: Subject, data: GraphExport): Promise<void> {
  state.subject = subject;
  state.data = data;
  state.expanded.clear();
  state.more = new Map((data.truncated ?? []).map((t) => [t.id, t.total - t.shown]));
  view.setData(data);
  view.setHiddenTypes(state.hiddenTypes);
  byId('view-title').textContent =
    subject.kind === 'network' ? `Network ${subject.id}` : `Neighbourhood of ${subject.id}`;
  refreshControls();
  publish();
  graphContainer.dataset.layout = 'running';
  await view.runLayout();
  graphContainer.dataset.layout = 'done';
}

async function openNetwork(id: string): Promise<void> {
  say(`Opening network ${id}…`);
  renderNetworkList(byId('network-list'), state.networks, id, (next) => openNetwork(next).catch(fail));
  const subject: Subject = { kind: 'network', id };
  const [detail, data] = await Promise.all([getNetwork(id), fetchSubgraph(exportPath(subject, 'json'))]);
  details.replaceChildren(
    h('p', { class: 'empty' }, 'Click an entity or a link to see its details and provenance.'),
  );
  byId('view-title').dataset.risk = String(detail.risk);
  renderIndicators(indicators, detail, (match) => {
    if (!match) {
      view.clearHighlight();
      graphContainer.dataset.highlighted = '0';
      return;
    }
    const shown = view.highlightEvidence(match.evidenceEntityIds, match.evidenceRelationshipIds);
    graphContainer.dataset.highlighted = String(shown.nodes);
    graphContainer.dataset.highlightedEdges = String(shown.edges);
  });
  await show(subject, data);
}

async function openNeighbourhood(entityId: string): Promise<void> {
  say(`Opening the neighbourhood of ${entityId}…`);
  const subject: Subject = { kind: 'neighbourhood', id: entityId, depth: 1 };
  const data = await fetchSubgraph(`${exportPath(subject, 'json')}&limitPerNode=${EXPAND_STEP}`);
  indicators.replaceChildren(
    h('p', { class: 'empty' }, 'A neighbourhood has no indicators: open a network for those.'),
  );
  await show(subject, data);
  showEntity(entityId);
}

/** Adds an entity's neighbours, a page at a time: each click asks for EXPAND_STEP more links. */
async function expand(id: string): Promise<void> {
  const limit = (state.expanded.get(id) ?? 0) + EXPAND_STEP;
  const subject: Subject = { kind: 'neighbourhood', id, depth: 1 };
  const around = await fetchSubgraph(`${exportPath(subject, 'json')}&limitPerNode=${Math.min(500, limit)}`);
  state.expanded.set(id, limit);
  const truncated = around.truncated?.find((t) => t.id === id);
  if (truncated) state.more.set(id, truncated.total - truncated.shown);
  else state.more.delete(id);
  if (state.data) state.data = mergeGraphs(state.data, around);
  const added = view.addData(around, id);
  refreshControls();
  publish();
  showEntity(id);
  say(`${status.textContent} · expanded ${id}: +${added.nodes} entities, +${added.edges} relationships`);
  await view.runLayout(1_500);
}

function exportSubjectPath(suffix: string): string | null {
  if (!state.subject) return null;
  const path = exportPath(state.subject, suffix, [...state.expanded.keys()]);
  const limit = Math.max(0, ...state.expanded.values());
  return limit > 0 ? `${path}${path.includes('?') ? '&' : '?'}expandLimit=${Math.min(500, limit)}` : path;
}

function renderExports(): void {
  const buttons = EXPORTS.map(({ suffix, label }) => {
    const button = h('button', { type: 'button', class: 'button', 'data-export': suffix }, label);
    button.addEventListener('click', () => {
      const path = exportSubjectPath(suffix);
      if (path) download(path).catch(fail);
    });
    return button;
  });
  const png = h('button', { type: 'button', class: 'button', 'data-export': 'png' }, 'PNG');
  png.addEventListener('click', () => {
    if (!state.subject) return;
    toBlob(view.sigma, { format: 'png', backgroundColor: '#ffffff' })
      .then((blob) =>
        saveBlob(blob, `${state.subject?.kind}-${state.subject?.id}.png`.replace(/[^\w.-]+/g, '-')),
      )
      .catch(fail);
  });
  const fit = h(
    'button',
    { type: 'button', class: 'button', 'data-action': 'fit', title: 'Show the whole view' },
    'Fit',
  );
  fit.addEventListener('click', () => view.fit());
  const casePackage = h(
    'button',
    {
      type: 'button',
      class: 'button',
      'data-action': 'case-package',
      title: 'A signed package of this view for a partner authority (only what it may see)',
    },
    'Case package…',
  );
  casePackage.addEventListener('click', () => toggleCasePackageForm());
  byId('exports').replaceChildren(fit, h('span', {}, 'Export'), ...buttons, png, casePackage);
}

/**
 * The case package form (docs/case-packages.md): the receiving authority, the jurisdictions it may
 * see, whether it is entitled to minors' details, and whether to print the PDF. The server decides
 * what the package holds; the page only asks and saves the delivery zip (package and signature).
 */
function toggleCasePackageForm(): void {
  const existing = document.getElementById('case-package-form');
  if (existing) {
    existing.remove();
    return;
  }
  if (!state.subject) return;
  const authority = h('input', {
    name: 'authority',
    required: true,
    placeholder: 'e.g. National Crime Agency',
  });
  const jurisdictions = h('input', { name: 'jurisdictions', required: true, placeholder: 'GB,IE', size: 8 });
  const minors = h('input', { type: 'checkbox', name: 'minors' });
  const pdf = h('input', { type: 'checkbox', name: 'pdf', checked: true });
  const form = h(
    'form',
    { id: 'case-package-form', class: 'toolbar case-package-form' },
    h('strong', {}, 'Case package for'),
    h('label', {}, 'authority ', authority),
    h('label', {}, 'jurisdictions ', jurisdictions),
    h('label', {}, minors, " entitled to minors' details"),
    h('label', {}, pdf, ' PDF'),
    h('button', { type: 'submit', class: 'button' }, 'Make and download'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (!state.subject) return;
    const ids = state.data?.nodes.map((n) => n.id) ?? [];
    const path = casePackagePath(state.subject, ids, {
      authority: authority.value,
      jurisdictions: jurisdictions.value,
      minors: minors.checked,
      pdf: pdf.checked,
    });
    if (!path) {
      say(
        `A view of more than ${CASE_PACKAGE_MAX_ENTITIES} entities is packaged as a network, not entity by entity.`,
        true,
      );
      return;
    }
    say(`Making a case package for ${authority.value.trim()}…`);
    download(path)
      .then(() =>
        say(
          `Case package for ${authority.value.trim()} saved: send both files inside (the .zip and its .sig).`,
        ),
      )
      .catch(fail);
  });
  byId('exports').closest('.toolbar')?.after(form);
  authority.focus();
}

/** Free-text filter on the loaded page: network id, indicator, country or category. */
function matchesText(network: NetworkSummary, text: string): boolean {
  const haystack = [
    network.id,
    ...network.categories,
    ...network.countries.map((c) => c.key),
    ...network.explanation.byIndicator.map((i) => i.indicator),
  ]
    .join(' ')
    .toLowerCase();
  return text
    .toLowerCase()
    .split(/\s+/)
    .every((word) => haystack.includes(word));
}

async function refreshList(): Promise<void> {
  const categories = [
    ...document.querySelectorAll<HTMLInputElement>('#filters input[name=category]:checked'),
  ].map((i) => i.value);
  const minSize = Number(byId<HTMLInputElement>('min-size').value) || undefined;
  const text = byId<HTMLInputElement>('network-search').value.trim();
  const page = await listNetworks({ categories, ...(minSize ? { minSize } : {}), first: 200 });
  state.networks = text ? page.networks.filter((n) => matchesText(n, text)) : page.networks;
  const run = page.networks[0]?.runId;
  byId('list-count').textContent =
    `${state.networks.length} of ${page.totalCount} network${page.totalCount === 1 ? '' : 's'}` +
    (run ? ` · run ${run}` : '');
  renderNetworkList(
    byId('network-list'),
    state.networks,
    state.subject?.kind === 'network' ? state.subject.id : null,
    (id) => openNetwork(id).catch(fail),
  );
}

function wireSearch(): void {
  const input = byId<HTMLInputElement>('entity-search');
  const results = byId('search-results');
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    const text = input.value.trim();
    if (text.length < 2) {
      results.hidden = true;
      return;
    }
    timer = setTimeout(() => {
      searchEntities(text)
        .then(({ hits, totalCount }) => {
          fill(
            results,
            ...hits.map((hit) => {
              const item = h(
                'li',
                { class: 'hit', 'data-entity-id': hit.entityId, role: 'button', tabindex: 0 },
                h('strong', {}, hit.name ?? hit.entityId),
                ` ${hit.label}`,
              );
              item.addEventListener('click', () => {
                results.hidden = true;
                openNeighbourhood(hit.entityId).catch(fail);
              });
              return item;
            }),
            hits.length === 0 ? h('li', { class: 'hit empty' }, 'Nothing found') : null,
            totalCount > hits.length
              ? h('li', { class: 'hit empty' }, `${totalCount - hits.length} more: refine the search`)
              : null,
          );
          results.hidden = false;
        })
        .catch(fail);
    }, 250);
  });
}

function wireFilters(): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  byId('filters').addEventListener('submit', (event) => event.preventDefault());
  byId('filters').addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => refreshList().catch(fail), 250);
  });
}

renderExports();
wireSearch();
wireFilters();
byId<HTMLInputElement>('merge-identities').addEventListener('change', (event) =>
  view.setMergeIdentities((event.target as HTMLInputElement).checked),
);
refreshList()
  .then(() => say('Pick a network, or search any entity above.'))
  .catch(fail);
refreshReviewQueue().catch(fail);

/** The highest-impact undecided proposals; a click opens the network they touch, else the record. */
async function refreshReviewQueue(): Promise<void> {
  renderReviewQueue(byId('review-queue'), await reviewQueue(10), (item) => {
    const network = item.networks[0];
    (network ? openNetwork(network) : openNeighbourhood(item.a.entityId)).catch(fail);
  });
}

/** Read-only handle for scripted checks (end-to-end tests, console): counts and node positions. */
Object.assign(window, {
  skeinViewer: {
    counts: () => ({
      nodes: view.graph.order,
      edges: view.graph.size,
      relationships: view.edgeOfRelationship.size,
    }),
    nodes: () => view.graph.nodes(),
    position: (id: string) => view.viewportPosition(id),
    highlighted: () => view.highlightedNodes(),
    layoutRunning: () => view.isLayoutRunning(),
  },
});
