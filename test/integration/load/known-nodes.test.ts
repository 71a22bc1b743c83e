/**
 * A load remembers the nodes it wrote (KnownNodes) so a node met again with nothing new only has
 * its mention counted. Against the real Neo4j: the counts are the same as the full way, and a stale
 * memory (the node deleted meanwhile, the mention's element id reused by another relationship)
 * falls back to the full way without touching anything else.
 */
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { executeRead, executeWrite, onQuery } from '../../../src/store/run.ts';
import { type Batch, KnownNodes, openExtract, writeBatch } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const EXTRACT = 'extract:known-nodes-test';

async function open(): Promise<void> {
  await openExtract({
    id: EXTRACT,
    name: 'known-nodes',
    file: 'known-nodes.csv',
    source: 'test',
    jurisdiction: 'GB',
    sha256: '0'.repeat(64),
    mapping: 'test',
    mappingSha256: '0'.repeat(64),
    rejectsFile: null,
  });
}

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

  it('counts a node met again through the mention it remembers', async () => {
    const known = new KnownNodes();
    expect(await writeBatch(batch(2, 3, [['account:A1', 2]]), { known })).toBe(true);
    expect(known.get('account:A1')).toMatchObject({ names: [] });
    const statements: string[] = [];
    const stop = onQuery(({ cypher }) => statements.push(cypher));
    expect(await writeBatch(batch(4, 6, [['account:A1', 3]]), { known })).toBe(true);
    stop();
    // Counted through the remembered mention: no lookup of the node, no update of its properties.
    expect(statements.filter((q) => q.includes('elementId(m) = row.mention'))).toHaveLength(1);
    expect(statements.filter((q) => q.includes('keys(n)') || q.includes('SET n += row.props'))).toEqual([]);
    expect(await mention('account:A1')).toEqual({ firstRow: 2, rows: 5 });
    // A batch already written (a rerun) changes nothing, remembered or not.
    expect(await writeBatch(batch(4, 6, [['account:A1', 3]]), { known })).toBe(false);
    expect(await mention('account:A1')).toEqual({ firstRow: 2, rows: 5 });
  });

  it('writes a node deleted since it was remembered the full way', async () => {
    const known = new KnownNodes();
    await writeBatch(batch(2, 3, [['account:A1', 2]]), { known });
    await executeWrite('MATCH (n:Account {id: $id}) DETACH DELETE n', { id: 'account:A1' });
    await writeBatch(batch(4, 4, [['account:A1', 1]]), { known });
    const [node] = await executeRead('MATCH (n:Account {id: $id}) RETURN n.iban AS iban', {
      id: 'account:A1',
    });
    expect(node?.iban).toBe('A1');
    expect(await mention('account:A1')).toEqual({ firstRow: 4, rows: 1 });
  });

  it('never counts another relationship that took a remembered mention’s element id', async () => {
    const known = new KnownNodes();
    await writeBatch(
      batch(2, 3, [
        ['account:A1', 1],
        ['account:B2', 1],
      ]),
      { known },
    );
    const b2 = known.get('account:B2')!;
    // As if A1's mention had been deleted and its element id reused by B2's mention.
    known.set('account:A1', { ...known.get('account:A1')!, mention: b2.mention });
    await writeBatch(batch(4, 5, [['account:A1', 2]]), { known });
    expect(await mention('account:A1')).toEqual({ firstRow: 2, rows: 3 });
    expect(await mention('account:B2')).toEqual({ firstRow: 2, rows: 1 });
  });

  it('forgets the least recently used nodes beyond its capacity', () => {
    const known = new KnownNodes(2);
    const node = { keys: new Set(['id']), names: [], mention: 'm' };
    known.set('a', node);
    known.set('b', node);
    known.get('a');
    known.set('c', node);
    expect(known.size).toBe(2);
    expect(known.get('b')).toBeUndefined();
    expect(known.get('a')).toEqual(node);
  });
});
