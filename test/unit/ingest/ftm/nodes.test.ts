import { describe, expect, it } from 'vitest';
import { asFtmEntity } from '../../../../src/ingest/ftm/mapper.ts';
import { ftmNode } from '../../../../src/ingest/ftm/nodes.ts';
import { normaliseName } from '../../../../src/ingest/normalise/name.ts';

const CONTEXT = { source: 'partner', jurisdiction: 'RO' };

describe('FollowTheMoney entities', () => {
  it('gives a person named in another script Latin spellings to be searched by, and a Latin name none', () => {
    const cyrillic = ftmNode(
      { id: 'p', schema: 'Person', properties: { name: ['Иванов Петър'], alias: ['Ivanov Petar'] } },
      CONTEXT,
    );
    expect(cyrillic.ok && cyrillic.value.node.props.search).toBe('ivanov petier ivanov petr ivanov petar');
    const latin = ftmNode({ id: 'q', schema: 'Person', properties: { name: ['Ion Popescu'] } }, CONTEXT);
    expect(latin.ok && latin.value.node.props.search).toBeUndefined();
  });

  it('checks the envelope of hostile lines', () => {
    expect(asFtmEntity({ schema: 'Person' })).toBe('FtM entity without an "id"');
    expect(asFtmEntity({ id: 'x' })).toBe('FtM entity x without a "schema"');
    expect(asFtmEntity({ id: 'x', schema: 'Person', properties: [1] })).toBe(
      'FtM entity x: "properties" is not an object',
    );
    // Scalars become one-value lists; objects inside values are dropped, not stringified.
    expect(
      asFtmEntity({
        id: 'x',
        schema: 'Person',
        properties: { name: 'Ion', phone: [{ $ne: 1 }, '+40721234567'] },
      }),
    ).toEqual({
      id: 'x',
      schema: 'Person',
      properties: { name: ['Ion'], phone: ['+40721234567'] },
    });
  });

  it('keys accounts by IBAN, organisations and persons by source and FtM id', () => {
    const account = ftmNode(
      { id: 'a', schema: 'BankAccount', properties: { iban: ['ro49 aaaa 1b31 0075 9384 0000'] } },
      CONTEXT,
    );
    expect(account.ok && account.value.node.id).toBe('account:RO49AAAA1B31007593840000');
    const company = ftmNode(
      { id: 'c', schema: 'Company', properties: { name: ['ACME S.R.L.'], jurisdiction: ['ro'] } },
      CONTEXT,
    );
    expect(company.ok && company.value.node.id).toBe('org:partner|c');
    const person = ftmNode(
      { id: 'p', schema: 'Person', properties: { name: ['Ion Popescu'], birthDate: ['1990'] } },
      CONTEXT,
    );
    expect(person.ok && person.value.node).toMatchObject({
      id: 'person:partner|p',
      props: { name: 'Ion Popescu' },
    });
    // A year alone is kept as a year (resolution compares it), never completed to a guessed day.
    expect(person.ok && person.value.node.props.birthDate).toBe('1990');
    const month = ftmNode(
      { id: 'm', schema: 'Person', properties: { name: ['Ion Popa'], birthDate: ['1969-12'] } },
      CONTEXT,
    );
    expect(month.ok && month.value.node.props.birthDate).toBe('1969-12');
    const impossible = ftmNode(
      { id: 'i', schema: 'Person', properties: { name: ['Ion Pop'], birthDate: ['1969-13'] } },
      CONTEXT,
    );
    expect(impossible.ok && impossible.value.node.props.birthDate).toBeUndefined();
  });

  it('rejects invalid identifiers with the property named', () => {
    const bad = ftmNode(
      { id: 'a', schema: 'BankAccount', properties: { iban: ['RO00AAAA1B31007593840000'] } },
      CONTEXT,
    );
    expect(bad.ok ? '' : bad.reason).toMatch(/^BankAccount iban: /);
    const phone = ftmNode(
      { id: 'p', schema: 'Person', properties: { name: ['Ion'], phone: ['call me'] } },
      CONTEXT,
    );
    expect(phone.ok ? '' : phone.reason).toMatch(/^Person phone: /);
    const nameless = ftmNode({ id: 'p', schema: 'Person', properties: {} }, CONTEXT);
    expect(nameless.ok ? '' : nameless.reason).toMatch(/has no name/);
  });
});

describe('FtM person names', () => {
  it('keeps an alias with digits as saved ("Raluca 8"), which a bank name column would refuse', () => {
    const person = ftmNode({ id: 'c8', schema: 'Person', properties: { name: ['Raluca 8'] } }, CONTEXT);
    expect(person.ok && person.value.node.props.name).toBe('Raluca 8');
    expect(normaliseName('Raluca 8').ok).toBe(false);
  });
});
