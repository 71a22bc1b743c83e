/**
 * Where Cypher text may come from (issue 17): only src/store writes Cypher, and inside it no label
 * or relationship type is spliced into a query except through cypher()'s allow-list placeholders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventStatement, loadSchema } from '../../../src/store/write.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'viewer' ? [] : sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A clause keyword followed by a node pattern, or RETURN/UNWIND: Cypher, not prose. */
const CYPHER = /\b(MATCH|MERGE|CREATE)\s*\(|\b(OPTIONAL MATCH|DETACH DELETE|UNWIND \$|RETURN count\()/;
/** A label or type written from a template expression: `(n:${label})`, `[r:${type}]`. */
const SPLICED_NAME = /[([]\w*:\$\{/;

describe('Cypher boundaries', () => {
  it('no module outside src/store holds Cypher', () => {
    const offenders = sources(SRC)
      .filter((file) => !relative(SRC, file).startsWith('store'))
      .filter((file) => CYPHER.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('no store module splices a label or type into Cypher without the allow-list helper', () => {
    const offenders = sources(join(SRC, 'store'))
      .filter((file) => SPLICED_NAME.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it("the loader's statements refuse names outside the model", () => {
    expect(() => eventStatement('PAID) DETACH DELETE (n' as never, 'Account', 'Account')).toThrow();
    expect(() => eventStatement('PAID', 'Person) DETACH DELETE (n' as never, 'Account')).toThrow();
    expect(loadSchema().join('\n')).not.toMatch(/__[A-Z]+__/);
  });
});
