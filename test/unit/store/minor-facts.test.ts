/**
 * Migration 013 builds the minors rule's stored facts for a database loaded before them: it must be
 * the statement the loader and refreshMinorFacts() run (store/minor-facts.ts), or an old database
 * would hold other facts than a new one.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readMigrations } from '../../../src/store/migrate.ts';
import { refreshStatements } from '../../../src/store/minor-facts.ts';

describe('migration 013 (minor facts)', () => {
  it('runs the refresh statement of store/minor-facts.ts over every person', () => {
    const migration = readMigrations(join(import.meta.dirname, '../../../cypher/schema')).find(
      (m) => m.id === '013_minor_facts',
    );
    expect(migration?.statements).toEqual(refreshStatements(true));
  });
});
