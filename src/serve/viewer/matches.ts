/**
 * A record's possible matches in the details panel: per other record, the score and its reasons as a
 * small waterfall (prior, then each feature's ± weight, to the match weight), the status and the
 * judgement that gives it, earlier (withdrawn) judgements, and Accept / Reject / Withdraw buttons
 * that ask for the reason and update the list. What the viewer may not read never reaches the page.
 */
import { fill, formatNumber, h } from './dom.ts';
import {
  type JudgementSummary,
  judgeMatch,
  type MatchReason,
  type MatchSummary,
  possibleMatches,
  withdrawJudgement,
} from './queries.ts';

/** All matches with one other record, the proposal (if any) leading. */
interface Candidate {
  other: MatchSummary['record'];
  lead: MatchSummary;
  kinds: string[];
  status: MatchSummary['status'];
  judgement: JudgementSummary | null;
  withdrawn: JudgementSummary[];
}

const byScore = (x: MatchSummary, y: MatchSummary) => (y.score ?? -1) - (x.score ?? -1);

export function candidatesOf(matches: readonly MatchSummary[]): Candidate[] {
  const groups = new Map<string, MatchSummary[]>();
  for (const m of matches) groups.set(m.record.entityId, [...(groups.get(m.record.entityId) ?? []), m]);
  return [...groups.values()].map((group) => {
    // A run's answer (a proposal or a rule) explains the pair; a judgement's own link only repeats it.
    const proposals = group.filter((m) => m.by !== 'judgement').sort(byScore);
    const lead = proposals[0] ?? (group[0] as MatchSummary);
    const judgement = lead.judgement ?? group.find((m) => m.judgement)?.judgement ?? null;
    const seen = new Map<string, JudgementSummary>();
    for (const j of group.flatMap((m) => m.judgements)) if (!j.active) seen.set(j.id, j);
    return {
      other: lead.record,
      lead,
      kinds: [...new Set(group.map((m) => m.kind))],
      status: judgement ? (judgement.decision === 'CONFIRMED' ? 'CONFIRMED' : 'REJECTED') : 'UNDECIDED',
      judgement,
      withdrawn: [...seen.values()].sort((x, y) => (x.at < y.at ? 1 : -1)),
    };
  });
}

const signed = (w: number) => `${w >= 0 ? '+' : '−'}${formatNumber(Math.abs(w), 2)}`;

/**
 * The waterfall: from the prior log-odds (match weight minus the reasons), each reason moves the
 * total up or down; bars are drawn on one scale from the lowest to the highest running total.
 */
function waterfall(reasons: readonly MatchReason[], matchWeight: number | null): HTMLElement | null {
  if (reasons.length === 0) return null;
  const sum = reasons.reduce((s, r) => s + r.weight, 0);
  const prior = matchWeight === null ? 0 : matchWeight - sum;
  const steps: { label: string; level: string; from: number; to: number; detail: string | null }[] = [];
  let running = prior;
  for (const r of reasons) {
    steps.push({ label: r.feature, level: r.level, from: running, to: running + r.weight, detail: r.detail });
    running += r.weight;
  }
  const values = [0, prior, ...steps.map((s) => s.to)];
  const low = Math.min(...values);
  const span = Math.max(...values) - low || 1;
  const pct = (v: number) => `${(((v - low) / span) * 100).toFixed(1)}%`;
  const row = (label: string, level: string, from: number, to: number, title: string | null, kind: string) =>
    h(
      'tr',
      { class: `step ${kind}`, title: title ?? undefined },
      h('th', {}, label),
      h('td', { class: 'level' }, level),
      h(
        'td',
        { class: 'bar-cell' },
        h('span', {
          class: 'bar',
          style: `left:${pct(Math.min(from, to))};width:calc(${pct(Math.max(from, to))} - ${pct(Math.min(from, to))} + 2px)`,
        }),
      ),
      h(
        'td',
        { class: 'weight' },
        kind === 'total' || kind === 'prior' ? formatNumber(to, 2) : signed(to - from),
      ),
    );
  return h(
    'table',
    { class: 'waterfall', 'data-testid': 'waterfall' },
    matchWeight === null
      ? null
      : row('prior', '', 0, prior, 'Prior log2-odds of two records being one', 'prior'),
    ...steps.map((s) => row(s.label, s.level, s.from, s.to, s.detail, s.to >= s.from ? 'for' : 'against')),
    matchWeight === null ? null : row('match weight', '', 0, matchWeight, null, 'total'),
  );
}

function judgementLine(j: JudgementSummary): string {
  const verb = j.decision === 'CONFIRMED' ? 'Confirmed' : 'Rejected';
  const line = `${verb} by ${j.author} on ${j.at.slice(0, 16).replace('T', ' ')}: ${j.reason}`;
  return j.withdrawnAt
    ? `${line} — withdrawn by ${j.withdrawnBy} on ${j.withdrawnAt.slice(0, 16).replace('T', ' ')}: ${j.withdrawReason}`
    : line;
}

export interface MatchActions {
  open(entityId: string): void;
  /** Asks the user for a reason; null when they cancel. */
  ask(question: string): string | null;
}

/** Fills `container` with the matches of `entityId` and keeps it current after each decision. */
export async function renderMatches(container: HTMLElement, entityId: string, actions: MatchActions) {
  const refresh = () => renderMatches(container, entityId, actions);
  const problem = h('p', { class: 'error', hidden: true });
  const act = async (button: HTMLButtonElement, work: () => Promise<unknown>) => {
    button.disabled = true;
    try {
      await work();
      await refresh();
    } catch (error) {
      problem.textContent = error instanceof Error ? error.message : String(error);
      problem.hidden = false;
      button.disabled = false;
    }
  };
  fill(container, h('h4', {}, 'Possible matches'), h('p', { class: 'empty' }, 'Loading…'));
  const candidates = candidatesOf(await possibleMatches(entityId));
  const items = candidates.map((c) => {
    const button = (label: string, action: string, onClick: (b: HTMLButtonElement) => void) => {
      const b = h('button', { type: 'button', class: 'button', 'data-action': action }, label);
      b.addEventListener('click', () => onClick(b));
      return b;
    };
    const decide = (decision: 'confirm' | 'reject') => (b: HTMLButtonElement) => {
      const reason = actions.ask(
        decision === 'confirm'
          ? `Why are ${entityId} and ${c.other.entityId} one ${c.other.label.toLowerCase()}?`
          : `Why are ${entityId} and ${c.other.entityId} not one ${c.other.label.toLowerCase()}?`,
      );
      if (!reason?.trim()) return;
      void act(b, () => judgeMatch(decision, { a: entityId, b: c.other.entityId, reason }));
    };
    const withdraw = (j: JudgementSummary) => (b: HTMLButtonElement) => {
      const reason = actions.ask(`Why withdraw this judgement (${judgementLine(j)})?`);
      if (!reason?.trim()) return;
      void act(b, () => withdrawJudgement({ id: j.id, reason }));
    };
    const name = h(
      'button',
      { type: 'button', class: 'link', 'data-action': 'open-match' },
      c.other.name ?? c.other.entityId,
    );
    name.addEventListener('click', () => actions.open(c.other.entityId));
    const lead = c.lead;
    return h(
      'li',
      {
        class: `match status-${c.status.toLowerCase()}`,
        'data-other-id': c.other.entityId,
        'data-status': c.status,
      },
      h('div', { class: 'match-head' }, name, ` ${c.other.label} `, h('code', {}, c.other.entityId)),
      h(
        'div',
        { class: 'match-facts' },
        h('span', { class: 'badge status', 'data-testid': 'match-status' }, c.status),
        ...c.kinds.map((k) => h('span', { class: 'badge kind' }, k)),
        lead.score === null ? null : ` score ${formatNumber(lead.score * 100, 1)} %`,
        lead.by === 'score' || lead.by === 'judgement' ? null : ` · ${lead.by}`,
        ` · ${lead.jurisdictions.join(', ')}`,
      ),
      waterfall(lead.reasons, lead.matchWeight),
      c.judgement
        ? h('p', { class: 'judgement', 'data-testid': 'judgement' }, judgementLine(c.judgement))
        : null,
      h(
        'div',
        { class: 'actions' },
        c.status === 'CONFIRMED' ? null : button('Accept', 'accept-match', decide('confirm')),
        c.status === 'REJECTED' ? null : button('Reject', 'reject-match', decide('reject')),
        c.judgement ? button('Withdraw', 'withdraw-judgement', withdraw(c.judgement)) : null,
      ),
      c.withdrawn.length === 0
        ? null
        : h(
            'details',
            { class: 'withdrawn' },
            h(
              'summary',
              {},
              `${c.withdrawn.length} withdrawn judgement${c.withdrawn.length === 1 ? '' : 's'}`,
            ),
            h('ul', {}, ...c.withdrawn.map((j) => h('li', {}, judgementLine(j)))),
          ),
    );
  });
  fill(
    container,
    h('h4', {}, `Possible matches (${candidates.length})`),
    problem,
    items.length > 0
      ? h('ul', { class: 'matches', 'data-testid': 'matches' }, ...items)
      : h('p', { class: 'empty' }, 'No other record you may see is proposed as the same.'),
  );
}
