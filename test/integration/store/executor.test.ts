import { Neo4jError } from 'neo4j-driver';
import { afterAll, describe, expect, it } from 'vitest';
import { QueryTimeoutError, StoreClosedError } from '../../../src/store/errors.ts';
import { defaultExecutor, Executor, settingsFromConfig } from '../../../src/store/executor.ts';
import { executeRead, executeWrite, readTx, writeTx } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';

describe('the store executor (issue 17)', () => {
  afterAll(closeDriver);

  it('runs every wrapper through the one default executor, which records the bookmarks of writes', async () => {
    const executor = defaultExecutor();
    const before = [...(await executor.bookmarks.getBookmarks())];
    await executeWrite('CREATE (:ExecutorProbe {id: $id})', { id: 'probe:1' });
    const afterWrite = [...(await executor.bookmarks.getBookmarks())];
    // A write leaves a bookmark that the next session (a read, below) waits for on a cluster.
    expect(afterWrite.length).toBeGreaterThan(0);
    expect(afterWrite).not.toEqual(before);
    const [row] = await executeRead('MATCH (p:ExecutorProbe {id: $id}) RETURN count(p) AS n', {
      id: 'probe:1',
    });
    expect(row?.n).toBe(1);
    await writeTx((tx) => tx.run('MATCH (p:ExecutorProbe) DELETE p'));
    expect(defaultExecutor()).toBe(executor);
  });

  it('reports queries to its own listeners only', async () => {
    const own = new Executor(settingsFromConfig());
    const seen: string[] = [];
    const stop = own.onQuery((e) => seen.push(e.cypher));
    const other: string[] = [];
    const stopOther = defaultExecutor().onQuery((e) => other.push(e.cypher));
    await own.transaction('READ', (tx) => tx.run('RETURN 1 AS one'));
    await readTx((tx) => tx.run('RETURN 2 AS two'));
    stop();
    stopOther();
    expect(seen).toEqual(['RETURN 1 AS one']);
    expect(other).toEqual(['RETURN 2 AS two']);
    await own.close();
  });

  // A statement that names its own transaction: SHOW TRANSACTIONS lists the one running it.
  const OWN_TX =
    "SHOW TRANSACTIONS YIELD transactionId, currentQuery WHERE currentQuery CONTAINS 'own-tx-probe' RETURN transactionId";

  it('runs each statement of a read in its own auto-commit transaction, a managed read in one', async () => {
    const executor = defaultExecutor();
    const read = await executor.read(async (tx) => [await tx.run(OWN_TX), await tx.run(OWN_TX)]);
    const managed = await executor.transaction('READ', async (tx) => [
      await tx.run(OWN_TX),
      await tx.run(OWN_TX),
    ]);
    const ids = (rows: { transactionId?: unknown }[][]) => rows.map((r) => String(r[0]?.transactionId));
    expect(ids(read)[0]).not.toBe(ids(read)[1]);
    expect(ids(managed)[0]).toBe(ids(managed)[1]);
    // readTx is the auto-commit read.
    const viaReadTx = await readTx(async (tx) => [await tx.run(OWN_TX), await tx.run(OWN_TX)]);
    expect(ids(viaReadTx)[0]).not.toBe(ids(viaReadTx)[1]);
  });

  it('runs a read again in a managed transaction after a retryable failure, and only then', async () => {
    let calls = 0;
    const answer = await readTx(async (tx) => {
      calls++;
      const [row] = await tx.run('RETURN $n AS n', { n: calls });
      if (calls === 1)
        throw new Neo4jError(
          'lost the leader',
          'Neo.TransientError.General.DatabaseUnavailable',
          '50N42',
          'general',
        );
      return row?.n;
    });
    expect(calls).toBe(2);
    expect(answer).toBe(2);
    let failures = 0;
    await expect(
      readTx(async () => {
        failures++;
        throw new Neo4jError('bad statement', 'Neo.ClientError.Statement.SyntaxError', '50N42', 'general');
      }),
    ).rejects.toThrow(/bad statement/);
    expect(failures).toBe(1);
  });

  it("gives a read's statements together the read's timeout, not each of them", async () => {
    // The first statement runs until Neo4j cuts it off at the read's timeout, so the read's time
    // is spent when its error arrives; the second is refused without being sent. Were the timeout
    // each statement's, the second would answer.
    const endless = 'UNWIND range(1, 10000000000) AS x WITH x WHERE x < 0 RETURN count(x) AS n';
    const seen: string[] = [];
    const own = new Executor(settingsFromConfig());
    own.onQuery((e) => seen.push(e.cypher));
    let firstCutOff = false;
    const outcome = own.read(
      async (tx) => {
        await tx.run(endless).catch((error: unknown) => {
          firstCutOff = error instanceof Neo4jError;
        });
        return tx.run('RETURN 1 AS one');
      },
      { timeoutMs: 300 },
    );
    await expect(outcome).rejects.toBeInstanceOf(QueryTimeoutError);
    expect(firstCutOff).toBe(true);
    expect(seen).toEqual([]);
    await own.close();
  });

  it('refuses work once closed, with an error that says so, instead of the driver\'s "Pool is closed"', async () => {
    const own = new Executor(settingsFromConfig());
    await own.close();
    await expect(own.runOnce('READ', 'RETURN 1')).rejects.toBeInstanceOf(StoreClosedError);
    await expect(own.transaction('WRITE', (tx) => tx.run('RETURN 1'))).rejects.toThrow(
      /closed.*after shutdown/,
    );
    await own.close(); // idempotent
  });
});
