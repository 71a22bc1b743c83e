import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENTITY_LABELS, SYSTEM_LABELS } from '../../../src/model/labels.ts';
import { readMigrations, splitStatements } from '../../../src/store/migrate.ts';

describe('splitStatements', () => {
  it('splits on a semicolon at the end of a line and drops comments', () => {
    const text =
      '// comment\nCREATE INDEX a IF NOT EXISTS\nFOR (n:A) ON (n.x);\n\nCREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y);\n';
    expect(splitStatements(text)).toEqual([
      'CREATE INDEX a IF NOT EXISTS\nFOR (n:A) ON (n.x)',
      'CREATE INDEX b IF NOT EXISTS FOR (n:B) ON (n.y)',
    ]);
  });

  it('keeps a last statement without a semicolon', () => {
    expect(splitStatements('RETURN 1')).toEqual(['RETURN 1']);
  });
});

describe('readMigrations', () => {
  it('orders files by name and checksums their text', () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-mig-'));
    writeFileSync(join(dir, '002_b.cypher'), 'RETURN 2;');
    writeFileSync(join(dir, '001_a.cypher'), 'RETURN 1;');
    writeFileSync(join(dir, 'notes.txt'), 'ignored');
    const migrations = readMigrations(dir);
    expect(migrations.map((m) => m.id)).toEqual(['001_a', '002_b']);
    expect(migrations[0]?.checksum).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives every node label of the model a uniqueness constraint on id', () => {
    const text = readMigrations(resolve(import.meta.dirname, '../../../cypher/schema'))
      .flatMap((m) => m.statements)
      .join('\n');
    for (const label of [...ENTITY_LABELS, ...SYSTEM_LABELS.filter((l) => l !== 'SchemaMigration')]) {
      expect(text).toContain(`FOR (n:${label}) REQUIRE n.id IS UNIQUE`);
    }
  });
});
