/**
 * A package load stopped part-way (inside its second file) resumes when run again: the completed
 * file stays complete, the stopped one continues after its checkpoint, and the graph ends exactly as
 * after an uninterrupted load. The stop is deterministic: the loader's first progress report comes
 * at row 256 of a file, and the abort it triggers takes effect at the next batch boundary.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LoadAbortedError } from '../../../src/ingest/load.ts';
import { loadPackage } from '../../../src/ingest/package/load.ts';
import { readExtract } from '../../../src/store/write.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { type GraphSnapshot, graphSnapshot } from './snapshot.ts';

const PERSONS = 900;
const dir = mkdtempSync(join(tmpdir(), 'skein-package-resume-'));
const PACKAGE = join(dir, 'package.yaml');
let uninterrupted: GraphSnapshot;

/** 1 → "Ab", 2 → "Ac"…: names are letters (the name normaliser refuses digits). */
const letters = (n: number) => {
  let out = '';
  for (let x = n; x > 0; x = Math.floor(x / 26)) out = String.fromCharCode(97 + (x % 26)) + out;
  return `A${out}`;
};

beforeAll(async () => {
  const persons = ['id:ID,name,surname,:LABEL'];
  const knows = [':START_ID,:END_ID,:TYPE,since:int'];
  for (let i = 1; i <= PERSONS; i++) {
    persons.push(`p${i},${letters(i)},Family,Person`);
    knows.push(`p${i},p${(i % PERSONS) + 1},KNOWS,${2000 + (i % 20)}`);
  }
  knows.push('p1,p0,KNOWS,2001'); // no such person: rejected, counted
  writeFileSync(join(dir, 'persons.csv'), `${persons.join('\n')}\n`);
  writeFileSync(join(dir, 'knows.csv'), `${knows.join('\n')}\n`);
  writeFileSync(
    PACKAGE,
    [
      'skein: 1',
      'package: resume-test',
      'jurisdiction: GB',
      'labels: { Person: { label: Person, name: [name, surname] } }',
      'types: { KNOWS: { type: RELATED_TO, set: { kind: knows } } }',
      'files:',
      '  knows: { path: knows.csv }',
      '  persons: { path: persons.csv }',
    ].join('\n'),
  );
  await cleanDatabase();
  const complete = await loadPackage({ package: PACKAGE, batchSize: 50 });
  expect(complete.rowsLoaded).toBe(2 * PERSONS);
  uninterrupted = await graphSnapshot();
}, 300_000);
afterAll(closeDriver);

describe('an interrupted package load', () => {
  it('resumes inside the file where it stopped and ends with the uninterrupted graph', async () => {
    await cleanDatabase();
    const controller = new AbortController();
    let current = '';
    const stopped = loadPackage(
      { package: PACKAGE, batchSize: 50 },
      {
        signal: controller.signal,
        onFile: (alias) => {
          current = alias;
        },
        onProgress: () => {
          if (current === 'persons') controller.abort();
        },
      },
    );
    await expect(stopped).rejects.toBeInstanceOf(LoadAbortedError);

    const resumed = await loadPackage({ package: PACKAGE, batchSize: 50 });
    const [knows, persons] = resumed.files;
    expect(knows?.status).toBe('already-loaded');
    expect(persons?.status).toBe('resumed');
    expect(persons?.resumedAfterLine).toBeGreaterThan(1);
    expect(persons?.resumedAfterLine).toBeLessThan(PERSONS + 1);
    expect(persons?.rowsRead).toBe(PERSONS);
    expect(knows).toMatchObject({ rowsRead: PERSONS + 1, rowsLoaded: PERSONS, rowsRejected: 1 });
    expect((await readExtract(persons?.extractId as string))?.status).toBe('complete');
    expect(await graphSnapshot()).toEqual(uninterrupted);
  }, 300_000);
});
