import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { printedSchema } from '../../../src/serve/schema/printed.ts';

describe('schema/schema.graphql', () => {
  it('matches the schema the code builds (run `npm run print-schema` after changing a type)', () => {
    const committed = readFileSync(resolve(import.meta.dirname, '../../../schema/schema.graphql'), 'utf8');
    expect(printedSchema()).toBe(committed);
  });
});
