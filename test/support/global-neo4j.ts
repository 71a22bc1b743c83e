/**
 * Vitest global setup for the integration project: makes sure a real Neo4j is there.
 * - NEO4J_URI set: use that server (CI against a cluster, or a developer's own).
 * - otherwise: start the embedded test server (port 7688, data in .skein/neo4j-test) unless it is
 *   already running (as .ci/run starts it), and stop it afterwards only if this run started it.
 * Then apply the migrations once, so every test file starts with the schema in place.
 */
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { testEmbeddedOptions } from './embedded-test-server.ts';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = resolve(import.meta.dirname, '../..');
  let startedHere = false;
  const options = testEmbeddedOptions();
  if (!process.env.NEO4J_URI) {
    const { start, status } = await import('../../src/store/embedded.ts');
    if (!status(options).running) {
      await start({ ...options, log: (line) => console.log(`[test neo4j] ${line}`) });
      startedHere = true;
    }
    process.env.NEO4J_URI = `bolt://${options.host}:${options.port}`;
  }
  project.provide('neo4jUri', process.env.NEO4J_URI);

  const { migrate } = await import('../../src/store/migrate.ts');
  const { closeDriver } = await import('../../src/store/driver.ts');
  await migrate(join(root, 'cypher/schema'));
  await closeDriver();

  return async () => {
    if (startedHere) {
      const { stop } = await import('../../src/store/embedded.ts');
      await stop({ ...options, log: () => undefined });
    }
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jUri: string;
  }
}
