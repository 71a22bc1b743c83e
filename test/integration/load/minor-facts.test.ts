/**
 * The minors rule's facts are stored when written (store/minor-facts.ts, issue #18 item 3): a later
 * extract's dated fact changes an earlier record's flag at once — through the real loader — and
 * only for the viewers who may see both facts. The stored facts are also checked against the rule
 * of model/minor.ts computed here from the graph as it is (an independent computation).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExtract } from '../../../src/ingest/load.ts';
import { assessMinor, MINOR_PLACEHOLDER, minorAt } from '../../../src/model/minor.ts';
import { refreshMinorFacts, UNTIL } from '../../../src/store/minor-facts.ts';
import { loadEntities } from '../../../src/store/read/entities.ts';
import { FULL_SCOPE, type ReadScope, scopeForJurisdictions } from '../../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';

const HEADER = 'Ref,Name,BirthDate,Passport,Address,Postcode,Since';
const dir = mkdtempSync(join(tmpdir(), 'skein-minor-facts-'));
/** A register of people: each row a person, optionally a passport and a dated registration. */
const MAPPING = join(dir, 'register.yaml');
writeFileSync(
  MAPPING,
  `skein: 1
name: minor-facts-register
source: Minor facts test register
input: { format: csv, delimiter: ',' }
defaults: { dateFormat: YYYY-MM-DD }
required: [Ref]
entities:
  person:
    label: Person
    scope: source
    key: [Ref]
    properties:
      name: { column: Name, transform: name }
      birthDate: { column: BirthDate, transform: date }
  passport:
    label: IdentityDocument
    scope: global
    optional: true
    key: [{ column: Passport, transform: compact }]
    properties:
      number: { column: Passport, transform: compact }
      type: { value: passport }
  address:
    label: Address
    scope: global
    optional: true
    key: [{ columns: [Address, Postcode], transform: key }]
    properties:
      line: Address
      postcode: Postcode
relationships:
  - { type: HAS_DOCUMENT, from: person, to: passport }
  - type: REGISTERED_AT
    from: person
    to: address
    properties: { from: { column: Since, transform: date }, kind: { value: residence } }
`,
);

function csv(name: string, rows: string[]): string {
  const file = join(dir, name);
  writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
  return file;
}

async function load(file: string, jurisdiction: string): Promise<void> {
  const summary = await loadExtract({ file, mapping: MAPPING, jurisdiction });
  if (summary.rowsRejected > 0) throw new Error(`minor-facts test: ${file} had rejects`);
}

async function nameFor(id: string, scope: ReadScope): Promise<unknown> {
  const found = await loadEntities([id], { ...scope, minors: false });
  return found.get(id)?.props.name;
}

let ids: { early: string; ieLater: string };

beforeAll(async () => {
  await cleanDatabase();
  // Born 2001: adults today. GB's register records both; a later GB extract registers the first at
  // an address in 2015 (aged 14), and an IE extract the second.
  await load(
    csv('register.csv', [
      'R1,Ada Laterday,2001-03-03,PA0000001,,,',
      'R2,Bea Elsewhere,2001-04-04,PB0000002,,,',
    ]),
    'GB',
  );
  const rows = await executeRead('MATCH (p:Person) RETURN p.id AS id, p.name AS name ORDER BY name');
  ids = { early: String(rows[0]?.id), ieLater: String(rows[1]?.id) };
}, 120_000);
afterAll(closeDriver);

describe('the stored limit of a birth date', () => {
  it('is under 18 at a day exactly when model/minor.ts says possibly or certainly', async () => {
    const births = [
      '2009-05-14',
      '2009-02-28',
      '2008-02-29',
      '2009-05',
      '2009-12',
      '2009',
      '1999',
      '2009-13',
    ];
    const events = [
      '2027-05-13',
      '2027-05-14',
      '2027-05-31',
      '2027-06-01',
      '2027-12-31',
      '2028-01-01',
      '2026-02-28',
      '2026-03-01',
      '2017-12-31',
      '2018-01-01',
    ];
    const [row] = await executeRead(`RETURN [b IN $births | ${UNTIL}] AS until`, {
      births: births.map((d) => ({ d })),
    });
    const until = row?.until as string[];
    for (const [i, birth] of births.entries()) {
      for (const event of events) {
        expect(event < until[i]!, `${birth} at ${event}`).toBe(minorAt(birth, event) !== undefined);
      }
    }
  });
});

describe('stored minor facts', () => {
  it('an adult by every fact loaded so far is shown', async () => {
    const gb = await scopeForJurisdictions(['GB']);
    expect(await nameFor(ids.early, gb)).toBe('Ada Laterday');
  });

  it("a later extract's dated fact makes the earlier record a minor, at once", async () => {
    await load(csv('registrations.csv', ['R1,,,,5 Old Road,NW1 1AB,2015-06-01']), 'GB');
    const gb = await scopeForJurisdictions(['GB']);
    expect(await nameFor(ids.early, gb)).toBe(MINOR_PLACEHOLDER);
    expect(await nameFor(ids.early, FULL_SCOPE)).toBe(MINOR_PLACEHOLDER);
  });

  it("another jurisdiction's later fact changes the flag only for viewers of both", async () => {
    await load(csv('ie-registrations.csv', ['R2,,,,9 Green Way,D01 X2Y3,2016-01-01']), 'IE');
    // GB sees the birth date, not the registration; IE the registration, not the birth date.
    expect(await nameFor(ids.ieLater, await scopeForJurisdictions(['GB']))).toBe('Bea Elsewhere');
    expect(await nameFor(ids.ieLater, await scopeForJurisdictions(['IE']))).not.toBe(MINOR_PLACEHOLDER);
    expect(await nameFor(ids.ieLater, await scopeForJurisdictions(['GB', 'IE']))).toBe(MINOR_PLACEHOLDER);
    expect(await nameFor(ids.ieLater, FULL_SCOPE)).toBe(MINOR_PLACEHOLDER);
  });

  it('a refresh recomputes the same facts the loader stored', async () => {
    const before = await executeRead(
      'MATCH (p:Person) RETURN p.id AS id, p.mnr_ifA AS a, p.mnr_until AS u ORDER BY id',
    );
    await executeWrite('MATCH (p:Person) REMOVE p.mnr_ifA, p.mnr_until');
    await refreshMinorFacts();
    const after = await executeRead(
      'MATCH (p:Person) RETURN p.id AS id, p.mnr_ifA AS a, p.mnr_until AS u ORDER BY id',
    );
    expect(after).toEqual(before);
  });

  it('the flag for a viewer of everything equals model/minor.ts over the graph as it is', async () => {
    const rows = await executeRead(
      `MATCH (p:Person)
       RETURN p.id AS id, p.birthDate AS birthDate,
         [(p)-[r:REGISTERED_AT]->() WHERE r.from IS NOT NULL | left(toString(r.from), 10)] AS dates`,
    );
    for (const row of rows) {
      const expected = assessMinor(
        [row.birthDate],
        (row.dates as string[]).map((date) => ({ kind: 'address' as const, date })),
      );
      const name = await nameFor(String(row.id), FULL_SCOPE);
      expect(name === MINOR_PLACEHOLDER, String(row.id)).toBe(expected !== undefined);
    }
  });
});
