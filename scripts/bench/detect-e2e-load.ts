/**
 * `node --max-old-space-size=3072 --import tsx scripts/bench/detect-e2e-load.ts <world dir>`
 *
 * Loads a generated world (`npm run generate -- --people 120000 --out <world dir>`) into the EMPTY
 * embedded server of SKEIN_NEO4J_PORT / SKEIN_NEO4J_DATA_DIR through the bulk first load
 * (jobs/bulk-load.ts), every extract of its manifest with its own mapping and jurisdiction — the
 * world scripts/bench/detect-e2e.ts then analyses. `npm run load -- --bulk` takes one mapping for
 * all its files, a generated world has eleven.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { config } from '../../src/config.ts';
import { runBulkLoad } from '../../src/jobs/bulk-load.ts';
import { closeDriver } from '../../src/store/driver.ts';

const world = process.argv[2];
if (!world)
  throw new Error('bench/detect-e2e-load: give the generated world folder (npm run generate -- --out)');
const manifest = JSON.parse(readFileSync(join(world, 'manifest.json'), 'utf8')) as {
  extracts: Array<{ file: string; mapping: string; jurisdiction: string }>;
};
const cfg = config();
if (!cfg.neo4j.embedded)
  throw new Error('bench/detect-e2e-load: the bulk load here is for the embedded server (unset NEO4J_URI)');
const started = performance.now();
const result = await runBulkLoad({
  extracts: manifest.extracts.map((e) => ({
    file: resolve(world, e.file),
    mapping: e.mapping,
    jurisdiction: e.jurisdiction,
    rejectsFile: resolve(world, 'rejects', `${e.file}.rejects.jsonl`),
  })),
  dir: resolve(world, 'bulk'),
  embedded: { projectRoot: cfg.projectRoot, ...cfg.embedded },
  uri: cfg.neo4j.uri,
  migrationsDir: join(cfg.projectRoot, 'cypher/schema'),
  actor: 'bench',
  log: (line) => console.error(line),
  onFile: (index, file) =>
    console.error(`detect-e2e-load: reading ${file} (${index + 1}/${manifest.extracts.length})`),
});
await closeDriver();
const rows = result.summaries.reduce((sum, s) => sum + s.rowsLoaded, 0);
console.log(
  JSON.stringify({
    rowsLoaded: rows,
    rejected: result.summaries.reduce((sum, s) => sum + s.rowsRejected, 0),
    seconds: Math.round((performance.now() - started) / 1000),
    timings: result.timings,
  }),
);
