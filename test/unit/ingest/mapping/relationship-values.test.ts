/**
 * Values the model gives a meaning to are checked when a row is mapped (issue #14 items 4 and 7):
 * a case role outside the enum and a malformed aggregate (count, until) are row errors naming the
 * property; a role in another case or with spaces is stored in its canonical form.
 */
import { describe, expect, it } from 'vitest';
import { compileMapping } from '../../../../src/ingest/mapping/apply.ts';
import { parseMapping } from '../../../../src/ingest/mapping/parse.ts';

const CONTEXT = { extractId: 'extract:test', source: 'test', jurisdiction: 'GB' };

const ROLES = compileMapping(
  parseMapping(
    `
skein: 1
name: case-roles
input: { format: csv }
entities:
  person: { label: Person, key: [person], properties: { name: person } }
  case: { label: Case, key: [case], properties: { caseNumber: case } }
relationships:
  - { type: INVOLVED_IN, from: person, to: case, properties: { role: role } }
`,
    'roles.yaml',
  ),
  CONTEXT,
);

const PAYMENTS = compileMapping(
  parseMapping(
    `
skein: 1
name: aggregates
input: { format: csv }
defaults: { dateFormat: YYYY-MM-DD }
entities:
  a: { label: Account, scope: global, key: [{ column: from, transform: key }] }
  b: { label: Account, scope: global, key: [{ column: to, transform: key }] }
relationships:
  - type: PAID
    from: a
    to: b
    properties:
      amount: { column: amount, transform: amount }
      at: { column: at, transform: date }
      until: { column: until, transform: date }
      count: { column: count, transform: integer }
`,
    'aggregates.yaml',
  ),
  CONTEXT,
);

const role = (value: string) =>
  ROLES.apply({ line: 2, raw: '', fields: { person: 'Ana', case: 'C-1', role: value } });
const paid = (fields: Record<string, string>) =>
  PAYMENTS.apply({ line: 2, raw: '', fields: { from: 'A', to: 'B', amount: '10', ...fields } });

describe('case roles at load', () => {
  it('refuses a role outside the enum, naming the relationship and property', () => {
    const result = role('perp');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/INVOLVED_IN #1 property role: "perp" is not a case role/);
  });

  it('stores a known role in its canonical form', () => {
    const result = role(' Suspect ');
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.relationships[0]?.props.role).toBe('suspect');
  });
});

describe('aggregated payments at load', () => {
  it('keeps a period with its count of transfers', () => {
    const result = paid({ at: '2023-01-01', until: '2023-12-31', count: '12' });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.relationships[0]?.props).toMatchObject({ until: '2023-12-31', count: 12 });
  });

  it.each([
    [{ at: '2023-01-01', count: '0' }, /property count: "0" is not a number of transfers/],
    [{ at: '2023-12-31', until: '2023-01-01' }, /property until: 2023-01-01 is before at 2023-12-31/],
    [{ until: '2023-01-01' }, /property until: a period needs its start/],
  ])('refuses %o', (fields, reason) => {
    const result = paid(fields as Record<string, string>);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(reason);
  });
});
