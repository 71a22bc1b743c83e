/**
 * Investigators' judgements on pairs of records (model/resolution-contract.ts): confirm (a
 * :Judgement and SAME_AS {by: 'judgement'}), reject (a :Judgement and NOT_SAME_AS), withdraw (the
 * node stays, stamped, and the relationship it made goes). One active judgement per pair and scope:
 * a new one supersedes the old, which is withdrawn with the reason "superseded by <id>".
 *
 * Need-to-know: a judge must see both records; anything else reads as "not found", the same as a
 * missing record. A judgement's `jurisdictions` are those of the readable proposals of the pair
 * (the contract's "scope of the match it judged") joined with the jurisdictions of the judge's
 * extracts that mention either record: the decision may rest on anything the judge saw, so only
 * viewers of all of it read it. For a GB-only judge that is GB; a GB+IE judge of a person IE also
 * records makes a GB+IE judgement. A proposal the judge cannot read plays no part, so judging
 * behaves the same whether or not one exists.
 */
import { randomBytes } from 'node:crypto';
import { labelOfId } from '../model/ids.ts';
import {
  type JudgementDecision,
  MATCH_TYPES,
  type MatchType,
  matchKey,
  orderedPair,
  type RESOLVABLE_LABELS,
  type StoredJudgement,
} from '../model/resolution-contract.ts';
import { cypher } from './cypher.ts';
import { toJudgement } from './read/matches.ts';
import { coveredBy, coversRecord, recordJurisdictions, scopeParameter } from './read/record-scope.ts';
import type { ReadScope } from './read/scope.ts';
import { readTx, type Tx, writeTx } from './run.ts';

/** A record, pair or judgement the judge may not see or that does not exist: one answer for both. */
export class JudgementNotFoundError extends Error {
  constructor(
    message: string,
    readonly id: string,
  ) {
    super(message);
    this.name = 'JudgementNotFoundError';
  }
}

/** A request that cannot be carried out as asked (already withdrawn, a record judged with itself). */
export class JudgementInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JudgementInputError';
  }
}

export const MAX_REASON = 2_000;

export interface Judge {
  id: string;
  jurisdictions: readonly string[];
  scope: ReadScope;
}

const RELATIONSHIP_OF: Record<JudgementDecision, MatchType> = {
  confirmed: 'SAME_AS',
  rejected: 'NOT_SAME_AS',
};

function newJudgementId(at: string): string {
  const stamp = at.replace(/[-:]/g, '').replace(/\.\d+Z$/, '');
  return `judgement-${stamp}-${randomBytes(4).toString('hex')}`;
}

function labelOf(id: string): (typeof RESOLVABLE_LABELS)[number] {
  const label = labelOfId(id);
  if (label === 'Person' || label === 'Organisation') return label as (typeof RESOLVABLE_LABELS)[number];
  throw new JudgementInputError(
    `store/judgements: ${id} is not a person or organisation record; only those are judged as one entity`,
  );
}

const PAIR = `
MATCH (a:__FROM__ {id: $a}), (b:__TO__ {id: $b})
WHERE VISIBLE(a) AND VISIBLE(b)
OPTIONAL MATCH (a)-[r:__TYPES__]->(b) WHERE r.by <> 'judgement' AND ${coveredBy('r', 'cover')}
WITH a, b, collect(r {.jurisdictions, .evidenceKey, .scopeKey}) AS proposals
CALL (a, b) {
  UNWIND [a, b] AS n
  MATCH (x:Extract)-[:MENTIONS]->(n) WHERE $scope.all OR x.id IN $scope.extracts
  RETURN collect(DISTINCT x.jurisdiction) AS mentionedBy
}
RETURN proposals, mentionedBy`;

/** What the judge may know of the pair, or null when they may not see both records. */
async function pairAsSeen(
  tx: Tx,
  a: string,
  b: string,
  judge: Judge,
): Promise<{
  proposals: { jurisdictions: string[]; evidenceKey: string; scopeKey: string }[];
  mentionedBy: string[];
} | null> {
  const [row] = await tx.run(cypher(PAIR, { from: labelOf(a), to: labelOf(b), types: MATCH_TYPES }), {
    a,
    b,
    scope: judge.scope,
    cover: scopeParameter(judge.scope),
  });
  if (!row) return null;
  return {
    proposals: (row.proposals as { jurisdictions: string[]; evidenceKey: string; scopeKey: string }[]).map(
      (p) => ({
        jurisdictions: p.jurisdictions ?? [],
        evidenceKey: p.evidenceKey ?? '',
        scopeKey: p.scopeKey ?? '',
      }),
    ),
    mentionedBy: (row.mentionedBy as (string | null)[]).filter((j): j is string => typeof j === 'string'),
  };
}

/** The judgement's jurisdictions (see the module comment). */
function judgementJurisdictions(
  seen: { proposals: { jurisdictions: string[] }[]; mentionedBy: string[] },
  judge: Judge,
): string[] {
  const all = judge.jurisdictions.includes('*');
  const mentioned = all ? seen.mentionedBy : seen.mentionedBy.filter((j) => judge.jurisdictions.includes(j));
  const union = [...seen.proposals.flatMap((p) => p.jurisdictions), ...mentioned];
  if (union.includes('*')) return ['*'];
  if (union.length === 0) {
    // Records no extract of a known jurisdiction mentions: only a judge of all could see them.
    if (all) return ['*'];
    throw new JudgementInputError(`store/judgements: no jurisdiction of yours records this pair`);
  }
  return recordJurisdictions(union);
}

const LATEST = `MATCH (j:Judgement) WHERE j.a = $a AND j.b = $b RETURN max(j.at) AS latest`;

/**
 * Now, or just after the pair's latest judgement if the clock says otherwise (same millisecond, a
 * clock set back): a pair's judgements are ordered by time, and a superseding one comes after.
 */
async function judgementTime(tx: Tx, a: string, b: string): Promise<string> {
  const [row] = await tx.run(cypher(LATEST), { a, b });
  const latest = typeof row?.latest === 'string' ? Date.parse(row.latest) : Number.NaN;
  const now = Date.now();
  return new Date(Number.isNaN(latest) || now > latest ? now : latest + 1).toISOString();
}

const LOCK = `MATCH (a:__LABEL__ {id: $a}) SET a.judgementLock__ = true REMOVE a.judgementLock__ RETURN a.id AS id`;

const SUPERSEDE = `
MATCH (j:Judgement) WHERE j.a = $a AND j.b = $b AND j.scopeKey = $scopeKey AND j.withdrawnAt IS NULL
SET j.withdrawnAt = $at, j.withdrawnBy = $author, j.withdrawReason = 'superseded by ' + $id
RETURN j.id AS id, j.decision AS decision`;

/** Deletes the relationship judgement `$id` made (anchored on its records: no scan). */
const UNLINK = `
MATCH (a:__FROM__ {id: $a})-[r:__TYPE__]->(b:__TO__ {id: $b}) WHERE r.judgementId = $id
DELETE r`;

const CREATE = `
MATCH (a:__FROM__ {id: $a}), (b:__TO__ {id: $b})
CREATE (j:Judgement) SET j = $judgement
MERGE (a)-[r:__TYPE__ {key: $key}]->(b)
  ON CREATE SET r.by = 'judgement', r.runId = null, r.judgementId = $judgement.id,
    r.jurisdictions = $judgement.jurisdictions, r.scopeKey = $judgement.scopeKey, r.score = null,
    r.matchWeight = null, r.reasonsJson = '[]', r.evidenceKey = $judgement.evidenceKey, r.createdAt = $judgement.at
RETURN j {.*} AS j`;

async function unlink(tx: Tx, judgement: { id: string; a: string; b: string; decision: JudgementDecision }) {
  await tx.run(
    cypher(UNLINK, {
      from: labelOf(judgement.a),
      to: labelOf(judgement.b),
      type: RELATIONSHIP_OF[judgement.decision],
    }),
    judgement,
  );
}

/**
 * Confirms or rejects that `x` and `y` are one entity. Throws JudgementNotFoundError when the judge
 * cannot see both records, JudgementInputError for a record judged with itself or of another kind.
 */
export async function judgePair(input: {
  x: string;
  y: string;
  decision: JudgementDecision;
  reason: string;
  judge: Judge;
}): Promise<StoredJudgement> {
  const [a, b] = orderedPair(input.x, input.y);
  if (a === b) throw new JudgementInputError('store/judgements: a record is always one entity with itself');
  if (labelOf(a) !== labelOf(b)) {
    throw new JudgementInputError(
      `store/judgements: ${a} and ${b} are of different kinds (${labelOf(a)}, ${labelOf(b)}); a person and an organisation are never one entity`,
    );
  }
  const { judge } = input;
  return writeTx(async (tx) => {
    // Serialises judgements of pairs that start at `a`: "one active per pair and scope" holds under races.
    await tx.run(cypher(LOCK, { label: labelOf(a) }), { a });
    const seen = await pairAsSeen(tx, a, b, judge);
    if (!seen)
      throw new JudgementNotFoundError(`No entity ${a === input.x || b === input.x ? input.x : a}.`, a);
    const jurisdictions = judgementJurisdictions(seen, judge);
    const scopeKey = jurisdictions.join(',');
    const at = await judgementTime(tx, a, b);
    const id = newJudgementId(at);
    const judged = seen.proposals.find((p) => p.scopeKey === scopeKey) ?? seen.proposals[0];
    const superseded = await tx.run(cypher(SUPERSEDE), { a, b, scopeKey, at, author: judge.id, id });
    for (const old of superseded) {
      await unlink(tx, { id: String(old.id), a, b, decision: old.decision as JudgementDecision });
    }
    const type = RELATIONSHIP_OF[input.decision];
    const judgement: StoredJudgement = {
      id,
      decision: input.decision,
      a,
      b,
      author: judge.id,
      authorJurisdictions: [...judge.jurisdictions].sort(),
      jurisdictions,
      scopeKey,
      reason: input.reason,
      at,
      evidenceKey: judged?.evidenceKey ?? '',
      withdrawnAt: null,
      withdrawnBy: null,
      withdrawReason: null,
    };
    const [row] = await tx.run(cypher(CREATE, { from: labelOf(a), to: labelOf(b), type }), {
      a,
      b,
      key: matchKey(type, a, b, jurisdictions),
      judgement,
    });
    if (!row) throw new Error(`store/judgements: ${a} or ${b} vanished while judging them; try again`);
    return toJudgement(row.j as Record<string, unknown>);
  });
}

const JUDGEMENT = `MATCH (j:Judgement {id: $id}) RETURN j {.*} AS j`;

const BOTH_VISIBLE = `
MATCH (a:__FROM__ {id: $a}), (b:__TO__ {id: $b})
WHERE VISIBLE(a) AND VISIBLE(b)
RETURN count(*) AS n`;

/** A judgement the scope may read (its jurisdictions covered, both records visible), else undefined. */
export async function readJudgement(
  id: string,
  scope: ReadScope,
  tx?: Tx,
): Promise<StoredJudgement | undefined> {
  const run = async (t: Tx) => {
    const [row] = await t.run(cypher(JUDGEMENT), { id });
    if (!row) return undefined;
    const j = toJudgement(row.j as Record<string, unknown>);
    if (!coversRecord(scope, j.jurisdictions)) return undefined;
    const [seen] = await t.run(cypher(BOTH_VISIBLE, { from: labelOf(j.a), to: labelOf(j.b) }), {
      ...j,
      scope,
    });
    return Number(seen?.n ?? 0) > 0 ? j : undefined;
  };
  return tx ? run(tx) : readTx(run);
}

const WITHDRAW = `
MATCH (j:Judgement {id: $id}) WHERE j.withdrawnAt IS NULL
SET j.withdrawnAt = $at, j.withdrawnBy = $author, j.withdrawReason = $reason
RETURN j {.*} AS j`;

/** Withdraws a judgement the judge may read: the node stays, stamped; its relationship goes. */
export async function withdrawJudgement(input: {
  id: string;
  reason: string;
  judge: Judge;
}): Promise<StoredJudgement> {
  return writeTx(async (tx) => {
    const found = await readJudgement(input.id, input.judge.scope, tx);
    if (!found) throw new JudgementNotFoundError(`No judgement ${input.id}.`, input.id);
    await tx.run(cypher(LOCK, { label: labelOf(found.a) }), { a: found.a });
    const [row] = await tx.run(cypher(WITHDRAW), {
      id: input.id,
      at: new Date().toISOString(),
      author: input.judge.id,
      reason: input.reason,
    });
    if (!row) {
      const again = await readJudgement(input.id, input.judge.scope, tx);
      throw new JudgementInputError(
        `store/judgements: ${input.id} was already withdrawn${again?.withdrawnAt ? ` at ${again.withdrawnAt} by ${again.withdrawnBy}` : ''}; judge the pair again to make a new one`,
      );
    }
    await unlink(tx, found);
    return toJudgement(row.j as Record<string, unknown>);
  });
}
