import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../src/generate/generate.ts';

const FIXTURE = 'test/fixtures/tiny';
const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'skein-gen-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('generate: determinism', () => {
  it('regenerates the committed tiny fixture byte for byte (so it cannot go stale)', () => {
    const out = temp();
    generate({ seed: 1, people: 300, tiny: true, out });
    const committed = readdirSync(FIXTURE).sort();
    expect(readdirSync(out).sort()).toEqual(committed);
    for (const file of committed) {
      expect(
        readFileSync(join(out, file)).equals(readFileSync(join(FIXTURE, file))),
        `${file} differs from the fixture; run: npm run generate -- --seed 1 --people 300 --tiny --out ${FIXTURE}`,
      ).toBe(true);
    }
  });

  it('writes the same bytes twice for a larger world, and different bytes for another seed', () => {
    const [a, b, c] = [temp(), temp(), temp()];
    const options = { seed: 11, people: 4000, months: 1 };
    const first = generate({ ...options, out: a });
    const second = generate({ ...options, out: b });
    expect(second.manifest.extracts.map((e) => e.sha256)).toEqual(
      first.manifest.extracts.map((e) => e.sha256),
    );
    for (const file of ['ground-truth.json', 'ground-truth-identities.jsonl', 'manifest.json']) {
      expect(readFileSync(join(b, file)).equals(readFileSync(join(a, file))), file).toBe(true);
    }
    const other = generate({ ...options, seed: 12, out: c });
    const differing = other.manifest.extracts.filter(
      (e, i) => e.sha256 !== first.manifest.extracts[i]!.sha256,
    );
    expect(differing.length).toBe(first.manifest.extracts.length);
  }, 30_000);

  it('rejects bad options with a message that says how to fix the call', () => {
    expect(() => generate({ out: temp(), people: 10 })).toThrow(/--people must be an integer >= 100/);
    expect(() => generate({ out: temp(), only: ['bank-z'] })).toThrow(/--only bank-z is not an extract/);
    expect(() => generate({ out: temp(), transactions: 10 })).toThrow(/--transactions needs --only/);
  });
});
