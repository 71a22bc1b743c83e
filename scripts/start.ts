/**
 * `npm start` — the quick start: embedded Neo4j (unless NEO4J_URI is set), migrations, the demo
 * world loaded on first run, then the API. Prints where to point a browser and a GraphQL client.
 * Ctrl-C stops the API and the embedded Neo4j it started.
 */
import { join } from 'node:path';
import { config } from '../src/config.ts';
import { closeOnSignals, listen } from '../src/serve/server.ts';
import { type EmbeddedOptions, start, status, stop } from '../src/store/embedded.ts';
import { migrate } from '../src/store/migrate.ts';

const cfg = config();
const embeddedOptions: EmbeddedOptions = { projectRoot: cfg.projectRoot, ...cfg.embedded };
let startedNeo4j = false;

if (cfg.neo4j.embedded) {
  if (!status(embeddedOptions).running) {
    await start(embeddedOptions);
    startedNeo4j = true;
  }
} else {
  console.log(`neo4j: using ${cfg.neo4j.uri} (NEO4J_URI)`);
}

await migrate(join(cfg.projectRoot, 'cypher/schema'), console.log);
const listening = await listen();

console.log(`
Skein is running.
  GraphQL API:  ${listening.url}/graphql   (POST; any GraphQL client)
  GraphiQL:     ${cfg.graphiql ? `${listening.url}/graphql  (open in a browser)` : 'off (production mode)'}
  Health:       ${listening.url}/health   Ready: ${listening.url}/ready
  Neo4j:        ${cfg.neo4j.uri}${cfg.neo4j.embedded ? ` (embedded; data in ${cfg.embedded.dataDir})` : ''}
Press Ctrl-C to stop${startedNeo4j ? ' (stops the embedded Neo4j too)' : ''}.
`);

closeOnSignals({
  ...listening,
  close: async () => {
    await listening.close();
    if (startedNeo4j) await stop(embeddedOptions);
  },
});
