/**
 * A batch is written by one statement that merges nodes, mentions and structural links in Cypher
 * (store/batch-statement.ts). What that statement could get wrong, against the real Neo4j: a node
 * or link met twice in one batch, a node and a link first recorded by another extract (the first
 * value wins, spellings unite, each extract's mention keeps its own facts, a link's values stay
 * its first recorder's), a later batch of the first recorder, a batch written twice, an overlap.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { executeRead } from '../../../src/store/run.ts';
import {
  type Batch,
  type NodeGroup,
  OverlappingLoadError,
  type RelationshipGroup,
  writeBatch,
} from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { openTestExtract } from '../../support/extracts.ts';
import { graphSnapshot } from './snapshot.ts';

const X = 'extract:batch-statement-x';
const Y = 'extract:batch-statement-y';

const open = (id: string) => openTestExtract(id);

function batch(
  extractId: string,
  [firstLine, line]: [number, number],
  nodes: NodeGroup[],
  relationships: RelationshipGroup[] = [],
): Batch {
  return {
    extractId,
    nodes,
    relationships,
    checkpoint: { line, firstLine, rows: line - 1, loaded: line - 1, rejected: 0 },
  };
}

const person = (id: string, props: Record<string, string>, names: string[], firstRow: number) => ({
  id,
  props,
  names,
  firstRow,
  count: 1,
});
const account = (id: string, props: Record<string, string>, firstRow: number) => ({
  id,
  props,
  names: [],
  firstRow,
  count: 1,
});
const holds = (extract: string, row: number, props: Record<string, string> = {}): RelationshipGroup => ({
  type: 'HOLDS',
  fromLabel: 'Person',
  toLabel: 'Account',
  rows: [{ from: 'person:P1', to: 'account:A1', props: { ...props, extract, row } }],
});

async function node(id: string): Promise<Record<string, unknown>> {
  const [row] = await executeRead('MATCH (n {id: $id}) RETURN properties(n) AS props', { id });
  return row?.props as Record<string, unknown>;
}

async function mention(extract: string, id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await executeRead(
    'MATCH (:Extract {id: $extract})-[m:MENTIONS]->({id: $id}) RETURN properties(m) AS props',
    { extract, id },
  );
  return row?.props as Record<string, unknown> | undefined;
}

async function links(): Promise<Record<string, unknown>[]> {
  const rows = await executeRead(
    'MATCH (:Person {id: "person:P1"})-[r:HOLDS]->(:Account {id: "account:A1"}) RETURN properties(r) AS props',
  );
  return rows.map((row) => row.props as Record<string, unknown>);
}

describe('the batch statement', () => {
  beforeEach(async () => {
    await cleanDatabase();
    await open(X);
    await open(Y);
  });
  afterAll(closeDriver);

  it('merges a node and a link met twice in one batch: first value wins, spellings unite, one mention', async () => {
    const written = await writeBatch(
      batch(
        X,
        [2, 4],
        [
          {
            label: 'Person',
            rows: [
              person('person:P1', { name: 'Ion Popescu' }, ['POPESCU, Ion'], 2),
              person('person:P1', { name: 'Ioan Popescu', birthDate: '1970-01-02' }, ['Ioan Popescu'], 3),
            ],
          },
          { label: 'Account', rows: [account('account:A1', { iban: 'GB1' }, 2)] },
        ],
        [
          {
            ...holds(X, 2, { role: 'owner' }),
            rows: [
              { from: 'person:P1', to: 'account:A1', props: { role: 'owner', extract: X, row: 2 } },
              { from: 'person:P1', to: 'account:A1', props: { role: 'signatory', since: '2020', row: 4 } },
            ],
          },
        ],
      ),
    );
    expect(written).toBe(true);
    expect(await node('person:P1')).toEqual({
      id: 'person:P1',
      name: 'Ion Popescu',
      birthDate: '1970-01-02',
      names: ['POPESCU, Ion', 'Ioan Popescu'],
    });
    expect(await mention(X, 'person:P1')).toEqual({
      firstRow: 2,
      rows: 0,
      p_name: 'Ion Popescu',
      p_birthDate: '1970-01-02',
      names: ['POPESCU, Ion', 'Ioan Popescu'],
      search: 'Ion Popescu  POPESCU, Ion Ioan Popescu',
    });
    expect(
      await executeRead('MATCH (:Extract {id: $x})-[m:MENTIONS]->(:Person) RETURN count(m) AS n', { x: X }),
    ).toEqual([{ n: 1 }]);
    expect(await links()).toEqual([
      { role: 'owner', since: '2020', row: 2, extract: X, extracts: [X], extractRows: [2] },
    ]);
  });

  it('keeps a node’s and a link’s first values when another extract records them, each mention its own facts', async () => {
    await writeBatch(
      batch(
        X,
        [2, 2],
        [
          { label: 'Person', rows: [person('person:P1', { name: 'Ion Popescu' }, ['POPESCU, Ion'], 2)] },
          { label: 'Account', rows: [account('account:A1', { iban: 'GB1' }, 2)] },
        ],
        [holds(X, 2, { since: '2019' })],
      ),
    );
    await writeBatch(
      batch(
        Y,
        [5, 6],
        [
          {
            label: 'Person',
            rows: [person('person:P1', { name: 'Ioan Popescu', nationality: 'RO' }, ['Ioan Popescu'], 5)],
          },
          { label: 'Account', rows: [account('account:A1', { iban: 'GB9', kind: 'bank' }, 6)] },
        ],
        [holds(Y, 6, { since: '2021', role: 'owner' })],
      ),
    );
    expect(await node('person:P1')).toEqual({
      id: 'person:P1',
      name: 'Ion Popescu',
      nationality: 'RO',
      names: ['POPESCU, Ion', 'Ioan Popescu'],
    });
    expect(await node('account:A1')).toEqual({ id: 'account:A1', iban: 'GB1', kind: 'bank' });
    // Y's mention holds what Y recorded, and only that.
    expect(await mention(Y, 'person:P1')).toEqual({
      firstRow: 5,
      rows: 0,
      p_name: 'Ioan Popescu',
      p_nationality: 'RO',
      names: ['Ioan Popescu'],
      search: 'Ioan Popescu  Ioan Popescu',
    });
    expect(await mention(Y, 'account:A1')).toEqual({ firstRow: 6, rows: 0, p_iban: 'GB9', p_kind: 'bank' });
    expect(await mention(X, 'account:A1')).toEqual({ firstRow: 2, rows: 0, p_iban: 'GB1' });
    // The link keeps X's values; Y joins its recorders and adds none.
    expect(await links()).toEqual([
      { since: '2019', row: 2, extract: X, extracts: [X, Y], extractRows: [2, 6] },
    ]);

    // X's own later batch fills what its link lacks; Y's again adds nothing, not even a recorder.
    await writeBatch(batch(X, [3, 3], [], [holds(X, 3, { since: '2000', role: 'signatory' })]));
    await writeBatch(batch(Y, [7, 7], [], [holds(Y, 7, { role: 'other', note: 'y' })]));
    expect(await links()).toEqual([
      { since: '2019', role: 'signatory', row: 2, extract: X, extracts: [X, Y], extractRows: [2, 6] },
    ]);
  });

  it('adds to a mention of an earlier batch only what it lacks', async () => {
    await writeBatch(
      batch(X, [2, 2], [{ label: 'Person', rows: [person('person:P1', { name: 'Ion' }, ['ION'], 2)] }]),
    );
    await writeBatch(
      batch(
        X,
        [3, 3],
        [
          {
            label: 'Person',
            rows: [person('person:P1', { name: 'Ioan', birthDate: '1970' }, ['ION', 'IOAN'], 3)],
          },
        ],
      ),
    );
    expect(await mention(X, 'person:P1')).toEqual({
      firstRow: 2,
      rows: 0,
      p_name: 'Ion',
      p_birthDate: '1970',
      names: ['ION', 'IOAN'],
      search: 'Ion  ION IOAN',
    });
  });

  it('writes a batch once: run again it changes nothing; an overlapping batch is refused whole', async () => {
    const first = batch(
      X,
      [2, 3],
      [
        { label: 'Person', rows: [person('person:P1', { name: 'Ion' }, ['ION'], 2)] },
        { label: 'Account', rows: [account('account:A1', { iban: 'GB1' }, 2)] },
      ],
      [holds(X, 2)],
    );
    expect(await writeBatch(first, { by: 'load-1' })).toBe(true);
    const before = await graphSnapshot();
    // Another load, or this one's retry after a lost answer (its own token: true, nothing new).
    expect(await writeBatch(first, { by: 'load-2' })).toBe(false);
    expect(await writeBatch(first, { by: 'load-1' })).toBe(true);
    expect(await graphSnapshot()).toEqual(before);

    const overlapping = batch(
      X,
      [3, 5],
      [{ label: 'Account', rows: [account('account:A2', { iban: 'GB2' }, 4)] }],
    );
    await expect(writeBatch(overlapping)).rejects.toBeInstanceOf(OverlappingLoadError);
    expect(await graphSnapshot()).toEqual(before);
  });
});
