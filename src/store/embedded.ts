/**
 * Controls the embedded Neo4j Community server: a separate JVM (scripts/neo4j/) with Bolt on
 * loopback. Start is idempotent (a live server is reused, a stale pid file is cleared), stop sends
 * SIGTERM so Neo4j shuts down cleanly and only then SIGKILL.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { join, resolve } from 'node:path';

export interface EmbeddedOptions {
  projectRoot: string;
  dataDir: string;
  host: string;
  port: number;
  heap: string;
  pageCache: string;
  /**
   * The Graph Data Science library (scripts/neo4j/gds/pom.xml): its jars are fetched by the build
   * and put on the classpath and in the plugin directory, so `gds.*` procedures exist.
   */
  gds?: boolean;
  /** How long to wait for Bolt before giving up. */
  startTimeoutMs?: number;
  log?: (line: string) => void;
}

export interface EmbeddedStatus {
  running: boolean;
  pid?: number;
  uri: string;
  dataDir: string;
  logFile: string;
}

const READY = 'SKEIN_NEO4J_READY';
const MAIN_CLASS = 'skein.EmbeddedNeo4j';

// The flags Neo4j's own launcher passes on Java 17: Neo4j and Netty reach into these JDK internals.
export const JVM_FLAGS = [
  '-XX:+UseG1GC',
  '-XX:-OmitStackTraceInFastThrow',
  '-XX:+ExitOnOutOfMemoryError',
  '-Djdk.nio.maxCachedBufferSize=1024',
  '-Dio.netty.tryReflectionSetAccessible=true',
  '-Dlog4j2.disable.jmx=true',
  '-Dfile.encoding=UTF-8',
  '--add-opens=java.base/java.nio=ALL-UNNAMED',
  '--add-opens=java.base/java.io=ALL-UNNAMED',
  '--add-opens=java.base/sun.nio.ch=ALL-UNNAMED',
  '--add-opens=java.base/java.lang=ALL-UNNAMED',
  '--enable-native-access=ALL-UNNAMED',
];

export function launcherDir(projectRoot: string): string {
  return resolve(projectRoot, 'scripts/neo4j');
}

function files(options: EmbeddedOptions) {
  return {
    pidFile: join(options.dataDir, 'skein-neo4j.pid'),
    logFile: join(options.dataDir, 'skein-neo4j.log'),
  };
}

/** Where the GDS build puts its jars (only GDS's own: Neo4j's libraries stay in target/lib). */
function gdsDir(projectRoot: string): string {
  return join(launcherDir(projectRoot), 'target/gds');
}

function mavenOrFail(cwd: string, args: string[], what: string): void {
  const result = spawnSync('mvn', args, { cwd, stdio: 'inherit' });
  if (result.error) {
    throw new Error(
      `neo4j: could not run Maven (${result.error.message}). Install Java 17 and Maven (mvn) first.`,
    );
  }
  if (result.status !== 0) {
    throw new Error(
      `neo4j: the Maven build of ${what} failed (exit ${result.status}); see its output above.`,
    );
  }
}

/**
 * Fetches the Graph Data Science jars (scripts/neo4j/gds/pom.xml, ~32 MB) unless they are there:
 * only when SKEIN_NEO4J_GDS asks for them, so a fresh clone's server (and CI) does not pay for it.
 */
export function buildGds(projectRoot: string, log: (line: string) => void = console.log): void {
  const dir = gdsDir(projectRoot);
  const pom = join(launcherDir(projectRoot), 'gds/pom.xml');
  // Maven keeps the jars' own dates, so a marker written after a complete copy says "built from this pom".
  const marker = join(dir, '.skein-gds-built');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(pom).mtimeMs) return;
  log('neo4j: fetching the Graph Data Science jars with Maven (SKEIN_NEO4J_GDS; first run only)…');
  rmSync(dir, { recursive: true, force: true });
  mavenOrFail(
    join(launcherDir(projectRoot), 'gds'),
    ['-q', '-B', 'dependency:copy-dependencies'],
    'scripts/neo4j/gds',
  );
  writeFileSync(marker, new Date().toISOString());
}

/** Builds the launcher and copies Neo4j's jars from Maven Central unless they are already there. */
export function buildLauncher(projectRoot: string, log: (line: string) => void = console.log): void {
  const dir = launcherDir(projectRoot);
  const jar = join(dir, 'target/skein-neo4j-launcher-1.0.0.jar');
  const lib = join(dir, 'target/lib');
  const sources = [join(dir, 'pom.xml'), join(dir, 'src/main/java/skein/EmbeddedNeo4j.java')];
  const upToDate =
    existsSync(jar) &&
    existsSync(lib) &&
    readdirSync(lib).some((f) => f.startsWith('neo4j-kernel')) &&
    sources.every((s) => statSync(s).mtimeMs <= statSync(jar).mtimeMs);
  if (upToDate) return;
  log('neo4j: building the embedded launcher and fetching Neo4j jars with Maven (first run only)…');
  const result = spawnSync('mvn', ['-q', '-B', 'package', 'dependency:copy-dependencies', '-DskipTests'], {
    cwd: dir,
    stdio: 'inherit',
  });
  if (result.error) {
    throw new Error(
      `neo4j: could not run Maven (${result.error.message}). Install Java 17 and Maven (mvn) first.`,
    );
  }
  if (result.status !== 0) {
    throw new Error(
      `neo4j: the Maven build of scripts/neo4j failed (exit ${result.status}); see its output above.`,
    );
  }
}

function readPid(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** True when `pid` is alive and is our launcher (a recycled pid of another program does not count). */
function isOurServer(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(MAIN_CLASS);
  } catch {
    return true; // no /proc (macOS): trust the signal check
  }
}

function portAnswers(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((done) => {
    const socket = createConnection({ host, port });
    const finish = (answer: boolean) => {
      socket.destroy();
      done(answer);
    };
    socket.setTimeout(timeoutMs, () => finish(false));
    socket.once('connect', () => finish(true));
    socket.once('error', () => finish(false));
  });
}

export function status(options: EmbeddedOptions): EmbeddedStatus {
  const { pidFile, logFile } = files(options);
  const pid = readPid(pidFile);
  const running = pid !== undefined && isOurServer(pid);
  return {
    running,
    ...(running ? { pid } : {}),
    uri: `bolt://${options.host}:${options.port}`,
    dataDir: options.dataDir,
    logFile,
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Starts the server unless ours is already running; resolves once Bolt answers. */
export async function start(options: EmbeddedOptions): Promise<EmbeddedStatus> {
  const log = options.log ?? console.log;
  const { pidFile, logFile } = files(options);
  const current = status(options);
  if (current.running) {
    log(`neo4j: already running (pid ${current.pid}) at ${current.uri}`);
    return current;
  }
  if (existsSync(pidFile)) {
    log('neo4j: removing a stale pid file left by a server that is gone');
    rmSync(pidFile);
  }
  if (await portAnswers(options.host, options.port)) {
    throw new Error(
      `neo4j: port ${options.port} on ${options.host} is taken by another program. ` +
        'Stop it, or choose another port with SKEIN_NEO4J_PORT.',
    );
  }
  buildLauncher(options.projectRoot, log);
  if (options.gds) buildGds(options.projectRoot, log);
  mkdirSync(options.dataDir, { recursive: true });
  const dir = launcherDir(options.projectRoot);
  const classpath = [join(dir, 'target/skein-neo4j-launcher-1.0.0.jar'), join(dir, 'target/lib/*')];
  // Neo4j finds procedures only in its plugin directory; their classes load from the classpath.
  if (options.gds) classpath.push(join(gdsDir(options.projectRoot), '*'));
  const out = openSync(logFile, 'w');
  const child = spawn(
    'java',
    [
      `-Xmx${options.heap}`,
      ...JVM_FLAGS,
      '-cp',
      classpath.join(':'),
      MAIN_CLASS,
      '--home',
      join(options.dataDir, 'home'),
      '--host',
      options.host,
      '--port',
      String(options.port),
      '--pagecache',
      options.pageCache,
      ...(options.gds ? ['--plugins', gdsDir(options.projectRoot)] : []),
    ],
    { detached: true, stdio: ['ignore', out, out] },
  );
  if (child.pid === undefined)
    throw new Error('neo4j: could not start java; is Java 17 installed and on PATH?');
  writeFileSync(pidFile, String(child.pid));
  child.unref();

  const deadline = Date.now() + (options.startTimeoutMs ?? 180_000);
  let exited: number | null | undefined;
  child.once('exit', (code) => {
    exited = code;
  });
  while (Date.now() < deadline) {
    if (exited !== undefined) {
      rmSync(pidFile, { force: true });
      throw new Error(`neo4j: the server exited (code ${exited}) while starting:\n${tail(logFile)}`);
    }
    if (readFileSync(logFile, 'utf8').includes(READY) && (await portAnswers(options.host, options.port))) {
      log(
        `neo4j: started (pid ${child.pid}) at bolt://${options.host}:${options.port}, data in ${options.dataDir}`,
      );
      return status(options);
    }
    await sleep(250);
  }
  process.kill(child.pid, 'SIGKILL');
  rmSync(pidFile, { force: true });
  throw new Error(`neo4j: Bolt did not answer within the start timeout:\n${tail(logFile)}`);
}

/** Stops our server: SIGTERM (clean shutdown), SIGKILL after `graceMs`. */
export async function stop(options: EmbeddedOptions, graceMs = 60_000): Promise<void> {
  const log = options.log ?? console.log;
  const { pidFile } = files(options);
  const pid = readPid(pidFile);
  if (pid === undefined || !isOurServer(pid)) {
    rmSync(pidFile, { force: true });
    log('neo4j: not running');
    return;
  }
  process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && isOurServer(pid)) await sleep(200);
  if (isOurServer(pid)) {
    log(`neo4j: no clean shutdown within ${graceMs} ms; killing pid ${pid}`);
    process.kill(pid, 'SIGKILL');
    while (isOurServer(pid)) await sleep(100);
  }
  rmSync(pidFile, { force: true });
  log(`neo4j: stopped (pid ${pid})`);
}

/** Kills the server without a clean shutdown: what a crash or power cut looks like (fault tests). */
export async function kill(options: EmbeddedOptions): Promise<void> {
  const pid = readPid(files(options).pidFile);
  if (pid === undefined || !isOurServer(pid)) return;
  process.kill(pid, 'SIGKILL');
  while (isOurServer(pid)) await sleep(100);
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}
