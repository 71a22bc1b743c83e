/** `npm run print-schema` — writes the printed SDL to schema/schema.graphql (checked by a test). */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { printedSchema } from '../src/serve/schema/printed.ts';

const target = resolve(import.meta.dirname, '../schema/schema.graphql');
writeFileSync(target, printedSchema());
console.log(`print-schema: wrote ${target}`);
