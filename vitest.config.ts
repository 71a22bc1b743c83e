import { defineConfig } from 'vitest/config';
import { testServerCount } from './test/support/embedded-test-server.ts';

// Two kinds of test, one command (`npm test`):
// - unit: pure code, no database, run in parallel;
// - integration: real Neo4j. Every file cleans the database it uses, and Community has one, so each
//   worker gets an embedded test server of its own (test/support/global-neo4j.ts): two files at
//   once by default, the cores' idle time while one waits on its server. Against a server given by
//   NEO4J_URI, one file at a time. SKEIN_TEST_SERVERS sets how many (1 for the old serial run).

export default defineConfig({
  // Pothos and graphql-yoga must share one copy of graphql with our code; without inlining, Node
  // loads graphql's CommonJS build for them and its ESM build for us ("another module or realm").
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    reporters: ['default', 'json'],
    outputFile: { json: '.skein/test-report.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Generous: CI machines have 2 cores, and some pure tests generate whole worlds.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          // Groups run one after another: integration (1) and e2e (2) share the test database.
          sequence: { groupOrder: 1 },
          include: ['test/integration/**/*.test.ts', 'test/api/**/*.test.ts'],
          globalSetup: ['test/support/global-neo4j.ts'],
          setupFiles: ['test/support/neo4j-env.ts'],
          maxWorkers: testServerCount(),
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        extends: true,
        test: {
          // The viewer in headless Chromium (Debian's chromium, driven by playwright-core) against
          // the server over the tiny fixture and a detection run. It cleans the shared test database,
          // so it runs after the other projects (groupOrder), never beside the integration tests.
          name: 'e2e',
          sequence: { groupOrder: 2 },
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/support/global-neo4j.ts'],
          setupFiles: ['test/support/neo4j-env.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
    ],
  },
});
