/**
 * The ranked network list: risk, size, category badges, top indicators, countries, time span, the
 * unit a piece is ranked in and the networks it shares a recruiter or a payer with.
 */
import { formatNumber, h } from './dom.ts';
import type { LinkedNetwork, NetworkSummary } from './queries.ts';

/** What a shared node is to the networks, from the strongest kind of its links. */
const SHARED_AS: Record<string, string> = {
  'travel-payer': 'a travel payer',
  call: 'a phone contact',
  money: 'a payee or payer',
  'held-document': 'a document holder',
  employment: 'an employer',
  directorship: 'a director',
  ownership: 'an owner',
  'claim-payee': 'a benefit account',
  'shared-address': 'an address',
  'shared-phone': 'a phone',
  'shared-account': 'an account',
};

/** "shares a travel payer with #4, #7" lines, one per kind of shared node. */
export function linkedLine(linked: readonly LinkedNetwork[]): string | null {
  const byWhat = new Map<string, number[]>();
  for (const link of linked) {
    for (const shared of link.shared) {
      const what = SHARED_AS[shared.kinds[0] ?? ''] ?? `a ${shared.label.toLowerCase()}`;
      const ranks = byWhat.get(what) ?? [];
      if (!ranks.includes(link.rank)) ranks.push(link.rank);
      byWhat.set(what, ranks);
    }
  }
  if (byWhat.size === 0) return null;
  return [...byWhat]
    .map(
      ([what, ranks]) =>
        `shares ${what} with ${ranks
          .sort((a, b) => a - b)
          .map((r) => `#${r}`)
          .join(', ')}`,
    )
    .join(' · ');
}

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
      network.parentId && network.unitId === network.parentId
        ? h(
            'div',
            { class: 'unit', title: 'pieces of one parent are ranked together' },
            `piece of unit ${network.unitRank}`,
          )
        : null,
      network.linkedNetworks.length > 0
        ? h('div', { class: 'linked-networks' }, linkedLine(network.linkedNetworks))
        : null,
    );
    item.addEventListener('click', () => onOpen(network.id));
    item.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') onOpen(network.id);
    });
    container.append(item);
  }
}
