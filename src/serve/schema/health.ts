/** `health` and `version`: is the API up, can it reach Neo4j, and what is running. */
import { config } from '../../config.ts';
import { ping } from '../../store/run.ts';
import { serverVersion } from '../../store/server-info.ts';
import { builder } from '../builder.ts';
import { SKEIN_VERSION } from '../version.ts';

interface Neo4jHealth {
  reachable: boolean;
  latencyMs: number | null;
  error: string | null;
  embedded: boolean;
}

interface Health {
  status: 'OK' | 'DEGRADED';
  neo4j: Neo4jHealth;
}

const HealthStatus = builder.enumType('HealthStatus', {
  description: 'OK when every dependency answers; DEGRADED when the API runs but Neo4j does not answer.',
  values: ['OK', 'DEGRADED'] as const,
});

const Neo4jHealthRef = builder.objectRef<Neo4jHealth>('Neo4jHealth').implement({
  description: 'Whether the graph database answers a trivial query.',
  fields: (t) => ({
    reachable: t.exposeBoolean('reachable'),
    latencyMs: t.exposeInt('latencyMs', { nullable: true }),
    error: t.exposeString('error', { nullable: true, description: 'Why it is unreachable, when it is.' }),
    embedded: t.exposeBoolean('embedded', {
      description: 'True for the embedded server Skein starts; false for an external NEO4J_URI.',
    }),
  }),
});

const HealthRef = builder.objectRef<Health>('Health').implement({
  fields: (t) => ({
    status: t.expose('status', { type: HealthStatus }),
    neo4j: t.expose('neo4j', { type: Neo4jHealthRef }),
  }),
});

interface Version {
  skein: string;
  neo4j: string | null;
}

const VersionRef = builder.objectRef<Version>('Version').implement({
  fields: (t) => ({
    skein: t.exposeString('skein'),
    neo4j: t.exposeString('neo4j', { nullable: true, description: 'Null when Neo4j is unreachable.' }),
  }),
});

builder.queryFields((t) => ({
  health: t.field({
    type: HealthRef,
    authScopes: { public: true },
    description: 'Liveness of the API and reachability of Neo4j. Never fails: a down database is reported.',
    resolve: async (): Promise<Health> => {
      const result = await ping();
      return {
        status: result.up ? 'OK' : 'DEGRADED',
        neo4j: {
          reachable: result.up,
          latencyMs: result.latencyMs ?? null,
          error: result.error ?? null,
          embedded: config().neo4j.embedded,
        },
      };
    },
  }),
  version: t.field({
    type: VersionRef,
    authScopes: { public: true },
    resolve: async () => ({ skein: SKEIN_VERSION, neo4j: await serverVersion().catch(() => null) }),
  }),
}));
