/**
 * Migration 015 builds the money pairs (only for accounts above the threshold) for a database
 * loaded before them: after dropping 014's pairs and creating its indexes it must run the
 * statements store/flow-summary.ts runs to rebuild every pair at the default threshold, or an old
 * database would hold other pairs than a new one. 014 stays as applied (its checksum is recorded).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALL_PAIR_STATEMENTS, PAIR_DEFAULTS } from '../../../src/store/flow-summary.ts';
import { readMigrations } from '../../../src/store/migrate.ts';
import { FLOW_DEFAULTS } from '../../../src/store/read/flow-defaults.ts';

describe('migration 015 (money pairs above the hop limit)', () => {
  it("runs store/flow-summary.ts's rebuild of every pair after replacing 014's pairs and indexes", () => {
    const migration = readMigrations(join(import.meta.dirname, '../../../cypher/schema')).find(
      (m) => m.id === '015_money_flow_pairs_above_hop_limit',
    );
    expect(PAIR_DEFAULTS.above).toBe(FLOW_DEFAULTS.perHop);
    const statements = migration?.statements ?? [];
    expect(statements.slice(0, 2)).toEqual([
      'DROP INDEX paid_pair_out IF EXISTS',
      'DROP INDEX paid_pair_in IF EXISTS',
    ]);
    expect(statements[2]).toMatch(/^MATCH \(\)-\[p:PAID_PAIR\]->\(\)/);
    expect(statements.slice(3, 5).every((s) => s.startsWith('CREATE INDEX'))).toBe(true);
    // The code passes the threshold as $above; the migration runs without parameters, at the default.
    const atDefault = ALL_PAIR_STATEMENTS.map((s) => s.replaceAll('$above', String(PAIR_DEFAULTS.above)));
    expect(statements.slice(5)).toEqual(atDefault);
  });
});
