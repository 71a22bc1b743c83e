/**
 * neo4j-admin relationship files are checked like mapped ones (issue #14 follow-up): an INVOLVED_IN
 * role outside the case roles is a rejected row naming the property (before, it was stored as
 * written), a role in another case is stored canonical, and an invalid typed property of a link
 * (`since:int` = "soon") drops that property with a warning counted under its column.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadPackage, type PackageSummary } from '../../../src/ingest/package/load.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const FILES: Record<string, string> = {
  'package.yaml': [
    'skein: 1',
    'package: admin-values',
    'source: Values test',
    'jurisdiction: GB',
    'labels:',
    '  Crime: Offence',
    'files:',
    '  people: { path: people.csv }',
    '  crimes: { path: crimes.csv }',
    '  parties: { path: parties.csv }',
    '',
  ].join('\n'),
  'people.csv': 'id:ID,name,:LABEL\nP1,Ana Popescu,Person\nP2,Ion Marin,Person\nP3,Dan Stan,Person\n',
  'crimes.csv': ':ID,type,:LABEL\nC1,Burglary,Crime\n',
  'parties.csv':
    ':START_ID,:END_ID,:TYPE,role,since:int\nP1,C1,INVOLVED_IN,Suspect,2020\nP2,C1,INVOLVED_IN,perpetrator,2021\nP3,C1,INVOLVED_IN,witness,soon\n',
};

/** The parties file's rows, split here: [line, person, role, since]. */
const parties = (FILES['parties.csv'] as string)
  .trim()
  .split('\n')
  .slice(1)
  .map((l, i) => {
    const [person, , , role, since] = l.split(',');
    return { line: i + 2, person: person as string, role: role as string, since: since as string };
  });
const CASE_ROLES = ['victim', 'suspect', 'witness', 'other'];

let summary: PackageSummary;

beforeAll(async () => {
  await cleanDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'skein-admin-values-'));
  for (const [name, text] of Object.entries(FILES)) writeFileSync(join(dir, name), text);
  summary = await loadPackage({ package: join(dir, 'package.yaml') });
}, 120_000);
afterAll(closeDriver);

describe('neo4j-admin links checked at load', () => {
  it('rejects a role outside the case roles, naming the property', () => {
    const file = summary.files.find((f) => f.alias === 'parties');
    const bad = parties.filter((p) => !CASE_ROLES.includes(p.role.toLowerCase()));
    expect(file?.rowsRejected).toBe(bad.length);
    const rejects = readFileSync(file?.rejectsFile as string, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { line: number; reason: string });
    expect(rejects.map((r) => r.line)).toEqual(bad.map((p) => p.line));
    expect(rejects[0]?.reason).toMatch(
      /INVOLVED_IN as INVOLVED_IN: property role: "perpetrator" is not a case role/,
    );
  });

  it('stores the others canonical, and drops an invalid typed value with a warning', async () => {
    const file = summary.files.find((f) => f.alias === 'parties');
    const kept = parties.filter((p) => CASE_ROLES.includes(p.role.toLowerCase()));
    const badSince = kept.filter((p) => !/^\d+$/.test(p.since));
    expect(file?.warningsByColumn).toEqual({ 'since:int': badSince.length });
    const stored = await executeRead(
      'MATCH (p:Person)-[r:INVOLVED_IN]->(:Offence) RETURN p.sourceId AS person, r.role AS role, r.since AS since ORDER BY person',
    );
    expect(stored).toEqual(
      kept.map((p) => ({
        person: p.person,
        role: p.role.toLowerCase(),
        since: /^\d+$/.test(p.since) ? Number(p.since) : null,
      })),
    );
  });
});
