/**
 * The HTTP/GraphQL application, built here and listened to in server.ts, so tests drive it
 * in-process through `yoga.fetch` without a port.
 */
import { join } from 'node:path';
import { useCSRFPrevention } from '@graphql-yoga/plugin-csrf-prevention';
import { useDisableIntrospection } from '@graphql-yoga/plugin-disable-introspection';
import { createYoga, useReadinessCheck } from 'graphql-yoga';
import { config } from '../config.ts';
import { migrationsPending } from '../store/migrate.ts';
import { ping } from '../store/run.ts';
import { useArmor } from './armor.ts';
import { type Authenticate, createAuthenticator } from './auth.ts';
import { type Context, createContext } from './context.ts';
import { maskError } from './errors.ts';
import { useExportRoute } from './export-route.ts';
import { log } from './log.ts';
import { schema } from './schema/index.ts';
import { useViewer } from './static.ts';
import { type AuditOptions, useAudit } from './use-audit.ts';
import { useAuthentication, viewerOf } from './use-authentication.ts';
import { type Limits, useLimits } from './use-limits.ts';
import { useRequestLog } from './use-request-log.ts';

export interface AppOptions {
  graphiql?: boolean;
  /** Replaces the configured authentication (tests pass a JWT authenticator with a test secret). */
  authenticate?: Authenticate;
  /** Replaces the configured body and rate limits (tests). */
  limits?: Limits;
  /** Production hardening (no introspection, no field suggestions) regardless of SKEIN_ENV (tests). */
  production?: boolean;
  /** Replaces where GraphQL audit records go (tests of the fail-closed rule). */
  audit?: AuditOptions;
}

export function createApp(options: AppOptions = {}) {
  const cfg = config();
  const authenticate = options.authenticate ?? createAuthenticator(cfg.auth);
  const production = options.production ?? cfg.env === 'production';
  const graphiql = production ? false : (options.graphiql ?? cfg.graphiql);
  return createYoga<Record<string, unknown>, Context>({
    schema,
    context: ({ request }) => {
      const viewer = viewerOf(request);
      if (!viewer) throw new Error('yoga: request reached GraphQL without authentication');
      return createContext(request, viewer);
    },
    graphqlEndpoint: '/graphql',
    graphiql,
    landingPage: false,
    healthCheckEndpoint: '/health',
    maskedErrors: { maskError, isDev: cfg.env === 'development' },
    logging: {
      debug: (...args) => log.debug(args.length === 1 ? args[0] : args),
      info: (...args) => log.info(args.length === 1 ? args[0] : args),
      warn: (...args) => log.warn(args.length === 1 ? args[0] : args),
      error: (...args) => log.error(args.length === 1 ? args[0] : args),
    },
    plugins: [
      useRequestLog(),
      useAuthentication(authenticate, { graphiql }),
      useLimits(options.limits ?? cfg.limits),
      // GET queries must carry a custom header, so a cross-site page cannot make a "simple" request.
      useCSRFPrevention({ requestHeaders: ['x-graphql-yoga-csrf', 'x-skein-client'] }),
      ...(production ? [useDisableIntrospection()] : []),
      useArmor(production),
      useAudit(options.audit),
      // The investigators' page at / and /assets, and file exports at /export (README "Viewer").
      useViewer(),
      useExportRoute(),
      // /ready: Neo4j answers and every migration is applied — what a load balancer should wait for.
      useReadinessCheck({
        endpoint: '/ready',
        check: async () => {
          const db = await ping();
          if (!db.up) return new Response(`not ready: Neo4j unreachable (${db.error})`, { status: 503 });
          const pending = await migrationsPending(join(cfg.projectRoot, 'cypher/schema'));
          if (pending.length > 0)
            return new Response(`not ready: migrations pending: ${pending.join(', ')}`, { status: 503 });
          return true;
        },
      }),
    ],
  });
}

export type App = ReturnType<typeof createApp>;
