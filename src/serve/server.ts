/**
 * Listens: the app from yoga.ts on HOST:PORT. On SIGTERM/SIGINT it stops accepting connections,
 * lets in-flight requests finish, then closes the Neo4j driver.
 */
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { config } from '../config.ts';
import { drainAudit } from '../store/audit.ts';
import { closeDriver } from '../store/driver.ts';
import { ensureSchema } from '../store/migrate.ts';
import { log } from './log.ts';
import { createApp } from './yoga.ts';

export interface Listening {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export async function listen(host = config().host, port = config().port): Promise<Listening> {
  const app = createApp();
  const server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      // In-flight requests have finished; their audit records must reach the database first.
      await drainAudit();
      await closeDriver();
    })();
    return closing;
  };
  return { server, url, close };
}

export function closeOnSignals(listening: Listening): void {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down: finishing in-flight requests');
      listening.server.closeIdleConnections();
      listening
        .close()
        .then(() => process.exit(0))
        .catch((error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        });
    });
  }
}

// Run directly (`npm run serve`): listen on the configured address against the configured Neo4j.
// The schema first: pending migrations are applied (or start-up is refused naming `npm run migrate`),
// so no request meets a missing index.
if (import.meta.url === `file://${process.argv[1]}`) {
  await ensureSchema(join(config().projectRoot, 'cypher/schema'), (line) => log.info(line)).catch(
    async (error: unknown) => {
      log.fatal(error instanceof Error ? error.message : String(error));
      await closeDriver();
      process.exit(1);
    },
  );
  const listening = await listen();
  closeOnSignals(listening);
  log.info({ url: `${listening.url}/graphql` }, 'Skein GraphQL API listening');
}
