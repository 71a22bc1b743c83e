/**
 * The three guards between user-influenced names and Cypher text: labels and relationship types
 * only from the model's allow-lists, variables only as plain identifiers. Each is pinned here, so
 * disabling one fails a test (issue #17, defect 4).
 */
import { describe, expect, it } from 'vitest';
import type { NodeLabel } from '../../../src/model/labels.ts';
import type { RelationshipType } from '../../../src/model/relationships.ts';
import { cypher } from '../../../src/store/cypher.ts';
import { plainProps } from '../../../src/store/read/facts.ts';

const INJECTIONS = ['Person) DETACH DELETE (n', 'Person`', 'Person:Account', 'Person {id: 1}', ''];

describe('store/cypher guards', () => {
  it('refuses a label outside the model in every label placeholder', () => {
    for (const bad of INJECTIONS) {
      for (const template of [
        'MATCH (n:__LABEL__) RETURN n',
        'MATCH (a:__FROM__) RETURN a',
        'MATCH (b:__TO__) RETURN b',
      ]) {
        const fill = { label: bad, from: bad, to: bad } as unknown as { label: NodeLabel };
        expect(() => cypher(template, fill)).toThrow(/not a node label of the model|no value was given/);
      }
    }
    expect(cypher('MATCH (n:__LABEL__) RETURN n', { label: 'Person' })).toBe('MATCH (n:Person) RETURN n');
  });

  it('refuses a relationship type outside the model, alone or in a list', () => {
    for (const bad of ['HOLDS]->() DETACH DELETE (n', 'HOLDS|PAID', 'holds', '']) {
      expect(() => cypher('MATCH ()-[r:__TYPE__]->() RETURN r', { type: bad as RelationshipType })).toThrow(
        /not a relationship type of the model|no value was given/,
      );
      expect(() =>
        cypher('MATCH ()-[r:__TYPES__]->() RETURN r', { types: ['HOLDS', bad as RelationshipType] }),
      ).toThrow(/not a relationship type of the model|no value was given/);
    }
    expect(cypher('MATCH ()-[r:__TYPES__]->() RETURN r', { types: ['HOLDS', 'PAID'] })).toBe(
      'MATCH ()-[r:HOLDS|PAID]->() RETURN r',
    );
  });

  it('refuses anything but a plain variable inside the need-to-know macros', () => {
    for (const macro of ['VISIBLE', 'REL_VISIBLE', 'PROPS', 'REL_PROPS']) {
      // The macros match \w+ only, so an injected variable never expands: it stays literal and
      // unparseable; a variable that is a word but not an identifier is refused outright.
      expect(() => cypher(`MATCH (n) WHERE ${macro}(N) RETURN n`)).toThrow(/is not a Cypher variable name/);
      expect(() => cypher(`MATCH (n) WHERE ${macro}(_n) RETURN n`)).toThrow(/is not a Cypher variable name/);
      expect(cypher(`MATCH (n) RETURN ${macro}(n)`)).toContain('$scope');
    }
  });

  it('refuses hop bounds outside 1 to 8', () => {
    for (const hops of [0, 9, 1.5, Number.NaN]) {
      expect(() => cypher('MATCH p = (a)-[*..__HOPS__]-(b) RETURN p', { hops })).toThrow(/__HOPS__/);
    }
  });
});

describe('store/read/facts', () => {
  it('merges a restricted viewer’s mentions: first value of a key wins, spellings united in order', () => {
    const merged = plainProps({
      id: 'person:x|1',
      facts__: [
        { firstRow: 2, rows: 1, p_name: 'A B', p_birthDate: null, names: ['A B'], search: 'A B' },
        { firstRow: 5, rows: 3, p_name: 'B, A', p_birthDate: '1990', names: ['B, A', 'A B'] },
      ],
    });
    expect(merged).toEqual({ id: 'person:x|1', name: 'A B', birthDate: '1990', names: ['A B', 'B, A'] });
  });

  it('leaves a full-scope node as it is', () => {
    const node = { id: 'phone:+1', name: '+1', names: ['x'] };
    expect(plainProps(node)).toBe(node);
  });
});

describe('store/cypher full-scope variant', () => {
  it('runs a viewer of everything without the need-to-know expressions, others with them', async () => {
    const { textForScope } = await import('../../../src/store/cypher.ts');
    const text = cypher(
      'MATCH (n:__LABEL__)-[r]->(o) WHERE VISIBLE(o) AND REL_VISIBLE(r) RETURN PROPS(o), REL_PROPS(r)',
      {
        label: 'Person',
      },
    );
    const all = textForScope(text, { scope: { all: true, extracts: [], jurisdictions: [] } });
    // Only the minors' rules are left (issue #18): `o` may be a minor or a minor's document.
    expect(all).not.toContain('$scope.extracts');
    expect(all).toContain('$scope.minors');
    expect(textForScope(text, { scope: { all: false, extracts: ['x'], jurisdictions: ['GB'] } })).toBe(text);
    expect(textForScope(text, {})).toBe(text);
    expect(text).toContain('$scope.extracts');
    // A variable of another label: nothing but the stored properties, as before the minors' rules.
    // (An account, phone, e-mail or document keeps the identifier rule: a minor's own is withheld.)
    const address = cypher(
      'MATCH (n:__LABEL__)-[r]->(o:Address) WHERE VISIBLE(o) AND REL_VISIBLE(r) RETURN PROPS(o), REL_PROPS(r)',
      { label: 'Person' },
    );
    expect(textForScope(address, { scope: { all: true, extracts: [], jurisdictions: [] } })).toBe(
      'MATCH (n:Person)-[r]->(o:Address) WHERE true AND true RETURN properties(o), properties(r)',
    );
  });
});
