/** Imports every type file (each registers itself on the builder) and builds the schema. */
import { builder } from '../builder.ts';
import './scalars.ts';
import './health.ts';
import './entity.ts';
import './entities/index.ts';
import './extract.ts';
import './transaction.ts';
import './operations/entity.ts';
import './operations/search.ts';
import './operations/neighbourhood.ts';
import './operations/paths.ts';
import './operations/money-flow.ts';
import './operations/shared-identifiers.ts';
import './operations/timeline.ts';
import './operations/extracts.ts';
import './operations/audit-trail.ts';
import './mutations/record-role.ts';
import './mutations/annotate.ts';
import './mutations/load-extract.ts';
import './analysis/run.ts';
import './analysis/network.ts';
import './analysis/queries.ts';
import './analysis/review-queue.ts';

export const schema = builder.toSchema({ sortSchema: true });
