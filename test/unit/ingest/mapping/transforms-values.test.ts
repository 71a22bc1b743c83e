/** Issue 14 item 5: the phone and amount transforms take real files' values without workarounds. */
import { describe, expect, it } from 'vitest';
import type { TransformSpec } from '../../../../src/ingest/mapping/schema.ts';
import { compileTransform, type TransformContext } from '../../../../src/ingest/mapping/transforms.ts';

const context = (defaults: TransformContext['defaults'] = {}, jurisdiction = 'RO'): TransformContext => ({
  defaults,
  jurisdiction,
});
const run = (spec: TransformSpec, text: string, ctx = context()) => compileTransform(spec, ctx)(text);

describe('phone transform', () => {
  it('accepts by default a real range the metadata calls only possible (+40 78…)', () => {
    expect(run('phone', '0781 234 567')).toEqual({
      ok: true,
      value: { value: '+40781234567', search: ['+40781234567', '40781234567'] },
    });
  });

  it("refuses it under validate: 'valid' with raw: 'reject'", () => {
    const result = run({ type: 'phone', validate: 'valid', raw: 'reject' }, '0781 234 567');
    expect(result.ok).toBe(false);
  });

  it('keeps a malformed or fictional number as its digits, searchable by them', () => {
    expect(run('phone', '077-123 4', context({}, 'GB'))).toEqual({
      ok: true,
      value: { value: '0771234', search: ['0771234'] },
    });
    expect(run('phone', '+44 1234')).toEqual({
      ok: true,
      value: { value: '+441234', search: ['+441234', '441234'] },
    });
    expect(run('phone', '112')).toEqual({ ok: true, value: { value: '112', search: ['112'] } });
  });

  it('keeps the mapping default phoneRaw: reject strict', () => {
    expect(run('phone', '077-123 4', context({ phoneRaw: 'reject' }, 'GB')).ok).toBe(false);
  });

  it('still refuses what is not a phone, and a national number with no country to read it by', () => {
    expect(run('phone', 'call me').ok).toBe(false);
    const national = compileTransform('phone', { defaults: {}, jurisdiction: undefined })('0721 234 567');
    expect(national.ok).toBe(false);
    if (!national.ok) expect(national.reason).toMatch(/defaultCountry/);
  });
});

describe('amount and number transforms', () => {
  it.each([
    ['5.689852347E7', 56_898_523.47],
    ['1.234.567,89', 1_234_567.89],
    ['1 234 567,89', 1_234_567.89],
    ["1'234'567.89", 1_234_567.89],
    ['(1,234.50)', -1234.5],
    ['123.45-', -123.45],
    ['€ 12,50', 12.5],
    ['12.50 EUR', 12.5],
    ['1,234', 1234],
  ])('amount %j without a declared decimal → %d', (text, amount) => {
    expect(run('amount', text)).toEqual({ ok: true, value: { value: amount } });
    expect(run('number', text)).toEqual({ ok: true, value: { value: amount } });
  });

  it('follows a declared decimal for values that could be either', () => {
    expect(run('amount', '1,234', context({ decimal: ',' }))).toEqual({ ok: true, value: { value: 1.234 } });
    expect(run({ type: 'amount', decimal: ',' }, '1.234')).toEqual({ ok: true, value: { value: 1234 } });
    expect(run('amount', '5.689852347E7', context({ decimal: ',' }))).toEqual({
      ok: true,
      value: { value: 56_898_523.47 },
    });
  });
});
