import { describe, expect, it } from 'vitest';
import { type Applied, compileMapping, type LoadContext } from '../../../../src/ingest/mapping/apply.ts';
import {
  loadMapping,
  MappingError,
  mappedColumns,
  parseMapping,
} from '../../../../src/ingest/mapping/parse.ts';
import { patternProblem } from '../../../../src/ingest/mapping/schema.ts';
import { bookingWithBadPhones } from '../../../support/booking.ts';

const CONTEXT: LoadContext = { extractId: 'extract:features', source: 'test', jurisdiction: 'GB' };

function ok(result: Applied) {
  if (!result.ok) throw new Error(`expected the row to map, got: ${result.reason}`);
  return result;
}

function issues(text: string): string[] {
  try {
    parseMapping(text, 'm.yaml');
    return [];
  } catch (error) {
    if (error instanceof MappingError) return error.issues;
    throw error;
  }
}

/** A ledger where one name column holds companies and persons, and the kind depends on two columns. */
const LEDGER = parseMapping(
  String.raw`
skein: 1
name: ledger
input: { format: csv }
entities:
  company:
    label: Organisation
    when: { column: name, matches: '\b(LTD|LIMITED|GMBH|S\.?R\.?L\.?|B\.?V\.?|SA|AG|PLC)\b' }
    key: [{ column: name, transform: key }]
    properties: { name: name }
  person:
    label: Person
    when: { not: { column: name, matches: '\b(LTD|LIMITED|GMBH|S\.?R\.?L\.?|B\.?V\.?|SA|AG|PLC)\b' } }
    key: [{ column: name, transform: name }]
    properties: { name: { column: name, transform: name } }
  account:
    label: Account
    scope: global
    key: [{ column: iban, transform: iban }]
    properties:
      country: { expr: ibanCountry(iban) }
  other:
    label: Account
    scope: global
    optional: true
    key: [{ column: other, transform: iban }]
  address:
    label: Address
    optional: true
    key: [{ column: postcode, transform: compact }]
    properties:
      postcode: { column: postcode, transform: compact }
relationships:
  - { type: HOLDS, from: company, to: account }
  - { type: HOLDS, from: person, to: account }
  - type: PAID
    from: account
    to: other
    when:
      any:
        - { column: type, in: [transfer, rent] }
        - all: [{ column: type, equals: card }, { column: direction, equals: out }]
    key: content
    properties:
      amount: { column: amount, transform: amount }
      at: { column: date, transform: date }
      kind:
        columns: [type, direction]
        transform: { type: map, values: { 'transfer|out': transfer, 'transfer|in': refund, 'rent|out': rent, 'card|out': card, 'rent|': rent } }
      postcode: { entity: address, property: postcode }
`,
  'ledger.yaml',
);

const ROW = {
  name: 'Acme Trading Ltd',
  iban: 'GB82WEST12345698765432',
  other: 'NL91ABNA0417164300',
  type: 'rent',
  direction: 'out',
  amount: '850.00',
  date: '2024-03-01',
  postcode: 'ls6 2qt',
};

describe('mapping features for real files', () => {
  it('tells companies from persons in one name column with a pattern and its negation', () => {
    const mapper = compileMapping(LEDGER, CONTEXT);
    const company = ok(mapper.apply({ line: 2, raw: '', fields: ROW }));
    expect(
      company.nodes.filter((n) => n.label === 'Organisation' || n.label === 'Person').map((n) => n.label),
    ).toEqual(['Organisation']);
    for (const name of ['ROMSTAR S.R.L.', 'Brandt GmbH', 'Holland B.V.', 'acme plc']) {
      const r = ok(mapper.apply({ line: 3, raw: '', fields: { ...ROW, name } }));
      expect(
        r.nodes.map((n) => n.label),
        name,
      ).toContain('Organisation');
      expect(
        r.nodes.map((n) => n.label),
        name,
      ).not.toContain('Person');
    }
    // "Saltd" and "Sandra" contain the letters but not the word.
    for (const name of ['Ana Saltd', 'Sandra Agnew']) {
      const r = ok(mapper.apply({ line: 4, raw: '', fields: { ...ROW, name } }));
      expect(
        r.nodes.map((n) => n.label),
        name,
      ).toContain('Person');
      expect(
        r.nodes.map((n) => n.label),
        name,
      ).not.toContain('Organisation');
    }
  });

  it('combines conditions with any, all and not', () => {
    const mapper = compileMapping(LEDGER, CONTEXT);
    const types = (fields: Record<string, unknown>) =>
      ok(mapper.apply({ line: 2, raw: '', fields: { ...ROW, ...fields } })).relationships.map((r) => r.type);
    expect(types({ type: 'transfer' })).toContain('PAID');
    expect(types({ type: 'card', direction: 'out' })).toContain('PAID');
    expect(types({ type: 'card', direction: 'in' })).not.toContain('PAID');
    expect(types({ type: 'fee' })).not.toContain('PAID');
  });

  it('maps a kind from two columns, derives a country and takes a property from another entity', () => {
    const mapper = compileMapping(LEDGER, CONTEXT);
    const paid = (fields: Record<string, unknown>) =>
      ok(mapper.apply({ line: 2, raw: '', fields: { ...ROW, ...fields } })).relationships.find(
        (r) => r.type === 'PAID',
      );
    expect(paid({})?.props).toMatchObject({ kind: 'rent', amount: 850, postcode: 'LS62QT' });
    expect(paid({ type: 'transfer', direction: 'in' })?.props.kind).toBe('refund');
    expect(paid({ direction: '' })?.props.kind).toBe('rent');
    expect(paid({ postcode: '' })?.props.postcode).toBeUndefined();
    const account = ok(mapper.apply({ line: 2, raw: '', fields: ROW })).nodes.find(
      (n) => n.label === 'Account',
    );
    expect(account?.props.country).toBe('GB');
    // An unmapped combination in an optional property is left out with a warning, the row loads.
    const odd = ok(
      mapper.apply({ line: 2, raw: '', fields: { ...ROW, type: 'transfer', direction: 'sideways' } }),
    );
    expect(odd.relationships.find((r) => r.type === 'PAID')?.props.kind).toBeUndefined();
    expect(odd.warnings).toEqual([
      { column: 'type+direction', reason: expect.stringMatching(/"transfer\|sideways"/) },
    ]);
    expect(mappedColumns(LEDGER)).toEqual(
      expect.arrayContaining(['name', 'iban', 'type', 'direction', 'postcode']),
    );
  });

  it('keys events without an id by content and occurrence: identical rows stay two, a re-run gives the same keys', () => {
    const keys = (rows: Record<string, unknown>[], extractId = CONTEXT.extractId) => {
      const mapper = compileMapping(LEDGER, { ...CONTEXT, extractId });
      return rows.map(
        (fields, i) =>
          ok(mapper.apply({ line: i + 2, raw: '', fields })).relationships.find((r) => r.type === 'PAID')
            ?.key,
      );
    };
    const rows = [ROW, ROW, { ...ROW, amount: '851.00' }];
    const first = keys(rows);
    expect(new Set(first).size).toBe(3);
    expect(first.every((k) => k?.startsWith('c:'))).toBe(true);
    expect(keys(rows)).toEqual(first);
    // Another extract of the same account holding the same payments (a later statement): same events.
    expect(keys([ROW, { ...ROW, amount: '851.00' }, ROW], 'extract:later')).toEqual([
      first[0],
      first[2],
      first[1],
    ]);
    // A rejected row does not take an occurrence number.
    const mapper = compileMapping(LEDGER, CONTEXT);
    expect(mapper.apply({ line: 2, raw: '', fields: { ...ROW, iban: 'GB00' } }).ok).toBe(false);
    expect(
      ok(mapper.apply({ line: 3, raw: '', fields: ROW })).relationships.find((r) => r.type === 'PAID')?.key,
    ).toBe(first[0]);
  });

  it('makes one event per element of a nested list, with the parent fields, and reads last and count', () => {
    const mapping = parseMapping(
      `
skein: 1
name: claims
input: { format: jsonl }
entities:
  claimant:
    label: Person
    key: [claimant.id]
    properties:
      name: { column: claimant.name, transform: name }
  agency:
    label: Account
    scope: global
    key: [{ value: GB33BUKB20201555555555, transform: iban }]
  paidTo:
    label: Account
    scope: global
    each: { path: payments, as: p }
    key: [{ expr: 'coalesce(p.iban, claimant.iban)', transform: iban }]
  claim:
    label: BenefitClaim
    key: [ref]
    properties:
      payments: { expr: count(payments), transform: integer }
      lastPaid: { expr: last(payments).date, transform: date }
relationships:
  - { type: CLAIMS, from: claimant, to: claim }
  - type: PAID
    from: agency
    to: paidTo
    each: { path: payments, as: p }
    key: [ref, p.date]
    properties:
      amount: { column: p.amount, transform: amount }
      at: { column: p.date, transform: date }
      reference: ref
  - { type: HOLDS, from: claimant, to: paidTo, each: { path: payments, as: p } }
`,
      'claims.yaml',
    );
    const mapper = compileMapping(mapping, CONTEXT);
    const claim = {
      ref: 'CL-1',
      claimant: { id: 'P1', name: 'Ana Pop', iban: 'GB82WEST12345698765432' },
      payments: [
        { date: '2024-01-05', amount: '100.00' },
        { date: '2024-02-05', amount: '120.50', iban: 'NL91ABNA0417164300' },
        { date: '2024-03-05', amount: '90' },
      ],
    };
    const result = ok(mapper.apply({ line: 1, raw: '', fields: claim }));
    const paid = result.relationships.filter((r) => r.type === 'PAID');
    expect(paid.map((r) => [r.props.amount, r.props.at, r.props.reference])).toEqual([
      [100, '2024-01-05', 'CL-1'],
      [120.5, '2024-02-05', 'CL-1'],
      [90, '2024-03-05', 'CL-1'],
    ]);
    expect(new Set(paid.map((r) => r.key)).size).toBe(3);
    expect(paid[1]?.to).not.toBe(paid[0]?.to);
    expect(paid[2]?.to).toBe(paid[0]?.to);
    expect(result.relationships.filter((r) => r.type === 'HOLDS')).toHaveLength(3);
    expect(result.nodes.find((n) => n.label === 'BenefitClaim')?.props).toMatchObject({
      payments: 3,
      lastPaid: '2024-03-05',
    });
    // No payments: the claim still loads, with no events; an error names the element's field.
    const none = ok(mapper.apply({ line: 2, raw: '', fields: { ...claim, payments: [] } }));
    expect(none.relationships.map((r) => r.type)).toEqual(['CLAIMS']);
    const broken = mapper.apply({
      line: 3,
      raw: '',
      fields: { ...claim, payments: [claim.payments[0], { date: '2024-02-05', amount: '1', iban: 'NL00' }] },
    });
    expect(broken.ok ? '' : broken.reason).toMatch(
      /^payments\[1\]: entity "paidTo" \(Account\) key expr .*iban/,
    );
    const badAmount = ok(
      mapper.apply({
        line: 4,
        raw: '',
        fields: { ...claim, payments: [{ date: '2024-01-05', amount: 'ten' }] },
      }),
    );
    expect(badAmount.warnings?.[0]?.reason).toMatch(/column "payments\[0\]\.amount"/);
    expect(mapper.apply({ line: 5, raw: '', fields: { ...claim, payments: 'x' } })).toEqual({
      ok: false,
      reason: '"payments" is not a list; the mapping makes one entity or relationship per element',
    });
  });

  it('reports a booking payer’s bad phone as the payer’s, and keeps the booking', () => {
    const { mapping } = loadMapping('travel');
    const mapper = compileMapping(mapping, { ...CONTEXT, jurisdiction: 'RO' });
    const booking = bookingWithBadPhones('B1', 'Ana Pop');
    const result = ok(mapper.apply({ line: 1, raw: '', fields: booking }));
    expect(new Set(result.nodes.filter((n) => n.label === 'Person').map((n) => n.id)).size).toBe(3);
    expect(result.warnings?.map((w) => [w.column, w.reason.match(/column "([^"]+)"/)?.[1]]).sort()).toEqual([
      ['pax.phone', 'passengers[0].phone'],
      ['payer.phone', 'payer.phone'],
    ]);
    expect(result.warnings?.some((w) => /passengers\[\d\]\.?:? .*payer/.test(w.reason))).toBe(false);
    // A passenger's missing name names that passenger.
    const broken = mapper.apply({
      line: 1,
      raw: '',
      fields: { ...booking, passengers: [booking.passengers[0], { pax: 2, full_name: '' }] },
    });
    expect(broken.ok ? '' : broken.reason).toMatch(
      /column "passengers\[1\]\.full_name": is empty but required/,
    );
  });

  it('checks the new features when the mapping is read', () => {
    const base = `
skein: 1
name: m
input: { format: csv }
entities:
  a: { label: Account, scope: global, key: [{ column: iban, transform: iban }], properties: { note: note } }
  p: { label: Person, key: [id] }
relationships:
`;
    expect(
      issues(`${base}  - { type: HOLDS, from: p, to: a, when: { column: x, matches: '(a+)+' } }`)[0],
    ).toMatch(/relationships\[0\]\.when.*repeated group containing a repetition/);
    expect(issues(`${base}  - { type: HOLDS, from: p, to: a, when: { any: [] } }`)).not.toEqual([]);
    expect(
      issues(`${base}  - { type: HOLDS, from: p, to: a, properties: { since: { expr: 'left(x)' } } }`)[0],
    ).toMatch(/^relationships\[0\]\.properties\.since\.expr: left\(\) takes 2 arguments/);
    expect(
      issues(
        `${base}  - { type: HOLDS, from: p, to: a, properties: { n: { entity: a, property: nope } } }`,
      )[0],
    ).toMatch(/entity "a" has no property "nope"; it has note/);
    expect(
      issues(
        `${base.replace('properties: { note: note }', 'properties: { note: { entity: p, property: x } }')}  - { type: HOLDS, from: p, to: a }`,
      )[0],
    ).toMatch(/only relationship properties can take a value from another entity/);
    expect(
      issues(
        `${base}  - { type: HOLDS, from: p, to: a, properties: { k: { columns: [x, y], transform: { type: map, values: { a: b } } } } }`,
      )[0],
    ).toMatch(/keyed by 2 values joined with "\|"/);
    expect(issues(`${base}  - { type: HOLDS, from: p, to: a, key: content }`)[0]).toMatch(
      /only event relationships/,
    );
    expect(
      issues(
        `${base.replace('key: [id]', 'key: [id], each: { path: xs, as: x }')}  - { type: HOLDS, from: p, to: a }`,
      ),
    ).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^entities\.p\.each: only JSON lines/),
        expect.stringMatching(
          /^relationships\[0\]\.each: "p" is made once per element of xs; give the relationship each/,
        ),
      ]),
    );
  });

  it('refuses patterns that can backtrack for ever, keeps the useful ones', () => {
    for (const p of ['(a+)+', '((a+))+', '(a*b)*', '(x{2,})+', '(?:\\w+\\s?)+$', '(a)\\1', '(?=a)', '['])
      expect(patternProblem(p), p).toBeDefined();
    for (const p of ['\\b(LTD|LIMITED|S\\.?R\\.?L\\.?)\\b', '^\\d+$', '(ab)+', '[a+]+', 'a{2}(b)+'])
      expect(patternProblem(p), p).toBeUndefined();
  });
});
