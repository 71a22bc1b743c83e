/**
 * Bad input never stops a resolution run (issue 13, "Done when"): a small tenancy extract loaded
 * through the loader with an empty name, a number for a name, a name mixing Latin and Cyrillic
 * letters and an impossible birth date, plus what the loader's checks do not stop (records written
 * by another path: a name of digits only, an impossible stored date). The run completes; every
 * record is counted — compared, skipped with a reason, or compared with a value set aside.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLoad } from '../../../src/jobs/load.ts';
import { type ResolutionSummary, startResolution } from '../../../src/jobs/resolve.ts';
import { getResolutionRun } from '../../../src/store/read/resolution-runs.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver, recordMentionFactsAsLoaded } from '../../support/db.ts';

const FIXTURE = join(import.meta.dirname, '../../fixtures/resolution/tenancy-bad-names.csv');

describe('jobs/resolve on bad input', () => {
  let load: Awaited<ReturnType<typeof runLoad>>;
  let summary: ResolutionSummary;

  beforeAll(async () => {
    await cleanDatabase();
    load = await runLoad({
      file: FIXTURE,
      mapping: 'tenancy',
      jurisdiction: 'GB',
      rejectsFile: join(import.meta.dirname, '../../../.skein/test-rejects/resolve-bad-input.jsonl'),
    });
    // What another path (an older loader, a hand-made import) could have stored.
    await executeWrite(
      `MATCH (e:Extract)
       CREATE (a:Person {id: 'person:legacy:1', name: '4711', names: ['4711', '--']})
       CREATE (b:Person {id: 'person:legacy:2', name: 'Ilir Cela', names: ['Ilir Cela'], birthDate: '1966-02-30'})
       CREATE (c:Person {id: 'person:legacy:3', names: []})
       CREATE (e)-[:MENTIONS {firstRow: 90, rows: 1}]->(a)
       CREATE (e)-[:MENTIONS {firstRow: 91, rows: 1}]->(b)
       CREATE (e)-[:MENTIONS {firstRow: 92, rows: 1}]->(c)`,
    );
    await recordMentionFactsAsLoaded();
    const started = await startResolution({}, { onWarning: () => undefined });
    summary = await started.done;
  }, 240_000);
  afterAll(closeDriver);

  it('loads the extract with every row accounted for', () => {
    expect(load.rowsRead).toBe(load.rowsLoaded + load.rowsRejected);
    expect(load.warningsByColumn).toMatchObject({ tenant_name: 2, tenant_dob: 1 });
  });

  it('completes, counting every record: compared, skipped or kept with a reason', async () => {
    const run = await getResolutionRun(summary.runId, FULL_SCOPE);
    expect(run?.status).toBe('completed');
    const [persons] = await executeRead('MATCH (n:Person) RETURN count(n) AS n');
    const counts = summary.counts;
    expect(counts.records.Person).toBe(Number(persons!.n));
    expect(counts.skipped).toEqual({ 'no name with letters in any script': 2 });
    expect(counts.compared).toBe(counts.records.Person! + counts.records.Organisation! - 2);
    expect(counts.repaired).toEqual({
      'a name mixes alphabets within a word (compared letter by letter)': 1,
      'birth date is impossible or unreadable (date ignored, record compared)': 1,
    });
    expect(run?.counts).toEqual(counts);
  });
});
