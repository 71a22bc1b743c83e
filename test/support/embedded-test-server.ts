/** Where the embedded test server lives: apart from the development server, so tests never wipe demo data. */
import { resolve } from 'node:path';
import type { EmbeddedOptions } from '../../src/store/embedded.ts';

const root = resolve(import.meta.dirname, '../..');

export function testEmbeddedOptions(overrides: Partial<EmbeddedOptions> = {}): EmbeddedOptions {
  return {
    projectRoot: root,
    dataDir: resolve(root, process.env.SKEIN_TEST_NEO4J_DATA_DIR ?? '.skein/neo4j-test'),
    host: '127.0.0.1',
    port: Number(process.env.SKEIN_TEST_NEO4J_PORT ?? 7688),
    heap: '1g',
    pageCache: '512m',
    // The GDS engine's tests run only on a server with the library (opt-in: ~32 MB of jars).
    gds: process.env.SKEIN_TEST_NEO4J_GDS === 'true',
    ...overrides,
  };
}
