/**
 * Where Cypher text may come from (issue 17): only src/store writes Cypher, and inside it no label
 * or relationship type is spliced into a query except through cypher()'s allow-list placeholders.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cypherFile } from '../../../src/store/cypher-files.ts';
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

  it('every written-out statement file is read by a store module, whole, with no template left in it', () => {
    const CYPHER_DIR = join(ROOT, 'cypher');
    const files = readdirSync(CYPHER_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && entry.name !== 'schema')
      .flatMap((entry) =>
        readdirSync(join(CYPHER_DIR, entry.name))
          .filter((file) => file.endsWith('.cypher'))
          .map((file) => `${entry.name}/${file.replace(/\.cypher$/, '')}`),
      );
    expect(files.length).toBeGreaterThan(0);
    const store = sources(join(SRC, 'store'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    for (const name of files) {
      expect(store, `${name}.cypher is read by no store module`).toContain(`cypherFile('${name}')`);
      const text = cypherFile(name);
      expect(text, name).not.toMatch(/\$\{|\/\//);
      expect(text, name).toMatch(/\bRETURN\b/);
    }
    expect(() => cypherFile('money/no-such-statement')).toThrow(
      /store\/cypher-files: cannot read .*no-such-statement\.cypher/,
    );
  });

  it("the loader's statements refuse names outside the model", () => {
    expect(() => eventStatement('PAID) DETACH DELETE (n' as never, 'Account', 'Account')).toThrow();
    expect(() => eventStatement('PAID', 'Person) DETACH DELETE (n' as never, 'Account')).toThrow();
    expect(loadSchema().join('\n')).not.toMatch(/__[A-Z]+__/);
  });
});
