/**
 * Scopes shared between GraphQL requests for a moment. Every request needs its viewer's scope, and
 * building it is a statement of its own (the incomplete extracts for a viewer of all, the readable
 * extracts for a viewer of some jurisdictions): at 200 requests a second that is 200 reads of a list
 * that changes when a load starts or ends. An API process reuses a scope for `scopeCacheMs` (500 ms
 * by default) from the moment its read began.
 *
 * What keeps that safe (docs/security.md "Incomplete loads"): a cached scope may predate a load that
 * another process has just begun, and would then not name it as incomplete. So the cache is
 * registered in the database before it is first used (the longest lifetime any API process uses),
 * and every load, once its extract is marked `loading` and before it writes any row, waits twice
 * that lifetime (`waitOutCachedScopes`): by then no cache taken before the mark is still in use, and
 * a request has had a whole lifetime to run its statements. In this process, opening, completing or
 * failing an extract forgets every cached scope at once.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../../config.ts';
import { executeRead, executeWrite } from '../run.ts';
import { type ReadScope, scopeForJurisdictions } from './scope.ts';

/** Several API processes may register; a load waits out the longest. */
const REGISTER = `
MERGE (s:ScopeCacheSetting {id: 'scope-cache'})
SET s.ms = CASE WHEN coalesce(s.ms, 0) >= $ms THEN s.ms ELSE $ms END, s.registeredAt = $now`;

const LONGEST = 'MATCH (s:ScopeCacheSetting) RETURN max(s.ms) AS ms';

/** Registered again this often, so a restored or cleaned database learns of the cache again. */
const REREGISTER_MS = 60_000;

interface Entry {
  takenAt: number;
  scope: Promise<ReadScope>;
}

const entries = new Map<string, Entry>();
let registration: { ms: number; at: number; done: Promise<void> } | undefined;

function register(ms: number): Promise<void> {
  const now = performance.now();
  if (registration && registration.ms >= ms && now - registration.at < REREGISTER_MS)
    return registration.done;
  const done = executeWrite(
    REGISTER,
    { ms, now: new Date().toISOString() },
    { metadata: { purpose: 'scope-cache' } },
  )
    .then(() => undefined)
    .catch((error: unknown) => {
      registration = undefined;
      throw error;
    });
  registration = { ms, at: now, done };
  return done;
}

/**
 * The scope of a viewer of these jurisdictions (null or '*': all), read at most once per `ttlMs`
 * in this process. With `ttlMs` 0, or when the cache cannot be registered, it is read every time.
 */
export async function cachedScopeForJurisdictions(
  jurisdictions: readonly string[] | null,
  ttlMs: number = config().neo4j.scopeCacheMs,
): Promise<ReadScope> {
  if (ttlMs <= 0) return scopeForJurisdictions(jurisdictions);
  try {
    await register(ttlMs);
  } catch {
    // Not registered, not cached: a load would not know to wait for this process.
    return scopeForJurisdictions(jurisdictions);
  }
  const key = jurisdictions === null ? '*' : [...new Set(jurisdictions)].sort().join(',');
  const now = performance.now();
  const found = entries.get(key);
  if (found && now - found.takenAt < ttlMs) return found.scope;
  const entry: Entry = { takenAt: now, scope: scopeForJurisdictions(jurisdictions) };
  entries.set(key, entry);
  entry.scope.catch(() => {
    if (entries.get(key) === entry) entries.delete(key);
  });
  return entry.scope;
}

/** Drops every cached scope of this process: an extract was opened, completed, failed or deleted. */
export function forgetCachedScopes(): void {
  entries.clear();
}

/** As forgetCachedScopes, and registers again before the next cached use (the data was wiped). */
export function resetScopeCache(): void {
  entries.clear();
  registration = undefined;
}

/**
 * Waits until no API process can still use a scope taken before this moment, plus as long again
 * for requests that took one just before: twice the longest registered cache lifetime. Called by a
 * load after its extract is marked `loading` and before it writes a row. Returns the milliseconds
 * waited (0 when no process caches scopes).
 */
export async function waitOutCachedScopes(): Promise<number> {
  const [row] = await executeRead(LONGEST, {}, { metadata: { purpose: 'scope-cache' } });
  const ms = 2 * Number(row?.ms ?? 0);
  if (ms > 0) await sleep(ms);
  return ms;
}
