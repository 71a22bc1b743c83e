/**
 * The `typologies` variant (issue #18 item 5): organ-removal, online-recruitment and
 * forced-criminality networks with their hard negatives, the arrests and job-advert extracts they
 * need, and the other groups planned exactly as without the variant.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generate } from '../../../src/generate/generate.ts';
import type { GroundTruth } from '../../../src/generate/truth/ground-truth.ts';
import { loadMapping, mappedColumns } from '../../../src/ingest/mapping/parse.ts';
import { readCsv } from './support.ts';

const dirs: string[] = [];
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'skein-typologies-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});
const truthOf = (dir: string) =>
  JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as GroundTruth;
const compact = (iban: string | undefined) => (iban ?? '').replaceAll(' ', '');

describe('generate: the typologies variant', () => {
  const small = { seed: 11, people: 2000, months: 3 };
  const out = temp();
  const result = generate({ ...small, out, variants: ['typologies'] });
  const truth = truthOf(out);
  const plain = temp();
  generate({ ...small, out: plain });
  const before = truthOf(plain);
  const byId = new Map(truth.networks.map((n) => [n.id, n]));

  it('plants the three typologies and the four hard negatives', () => {
    for (const id of ['NET-OR-01', 'NET-OL-01', 'NET-FC-01']) expect(byId.has(id), id).toBe(true);
    const negatives = truth.hardNegatives.map((n) => n.id);
    for (const id of ['NEG-MED-01', 'NEG-AGY-01', 'NEG-BAK-01', 'NEG-CSH-01'])
      expect(negatives).toContain(id);
    for (const id of ['NET-OR-01', 'NET-OL-01', 'NET-FC-01']) {
      const g = byId.get(id)!;
      expect(g.members.filter((m) => m.role === 'controller')).toHaveLength(1);
      expect(g.members.filter((m) => m.victim).length).toBeGreaterThanOrEqual(3);
    }
  });

  it('leaves the other groups as they were planned without it', () => {
    const sizes = (t: GroundTruth) =>
      [...t.networks, ...t.hardNegatives]
        .filter((g) => !/^(NET-(OR|OL|FC)|NEG-(MED|AGY|BAK|CSH))-/.test(g.id))
        .map((g) => `${g.id}:${g.members.length}`);
    expect(sizes(truth)).toEqual(sizes(before));
  });

  it('writes arrests and job adverts in the columns their mappings read, listed in the manifest', () => {
    for (const [file, mapping] of [
      ['police-arrests.csv', 'arrests'],
      ['job-ads.csv', 'job-ads'],
    ] as const) {
      const entry = result.manifest.extracts.find((e) => e.mapping === mapping)!;
      expect(entry.file).toBe(file);
      const { header, rows } = readCsv(out, file, ',');
      expect(rows.length).toBe(entry.rows);
      for (const column of mappedColumns(loadMapping(mapping).mapping)) expect(header).toContain(column);
    }
  });

  it('arrests only victims of forced criminality, for drugs, at the farm or in the street', () => {
    const fcVictims = new Map(
      truth.networks
        .filter((n) => n.typology === 'forced-criminality')
        .flatMap((n) => n.members.filter((m) => m.victim).map((m) => [m.personId, n])),
    );
    const { rows } = readCsv(out, 'police-arrests.csv', ',');
    expect(rows.length).toBeGreaterThanOrEqual(2);
    const refs = truth.networks.flatMap((n) =>
      n.refs.filter((r) => r.mapping === 'arrests').map((r) => r.id),
    );
    for (const row of rows) {
      expect(refs).toContain(row.fields.custody_ref);
      expect(row.fields.offence).toMatch(/cannabis|supply/i);
    }
    expect(fcVictims.size).toBeGreaterThanOrEqual(3);
  });

  it('online recruitment: one phone in several adverts under two or more employer names, paid by the controller', () => {
    const ol = byId.get('NET-OL-01')!;
    const adPhone = ol.phones.find((p) => p.role === 'ad-phone')!;
    const controllerIbans = new Set(
      ol.accounts.filter((a) => a.role === 'controller-account').map((a) => a.iban),
    );
    // The advert phone is written nationally: 07… for +447…
    const ads = readCsv(out, 'job-ads.csv', ',').rows.filter(
      (r) => `+44${r.fields.contact_phone!.replaceAll(' ', '').slice(1)}` === adPhone.e164,
    );
    expect(ads.length).toBeGreaterThanOrEqual(6);
    expect(ads.every((r) => r.fields.account_type === 'person')).toBe(true);
    expect(new Set(ads.map((r) => r.fields.advertiser)).size).toBeGreaterThanOrEqual(2);
    for (const ad of ads) expect(controllerIbans.has(compact(ad.fields.payer_iban))).toBe(true);
    const agencyAds = readCsv(out, 'job-ads.csv', ',').rows.filter(
      (r) => r.fields.account_type === 'company',
    );
    const agencies = new Set(agencyAds.map((r) => r.fields.account_id));
    expect(agencyAds.length).toBeGreaterThanOrEqual(10 * agencies.size);
    for (const agency of agencies)
      expect(
        new Set(agencyAds.filter((r) => r.fields.account_id === agency).map((r) => r.fields.advertiser)).size,
      ).toBe(1);
  });

  it('organ removal: the broker pays a Turkish clinic and each donor a lump sum', () => {
    const or = byId.get('NET-OR-01')!;
    const broker = new Set(or.accounts.filter((a) => a.role === 'controller-account').map((a) => a.iban));
    const clinic = or.organisations.find((o) => o.role === 'clinic')!;
    expect(clinic.iban!.startsWith('TR')).toBe(true);
    const bank = readCsv(out, 'bank-a-statements.csv', ',').rows;
    const fromBroker = bank.filter((r) => broker.has(compact(r.fields.IBAN)) && r.fields.Debit);
    expect(fromBroker.some((r) => compact(r.fields['Counterparty Account']) === clinic.iban)).toBe(true);
    const donors = new Set(or.members.filter((m) => m.victim).flatMap((m) => m.identifiers.ibans));
    const sums = fromBroker.filter(
      (r) => donors.has(compact(r.fields['Counterparty Account'])) && Number(r.fields.Debit) >= 3000,
    );
    expect(sums.length).toBeGreaterThanOrEqual(1);
  });
});
