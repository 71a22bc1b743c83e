// CI smoke check of the build (issue 17): copies the built app (package.json, lock file, dist/,
// cypher/, the built viewer) into a temporary folder, installs it with `npm ci --omit=dev`, then,
// from there and with plain `node`: applies the migrations, loads the tiny fixture with the built
// load CLI, starts the built server, waits for /ready, runs a detection through the API
// (startAnalysis, then analysisRun until completed) and stops the server.
//
// Plain JavaScript on purpose: it must run where no dev dependency (tsx) is installed.
// Usage (after `npm run build`, with a Neo4j running):
//   NEO4J_URI=bolt://127.0.0.1:7688 node .ci/smoke-dist.mjs
// Exit 0 when every step passed, 1 otherwise (the failing step is named on stderr).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
const uri = process.env.NEO4J_URI;
const READY_DEADLINE_MS = 180_000;
const DETECTION_DEADLINE_MS = 600_000;

class SmokeFailure extends Error {}

function fail(message) {
  throw new SmokeFailure(message);
}

function run(step, command, args, options) {
  console.log(`smoke: ${step}: ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { stdio: 'inherit', ...options });
  if (result.status !== 0) fail(`${step} failed (exit ${result.status ?? result.signal})`);
}

async function freePort() {
  return new Promise((done, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => done(port));
    });
  });
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Polls `check` (true when done) until it holds or the deadline passes. */
async function until(what, deadlineMs, check) {
  const deadline = Date.now() + deadlineMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const outcome = await check();
      if (outcome === true) return;
      last = String(outcome);
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(1_000);
  }
  fail(`${what}: not done within ${deadlineMs / 1000} s (last: ${last})`);
}

if (!uri) {
  console.error('smoke: set NEO4J_URI to the running Neo4j (CI: the test server)');
  process.exit(1);
}
for (const built of [
  'dist/src/serve/server.js',
  'dist/src/jobs/detect-worker.js',
  'src/serve/viewer/dist/index.html',
]) {
  if (!existsSync(join(root, built))) {
    console.error(`smoke: ${built} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}

const app = mkdtempSync(join(tmpdir(), 'skein-dist-'));
let server;
try {
  for (const path of ['package.json', 'package-lock.json', 'dist', 'cypher', 'src/serve/viewer/dist'])
    cpSync(join(root, path), join(app, path), { recursive: true });
  run('install without dev dependencies', 'npm', ['ci', '--omit=dev', '--no-audit', '--no-fund'], {
    cwd: app,
  });
  if (existsSync(join(app, 'node_modules/tsx'))) fail('tsx was installed: --omit=dev did not omit it');

  const secret = 'smoke-check-secret-of-at-least-32-characters';
  const env = {
    ...process.env,
    NEO4J_URI: uri,
    SKEIN_ENV: 'production',
    SKEIN_AUTH: 'jwt',
    SKEIN_JWT_SECRET: secret,
    LOG_LEVEL: 'warn',
  };
  run('migrate', 'node', ['dist/scripts/migrate.js'], { cwd: app, env });

  const fixture = join(root, 'test/fixtures/tiny');
  const manifest = JSON.parse(readFileSync(join(fixture, 'manifest.json'), 'utf8'));
  // The fixture rejects some rows on purpose: only a crash or a database error fails the step.
  for (const extract of manifest.extracts) {
    run(
      `load ${extract.file}`,
      'node',
      [
        'dist/src/cli/load.js',
        '--mapping',
        extract.mapping,
        '--jurisdiction',
        extract.jurisdiction,
        '--max-rejects',
        '1000000',
        '--quiet',
        join(fixture, extract.file),
      ],
      { cwd: app, env },
    );
  }

  const token = spawnSync(
    'node',
    ['dist/scripts/token.js', '--sub', 'smoke', '--roles', 'analyst', '--jurisdictions', '*', '--ttl', '1h'],
    { cwd: app, env, encoding: 'utf8' },
  );
  if (token.status !== 0) fail(`token failed: ${token.stderr}`);
  const bearer = token.stdout.trim();

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  console.log(`smoke: starting the built server on ${base}`);
  server = spawn('node', ['--enable-source-maps', 'dist/src/serve/server.js'], {
    cwd: app,
    env: { ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: 'inherit',
  });
  let exited;
  server.once('exit', (code, signal) => {
    exited = `exit ${code ?? signal}`;
  });

  await until('/ready', READY_DEADLINE_MS, async () => {
    if (exited) fail(`the server stopped (${exited}) before it was ready`);
    const response = await fetch(`${base}/ready`);
    return response.ok || `${response.status} ${await response.text()}`;
  });
  console.log('smoke: /ready says ready');

  const graphql = async (query, variables = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${bearer}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors?.length) fail(`GraphQL error: ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const started = await graphql('mutation { startAnalysis(input: {seed: 7}) { id status } }');
  const runId = started.startAnalysis.id;
  console.log(`smoke: detection ${runId} started`);
  await until(`detection ${runId}`, DETECTION_DEADLINE_MS, async () => {
    if (exited) fail(`the server stopped (${exited}) during the detection`);
    const data = await graphql('query($id: String!) { analysisRun(id: $id) { status error } }', {
      id: runId,
    });
    const status = data.analysisRun?.status;
    // RunStatus is an enum of the API (RUNNING, COMPLETED, FAILED, INTERRUPTED).
    if (status === 'FAILED' || status === 'INTERRUPTED')
      fail(`detection ${runId} ended ${status}: ${data.analysisRun.error}`);
    return status === 'COMPLETED' || `status ${status}`;
  });
  const networks = await graphql(`query($id: String) { networks(runId: $id, first: 1) { totalCount } }`, {
    id: runId,
  });
  console.log(`smoke: detection completed (${networks.networks.totalCount} networks); the built app works`);
} catch (error) {
  console.error(`smoke: FAILED: ${error instanceof SmokeFailure ? error.message : error?.stack}`);
  process.exitCode = 1;
} finally {
  if (server && server.exitCode === null) {
    server.kill('SIGTERM');
    await new Promise((done) => server.once('exit', done));
  }
  rmSync(app, { recursive: true, force: true });
}
