import { afterAll, describe, expect, it } from 'vitest';
import { StoreClosedError } from '../../../src/store/errors.ts';
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
