import { describe, expect, it } from 'vitest';
import { BatchBuilder } from '../../../../src/ingest/batch.ts';
import { type Applied, compileMapping, type LoadContext } from '../../../../src/ingest/mapping/apply.ts';
import { loadMapping, parseMapping } from '../../../../src/ingest/mapping/parse.ts';

const MAPPING = parseMapping(
  `
skein: 1
name: statement
jurisdiction: GB
input: { format: csv }
defaults: { dateFormat: DD/MM/YYYY, phoneCountry: GB, phoneValidate: possible }
required: [ref]
entities:
  holder:
    label: Person
    key: [customer]
    properties:
      name: { column: holder, transform: { type: name, stripTitle: true } }
      birthDate: { column: dob, transform: date }
  phone:
    label: Phone
    scope: global
    optional: true
    key: [{ column: phone, transform: phone }]
  account:
    label: Account
    scope: global
    key: [{ column: iban, transform: iban }]
  other:
    label: Account
    scope: global
    optional: true
    key: [{ column: counterparty, transform: iban }]
  atm:
    label: Location
    when: { column: type, equals: ATM }
    key: [{ var: jurisdiction }, { column: place, transform: key }]
relationships:
  - { type: HOLDS, from: holder, to: account }
  - { type: HAS_PHONE, from: holder, to: phone }
  - type: PAID
    from: account
    to: other
    when: { column: amount, sign: negative }
    key: [ref]
    properties:
      amount: { column: amount, transform: { type: amount, absolute: true } }
      at: { column: date, transform: date }
  - { type: CASH, from: account, to: atm, properties: { amount: { column: amount, transform: amount } } }
`,
  'statement.yaml',
);

const CONTEXT: LoadContext = { extractId: 'extract:one', source: 'bank-x', jurisdiction: 'GB' };

const ROW = {
  customer: 'C1',
  holder: 'MR ION POPESCU',
  dob: '12/05/1990',
  phone: '07700 900123',
  iban: 'GB82 WEST 1234 5698 7654 32',
  counterparty: 'NL91ABNA0417164300',
  type: 'FPO',
  place: '',
  amount: '-12.50',
  date: '01/02/2024',
  ref: 'T1',
};

function apply(fields: Record<string, unknown>, context: LoadContext = CONTEXT, line = 2): Applied {
  return compileMapping(MAPPING, context).apply({ line, raw: 'raw', fields });
}

function ok(result: Applied) {
  if (!result.ok) throw new Error(`expected the row to map, got: ${result.reason}`);
  return result;
}

describe('applying a mapping to a row', () => {
  it('derives ids from normalised natural keys, scoping local ids to the source', () => {
    const { nodes } = ok(apply(ROW));
    expect(nodes.map((n) => n.id)).toEqual([
      'person:bank-x|C1',
      'phone:+447700900123',
      'account:GB82WEST12345698765432',
      'account:NL91ABNA0417164300',
    ]);
    expect(nodes[0]?.props).toEqual({
      name: 'Ion Popescu',
      nameKey: 'ion popescu',
      birthDate: '1990-05-12',
    });
    expect(nodes[0]?.names).toEqual(['Ion Popescu']);
    expect(nodes[2]?.props.search).toBe('GB82WEST12345698765432 GB82 WEST 1234 5698 7654 32');
  });

  it('keys every label per source unless the mapping says the key is global', () => {
    // Two sources naming one company: two records (resolution joins them, or not); an IBAN said
    // global is one node whoever records it.
    const mapping = parseMapping(
      `
skein: 1
name: companies
jurisdiction: GB
input: { format: csv }
entities:
  company: { label: Organisation, key: [{ column: name, transform: key }], properties: { name: name } }
  registered: { label: Organisation, scope: global, key: [{ value: reg }, number] }
  account: { label: Account, scope: global, key: [{ column: iban, transform: iban }] }
  shop: { label: Account, scope: source, key: [{ column: card, transform: compact }] }
`,
      'companies.yaml',
    );
    const ids = (source: string) => {
      const result = compileMapping(mapping, { ...CONTEXT, source }).apply({
        line: 2,
        raw: 'raw',
        fields: { name: 'Acme Ltd', number: '0123', iban: 'GB82 WEST 1234 5698 7654 32', card: '42' },
      });
      return ok(result).nodes.map((n) => n.id);
    };
    expect(ids('bank-x')).toEqual([
      expect.stringMatching(/^\w+:bank-x\|acme ltd$/),
      expect.stringMatching(/^\w+:reg\|0123$/),
      'account:GB82WEST12345698765432',
      'account:bank-x|42',
    ]);
    const other = ids('register-y');
    expect(other[0]).not.toBe(ids('bank-x')[0]);
    expect(other.slice(1, 3)).toEqual(ids('bank-x').slice(1, 3));
  });

  it('writes provenance on relationships and a natural key on events', () => {
    const { relationships } = ok(apply(ROW));
    expect(relationships.map((r) => r.type)).toEqual(['HOLDS', 'HAS_PHONE', 'PAID']);
    const paid = relationships[2];
    expect(paid?.props).toMatchObject({ amount: 12.5, at: '2024-02-01', extract: 'extract:one', row: 2 });
    // The same payment in another extract (another file, another line) has the same key.
    const elsewhere = ok(apply(ROW, { ...CONTEXT, extractId: 'extract:two' }, 99)).relationships[2];
    expect(elsewhere?.key).toBe(paid?.key);
    expect(ok(apply({ ...ROW, ref: 'T2' })).relationships[2]?.key).not.toBe(paid?.key);
  });

  it('gives events without a natural key one identity per extract, row and mapping position', () => {
    const cash = (extractId: string, line: number) =>
      ok(
        apply({ ...ROW, type: 'ATM', place: 'Leeds', counterparty: '' }, { ...CONTEXT, extractId }, line),
      ).relationships.find((r) => r.type === 'CASH')?.key;
    expect(cash('extract:one', 5)).toBe(cash('extract:one', 5));
    expect(cash('extract:one', 5)).not.toBe(cash('extract:one', 6));
    expect(cash('extract:one', 5)).not.toBe(cash('extract:two', 5));
  });

  it('leaves out optional entities with an empty key, and their relationships', () => {
    const { nodes, relationships } = ok(apply({ ...ROW, phone: '', counterparty: '' }));
    expect(nodes.map((n) => n.label)).toEqual(['Person', 'Account']);
    expect(relationships.map((r) => r.type)).toEqual(['HOLDS']);
  });

  it('applies conditions: the ATM location only on ATM rows, the payment only on debits', () => {
    const atm = ok(apply({ ...ROW, type: 'ATM', place: 'Leeds', amount: '40.00' }));
    // The mapping gives the location no scope: like every label's key, it is this source's.
    expect(atm.nodes.find((n) => n.label === 'Location')?.id).toBe('location:bank-x|GB|leeds');
    expect(atm.relationships.map((r) => r.type)).toEqual(['HOLDS', 'HAS_PHONE', 'CASH']);
  });

  it('rejects an invalid value with a reason naming entity, column and value', () => {
    const result = apply({ ...ROW, iban: 'GB00 WEST 1234 5698 7654 32' });
    expect(result).toEqual({
      ok: false,
      reason: expect.stringMatching(/entity "account" \(Account\) key column "iban": iban: .*checksum/),
    });
  });

  it('drops an invalid value of an optional field with a warning per column, keeping the row', () => {
    const date = ok(apply({ ...ROW, dob: '31/02/1990' }));
    expect(date.nodes.find((n) => n.label === 'Person')?.props.birthDate).toBeUndefined();
    expect(date.nodes.find((n) => n.label === 'Person')?.props.name).toBe('Ion Popescu');
    expect(date.warnings).toEqual([
      { column: 'dob', reason: expect.stringMatching(/property birthDate column "dob": .*31/) },
    ]);
    // An optional entity whose key is invalid (a malformed phone) is left out, with its relationships.
    const phone = ok(apply({ ...ROW, phone: '12' }));
    expect(phone.nodes.map((n) => n.label)).not.toContain('Phone');
    expect(phone.relationships.map((r) => r.type)).not.toContain('HAS_PHONE');
    expect(phone.warnings?.map((w) => w.column)).toEqual(['phone']);
    // A value in a key of a required entity, or a required field, still rejects the row.
    expect(apply({ ...ROW, dob: '31/02/1990', iban: 'GB00' }).ok).toBe(false);
    expect(ok(apply(ROW)).warnings).toBeUndefined();
    // invalid: reject keeps a value essential to the row (a payment's amount) rejecting.
    const strict = parseMapping(
      `
skein: 1
name: strict
input: { format: csv }
entities:
  a: { label: Account, scope: global, key: [{ column: iban, transform: iban }] }
  b: { label: Account, scope: global, optional: true, key: [{ column: other, transform: iban, invalid: reject }] }
relationships:
  - { type: PAID, from: a, to: b, properties: { amount: { column: amount, transform: amount, invalid: reject } } }
`,
      'strict.yaml',
    );
    const mapper = compileMapping(strict, CONTEXT);
    const fields = { iban: ROW.iban, other: ROW.counterparty, amount: '12O.50' };
    expect(mapper.apply({ line: 2, raw: '', fields }).ok).toBe(false);
    expect(
      ok(mapper.apply({ line: 3, raw: '', fields: { ...fields, amount: '' } })).relationships,
    ).toHaveLength(1);
    expect(mapper.apply({ line: 4, raw: '', fields: { ...fields, amount: '1', other: 'NL00' } }).ok).toBe(
      false,
    );
  });

  it('rejects a row whose required key or required column is empty', () => {
    const noCustomer = apply({ ...ROW, customer: '  ' });
    expect(noCustomer.ok ? '' : noCustomer.reason).toBe(
      'entity "holder" (Person): key column "customer" is empty',
    );
    const noRef = apply({ ...ROW, ref: '' });
    expect(noRef.ok ? '' : noRef.reason).toBe('required column "ref": is empty but required');
  });

  it('survives hostile records: objects in fields, absent fields, huge values', () => {
    const nested = apply({ ...ROW, customer: { $ne: 1 } });
    expect(nested.ok ? '' : nested.reason).toMatch(/column "customer" holds a object; map a single value/);
    const missing = apply({ ref: 'T9' });
    expect(missing.ok ? '' : missing.reason).toMatch(/key column "customer" is empty/);
    const huge = apply({ ...ROW, holder: 'A'.repeat(100_000) });
    expect(huge.ok ? (huge.warnings?.[0]?.reason.length ?? 0) : huge.reason.length).toBeLessThan(400);
    const proto = apply(JSON.parse('{"__proto__": {"customer": "C1"}, "ref": "T1"}'));
    expect(proto.ok).toBe(false);
  });

  it('refuses to compile a mapping whose var has no value in this load', () => {
    expect(() =>
      compileMapping(MAPPING, { ...CONTEXT, jurisdiction: undefined }).apply({
        line: 2,
        raw: '',
        fields: ROW,
      }),
    ).toThrow(/no jurisdiction; pass --jurisdiction/);
  });

  it('repeats over a JSON list, one pass per element', () => {
    const mapping = parseMapping(
      `
skein: 1
name: bookings
input: { format: jsonl }
repeat: { path: passengers, as: pax }
entities:
  passenger:
    label: Person
    key: [ref, pax.n]
    properties: { name: { column: pax.name, transform: name, required: true } }
  journey:
    label: Journey
    key: [ref, pax.n]
    properties: { date: { column: trip.depart, transform: { type: date, format: DD-MMM-YYYY } } }
relationships:
  - { type: TOOK, from: passenger, to: journey }
`,
      'bookings.yaml',
    );
    const mapper = compileMapping(mapping, {
      extractId: 'extract:b',
      source: 'agency',
      jurisdiction: undefined,
    });
    const fields = {
      ref: 'B1',
      trip: { depart: '05-MAR-2024' },
      passengers: [
        { n: 1, name: 'POPESCU ION' },
        { n: 2, name: 'Maria Popescu' },
      ],
    };
    const result = ok(mapper.apply({ line: 1, raw: '', fields }));
    expect(result.nodes.filter((n) => n.label === 'Person').map((n) => n.props.name)).toEqual([
      'Popescu Ion',
      'Maria Popescu',
    ]);
    expect(result.nodes.find((n) => n.label === 'Journey')?.props.date).toBe('2024-03-05');
    expect(result.relationships).toHaveLength(2);
    const broken = mapper.apply({
      line: 1,
      raw: '',
      fields: { ...fields, passengers: [{ n: 1, name: '' }] },
    });
    expect(broken.ok ? '' : broken.reason).toMatch(
      /^entity "passenger" \(Person\) property name column "passengers\[0\]\.name": is empty but required$/,
    );
    const none = mapper.apply({ line: 1, raw: '', fields: { ...fields, passengers: [] } });
    expect(none.ok ? '' : none.reason).toMatch(/"passengers" is empty/);
  });
});

describe('batching mapped rows', () => {
  it('writes a node once per batch, counting the rows that mention it and keeping every spelling', () => {
    const builder = new BatchBuilder();
    const rows = [
      { ...ROW, holder: 'POPESCU, Ion', ref: 'T1' },
      { ...ROW, holder: 'Ioan Popescu', dob: '', ref: 'T2' },
      { ...ROW, ref: 'T2' }, // the same payment again: one event
    ];
    rows.forEach((fields, index) => {
      const result = ok(apply(fields, CONTEXT, index + 2));
      builder.add(index + 2, result.nodes, result.relationships);
    });
    const batch = builder.build('extract:one', { rows: 3, loaded: 3, rejected: 0 });
    expect(batch.checkpoint).toEqual({ line: 4, firstLine: 2, rows: 3, loaded: 3, rejected: 0 });
    const person = batch.nodes.find((g) => g.label === 'Person')?.rows;
    expect(person).toEqual([
      {
        id: 'person:bank-x|C1',
        props: {
          name: 'Ion Popescu',
          nameKey: 'ion popescu',
          familyName: 'Popescu',
          givenName: 'Ion',
          birthDate: '1990-05-12',
        },
        names: ['Ion Popescu', 'Ioan Popescu'],
        firstRow: 2,
        count: 3,
      },
    ]);
    const paid = batch.relationships.find((g) => g.type === 'PAID')?.rows;
    expect(paid).toHaveLength(2);
    expect(batch.relationships.find((g) => g.type === 'HOLDS')?.rows).toHaveLength(1);
  });
});

describe('the shipped bank-a mapping', () => {
  const { mapping } = loadMapping('bank-a');
  const compiled = compileMapping(mapping, {
    extractId: 'extract:a',
    source: 'Albion Bank plc',
    jurisdiction: 'GB',
  });
  const row = (type: string, description: string) => ({
    'Customer No': 'C1',
    'Customer Type': 'PERSONAL',
    'Account Holder': 'MR JAKUB GRABOWSKI',
    'Date of Birth': '20/06/1975',
    'Holder Address': '149 GREEN LANE, LONDON, E8 3SR',
    'Holder Phone': '07400 036102',
    'Sort Code': '20-10-37',
    'Account No': '00020264',
    IBAN: 'GB15 ALBN 2010 3700 0202 64',
    Opened: '02/10/2022',
    Branch: 'LONDON CENTRAL',
    'Txn Ref': 'AT1',
    Date: '25/01/2024',
    Time: '01:00:00',
    Type: type,
    Description: description,
    'Counterparty Name': 'X',
    'Counterparty Account': 'GB04WSXB30207400704061',
    Debit: '',
    Credit: '100.00',
    Currency: 'GBP',
    Location: '',
  });
  const kinds = (fields: Record<string, unknown>) =>
    ok(compiled.apply({ line: 2, raw: 'raw', fields }))
      .relationships.filter((r) => r.type === 'PAID')
      .map((r) => r.props.kind);

  it('books a BGC credit from the benefits agency as a benefit and any other BGC as a wage, once each', () => {
    expect(kinds(row('BGC', 'BENEFITS AGENCY UC-10002345'))).toEqual(['benefit']);
    expect(kinds(row('BGC', 'PREMIER HAND CAR WASH LTD SALARY'))).toEqual(['wage']);
    expect(kinds(row('FPI', 'THANKS'))).toEqual(['transfer']);
  });
});
