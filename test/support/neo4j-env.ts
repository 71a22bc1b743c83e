/**
 * Setup file of the projects that need Neo4j: gives this test file a test server of its own
 * (global-neo4j.ts made sure of one per worker) and points the config at it, before any test
 * imports src/config.ts. Two files that run at once never share a database, nor an import folder:
 * a test cleans either as it likes.
 *
 * A file takes a server by a lease, a file `.skein/test-server-N.lease` created exclusively and
 * holding its process id, given back when the file is done (or its process gone): vitest's pool
 * id does not do, since a worker kept from an earlier project keeps its id while a new one may be
 * given the same.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, inject } from 'vitest';
import type { TestServer } from './global-neo4j.ts';

const root = resolve(import.meta.dirname, '../..');
const servers = inject('neo4jServers');
if (servers.length === 0) throw new Error('test/support/neo4j-env: the global setup provided no test server');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The process id in a lease; undefined when the lease is gone (given back meanwhile) or its id
 * not written yet (the holder is between creating and writing it; never taken for stale).
 */
function holderOf(file: string): number | undefined {
  try {
    const holder = Number.parseInt(readFileSync(file, 'utf8'), 10);
    return Number.isInteger(holder) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Takes the first free server: a lease not there, or left by a process that is gone. */
function tryLease(): { server: TestServer; index: number; file: string } | undefined {
  for (const [index, server] of servers.entries()) {
    const file = resolve(root, '.skein', `test-server-${index + 1}.lease`);
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { server, index, file };
    } catch {
      // Held, unless its holder is gone; given back between the two calls, it is free next round.
      const holder = holderOf(file);
      if (holder !== undefined && !alive(holder)) rmSync(file, { force: true });
    }
  }
  return undefined;
}

// A file starts when another has finished, whose process may not have given its lease back yet.
let lease = tryLease();
for (let waited = 0; lease === undefined; waited += 50) {
  if (waited > 600_000)
    throw new Error('test/support/neo4j-env: no test server became free within 10 minutes');
  await new Promise((done) => setTimeout(done, 50));
  lease = tryLease();
}
const { server, index, file: leaseFile } = lease;
const giveBack = () => {
  try {
    if (readFileSync(leaseFile, 'utf8') === String(process.pid)) rmSync(leaseFile, { force: true });
  } catch {
    // already given back
  }
};
afterAll(giveBack);
process.on('exit', giveBack);

process.env.NEO4J_URI = server.uri;
if (server.port !== undefined && server.dataDir !== undefined) {
  // Tests that restart their server or place servers of their own next to it read these.
  process.env.SKEIN_TEST_NEO4J_PORT = String(server.port);
  process.env.SKEIN_TEST_NEO4J_DATA_DIR = server.dataDir;
}
process.env.SKEIN_IMPORT_DIR = resolve(root, `.skein/test-imports-${index + 1}`);
process.env.SKEIN_ENV ??= 'test';
