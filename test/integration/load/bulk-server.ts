/** What the bulk-load tests share: a server of each test's own (the bulk load stops and restarts it), and how to point the driver at either. */
import { resolve } from 'node:path';
import { useDriver } from '../../../src/store/driver.ts';
import { type EmbeddedOptions, stop } from '../../../src/store/embedded.ts';
import { closeDriver } from '../../support/db.ts';
import { testEmbeddedOptions } from '../../support/embedded-test-server.ts';

const root = resolve(import.meta.dirname, '../../..');

/** The bulk load audits each extract (as `npm run load` does); loadExtract alone does not. */
export const AUDIT = { exclude: ['AuditRecord', 'AuditHead'] };

export const settings = (uri: string) => ({ uri, user: 'neo4j', password: '', database: 'neo4j' });

/** A small embedded server on the test port + `offset`, data under .skein/`dir`. */
export function bulkTestServer(offset: number, dir: string): { server: EmbeddedOptions; uri: string } {
  const server = testEmbeddedOptions({
    port: Number(process.env.SKEIN_TEST_NEO4J_PORT ?? 7688) + offset,
    dataDir: resolve(root, '.skein', dir),
    heap: '512m',
    pageCache: '128m',
  });
  return { server, uri: `bolt://127.0.0.1:${server.port}` };
}

/** After the tests: the driver back on the shared test server, then closed; the test's own server stopped. */
export async function leaveBulkServer(server: EmbeddedOptions): Promise<void> {
  await useDriver(settings(process.env.NEO4J_URI as string));
  await closeDriver();
  await stop(server);
}
