/**
 * The "Review queue" panel: undecided proposals whose judgement would change most (reviewQueue),
 * each with its impact, the two records, the score and why. A click opens the first network the pair
 * touches, or the first record's neighbourhood when it touches none.
 */
import { formatNumber, h } from './dom.ts';
import type { ReviewItem } from './queries.ts';

const IMPACT_LABEL: Record<string, string> = {
  'merges-networks': 'merges networks',
  'joins-victim-to-controller': 'victim ↔ controller',
  'joins-network': 'joins a network',
  score: 'score',
};

export function renderReviewQueue(
  container: HTMLElement,
  items: readonly ReviewItem[],
  open: (item: ReviewItem) => void,
): void {
  container.replaceChildren();
  if (items.length === 0) {
    container.append(h('p', { class: 'empty' }, 'No undecided proposal you may see.'));
    return;
  }
  for (const item of items) {
    const name = (record: ReviewItem['a']) => record.name ?? record.entityId;
    const entry = h(
      'li',
      { class: 'review-item', 'data-match-id': item.id, tabindex: 0, role: 'button' },
      h(
        'div',
        { class: 'network-head' },
        h('span', { class: `badge impact impact-${item.impact}` }, IMPACT_LABEL[item.impact] ?? item.impact),
        h(
          'span',
          { class: 'size', title: 'probability the two records are one' },
          formatNumber(item.score, 2),
        ),
      ),
      h('div', { class: 'pair' }, `${name(item.a)} ~ ${name(item.b)}`),
      h('div', { class: 'meta' }, item.reasons.filter((r) => !r.startsWith('score ')).join(' · ')),
      h(
        'div',
        { class: 'indicators', title: item.evidence.join('\n') },
        item.evidence.slice(0, 2).join(' · '),
      ),
    );
    entry.addEventListener('click', () => open(item));
    entry.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') open(item);
    });
    container.append(entry);
  }
}
