/**
 * The health query follows Neo4j going down and coming back. This file runs its own embedded
 * server (port 7689, or SKEIN_TEST_NEO4J_HEALTH_PORT when several checkouts test side by side) so
 * stopping it disturbs no other test.
 */

import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/serve/yoga.ts';
import { closeDriver, useDriver } from '../../src/store/driver.ts';
import { start, stop } from '../../src/store/embedded.ts';
import { migrate } from '../../src/store/migrate.ts';
import { testEmbeddedOptions } from '../support/embedded-test-server.ts';

const options = testEmbeddedOptions({
  port: Number(process.env.SKEIN_TEST_NEO4J_HEALTH_PORT ?? 7689),
  dataDir: 'x',
  log: () => undefined,
});
options.dataDir = options.dataDir.replace(/x$/, '.skein/neo4j-health');
const app = createApp({ graphiql: false });

async function health() {
  const response = await app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: '{ health { status neo4j { reachable error } } version { skein neo4j } }',
    }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as {
    data: {
      health: { status: string; neo4j: { reachable: boolean; error: string | null } };
      version: { skein: string; neo4j: string | null };
    };
  };
}

async function eventually<T>(
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await probe();
  while (!accept(last) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 500));
    last = await probe();
  }
  return last;
}

describe('health query against a Neo4j that goes down and comes back', () => {
  beforeAll(async () => {
    await start(options);
    await useDriver({
      uri: `bolt://${options.host}:${options.port}`,
      user: 'neo4j',
      password: '',
      database: 'neo4j',
    });
    await migrate(resolve(import.meta.dirname, '../../cypher/schema'));
  });
  afterAll(async () => {
    await closeDriver();
    await stop(options);
  });

  it('reports Neo4j up with its version', async () => {
    // A freshly started server may need a moment (JIT) for its first answers on a busy machine.
    const { data } = await eventually(
      health,
      (r) => r.data.health.neo4j.reachable && r.data.version.neo4j !== null,
    );
    expect(data.health).toEqual({ status: 'OK', neo4j: { reachable: true, error: null } });
    expect(data.version.neo4j).toMatch(/^5\.26\.\d+ community$/);
  });

  it('reports Neo4j down when it is stopped, without failing the query', async () => {
    await stop(options);
    // No bound on how long it took: a loaded machine is slow, not wrong (the test timeout bounds it).
    const { data } = await health();
    expect(data.health.status).toBe('DEGRADED');
    expect(data.health.neo4j.reachable).toBe(false);
    expect(data.health.neo4j.error).toBeTruthy();
    expect(data.version.neo4j).toBeNull();
  });

  it('fails data queries fast with SERVICE_UNAVAILABLE, and /ready says not ready', async () => {
    const response = await app.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ search(text: "ana") { totalCount } }' }),
    });
    const body = (await response.json()) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    expect(body.errors?.[0]?.extensions?.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.errors?.[0]?.message).toMatch(/not reachable/);
    const ready = await app.fetch('http://skein.test/ready');
    expect(ready.status).toBe(503);
    expect(await ready.text()).toMatch(/Neo4j unreachable/);
  });

  it('reports Neo4j up again once it returns, with no restart of the API', { timeout: 150_000 }, async () => {
    await start(options);
    const { data } = await eventually(health, (r) => r.data.health.neo4j.reachable);
    expect(data.health).toEqual({ status: 'OK', neo4j: { reachable: true, error: null } });
    const ready = await eventually(
      async () => (await app.fetch('http://skein.test/ready')).status,
      (status) => status === 200,
    );
    expect(ready, await (await app.fetch('http://skein.test/ready')).text()).toBe(200);
  });
});
