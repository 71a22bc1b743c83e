/**
 * Setup file of the integration project: points this worker's config at the test Neo4j that the
 * global setup made sure of, before any test imports src/config.ts.
 */
import { inject } from 'vitest';

process.env.NEO4J_URI = inject('neo4jUri');
process.env.SKEIN_ENV ??= 'test';
