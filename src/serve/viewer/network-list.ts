/** The ranked network list: risk, size, category badges, top indicators, countries, time span. */
import { formatNumber, h } from './dom.ts';
import type { NetworkSummary } from './queries.ts';

export function categoryBadge(category: string): HTMLElement {
  return h('span', { class: `badge badge-${category.toLowerCase()}` }, category);
}

export function renderNetworkList(
  container: HTMLElement,
  networks: readonly NetworkSummary[],
  selected: string | null,
  onOpen: (id: string) => void,
): void {
  container.replaceChildren();
  if (networks.length === 0) {
    container.append(
      h(
        'p',
        { class: 'empty' },
        'No network matches. Run a detection (npm run analyse) or relax the filters.',
      ),
    );
    return;
  }
  for (const network of networks) {
    const span =
      network.timeFrom || network.timeTo
        ? `${network.timeFrom?.slice(0, 10) ?? '…'} – ${network.timeTo?.slice(0, 10) ?? '…'}`
        : 'undated';
    const item = h(
      'li',
      {
        class: `network${network.id === selected ? ' selected' : ''}`,
        'data-network-id': network.id,
        tabindex: 0,
        role: 'button',
      },
      h(
        'div',
        { class: 'network-head' },
        h('span', { class: 'rank' }, `#${network.rank}`),
        h('span', { class: 'risk', title: 'risk score' }, formatNumber(network.risk, 1)),
        h('span', { class: 'size' }, `${network.size} members`),
      ),
      h(
        'div',
        { class: 'badges' },
        ...network.categories.map(categoryBadge),
        network.linksCategories
          ? h('span', { class: 'links', title: 'evidence links two or more categories' }, 'linked')
          : null,
      ),
      h(
        'div',
        { class: 'indicators' },
        [...network.explanation.byIndicator]
          .sort((a, b) => b.points - a.points)
          .slice(0, 3)
          .map((i) => `${i.indicator} (${formatNumber(i.points, 1)})`)
          .join(' · '),
      ),
      h('div', { class: 'meta' }, `${network.countries.map((c) => c.key).join(' ') || '—'} · ${span}`),
    );
    item.addEventListener('click', () => onOpen(network.id));
    item.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') onOpen(network.id);
    });
    container.append(item);
  }
}
