/**
 * Where a detection run finds its communities (jobs/engine.ts; docs/detection.md "Engines and big
 * graphs"), as startAnalysis arguments.
 */
import { builder } from '../../builder.ts';

export const AnalysisEngineEnum = builder.enumType('AnalysisEngine', {
  description:
    'Where communities are found: IN_PROCESS (Louvain in the analysis worker), GDS (inside Neo4j with the Graph Data Science library), AUTO (GDS when the server has it and the run reads 1M relationships or more).',
  values: {
    AUTO: { value: 'auto' },
    IN_PROCESS: { value: 'in-process' },
    GDS: { value: 'gds' },
  } as const,
});

export const CommunityAlgorithmEnum = builder.enumType('CommunityAlgorithm', {
  description: 'LOUVAIN (either engine) or LEIDEN (GDS only: well-connected communities by construction).',
  values: {
    LOUVAIN: { value: 'louvain' },
    LEIDEN: { value: 'leiden' },
  } as const,
});
