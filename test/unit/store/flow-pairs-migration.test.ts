/**
 * Migration 014 builds the money pairs for a database loaded before them: after its indexes it must
 * run the statements store/flow-summary.ts runs to rebuild every pair, or an old database would
 * hold other pairs than a new one.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_PAIR_STATEMENTS } from '../../../src/store/flow-summary.ts';
import { readMigrations } from '../../../src/store/migrate.ts';

describe('migration 014 (money pairs)', () => {
  it("runs store/flow-summary.ts's rebuild of every pair after creating its indexes", () => {
    const migration = readMigrations(join(import.meta.dirname, '../../../cypher/schema')).find(
      (m) => m.id === '014_money_flow_pairs',
    );
    expect(migration?.statements.slice(0, 2).every((s) => s.startsWith('CREATE INDEX'))).toBe(true);
    expect(migration?.statements.slice(2)).toEqual([...ALL_PAIR_STATEMENTS]);
  });
});
