import { describe, expect, it } from 'vitest';
import { normaliseEmail } from '../../../../src/ingest/normalise/email.ts';

describe('normaliseEmail', () => {
  it.each([
    [' Ion.Popescu@Example.RO ', 'ion.popescu@example.ro'],
    ['mailto:Ana@Mail.de', 'ana@mail.de'],
    ['Ion Popescu <ion+jobs@x.ro>', 'ion+jobs@x.ro'],
    ["o'neil@example.co.uk", "o'neil@example.co.uk"],
    ['user@münchen.de', 'user@xn--mnchen-3ya.de'],
  ])('%j → %s', (input, expected) => {
    expect(normaliseEmail(input)).toEqual({ ok: true, value: expected });
  });

  it.each([
    '',
    'ion',
    'ion@',
    '@x.ro',
    'ion@x',
    'a..b@x.ro',
    '.a@x.ro',
    'a b@x.ro',
    'a@-x.ro',
    'a@x.r0',
    'a@b@c.ro',
  ])('rejects %j', (input) => {
    expect(normaliseEmail(input).ok).toBe(false);
  });

  it('rejects a name part over 64 characters', () => {
    expect(normaliseEmail(`${'a'.repeat(65)}@x.ro`).ok).toBe(false);
  });
});
