/**
 * Several kinds of tie between the same two people (issue #14 item 3), through the real loader and
 * Neo4j: each kind (family, knows, social, lives with) is its own RELATED_TO with its own values
 * and provenance, whichever extract loads first, and a GB-only viewer sees GB's kinds only — with
 * the kind even on a link IE recorded first.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { loadExtract } from '../../../src/ingest/load.ts';
import { parseMapping } from '../../../src/ingest/mapping/parse.ts';
import { loadRelated } from '../../../src/store/read/entities.ts';
import { type ReadScope, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { executeRead } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-kinds-'));
const ANA = 'person:ana pop';
const ION = 'person:ion pop';

function mapping(jurisdiction: string) {
  return parseMapping(
    `skein: 1
name: ties-${jurisdiction.toLowerCase()}
source: Police (${jurisdiction})
jurisdiction: ${jurisdiction}
input: { format: csv, delimiter: ',' }
entities:
  a:
    label: Person
    scope: global
    key: [{ column: person_a, transform: name }]
    properties: { name: { column: person_a, transform: name } }
  b:
    label: Person
    scope: global
    key: [{ column: person_b, transform: name }]
    properties: { name: { column: person_b, transform: name } }
relationships:
  - type: RELATED_TO
    from: a
    to: b
    properties:
      kind: tie
      note: note
`,
    `ties-${jurisdiction}.yaml`,
  );
}

/** GB: family and knows, both in one file (one batch: the batch must keep them apart too). */
const GB = `person_a,person_b,tie,note\nAna Pop,Ion Pop,family,gb brother\nAna Pop,Ion Pop,knows,gb via phone\nAna Pop,Ion Pop,family,gb again\n`;
/** IE: social, lives_with and family again. */
const IE = `person_a,person_b,tie,note\nAna Pop,Ion Pop,social,ie facebook\nAna Pop,Ion Pop,lives_with,ie tenancy\nAna Pop,Ion Pop,family,ie cousin\n`;

async function loadBoth(order: ('GB' | 'IE')[], batchSize: number) {
  for (const j of order) {
    const file = join(dir, `${j}.csv`);
    writeFileSync(file, j === 'GB' ? GB : IE);
    const summary = await loadExtract({
      file,
      mapping: mapping(j),
      batchSize,
      rejectsFile: join(dir, `${j}.rejects`),
    });
    expect(summary).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
  }
}

/** Each kind with the jurisdictions that recorded it, independent of load order. */
async function kinds(): Promise<Record<string, string[]>> {
  const rows = await executeRead(
    `MATCH (:Person {id: $a})-[r:RELATED_TO]->(:Person {id: $b})
     UNWIND r.extracts AS x MATCH (e:Extract {id: x})
     RETURN r.kind AS kind, collect(e.jurisdiction) AS by`,
    { a: ANA, b: ION },
  );
  return Object.fromEntries(rows.map((r) => [String(r.kind), (r.by as string[]).sort()]));
}

async function visibleTies(scope: ReadScope) {
  const related = (await loadRelated([ANA], 'RELATED_TO', 'OUT', scope)).get(ANA) ?? [];
  return related
    .map((r) => ({ kind: r.props.kind ?? null, extract: r.props.extract, note: r.props.note ?? null }))
    .sort((x, y) => String(x.kind).localeCompare(String(y.kind)));
}

describe('several kinds of tie between one pair', () => {
  beforeEach(cleanDatabase);
  afterAll(closeDriver);

  const expected = { family: ['GB', 'IE'], knows: ['GB'], lives_with: ['IE'], social: ['IE'] };

  it.each([
    [['GB', 'IE'] as ('GB' | 'IE')[], 1],
    [['IE', 'GB'] as ('GB' | 'IE')[], 10_000],
  ])(
    'each kind is one relationship with its own recorders (order %j, batch size %i)',
    async (order, size) => {
      await loadBoth(order, size);
      expect(await kinds()).toEqual(expected);
      const [{ count }] = (await executeRead(
        'MATCH (:Person {id: $a})-[r:RELATED_TO]->(:Person {id: $b}) RETURN count(r) AS count',
        { a: ANA, b: ION },
      )) as [{ count: number }];
      expect(Number(count)).toBe(4);
    },
  );

  it('keeps each kind’s own values: the first recorder of that kind, the first row of it', async () => {
    await loadBoth(['GB', 'IE'], 50);
    const rows = await executeRead(
      'MATCH (:Person {id: $a})-[r:RELATED_TO]->() RETURN r.kind AS kind, r.note AS note, r.row AS row ORDER BY kind',
      { a: ANA },
    );
    expect(rows.map((r) => [r.kind, r.note, Number(r.row)])).toEqual([
      ['family', 'gb brother', 2],
      ['knows', 'gb via phone', 3],
      ['lives_with', 'ie tenancy', 3],
      ['social', 'ie facebook', 2],
    ]);
  });

  it('a GB-only viewer sees GB’s kinds only, each with GB provenance; the kind even where IE recorded first', async () => {
    await loadBoth(['IE', 'GB'], 50);
    const gb = await scopeForJurisdictions(['GB']);
    const gbExtract = gb.extracts[0];
    const ties = await visibleTies(gb);
    expect(ties).toEqual([
      // IE recorded family first: GB sees its own provenance and the kind (its own fact), no IE note.
      { kind: 'family', extract: gbExtract, note: null },
      { kind: 'knows', extract: gbExtract, note: 'gb via phone' },
    ]);
    const ie = await scopeForJurisdictions(['IE']);
    expect((await visibleTies(ie)).map((t) => t.kind)).toEqual(['family', 'lives_with', 'social']);
  });
});
