import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  loadMapping,
  MappingError,
  mappedColumns,
  parseMapping,
  SHIPPED_MAPPINGS_DIR,
} from '../../../../src/ingest/mapping/parse.ts';

const VALID = `
skein: 1
name: test-bank
jurisdiction: GB
input: { format: csv }
entities:
  holder:
    label: Person
    key: [customer]
    properties:
      name: { column: holder, transform: name }
  account:
    label: Account
    scope: global
    key: [{ column: iban, transform: iban }]
relationships:
  - { type: HOLDS, from: holder, to: account }
`;

/** The issues a mapping text is rejected with. */
function issues(text: string): string[] {
  try {
    parseMapping(text, 'hostile.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(MappingError);
    expect((error as Error).message).toContain('hostile.yaml');
    return (error as MappingError).issues;
  }
  throw new Error('expected the mapping to be rejected');
}

describe('mapping parser', () => {
  it('reads a valid mapping from YAML and the same from JSON', () => {
    const mapping = parseMapping(VALID, 'ok.yaml');
    expect(mapping.entities.holder?.label).toBe('Person');
    expect(parseMapping(JSON.stringify(mapping), 'ok.json')).toEqual(mapping);
    expect(mappedColumns(mapping).sort()).toEqual(['customer', 'holder', 'iban']);
  });

  it('names the path of an unknown label', () => {
    expect(issues(VALID.replace('label: Person', 'label: Suspect'))).toEqual([
      'entities.holder.label: "Suspect" is not a label of the model (see src/model/labels.ts)',
    ]);
  });

  it('refuses system labels: an extract cannot create Extract or Network nodes', () => {
    expect(issues(VALID.replace('label: Person', 'label: Extract'))[0]).toMatch(
      /^entities\.holder\.label: "Extract"/,
    );
  });

  it('names the path of an unknown relationship type, and of endpoints the model does not allow', () => {
    expect(issues(VALID.replace('type: HOLDS', 'type: KNOWS'))[0]).toMatch(
      /^relationships\[0\]\.type: "KNOWS" is not/,
    );
    expect(issues(VALID.replace('from: holder, to: account', 'from: account, to: holder'))).toEqual([
      'relationships[0].from: HOLDS goes from Person or Organisation, but "account" is a Account',
      'relationships[0].to: HOLDS goes to Account, but "holder" is a Person',
    ]);
    expect(issues(VALID.replace('to: account', 'to: acount'))[0]).toMatch(
      /relationships\[0\]\.to: no entity "acount"/,
    );
    expect(issues(VALID.replace('type: HOLDS', 'type: POSSIBLY_SAME_AS'))[0]).toMatch(/made by matching/);
  });

  it('requires key columns, and at least one', () => {
    expect(issues(VALID.replace('key: [customer]', ''))[0]).toMatch(/^entities\.holder\.key: /);
    expect(issues(VALID.replace('key: [customer]', 'key: []'))[0]).toMatch(/^entities\.holder\.key: .*1/);
  });

  it('rejects bad transforms with the path of the field', () => {
    expect(issues(VALID.replace('transform: name', 'transform: soundex'))[0]).toMatch(
      /^entities\.holder\.properties\.name/,
    );
    const badDate = VALID.replace('transform: name', "transform: { type: date, format: 'QQ/YYYY' }");
    expect(issues(badDate)[0]).toMatch(
      /^entities\.holder\.properties\.name\.transform\.format: .*normalise\/date/,
    );
    const badOption = VALID.replace('transform: name', 'transform: { type: phone, country: uk }');
    expect(issues(badOption)[0]).toMatch(/transform\.country: an ISO 3166-1 alpha-2 code/);
    const twoSources = VALID.replace('{ column: holder, transform: name }', '{ column: holder, value: x }');
    expect(issues(twoSources)[0]).toMatch(/give exactly one of column, columns, value, var, expr or entity/);
  });

  it('flags typos instead of ignoring them', () => {
    expect(issues(VALID.replace('properties:', 'propertes:'))).toEqual([
      'entities.holder: unknown key "propertes" (a typo?)',
    ]);
  });

  it('keeps the loader’s own properties out of the mapping’s hands', () => {
    expect(issues(VALID.replace('name: { column', 'id: { column'))[0]).toMatch(
      /properties\.id: "id" is written by the loader/,
    );
    const relProps = VALID.replace('to: account }', 'to: account, properties: { extract: holder } }');
    expect(issues(relProps)[0]).toMatch(
      /relationships\[0\]\.properties\.extract: "extract" is written by the loader/,
    );
    expect(issues(VALID.replace('name: { column', '"Bad Name": { column'))[0]).toMatch(/camelCase/);
  });

  it('allows a natural key only on event relationships', () => {
    const keyed = VALID.replace('to: account }', 'to: account, key: [customer] }');
    expect(issues(keyed)[0]).toMatch(/relationships\[0\]\.key: only event relationships/);
  });

  it('asks how far the key of an account, phone, e-mail or document is meaningful, naming the fix', () => {
    const unscoped = VALID.replace(/\n(\s+)scope: global\n/, '\n');
    const [issue] = issues(unscoped);
    expect(issue).toMatch(/^entities\.\w+\.scope: say how far the key of this Account is meaningful/);
    expect(issue).toMatch(/`scope: global`.*`scope: source`/);
  });

  it('reports every problem at once', () => {
    const broken = VALID.replace('label: Person', 'label: Suspect').replace('type: HOLDS', 'type: KNOWS');
    expect(issues(broken)).toHaveLength(2);
  });

  it('survives hostile YAML: syntax errors, duplicate keys, alias bombs, huge files', () => {
    expect(issues('skein: 1\nname: [unclosed')[0]).toMatch(/^\(syntax\)/);
    expect(issues(`${VALID}\nname: again\n`)[0]).toMatch(/^\(syntax\).*unique/i);
    const bomb = [
      'a: &a ["x","x","x","x","x","x","x","x","x","x"]',
      ...Array.from(
        { length: 12 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    // Refused as too many aliases (the parser's maxAliasCount), not expanded: an expansion would
    // exhaust memory or the test timeout, so no duration is asserted.
    expect(issues(bomb)[0]).toMatch(/^\(syntax\)/);
    expect(issues(`# ${'x'.repeat(1_100_000)}`)[0]).toMatch(/larger than/);
    expect(issues('just a string')[0]).toMatch(/^\(top level\)/);
    expect(issues('')[0]).toMatch(/^\(top level\)/);
  });

  it('does not let a key named __proto__ reach an object prototype', () => {
    const text = VALID.replace('  holder:\n', '  __proto__:\n').replace('from: holder', 'from: __proto__');
    expect(issues(text).join('\n')).toMatch(/__proto__/);
    expect(({} as Record<string, unknown>).label).toBeUndefined();
  });

  it('rejects a list repeat on CSV input', () => {
    expect(issues(`${VALID}repeat: { path: items, as: item }\n`)[0]).toMatch(/^repeat: only JSON lines/);
  });

  it('parses every shipped mapping, found by name', () => {
    const names = readdirSync(SHIPPED_MAPPINGS_DIR)
      .filter((f) => f.endsWith('.yaml'))
      .map((f) => f.replace(/\.yaml$/, ''));
    expect(names.length).toBeGreaterThanOrEqual(10);
    for (const name of names) expect(loadMapping(name).mapping.name).toBe(name);
    expect(() => loadMapping('no-such-mapping')).toThrow(MappingError);
  });
});
