/** Where the embedded test servers live: apart from the development server, so tests never wipe demo data. */
import { resolve } from 'node:path';
import type { EmbeddedOptions } from '../../src/store/embedded.ts';

const root = resolve(import.meta.dirname, '../..');

/**
 * Ports between two test servers: the tests that start servers of their own put them at fixed
 * offsets from their worker's server (bulk: +200 and +202; health: 7689), which must not meet.
 */
export const TEST_SERVER_PORT_STEP = 10;

/**
 * How many embedded test servers, so how many integration files run at once: 2 by default (one
 * file's waits on its server are the other's CPU), SKEIN_TEST_SERVERS to choose (1: one file at a
 * time). A server given by NEO4J_URI is one server.
 */
export function testServerCount(): number {
  if (process.env.NEO4J_URI) return 1;
  const asked = Number(process.env.SKEIN_TEST_SERVERS ?? 2);
  return Number.isInteger(asked) && asked >= 1 ? asked : 2;
}

/**
 * The embedded test server of one integration worker (`index` 0 is the first): port and data
 * folder from SKEIN_TEST_NEO4J_PORT and SKEIN_TEST_NEO4J_DATA_DIR (7688, .skein/neo4j-test), the
 * next ones TEST_SERVER_PORT_STEP ports further with a data folder of their own. Inside a test,
 * the worker's setup file (neo4j-env.ts) has pointed those two variables at the worker's server.
 */
export function testEmbeddedOptions(overrides: Partial<EmbeddedOptions> = {}, index = 0): EmbeddedOptions {
  const dataDir = resolve(root, process.env.SKEIN_TEST_NEO4J_DATA_DIR ?? '.skein/neo4j-test');
  return {
    projectRoot: root,
    dataDir: index === 0 ? dataDir : `${dataDir}-${index + 1}`,
    host: '127.0.0.1',
    port: Number(process.env.SKEIN_TEST_NEO4J_PORT ?? 7688) + index * TEST_SERVER_PORT_STEP,
    heap: '1g',
    pageCache: '512m',
    // The GDS engine's tests run only on a server with the library (opt-in: ~32 MB of jars).
    gds: process.env.SKEIN_TEST_NEO4J_GDS === 'true',
    ...overrides,
  };
}
