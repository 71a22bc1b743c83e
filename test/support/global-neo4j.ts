/**
 * Vitest global setup of the projects that need Neo4j: makes sure a real Neo4j is there for each
 * of the project's workers.
 * - NEO4J_URI set: that one server for every worker (CI against a cluster, or a developer's own;
 *   vitest.config.ts then gives the integration project one worker).
 * - otherwise: one embedded test server per worker (the first on port 7688, data in
 *   .skein/neo4j-test; the others embedded-test-server.ts places), each started unless it is
 *   already running (.ci/run starts the first), and stopped afterwards only if this run started it.
 * Every server gets the migrations once, so every test file starts with the schema in place.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { testEmbeddedOptions, testServerCount } from './embedded-test-server.ts';

export interface TestServer {
  uri: string;
  /** The embedded server's port and data folder; absent for a server given by NEO4J_URI. */
  port?: number;
  dataDir?: string;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const root = resolve(import.meta.dirname, '../..');
  // Leases (neo4j-env.ts) left by a run that was killed: no test file of this run holds one yet.
  mkdirSync(join(root, '.skein'), { recursive: true });
  for (const name of readdirSync(join(root, '.skein')))
    if (/^test-server-\d+\.lease$/.test(name)) rmSync(join(root, '.skein', name), { force: true });
  const servers: TestServer[] = [];
  const startedHere: ReturnType<typeof testEmbeddedOptions>[] = [];
  if (process.env.NEO4J_URI) {
    servers.push({ uri: process.env.NEO4J_URI });
  } else {
    const { start, status } = await import('../../src/store/embedded.ts');
    // Every project that needs Neo4j provides the same list (a provided value is not the
    // project's own): the integration project's workers use them all, e2e's one worker the first.
    for (let index = 0; index < testServerCount(); index++) {
      const options = testEmbeddedOptions({}, index);
      if (!status(options).running) {
        await start({ ...options, log: (line) => console.log(`[test neo4j ${index + 1}] ${line}`) });
        startedHere.push(options);
      }
      servers.push({
        uri: `bolt://${options.host}:${options.port}`,
        port: options.port,
        dataDir: options.dataDir,
      });
    }
  }
  project.provide('neo4jServers', servers);

  const { migrate } = await import('../../src/store/migrate.ts');
  const { closeDriver, useDriver } = await import('../../src/store/driver.ts');
  for (const server of servers) {
    await useDriver({ uri: server.uri, user: 'neo4j', password: '', database: 'neo4j' });
    await migrate(join(root, 'cypher/schema'));
  }
  await closeDriver();

  return async () => {
    const { stop } = await import('../../src/store/embedded.ts');
    for (const options of startedHere) await stop({ ...options, log: () => undefined });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    neo4jServers: TestServer[];
  }
}
