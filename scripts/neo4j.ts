/**
 * `npm run neo4j -- build|start|stop|restart|status` — the embedded Neo4j server.
 * Port, data directory, heap and page cache come from SKEIN_NEO4J_* (README "Configuration").
 * With NEO4J_URI set, Skein uses that server and this command starts nothing.
 */
import { config } from '../src/config.ts';
import { buildGds, buildLauncher, type EmbeddedOptions, start, status, stop } from '../src/store/embedded.ts';

const command = process.argv[2] ?? 'status';
const cfg = config();
const options: EmbeddedOptions = { projectRoot: cfg.projectRoot, ...cfg.embedded };

async function main(): Promise<void> {
  if (!cfg.neo4j.embedded && command !== 'build') {
    console.log(`neo4j: NEO4J_URI is set (${cfg.neo4j.uri}); Skein uses that server and starts nothing.`);
    return;
  }
  switch (command) {
    case 'build':
      buildLauncher(cfg.projectRoot);
      if (cfg.embedded.gds) buildGds(cfg.projectRoot);
      console.log(`neo4j: launcher built (scripts/neo4j/target${cfg.embedded.gds ? ', with GDS' : ''})`);
      return;
    case 'start':
      await start(options);
      return;
    case 'stop':
      await stop(options);
      return;
    case 'restart':
      await stop(options);
      await start(options);
      return;
    case 'status': {
      const s = status(options);
      console.log(
        s.running
          ? `neo4j: running (pid ${s.pid}) at ${s.uri}\n  data: ${s.dataDir}\n  log:  ${s.logFile}`
          : `neo4j: stopped (would listen at ${s.uri}, data in ${s.dataDir})`,
      );
      process.exitCode = s.running ? 0 : 3;
      return;
    }
    default:
      console.error(`neo4j: unknown command "${command}"; use build, start, stop, restart or status`);
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
