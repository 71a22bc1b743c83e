/**
 * The details panel: an entity's properties and where each fact comes from (extract, source,
 * jurisdiction, SHA-256, first row), or a drawn edge's relationships with extract and row.
 */
import { cellText, type ExportEdge, type ExportNode, type Value } from '../../export/types.ts';
import { fill, formatNumber, h } from './dom.ts';
import { identityOf } from './identity-badge.ts';

const HIDDEN_PROPS = new Set(['names', 'identityRecords']);

function propsTable(props: Record<string, Value>): HTMLElement {
  const rows = Object.keys(props)
    .filter((k) => !HIDDEN_PROPS.has(k) && props[k] !== null && props[k] !== '')
    .sort()
    .map((key) => h('tr', {}, h('th', {}, key), h('td', {}, cellText(props[key] as Value))));
  return h('table', { class: 'props' }, ...rows);
}

export interface EntityActions {
  expand(id: string): void;
  openNeighbourhood(id: string): void;
  /** "N more" links of this entity not in view yet, when known. */
  more?: number;
  /** Fills the section for a record's possible matches (persons and organisations only). */
  matches?: (container: HTMLElement) => void;
}

export function renderEntity(container: HTMLElement, node: ExportNode, actions: EntityActions): void {
  const provenance = h(
    'ul',
    { class: 'provenance', 'data-testid': 'provenance' },
    ...node.provenance.map((p) =>
      h(
        'li',
        {},
        h('strong', {}, p.extractName),
        ` — ${p.source}${p.jurisdiction ? ` (${p.jurisdiction})` : ''}`,
        h('br'),
        `first row ${p.firstRow}${p.rows ? `, ${p.rows} row${p.rows === 1 ? '' : 's'}` : ''} · extract `,
        h('code', {}, p.extractId),
        h('br'),
        'sha256 ',
        h('code', { class: 'hash', title: p.sha256 }, p.sha256),
      ),
    ),
  );
  const names =
    Array.isArray(node.props.names) && node.props.names.length > 1 ? node.props.names.map(String) : [];
  const expand = h(
    'button',
    { type: 'button', class: 'button', 'data-action': 'expand' },
    'Expand neighbours',
  );
  expand.addEventListener('click', () => actions.expand(node.id));
  const open = h(
    'button',
    { type: 'button', class: 'button', 'data-action': 'open-neighbourhood' },
    'Open neighbourhood',
  );
  open.addEventListener('click', () => actions.openNeighbourhood(node.id));
  const matches = actions.matches
    ? h('section', { class: 'possible-matches', 'data-testid': 'possible-matches' })
    : null;
  // One identity, several records: a badge with their number, each record one click away.
  const identity = identityOf(node);
  const identityBlock = identity
    ? h(
        'div',
        { class: 'identity', 'data-testid': 'identity' },
        h(
          'span',
          { class: 'badge badge-identity', title: identity.id },
          `${identity.records.length} records`,
        ),
        ' one identity: ',
        ...identity.records.map((record) => {
          if (record === node.id) return h('code', {}, record);
          const link = h('button', { type: 'button', class: 'link', 'data-record': record }, record);
          link.addEventListener('click', () => actions.openNeighbourhood(record));
          return link;
        }),
      )
    : null;
  fill(
    container,
    h('h3', {}, node.name),
    h('div', { class: 'entity-type' }, node.label, ' · ', h('code', {}, node.id)),
    names.length > 0 ? h('div', { class: 'names' }, `Also written: ${names.join(' · ')}`) : null,
    identityBlock,
    h(
      'div',
      { class: 'actions' },
      expand,
      open,
      actions.more ? h('span', { class: 'more' }, `${actions.more} more links not shown`) : null,
    ),
    propsTable(node.props),
    matches,
    h('h4', {}, 'Provenance'),
    node.provenance.length > 0
      ? provenance
      : h('p', { class: 'empty' }, 'No extract you may see mentions it.'),
  );
  if (matches && actions.matches) actions.matches(matches);
}

export function renderRelationships(
  container: HTMLElement,
  relationships: readonly ExportEdge[],
  names: (id: string) => string,
): void {
  const first = relationships[0];
  if (!first) return;
  const total = relationships.reduce(
    (sum, r) => sum + (typeof r.props.amount === 'number' ? r.props.amount : 0),
    0,
  );
  container.replaceChildren(
    h('h3', {}, `${first.type}: ${names(first.from)} → ${names(first.to)}`),
    h(
      'div',
      {},
      `${relationships.length} relationship${relationships.length === 1 ? '' : 's'}${total > 0 ? `, total ${formatNumber(total, 2)}` : ''}`,
    ),
    h(
      'ul',
      { class: 'provenance', 'data-testid': 'provenance' },
      ...relationships.slice(0, 200).map((r) =>
        h(
          'li',
          {},
          [
            r.props.at,
            typeof r.props.amount === 'number'
              ? `${formatNumber(r.props.amount, 2)} ${r.props.currency ?? ''}`
              : null,
            r.props.kind,
            r.props.reference,
          ]
            .filter((v) => v !== null && v !== undefined && v !== '')
            .map((v) => cellText(v as Value))
            .join(' · ') || r.type,
          h('br'),
          r.provenance
            ? `${r.provenance.extractName ?? r.provenance.extractId}, row ${r.provenance.row ?? '?'}`
            : 'derived by Skein',
        ),
      ),
    ),
  );
}
