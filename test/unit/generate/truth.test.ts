import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NEGATIVE_KINDS, TYPOLOGIES } from '../../../src/generate/plan.ts';
import { readManifest, readTruth } from './support.ts';

const DIR = 'test/fixtures/tiny';
const truth = readTruth(DIR);
const manifest = readManifest(DIR);
const text = new Map(manifest.extracts.map((e) => [e.mapping, readFileSync(join(DIR, e.file), 'utf8')]));
const all = [...text.values()].join('\n');
const digits = all.replace(/\D+/g, ' ');
const compactAll = all.replace(/ /g, '');

describe('generate: ground truth', () => {
  it('plants every typology and every hard negative, with roles, categories and indicators', () => {
    expect(new Set(truth.networks.map((n) => n.typology))).toEqual(new Set(TYPOLOGIES));
    expect(new Set(truth.hardNegatives.map((n) => n.typology))).toEqual(new Set(NEGATIVE_KINDS));
    for (const n of truth.networks) {
      expect(n.size).toBeGreaterThanOrEqual(5);
      expect(n.size).toBe(n.members.length);
      expect(n.categories.length, n.id).toBeGreaterThanOrEqual(2);
      expect(n.indicators.length, n.id).toBeGreaterThan(3);
      expect(
        n.members.some((m) => m.role === 'controller'),
        n.id,
      ).toBe(true);
      expect(
        n.members.some((m) => m.role === 'beneficiary'),
        n.id,
      ).toBe(true);
    }
    for (const n of truth.hardNegatives) {
      expect(n.mimics.length, n.id).toBeGreaterThan(0);
      expect(n.members.every((m) => !m.victim)).toBe(true);
    }
    const mule = truth.networks.find((n) => n.typology === 'money-mule')!;
    expect(truth.networks.map((n) => n.id)).toContain(mule.linkedTo[0]);
  });

  it('records victims as victims, never with an offender role', () => {
    const victims = truth.networks.flatMap((n) => n.members.filter((m) => m.victim));
    expect(victims.length).toBeGreaterThan(5);
    expect(victims.every((m) => m.role === 'victim')).toBe(true);
    expect(
      truth.networks
        .flatMap((n) => n.members)
        .filter((m) => m.role === 'victim')
        .every((m) => m.victim),
    ).toBe(true);
  });

  it('gives identifiers and source records that are really in the extracts', () => {
    for (const group of [...truth.networks, ...truth.hardNegatives]) {
      for (const member of group.members) {
        for (const iban of member.identifiers.ibans) {
          if (!iban.startsWith('GB') && !iban.startsWith('NL') && !iban.startsWith('RO')) continue;
          expect(compactAll.includes(iban), `${group.id} ${member.personId} ${iban}`).toBe(true);
        }
        for (const c of member.identifiers.bankCustomers)
          expect(text.get(c.mapping)!.includes(c.customerNo), `${group.id} ${c.customerNo}`).toBe(true);
        for (const r of member.records) {
          const source = text.get(r.mapping)!;
          const id =
            r.mapping === 'tenancy' || r.mapping === 'seizure' || r.mapping === 'travel'
              ? r.localId.split('/')[0]!
              : r.localId;
          if (r.mapping === 'registry' || r.mapping === 'seized-phone') continue; // composite local ids
          expect(source.includes(id), `${group.id} ${member.personId} ${r.mapping} ${id}`).toBe(true);
          // Claims split the name into surname and forenames columns: each part must be there.
          const parts = r.mapping === 'benefits-claims' ? r.name.split(' ') : [r.name];
          for (const part of parts)
            expect(source.includes(part), `${group.id} ${r.mapping} name ${r.name}`).toBe(true);
        }
      }
      for (const ref of group.refs)
        expect(text.get(ref.mapping)!.includes(ref.id), `${group.id} ${ref.mapping} ${ref.id}`).toBe(true);
    }
    // Every network member can be found through at least one phone, account or record.
    for (const n of truth.networks) {
      for (const m of n.members) {
        const phoneSeen = m.identifiers.phones.some((p) => digits.includes(p.slice(-9)));
        expect(
          phoneSeen || m.identifiers.ibans.length > 0 || m.records.length > 0,
          `${n.id} ${m.personId}`,
        ).toBe(true);
      }
    }
  });

  it('lists planted duplicates with their differently written records', () => {
    const lines = readFileSync(join(DIR, 'ground-truth-identities.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map(
        (l) =>
          JSON.parse(l) as {
            personId: string;
            duplicate: boolean;
            records: { mapping: string; name: string; noise: string[] }[];
          },
      );
    expect(lines.length).toBe(truth.identities.persons);
    const duplicates = lines.filter((l) => l.duplicate);
    expect(duplicates.length).toBe(truth.identities.duplicates);
    expect(duplicates.length).toBeGreaterThan(5);
    const kinds = new Set(duplicates.flatMap((d) => d.records.flatMap((r) => r.noise)));
    for (const kind of ['typo', 'translit', 'swap', 'missing-dob']) expect(kinds, kind).toContain(kind);
    for (const d of lines) expect(d.records.length).toBeGreaterThanOrEqual(2);
    expect(new Set(lines.map((l) => l.personId)).size).toBe(lines.length);
  });
});
