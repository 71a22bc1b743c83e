/** Type toggles (hide/show an entity type) and the time slider (a date window on relationships). */
import { colourOf } from '../../export/palette.ts';
import { h } from './dom.ts';

export function renderTypeToggles(
  container: HTMLElement,
  counts: Map<string, number>,
  hidden: Set<string>,
  onChange: (hidden: Set<string>) => void,
): void {
  const toggles = [...counts.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([label, count]) => {
      const box = h('input', { type: 'checkbox', 'data-type': label, checked: !hidden.has(label) });
      box.addEventListener('change', () => {
        if (box.checked) hidden.delete(label);
        else hidden.add(label);
        onChange(hidden);
      });
      return h(
        'label',
        { class: 'type-toggle' },
        box,
        h('span', { class: 'swatch', style: `background:${colourOf(label)}` }),
        `${label} ${count}`,
      );
    });
  container.replaceChildren(...toggles);
}

const DAY = 86_400_000;

function dayIndex(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / DAY);
}

function dayOf(index: number): string {
  return new Date(index * DAY).toISOString().slice(0, 10);
}

/** Two sliders (from, to) over the days the relationships in view span. */
export function renderTimeSlider(
  container: HTMLElement,
  range: { from: string; to: string } | null,
  onChange: (since: string | null, until: string | null) => void,
): void {
  if (!range) {
    container.replaceChildren(h('span', { class: 'empty' }, 'No dated relationships in view.'));
    return;
  }
  const min = dayIndex(range.from);
  const max = dayIndex(range.to);
  const since = h('input', {
    type: 'range',
    min,
    max,
    value: min,
    step: 1,
    'data-testid': 'time-since',
    'aria-label': 'from',
  });
  const until = h('input', {
    type: 'range',
    min,
    max,
    value: max,
    step: 1,
    'data-testid': 'time-until',
    'aria-label': 'until',
  });
  const label = h('span', { class: 'time-label' }, `${range.from} – ${range.to}`);
  const update = () => {
    let a = Number(since.value);
    let b = Number(until.value);
    if (a > b) [a, b] = [b, a];
    label.textContent = `${dayOf(a)} – ${dayOf(b)}`;
    onChange(a === min ? null : dayOf(a), b === max ? null : dayOf(b));
  };
  since.addEventListener('input', update);
  until.addEventListener('input', update);
  container.replaceChildren(h('span', {}, 'Time'), since, until, label);
}
