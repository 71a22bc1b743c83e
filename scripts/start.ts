/**
 * `npm start` — the quick start: embedded Neo4j (unless NEO4J_URI is set), migrations, the
 * investigators' page built, the demo world generated, loaded and analysed on first run (unless
 * SKEIN_DEMO=off), then the API. Prints where to point a browser and a GraphQL client.
 * Ctrl-C stops the API and the embedded Neo4j it started.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { config } from '../src/config.ts';
import { ensureDemoWorld } from '../src/jobs/demo.ts';
import { closeOnSignals, listen } from '../src/serve/server.ts';
import { type EmbeddedOptions, start, status, stop } from '../src/store/embedded.ts';
import { ensureSchema } from '../src/store/migrate.ts';

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

await ensureSchema(join(cfg.projectRoot, 'cypher/schema'), console.log);

const viewerSource = join(cfg.projectRoot, 'src/serve/viewer/index.html');
const viewerBuilt = join(cfg.projectRoot, 'src/serve/viewer/dist/index.html');
if (existsSync(viewerSource) && !existsSync(viewerBuilt)) {
  console.log('viewer: building the investigators’ page (first run only)…');
  const build = spawnSync('npm', ['run', '-s', 'build:viewer'], { cwd: cfg.projectRoot, stdio: 'inherit' });
  if (build.status !== 0)
    throw new Error('viewer: the build failed; see above, or run `npm run build:viewer`');
}

if (cfg.demo.enabled) {
  await ensureDemoWorld(join(cfg.projectRoot, '.skein/demo'), console.log, { people: cfg.demo.people });
}

const listening = await listen();
const auth =
  cfg.auth.mode === 'dev'
    ? 'development mode: every request acts as the development user (all roles, all jurisdictions)'
    : 'JWT: send "Authorization: Bearer <token>"; for local tokens run `npm run token -- --roles analyst --jurisdictions GB`';

console.log(`
Skein is running.
  Investigators: ${listening.url}/            (ranked networks in your browser)
  GraphQL API:   ${listening.url}/graphql     (POST; any GraphQL client)
  GraphiQL:      ${cfg.graphiql ? `${listening.url}/graphql  (open in a browser)` : 'off (production mode)'}
  Health:        ${listening.url}/health      Ready: ${listening.url}/ready
  Neo4j:         ${cfg.neo4j.uri}${cfg.neo4j.embedded ? ` (embedded; data in ${cfg.embedded.dataDir})` : ''}
  Auth:          ${auth}
Press Ctrl-C to stop${startedNeo4j ? ' (stops the embedded Neo4j too)' : ''}.
`);

closeOnSignals({
  ...listening,
  close: async () => {
    await listening.close();
    if (startedNeo4j) await stop(embeddedOptions);
  },
});
