import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../src/generate/generate.ts';
import type { GroundTruth } from '../../../src/generate/truth/ground-truth.ts';
import { ALT_LAYOUTS } from '../../../src/generate/variants/layouts.ts';
import { loadMapping, mappedColumns } from '../../../src/ingest/mapping/parse.ts';
import { readCsv } from './support.ts';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'skein-variants-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** sha256 over every file's name and sha256, in name order. */
function folderHash(dir: string): string {
  const lines = readdirSync(dir)
    .sort()
    .map(
      (f) =>
        `${createHash('sha256')
          .update(readFileSync(join(dir, f)))
          .digest('hex')}  ${f}\n`,
    );
  return createHash('sha256').update(lines.join('')).digest('hex');
}

const truthOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as GroundTruth;
const small = { seed: 5, people: 1200, months: 1 };

describe('generate: variants are opt-in', () => {
  it('writes the default world byte for byte as before the variants existed (main 9cb6667)', () => {
    // Hash of `npm run generate -- --seed 5 --people 1200 --months 1` made with commit 9cb6667.
    const out = temp();
    generate({ ...small, out });
    expect(
      folderHash(out),
      'the default world changed: variants must stay opt-in (world.variants); if the demo world is meant to change, update this hash and say so in the changelog',
    ).toBe('a98a0e78b1e7d958343ee52d0114289a4d00e45ea9495a875672f2cdae61d382');
  });

  it('rejects an unknown variant, naming the ones there are', () => {
    expect(() => generate({ ...small, out: temp(), variants: ['shared-hotel'] })).toThrow(
      /--variants shared-hotel is not a variant; use any of shared-infra, mule-fraud/,
    );
  });
});

describe('generate: typology variants', () => {
  const out = temp();
  generate({ ...small, out, variants: ['shared-infra', 'hidden-controller', 'mule-fraud'] });
  const truth = truthOf(out);
  const byId = new Map(truth.networks.map((n) => [n.id, n]));

  it('records the variants in the manifest and the truth', () => {
    expect(truth.generator.variants).toEqual(['hidden-controller', 'mule-fraud', 'shared-infra']);
  });

  it('shared-infra: labour rings share one recruiter and transport payer, exploitation rings a hotel and an ad site', () => {
    const [lb1, lb2] = [byId.get('NET-LB-01')!, byId.get('NET-LB-02')!];
    const recruiter = (g: typeof lb1) => g.members.find((m) => m.role === 'recruiter')!.personId;
    expect(recruiter(lb1)).toBe(recruiter(lb2));
    expect(lb1.shares).toEqual(lb2.shares);
    expect(lb1.shares!.map((s) => s.what).sort()).toEqual(['recruiter', 'transport-payer']);
    const [sx1, sx2] = [byId.get('NET-SX-01')!, byId.get('NET-SX-02')!];
    expect(sx1.shares!.map((s) => s.what).sort()).toEqual(['ad-site', 'hotel']);
    expect(sx1.shares).toEqual(sx2.shares);
    // The shared ad-site account is paid from both rings' accounts.
    const adIban = sx1.shares!.find((s) => s.what === 'ad-site')!.id;
    const bank = readCsv(out, 'bank-a-statements.csv', ',').rows;
    const payers = new Set(
      bank
        .filter((r) => r.fields['Counterparty Account'] === adIban && r.fields.Debit)
        .map((r) => r.fields.IBAN),
    );
    const ringAccounts = (g: typeof sx1) => new Set(g.accounts.map((a) => a.iban.replaceAll(' ', '')));
    const printed = [...payers].map((p) => p!.replaceAll(' ', ''));
    expect(printed.some((p) => ringAccounts(sx1).has(p))).toBe(true);
    expect(printed.some((p) => ringAccounts(sx2).has(p))).toBe(true);
  });

  it('hidden-controller: controllers of labour and exploitation rings hold no account; a front does', () => {
    for (const id of ['NET-LB-01', 'NET-SX-01']) {
      const g = byId.get(id)!;
      const controller = g.members.find((m) => m.role === 'controller')!;
      expect(controller.identifiers.ibans, id).toEqual([]);
      expect(g.members.find((m) => m.role === 'front')!.identifiers.ibans.length, id).toBe(1);
    }
  });

  it('mule-fraud: many background payers feed the chain, none of them a member', () => {
    for (const id of ['NET-MM-01', 'NET-MM-02']) {
      const g = byId.get(id)!;
      expect(
        g.members.some((m) => m.role === 'fraud-victim'),
        id,
      ).toBe(false);
      expect(g.fraudVictims!.length, id).toBeGreaterThanOrEqual(3);
      const members = new Set(g.members.map((m) => m.personId));
      for (const v of g.fraudVictims!) expect(members.has(v.personId)).toBe(false);
    }
  });
});

describe('generate: layout variants', () => {
  const out = temp();
  const result = generate({ ...small, out, variants: ['layout-alt', 'no-benefits', 'noisy'] });
  const truth = truthOf(out);

  it('no-benefits: the benefits agency files are missing, the rest is there', () => {
    const mappings = result.manifest.extracts.map((e) => e.mapping);
    expect(mappings).not.toContain('benefits-claims');
    expect(mappings).not.toContain('benefits-payments');
    expect(readdirSync(out)).not.toContain('benefit-claims.csv');
    expect(mappings).toContain('registry');
  });

  it('layout-alt: bank-a and telecom in their other layouts, manifest hashes and malformed rows follow', () => {
    for (const layout of ALT_LAYOUTS) {
      const entry = result.manifest.extracts.find((e) => e.mapping === layout.mapping)!;
      expect(entry.file).toBe(layout.file);
      const bytes = readFileSync(join(out, layout.file));
      expect(entry.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
      const { header, rows } = readCsv(out, layout.file, ',');
      expect(header).toEqual(layout.columns.map(([name]) => name));
      expect(rows.length).toBe(entry.rows);
      const malformed = truth.malformed.filter((m) => m.mapping === layout.mapping);
      expect(malformed.length).toBeGreaterThan(0);
      for (const m of malformed) {
        expect(m.file).toBe(layout.file);
        expect(header).toContain(m.field);
        expect(rows[m.row - 1]!.line).toBe(m.line);
      }
    }
    // The same rows as the default layout (layout-alt alone): one bank-a row, column by column.
    const [base, alt] = [temp(), temp()];
    generate({ ...small, out: base });
    generate({ ...small, out: alt, variants: ['layout-alt'] });
    const before = readCsv(base, 'bank-a-statements.csv', ',').rows[5]!.fields;
    const after = readCsv(alt, 'albion-transactions.csv', ',').rows[5]!.fields;
    for (const [name, old] of ALT_LAYOUTS[0]!.columns) expect(after[name], name).toBe(before[old]);
  });

  it('noisy: more of the records carry deliberate errors than in the default world', () => {
    const plain = generate({ ...small, out: temp() });
    const noisy = generate({ ...small, out: temp(), variants: ['noisy'] });
    expect(noisy.truth.identities.persons).toBe(plain.truth.identities.persons);
    expect(noisy.truth.identities.duplicates).toBeGreaterThan(plain.truth.identities.duplicates * 1.8);
  });
});

describe('generate: the layout-alt mappings read their files', () => {
  it('bank-a-v2 and telecom-v2 parse and read only columns the files have', () => {
    const out = temp();
    generate({ ...small, out, variants: ['layout-alt'] });
    for (const layout of ALT_LAYOUTS) {
      const { mapping } = loadMapping(layout.mapping);
      expect(mapping.name).toBe(layout.mapping);
      const { header } = readCsv(out, layout.file, ',');
      const missing = mappedColumns(mapping).filter((c) => !header.includes(c));
      expect(missing, layout.mapping).toEqual([]);
      // Everything the default mapping reads is read here too, under its new name (minus what is left out).
      const base = loadMapping(layout.from).mapping;
      const renamed = new Map(layout.columns.map(([name, old]) => [old, name]));
      const expected = mappedColumns(base)
        .filter((c) => renamed.has(c))
        .map((c) => renamed.get(c))
        .sort();
      expect(mappedColumns(mapping).sort(), layout.mapping).toEqual(expected);
    }
  });
});
