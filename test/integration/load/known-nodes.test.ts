/**
 * A load remembers the nodes it wrote (KnownNodes) so a node met again with nothing new costs no
 * statement at all; its mentions are counted with the load's counts (writeMentionCounts), once per
 * load. Against the real Neo4j.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { executeRead, executeWrite, onQuery } from '../../../src/store/run.ts';
import { type Batch, KnownNodes, writeBatch, writeMentionCounts } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { openTestExtract } from '../../support/extracts.ts';

const EXTRACT = 'extract:known-nodes-test';

const open = () => openTestExtract(EXTRACT, 'known-nodes');

/** One batch of accounts: [id, rows mentioning it] on lines firstLine..line. */
function batch(firstLine: number, line: number, accounts: [string, number][]): Batch {
  return {
    extractId: EXTRACT,
    nodes: [
      {
        label: 'Account',
        rows: accounts.map(([id, count]) => ({
          id,
          props: { iban: id.slice(8) },
          names: [],
          firstRow: firstLine,
          count,
        })),
      },
    ],
    relationships: [],
    checkpoint: { line, firstLine, rows: line - 1, loaded: line - 1, rejected: 0 },
  };
}

async function mention(id: string): Promise<{ firstRow: number; rows: number } | undefined> {
  const [row] = await executeRead(
    'MATCH (:Extract {id: $extract})-[m:MENTIONS]->(:Account {id: $id}) RETURN m.firstRow AS firstRow, m.rows AS rows',
    { extract: EXTRACT, id },
  );
  return row === undefined ? undefined : { firstRow: Number(row.firstRow), rows: Number(row.rows) };
}

describe('a load’s memory of the nodes it wrote', () => {
  beforeEach(async () => {
    await cleanDatabase();
    await open();
  });
  afterAll(closeDriver);

  it('writes nothing for a node met again with nothing new; the load’s counts count it', async () => {
    const known = new KnownNodes();
    expect(await writeBatch(batch(2, 3, [['account:A1', 2]]), { known })).toBe(true);
    expect(known.get('account:A1')).toMatchObject({ names: [] });
    const statements: string[] = [];
    const stop = onQuery(({ cypher }) => statements.push(cypher));
    expect(await writeBatch(batch(4, 6, [['account:A1', 3]]), { known })).toBe(true);
    stop();
    // No lookup of the node, no update of its properties or its mention: only the checkpoint.
    expect(statements.filter((q) => q.includes(':Account'))).toEqual([]);
    expect(await mention('account:A1')).toEqual({ firstRow: 2, rows: 0 });
    const counts = [{ label: 'Account' as const, rows: [{ id: 'account:A1', count: 5 }] }];
    expect(await writeMentionCounts(EXTRACT, 6, counts)).toBe(true);
    expect(await mention('account:A1')).toEqual({ firstRow: 2, rows: 5 });
    // Counted once: the same lines again (a rerun) add nothing, nor does a batch already written.
    expect(await writeMentionCounts(EXTRACT, 6, counts)).toBe(false);
    expect(await writeBatch(batch(4, 6, [['account:A1', 3]]), { known })).toBe(false);
    expect(await mention('account:A1')).toEqual({ firstRow: 2, rows: 5 });
  });

  it('refuses counts for lines no batch has written, and counts of nodes that are gone', async () => {
    await writeBatch(batch(2, 3, [['account:A1', 2]]), { known: new KnownNodes() });
    const counts = [{ label: 'Account' as const, rows: [{ id: 'account:A1', count: 2 }] }];
    await expect(writeMentionCounts(EXTRACT, 9, counts)).rejects.toThrow(/loader bug/);
    await executeWrite('MATCH (n:Account {id: $id}) DETACH DELETE n', { id: 'account:A1' });
    await expect(writeMentionCounts(EXTRACT, 3, counts)).rejects.toThrow(
      /1 Account node\(s\) extract .* recorded are gone .* load the file again/,
    );
  });

  it('forgets the least recently used nodes beyond its capacity', () => {
    const known = new KnownNodes(2);
    const node = { keys: new Set(['id']), names: [] };
    known.set('a', node);
    known.set('b', node);
    known.get('a');
    known.set('c', node);
    expect(known.size).toBe(2);
    expect(known.get('b')).toBeUndefined();
    expect(known.get('a')).toEqual(node);
  });
});
