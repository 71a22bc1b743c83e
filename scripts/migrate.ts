/** `npm run migrate` — applies cypher/schema/*.cypher to the configured Neo4j (idempotent). */
import { join } from 'node:path';
import { config } from '../src/config.ts';
import { closeDriver } from '../src/store/driver.ts';
import { migrate } from '../src/store/migrate.ts';

const result = await migrate(join(config().projectRoot, 'cypher/schema'), console.log).finally(closeDriver);
console.log(
  `migrate: ${result.applied.length} applied, ${result.alreadyApplied.length} already applied (${config().neo4j.uri})`,
);
