/** registry: GB companies register, one row per appointment (officers with month/year births, employees). */
import { pad } from '../ids/scramble.ts';
import { corruptDate } from '../noise/malformed.ts';
import { ORIGIN_INFO } from '../pools/names.ts';
import { oneLine } from '../world/addresses.ts';
import { upper } from '../world/text.ts';
import type { Address, Organisation, Person } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { sourceName, surnameFirst } from './render.ts';

export const REGISTRY_SPEC: ExtractSpec = {
  file: 'company-registry.csv',
  format: 'csv',
  source: 'Companies Register (GB)',
  jurisdiction: 'GB',
  mapping: 'registry',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'lf',
};

export const REGISTRY_HEADER = [
  'company_number',
  'company_name',
  'company_status',
  'company_type',
  'incorporated_on',
  'sic_code',
  'registered_address',
  'registered_postcode',
  'company_iban',
  'role',
  'officer_name',
  'officer_birth',
  'officer_nationality',
  'officer_address',
  'officer_postcode',
  'ni_number',
  'appointed_on',
  'resigned_on',
  'share_pct',
] as const;

export interface Appointment {
  org: Organisation;
  role: 'director' | 'secretary' | 'psc' | 'employee';
  person: Person;
  appointed: string;
  resigned?: string;
  share?: '25-50' | '50-75' | '75-100';
  /** Address the officer gave (default: home). */
  address?: Address;
  status?: 'active' | 'dissolved';
}

export class RegistryWriter {
  constructor(
    private readonly file: ExtractFile | null,
    private readonly ctx: WriterContext,
  ) {}

  appoint(a: Appointment): void {
    const file = this.file;
    if (!file) return;
    const name = sourceName(this.ctx.seed, a.person, 'registry');
    const written = surnameFirst(name);
    const birth = name.birthDate ? (a.role === 'employee' ? name.birthDate : name.birthDate.slice(0, 7)) : '';
    this.ctx.log.record(
      a.person,
      'registry',
      `${a.org.number}/${a.role}/${a.person.index}`,
      written,
      birth,
      name.noise,
    );
    const address = a.address ?? a.person.address;
    const org = a.org;
    const withNino = a.role === 'employee' || a.person.index % 5 === 0;
    const row = [
      org.number,
      upper(org.name),
      a.status ?? 'active',
      org.kind === 'charity' ? 'charity' : 'ltd',
      org.incorporated,
      org.sic,
      upper(oneLine({ ...org.address, postcode: '' }).replace(/, $/, '')),
      org.address.postcode,
      org.account?.iban ?? '',
      a.role,
      written,
      birth,
      ORIGIN_INFO[a.person.origin].demonym,
      upper(oneLine({ ...address, postcode: '' }).replace(/, $/, '')),
      address.postcode,
      withNino ? (a.person.nino ?? '') : '',
      a.appointed,
      a.resigned ?? '',
      a.share ?? '',
    ];
    file.write(row, (r) => file.csvLine(r), corrupt);
  }
}

function corrupt(row: string[], k: number): Corruption<string[]> {
  const bad = row.slice();
  if (k % 2 === 0) {
    bad[16] = corruptDate(bad[16]!);
    return { row: bad, field: 'appointed_on', reason: 'invalid-date' };
  }
  bad[0] = '';
  bad[10] = `${bad[10]} ${pad(k, 2)}`.trim();
  return { row: bad, field: 'company_number', reason: 'missing-id' };
}
