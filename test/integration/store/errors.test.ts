import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConstraintViolationError, QueryTimeoutError } from '../../../src/store/errors.ts';
import { executeRead, executeWrite, onQuery, readTx } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

describe('store executor against the real Neo4j', () => {
  beforeAll(cleanDatabase);
  afterAll(closeDriver);

  it('maps a uniqueness violation to ConstraintViolationError', async () => {
    await executeWrite('CREATE (:Person {id: $id})', { id: 'person:test:dup' });
    const attempt = executeWrite('CREATE (:Person {id: $id})', { id: 'person:test:dup' });
    await expect(attempt).rejects.toBeInstanceOf(ConstraintViolationError);
    await expect(attempt).rejects.toMatchObject({ code: 'CONSTRAINT_VIOLATION' });
  });

  it('cuts off a query that runs past its transaction timeout', async () => {
    const attempt = executeRead(
      'UNWIND range(1, 200000000) AS x WITH x WHERE x % 7 = 3 RETURN count(x) AS c',
      {},
      { timeoutMs: 300 },
    );
    await expect(attempt).rejects.toBeInstanceOf(QueryTimeoutError);
    await expect(attempt).rejects.toThrow(/cut off after 300 ms/);
  });

  it('returns plain values: integers as numbers, temporals as ISO strings', async () => {
    const [row] = await executeRead("RETURN 40 + 2 AS n, date('2024-03-09') AS d, {k: [1, 2]} AS m");
    expect(row).toEqual({ n: 42, d: '2024-03-09', m: { k: [1, 2] } });
  });

  it('reports every query to listeners (round-trip counting)', async () => {
    const seen: string[] = [];
    const stop = onQuery((e) => seen.push(`${e.mode}:${e.cypher}`));
    await readTx(async (tx) => {
      await tx.run('RETURN 1');
      await tx.run('RETURN 2');
    });
    stop();
    await executeRead('RETURN 3');
    expect(seen).toEqual(['READ:RETURN 1', 'READ:RETURN 2']);
  });
});
