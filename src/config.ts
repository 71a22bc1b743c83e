/**
 * The environment, parsed and validated once. This is the only module that reads process.env;
 * everything else receives a Config. A bad value stops start-up with a message naming the variable.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';

/**
 * The folder holding package.json: the checkout, or the installed app. Found by walking up rather
 * than a fixed '..', because this module runs both from src/ (tsx) and from dist/src/ (the build).
 */
export const PROJECT_ROOT = findProjectRoot(import.meta.dirname);

function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir)
      throw new Error(`config: no package.json above ${from}; run Skein from its folder`);
  }
}

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const size = z.string().regex(/^\d+[kmgKMG]?$/, 'a size such as 512m or 2g');

const EnvSchema = z.object({
  SKEIN_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).optional(),

  // An external server or cluster. When set, Skein starts nothing and uses it (bolt:// or neo4j://).
  NEO4J_URI: z
    .string()
    .regex(/^(bolt|neo4j)(\+s|\+ssc)?:\/\/.+/, 'a bolt:// or neo4j:// URI (optionally +s or +ssc)')
    .optional(),
  NEO4J_USER: z.string().default('neo4j'),
  NEO4J_PASSWORD: z.string().default(''),
  NEO4J_DATABASE: z.string().default('neo4j'),

  // The embedded server (used when NEO4J_URI is unset).
  SKEIN_NEO4J_HOST: z.enum(['127.0.0.1', 'localhost', '::1']).default('127.0.0.1'),
  SKEIN_NEO4J_PORT: z.coerce.number().int().min(1).max(65535).default(7687),
  SKEIN_NEO4J_DATA_DIR: z.string().default(resolve(PROJECT_ROOT, '.skein/neo4j')),
  SKEIN_NEO4J_HEAP: size.default('2g'),
  SKEIN_NEO4J_PAGECACHE: size.default('1g'),
  // The Graph Data Science library in the embedded server (docs/detection.md "Engines and big graphs").
  SKEIN_NEO4J_GDS: bool.default(false),

  // Community detection: where it runs, and the heap an in-process analysis may take.
  SKEIN_ANALYSIS_ENGINE: z.enum(['auto', 'in-process', 'gds']).default('auto'),
  SKEIN_ANALYSIS_MAX_HEAP_MB: z.coerce.number().int().min(256).optional(),

  // Every transaction is cut off after this long, so one heavy query cannot hang the server.
  SKEIN_TX_TIMEOUT_MS: z.coerce.number().int().min(100).default(30_000),
  SKEIN_GRAPHIQL: bool.optional(),
  // How long an API process reuses a viewer's list of readable extracts (docs/security.md
  // "Incomplete loads"); loads wait twice the longest registered value. Tests: 0 (read every time).
  SKEIN_SCOPE_CACHE_MS: z.coerce.number().int().min(0).max(5_000).optional(),

  // `npm start` loads the synthetic demo world into an empty database (off: start empty).
  SKEIN_DEMO: z.enum(['on', 'off']).default('on'),
  SKEIN_DEMO_PEOPLE: z.coerce.number().int().min(300).max(1_000_000).default(20_000),

  // Files the loadExtract mutation may read: only inside this folder (no paths outside it).
  SKEIN_IMPORT_DIR: z.string().default(resolve(PROJECT_ROOT, '.skein/imports')),
  // Declared model extension (model/extension.ts); default: model.extension.yaml in the import folder.
  SKEIN_MODEL_EXTENSION: z.string().optional(),

  // Hardening: request body size, and per-user rate limiting (token bucket; 0 turns it off).
  SKEIN_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(1_048_576),
  SKEIN_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).default(600),
  SKEIN_RATE_LIMIT_BURST: z.coerce.number().int().min(1).default(120),

  // Entity resolution (docs/resolution.md, "Configuration"): the probability from which a scored pair
  // is proposed, the score from which a proposal enters the review queue (below it the proposal is
  // stored and readable, not queued), the namesake records assumed for a name nobody disputes, and
  // the second, collective pass.
  SKEIN_RESOLUTION_THRESHOLD: z.coerce.number().gt(0).lt(1).default(0.5),
  SKEIN_RESOLUTION_REVIEW_SCORE: z.coerce.number().min(0).lt(1).default(0.8),
  SKEIN_RESOLUTION_UNSEEN_NAMESAKES: z.coerce.number().gt(0).default(1),
  SKEIN_RESOLUTION_COLLECTIVE: bool.default(true),
  // Threads of a resolution run's first pass (blocking and comparing; docs/resolution.md, "Speed").
  SKEIN_RESOLUTION_THREADS: z.coerce.number().int().min(1).max(16).default(2),

  // Authentication: 'dev' gives every request the development viewer (all roles, all
  // jurisdictions); 'jwt' requires a bearer token verified with one of the keys below.
  SKEIN_AUTH: z.enum(['dev', 'jwt']).optional(),
  SKEIN_JWT_SECRET: z.string().min(32, 'at least 32 characters (HS256 secret)').optional(),
  SKEIN_JWKS_FILE: z.string().optional(),
  SKEIN_JWKS_URL: z.string().url().optional(),
  SKEIN_JWT_ISSUER: z.string().optional(),
  SKEIN_JWT_AUDIENCE: z.string().optional(),
  // Tokens must expire; one whose exp lies further than this from its iat (or from now) is refused.
  SKEIN_JWT_MAX_LIFETIME_SECONDS: z.coerce.number().int().min(60).default(43_200),

  // Case packages (docs/case-packages.md): the Ed25519 private key (PEM) that signs them, and the
  // Chromium that prints their report to PDF.
  SKEIN_CASE_PACKAGE_KEY: z.string().optional(),
  SKEIN_CHROMIUM_PATH: z.string().default('/usr/bin/chromium'),
});

export type Env = z.infer<typeof EnvSchema>;

export interface Config {
  env: Env['SKEIN_ENV'];
  host: string;
  port: number;
  logLevel: NonNullable<Env['LOG_LEVEL']>;
  graphiql: boolean;
  projectRoot: string;
  demo: { enabled: boolean; people: number };
  importDir: string;
  /** The model extension file in force, or null for the core model only. */
  modelExtension: string | null;
  limits: {
    maxBodyBytes: number;
    ratePerMinute: number;
    burst: number;
  };
  auth: {
    mode: 'dev' | 'jwt';
    secret?: string;
    jwksFile?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    /** Longest accepted token lifetime in seconds (exp − iat, or exp − now); default 12 h. */
    maxLifetimeSeconds?: number;
  };
  resolution: {
    /** Probability from which a scored pair is proposed (POSSIBLY_SAME_AS). */
    threshold: number;
    /** Score from which a proposal is queued for review; below it, stored but not queued. */
    reviewScore: number;
    unseenNamesakes: number;
    collective: boolean;
    /** Threads of a run (first pass, weights' samples, collective pass), from 200,000 records. */
    threads: number;
  };
  neo4j: {
    /** True when Skein runs its own embedded server (NEO4J_URI unset). */
    embedded: boolean;
    uri: string;
    user: string;
    password: string;
    database: string;
    txTimeoutMs: number;
    /** Milliseconds a GraphQL request may reuse another's scope (0: every request reads it). */
    scopeCacheMs: number;
  };
  embedded: {
    host: string;
    port: number;
    dataDir: string;
    heap: string;
    pageCache: string;
    /** Graph Data Science jars on the embedded server's classpath and plugin directory. */
    gds: boolean;
  };
  casePackages: {
    /** PEM file of the Ed25519 private key that signs case packages; null: none configured. */
    keyFile: string | null;
    /** Chromium binary that prints a package's report to PDF (playwright-core drives it). */
    chromiumPath: string;
  };
  analysis: {
    engine: 'auto' | 'in-process' | 'gds';
    /** Largest heap an in-process analysis may take; default: from the machine (jobs/engine.ts). */
    maxHeapMb: number | null;
  };
}

export class ConfigError extends Error {
  constructor(readonly issues: string[]) {
    super(`config: invalid environment:\n${issues.map((i) => `  - ${i}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment (process.env by default); throws ConfigError naming every bad variable. */
export function parseConfig(source: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset: `FOO= npm start` should mean "default", not "invalid".
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = EnvSchema.safeParse(cleaned);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const got = source[name];
        return `${name}: ${issue.message}${got !== undefined ? ` (got "${got}")` : ''}`;
      }),
    );
  }
  const e = result.data;
  const embedded = e.NEO4J_URI === undefined;
  const authMode = e.SKEIN_AUTH ?? (e.SKEIN_ENV === 'production' ? 'jwt' : 'dev');
  const authIssues: string[] = [];
  if (authMode === 'dev' && e.SKEIN_ENV === 'production') {
    authIssues.push('SKEIN_AUTH: "dev" gives everyone every role; production needs SKEIN_AUTH=jwt');
  }
  if (authMode === 'jwt' && !e.SKEIN_JWT_SECRET && !e.SKEIN_JWKS_FILE && !e.SKEIN_JWKS_URL) {
    authIssues.push(
      'SKEIN_AUTH: jwt needs a key: SKEIN_JWT_SECRET (HS256), SKEIN_JWKS_FILE or SKEIN_JWKS_URL (RS256/ES256)',
    );
  }
  if (authIssues.length > 0) throw new ConfigError(authIssues);
  return {
    env: e.SKEIN_ENV,
    host: e.HOST,
    port: e.PORT,
    // Tests keep the console for failures: one line per request would drown them.
    logLevel: e.LOG_LEVEL ?? (e.SKEIN_ENV === 'test' ? 'warn' : 'info'),
    graphiql: e.SKEIN_GRAPHIQL ?? e.SKEIN_ENV !== 'production',
    projectRoot: PROJECT_ROOT,
    demo: { enabled: e.SKEIN_DEMO === 'on', people: e.SKEIN_DEMO_PEOPLE },
    importDir: resolve(PROJECT_ROOT, e.SKEIN_IMPORT_DIR),
    modelExtension: modelExtensionFile(e.SKEIN_MODEL_EXTENSION, resolve(PROJECT_ROOT, e.SKEIN_IMPORT_DIR)),
    limits: {
      maxBodyBytes: e.SKEIN_MAX_BODY_BYTES,
      ratePerMinute: e.SKEIN_RATE_LIMIT_PER_MINUTE,
      burst: e.SKEIN_RATE_LIMIT_BURST,
    },
    auth: {
      mode: authMode,
      ...(e.SKEIN_JWT_SECRET ? { secret: e.SKEIN_JWT_SECRET } : {}),
      ...(e.SKEIN_JWKS_FILE ? { jwksFile: resolve(PROJECT_ROOT, e.SKEIN_JWKS_FILE) } : {}),
      ...(e.SKEIN_JWKS_URL ? { jwksUrl: e.SKEIN_JWKS_URL } : {}),
      ...(e.SKEIN_JWT_ISSUER ? { issuer: e.SKEIN_JWT_ISSUER } : {}),
      ...(e.SKEIN_JWT_AUDIENCE ? { audience: e.SKEIN_JWT_AUDIENCE } : {}),
      maxLifetimeSeconds: e.SKEIN_JWT_MAX_LIFETIME_SECONDS,
    },
    resolution: {
      threshold: e.SKEIN_RESOLUTION_THRESHOLD,
      reviewScore: e.SKEIN_RESOLUTION_REVIEW_SCORE,
      unseenNamesakes: e.SKEIN_RESOLUTION_UNSEEN_NAMESAKES,
      collective: e.SKEIN_RESOLUTION_COLLECTIVE,
      threads: e.SKEIN_RESOLUTION_THREADS,
    },
    neo4j: {
      embedded,
      uri:
        e.NEO4J_URI ??
        `bolt://${e.SKEIN_NEO4J_HOST === '::1' ? '[::1]' : e.SKEIN_NEO4J_HOST}:${e.SKEIN_NEO4J_PORT}`,
      user: e.NEO4J_USER,
      password: e.NEO4J_PASSWORD,
      database: e.NEO4J_DATABASE,
      txTimeoutMs: e.SKEIN_TX_TIMEOUT_MS,
      scopeCacheMs: e.SKEIN_SCOPE_CACHE_MS ?? (e.SKEIN_ENV === 'test' ? 0 : 500),
    },
    embedded: {
      host: e.SKEIN_NEO4J_HOST,
      port: e.SKEIN_NEO4J_PORT,
      dataDir: resolve(PROJECT_ROOT, e.SKEIN_NEO4J_DATA_DIR),
      heap: e.SKEIN_NEO4J_HEAP,
      pageCache: e.SKEIN_NEO4J_PAGECACHE,
      gds: e.SKEIN_NEO4J_GDS,
    },
    casePackages: {
      keyFile: e.SKEIN_CASE_PACKAGE_KEY ? resolve(PROJECT_ROOT, e.SKEIN_CASE_PACKAGE_KEY) : null,
      chromiumPath: e.SKEIN_CHROMIUM_PATH,
    },
    analysis: {
      engine: e.SKEIN_ANALYSIS_ENGINE,
      maxHeapMb: e.SKEIN_ANALYSIS_MAX_HEAP_MB ?? null,
    },
  };
}

/** A named file must exist (model/extension.ts says so); the default is used only when present. */
function modelExtensionFile(named: string | undefined, importDir: string): string | null {
  if (named !== undefined) return resolve(PROJECT_ROOT, named);
  const fallback = join(importDir, 'model.extension.yaml');
  return existsSync(fallback) ? fallback : null;
}

let cached: Config | undefined;

/** The process's configuration, parsed on first use. */
export function config(): Config {
  cached ??= parseConfig();
  return cached;
}
