/**
 * Scopes shared between requests (store/read/scope-cache.ts) never let a partial load be read: a
 * scope is read once per lifetime; an extract opened, completed or failed in this process is seen
 * at once; and a load in any process waits out twice the longest lifetime an API process has
 * registered before it writes a row. Waits are checked from below only (never "took less than").
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { cachedScopeForJurisdictions, waitOutCachedScopes } from '../../../src/store/read/scope-cache.ts';
import { executeRead, executeWrite, onQuery } from '../../../src/store/run.ts';
import { completeExtract, failExtract } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { openTestExtract } from '../../support/extracts.ts';

/** Statements run while `work` runs, other than the cache's own registration. */
async function readsDuring<T>(work: () => Promise<T>): Promise<{ value: T; reads: number }> {
  let reads = 0;
  const stop = onQuery((event) => {
    if (!event.cypher.includes('ScopeCacheSetting')) reads += 1;
  });
  try {
    return { value: await work(), reads };
  } finally {
    stop();
  }
}

/** Forgets the registered lifetime in the database only: this process still caches. */
const unregister = () => executeWrite('MATCH (s:ScopeCacheSetting) DELETE s');

beforeEach(() => cleanDatabase());
afterAll(() => closeDriver());

describe('scopes shared between requests', () => {
  it('reads a scope once per lifetime, per set of jurisdictions, and again once it is over', async () => {
    const first = await readsDuring(() => cachedScopeForJurisdictions(null, 60_000));
    expect(first.value).toEqual(FULL_SCOPE);
    expect(first.reads).toBe(1);
    const again = await readsDuring(() => cachedScopeForJurisdictions(null, 60_000));
    expect(again.reads).toBe(0);
    expect(again.value).toBe(first.value);
    // Another viewer's jurisdictions are another scope; their order does not matter.
    const gb = await readsDuring(() => cachedScopeForJurisdictions(['IE', 'GB'], 60_000));
    expect(gb.reads).toBe(1);
    expect((await readsDuring(() => cachedScopeForJurisdictions(['GB', 'IE'], 60_000))).reads).toBe(0);
    await unregister();
    // A lifetime of 1 ms is over after 20 ms of sleep: read again.
    await sleep(20);
    expect((await readsDuring(() => cachedScopeForJurisdictions(null, 1))).reads).toBe(1);
  });

  it('registers its lifetime before caching, and a load waits out twice the longest', async () => {
    expect(await waitOutCachedScopes()).toBe(0);
    await cachedScopeForJurisdictions(null, 150);
    await cachedScopeForJurisdictions(['GB'], 100);
    const [row] = await executeRead('MATCH (s:ScopeCacheSetting) RETURN s.ms AS ms');
    expect(Number(row?.ms)).toBe(150);
    const started = performance.now();
    await openTestExtract('x-waits');
    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(await waitOutCachedScopes()).toBe(300);
  });

  it('sees an extract opened, completed or failed in this process at once', async () => {
    expect(await cachedScopeForJurisdictions(null, 60_000)).toEqual(FULL_SCOPE);
    expect(await cachedScopeForJurisdictions(['GB'], 60_000)).toMatchObject({ extracts: [], incomplete: [] });
    // As another process would see it: no lifetime registered, so the load does not wait.
    await unregister();
    await openTestExtract('x-open');
    expect(await cachedScopeForJurisdictions(null, 60_000)).toMatchObject({
      all: true,
      incomplete: ['x-open'],
    });
    expect(await cachedScopeForJurisdictions(['GB'], 60_000)).toMatchObject({
      extracts: [],
      incomplete: ['x-open'],
    });
    await completeExtract('x-open', { rows: 0, loaded: 0, rejected: 0 }, null);
    expect(await cachedScopeForJurisdictions(null, 60_000)).toEqual(FULL_SCOPE);
    expect(await cachedScopeForJurisdictions(['GB'], 60_000)).toMatchObject({
      extracts: ['x-open'],
      incomplete: [],
    });
    await unregister();
    await openTestExtract('x-fails');
    await failExtract('x-fails', 'test');
    expect(await cachedScopeForJurisdictions(['GB'], 60_000)).toMatchObject({
      extracts: ['x-open'],
      incomplete: ['x-fails'],
    });
  });
});
