/**
 * The network's indicator matches, strongest first, each one a button that highlights its evidence
 * in the graph; and the score explanation: points per indicator, then the multipliers.
 */
import { fill, formatNumber, h } from './dom.ts';
import { categoryBadge } from './network-list.ts';
import type { IndicatorMatch, NetworkDetail } from './queries.ts';

function factsText(facts: Record<string, unknown>): string {
  return Object.entries(facts ?? {})
    .map(
      ([k, v]) =>
        `${k}: ${typeof v === 'number' ? formatNumber(v, 2) : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
    )
    .join(' · ');
}

function explanation(network: NetworkDetail): HTMLElement {
  const e = network.explanation;
  const rows = [...e.byIndicator]
    .sort((a, b) => b.points - a.points)
    .map((i) =>
      h(
        'tr',
        {},
        h('td', {}, i.indicator),
        h('td', { class: 'num' }, String(i.matches)),
        h('td', { class: 'num' }, formatNumber(i.points, 2)),
      ),
    );
  return h(
    'div',
    { class: 'explanation', 'data-testid': 'explanation' },
    h(
      'table',
      { class: 'props' },
      h(
        'tr',
        {},
        h('th', {}, 'indicator'),
        h('th', { class: 'num' }, 'matches'),
        h('th', { class: 'num' }, 'points'),
      ),
      ...rows,
    ),
    h(
      'p',
      {},
      `${formatNumber(e.base, 2)} points × ${formatNumber(e.crossCategoryMultiplier, 2)} (categories linked) × ${formatNumber(e.contextOnlyMultiplier, 2)} (context only) = risk ${formatNumber(e.score, 2)}`,
    ),
    h(
      'p',
      {},
      `Money in ${formatNumber(network.moneyIn, 2)} · out ${formatNumber(network.moneyOut, 2)} · inside ${formatNumber(network.moneyInternal, 2)}`,
    ),
    jurisdictionTable(network),
  );
}

/** Whose extracts hold the evidence: the authorities to ask, or to send a package to. */
function jurisdictionTable(network: NetworkDetail): HTMLElement {
  const rows = network.jurisdictions.map((j) =>
    h(
      'tr',
      { 'data-jurisdiction': j.jurisdiction },
      h('td', {}, j.jurisdiction || '—'),
      h('td', { class: 'num' }, String(j.extractIds.length)),
      h('td', { class: 'num' }, String(j.members)),
      h('td', { class: 'num' }, String(j.rows)),
      h(
        'td',
        {},
        j.money
          .map((m) => `${formatNumber(m.total, 2)} ${m.currency ?? ''} (${m.payments})`.trim())
          .join(', ') || '—',
      ),
    ),
  );
  return h(
    'table',
    { class: 'props jurisdictions', 'data-testid': 'network-jurisdictions' },
    h(
      'tr',
      {},
      h('th', {}, 'evidence held in'),
      h('th', { class: 'num' }, 'extracts'),
      h('th', { class: 'num' }, 'members'),
      h('th', { class: 'num' }, 'rows'),
      h('th', {}, 'payments'),
    ),
    ...rows,
  );
}

export function renderIndicators(
  container: HTMLElement,
  network: NetworkDetail,
  onHighlight: (match: IndicatorMatch | null) => void,
): void {
  let active: HTMLElement | null = null;
  const items = network.indicators.map((match) => {
    const item = h(
      'li',
      {
        class: 'indicator',
        'data-indicator': match.indicator,
        'data-match-id': match.id,
        tabindex: 0,
        role: 'button',
      },
      categoryBadge(match.category),
      h('span', { class: 'indicator-name' }, match.indicator),
      h('span', { class: 'points' }, `${formatNumber(match.points, 2)} pts`),
      h(
        'div',
        { class: 'evidence' },
        `evidence: ${match.evidenceEntityIds.length} entities, ${match.evidenceRelationshipIds.length} relationships`,
      ),
      h('div', { class: 'facts' }, factsText(match.facts)),
    );
    item.addEventListener('click', () => {
      active?.classList.remove('active');
      if (active === item) {
        active = null;
        onHighlight(null);
        return;
      }
      active = item;
      item.classList.add('active');
      onHighlight(match);
    });
    return item;
  });
  fill(
    container,
    h('h4', {}, `Indicators (${network.indicators.length})`),
    network.indicators.length > 0
      ? h('ul', { class: 'indicator-list' }, ...items)
      : h('p', { class: 'empty' }, 'No indicator matched.'),
    h('h4', {}, 'Why this score'),
    explanation(network),
  );
}
