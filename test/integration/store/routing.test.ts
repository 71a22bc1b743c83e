/**
 * Cluster-ready reads (issue #16 item 5) against the embedded server with a routing URI: a single
 * instance answers the routing request with itself in every role, so `neo4j://` works as it would
 * against a cluster or Aura. Reads run as READ transactions (on a cluster: on a reader), which the
 * server proves by refusing a write in one; a read after a write waits for the write's bookmark.
 * (Other integration tests run through routing with NEO4J_URI=neo4j://…: see docs/operations.md.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  defaultExecutor,
  type Executor,
  settingsFromConfig,
  useExecutor,
} from '../../../src/store/executor.ts';
import { executeRead, executeWrite, readTx, runOnce } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';

/** The configured server's URI with the routing scheme (bolt+s → neo4j+s). */
const routingUri = (uri: string) => uri.replace(/^bolt(\+s|\+ssc)?:/, 'neo4j$1:');

describe('routing URIs (neo4j://) and bookmarks', () => {
  let routed: Executor;

  beforeAll(async () => {
    routed = await useExecutor({ ...settingsFromConfig(), uri: routingUri(settingsFromConfig().uri) });
  });
  afterAll(async () => {
    await closeDriver();
  });

  it('connects through the routing table, which names the server for reads and writes', async () => {
    expect(defaultExecutor()).toBe(routed);
    expect(routed.uri).toMatch(/^neo4j(\+s|\+ssc)?:\/\//);
    const [table] = await executeRead(
      'CALL dbms.routing.getRoutingTable({}, $db) YIELD servers RETURN servers',
      {
        db: routed.database,
      },
    );
    const servers = (table?.servers ?? []) as { role: string; addresses: string[] }[];
    const roles = servers.map((s) => s.role).sort();
    expect(roles).toEqual(['READ', 'ROUTE', 'WRITE']);
  });

  it('runs reads as READ transactions: the server refuses a write sent as a read', async () => {
    await expect(executeRead('CREATE (:RoutingProbe {id: 1})')).rejects.toThrow(/read access mode/i);
    await expect(readTx((tx) => tx.run('CREATE (:RoutingProbe {id: 2})'))).rejects.toThrow(
      /read access mode/i,
    );
    await expect(runOnce('READ', 'CREATE (:RoutingProbe {id: 3})')).rejects.toThrow(/read access mode/i);
    const [row] = await executeRead('MATCH (p:RoutingProbe) RETURN count(p) AS n');
    expect(row?.n).toBe(0);
  });

  it('reads after a write wait for its bookmark: every session shares the executor’s bookmark manager', async () => {
    const before = new Set(await routed.bookmarks.getBookmarks());
    await executeWrite('CREATE (:RoutingProbe {id: $id})', { id: 'written' });
    const after = [...(await routed.bookmarks.getBookmarks())];
    expect(after.some((b) => !before.has(b))).toBe(true);
    // A new session, in READ mode, sees the write (on a cluster: whichever reader it lands on).
    const [row] = await executeRead('MATCH (p:RoutingProbe {id: $id}) RETURN count(p) AS n', {
      id: 'written',
    });
    expect(row?.n).toBe(1);
    await executeWrite('MATCH (p:RoutingProbe) DELETE p');
  });
});
