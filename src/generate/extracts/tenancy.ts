/** tenancy: GB tenancy deposit register, one row per adult tenant (or one payer-only row for short lets). */
import { printIban } from '../ids/iban.ts';
import { formatPhone } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import { corruptDate } from '../noise/malformed.ts';
import { streetLine } from '../world/addresses.ts';
import { dmySlash } from '../world/calendar.ts';
import { ascii, money } from '../world/text.ts';
import type { Address, Person } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { sourceName } from './render.ts';

export const TENANCY_SPEC: ExtractSpec = {
  file: 'tenancy-register.csv',
  format: 'csv',
  source: 'Tenancy Deposit Register (GB)',
  jurisdiction: 'GB',
  mapping: 'tenancy',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'lf',
};

export const TENANCY_HEADER = [
  'tenancy_id',
  'property_address',
  'town',
  'postcode',
  'property_type',
  'landlord_name',
  'landlord_type',
  'landlord_company_number',
  'landlord_iban',
  'tenant_name',
  'tenant_dob',
  'tenant_phone',
  'start_date',
  'end_date',
  'rent_pcm',
  'rent_payer_name',
  'rent_payer_iban',
] as const;

export type PropertyType = 'house' | 'flat' | 'hmo' | 'short-let' | 'student-hall' | 'care-home';

export interface Tenancy {
  address: Address;
  type: PropertyType;
  landlord: { name: string; type: 'individual' | 'company'; companyNumber?: string; iban: string };
  tenants: Person[];
  start: string;
  end?: string;
  rent: number;
  payer: { name: string; iban: string };
}

export class TenancyWriter {
  private count = 0;

  constructor(
    private readonly file: ExtractFile | null,
    private readonly ctx: WriterContext,
  ) {}

  /** Write a tenancy; returns its id. */
  tenancy(t: Tenancy): string {
    this.count++;
    const id = `TD-${pad(this.count, 7)}`;
    const file = this.file;
    if (!file) return id;
    const base = [
      id,
      streetLine(t.address),
      t.address.town,
      t.address.postcode,
      t.type,
      t.landlord.name,
      t.landlord.type,
      t.landlord.companyNumber ?? '',
      printIban(t.landlord.iban),
    ];
    const tail = [
      dmySlash(t.start),
      t.end ? dmySlash(t.end) : '',
      money(t.rent),
      t.payer.name,
      printIban(t.payer.iban),
    ];
    if (t.tenants.length === 0) file.write([...base, '', '', '', ...tail], (r) => file.csvLine(r), corrupt);
    for (const tenant of t.tenants) {
      const name = sourceName(this.ctx.seed, tenant, 'tenancy');
      const written = ascii([name.given, name.family].join(' '));
      const dob = name.birthDate ? dmySlash(name.birthDate) : '';
      this.ctx.log.record(tenant, 'tenancy', `${id}/${tenant.index}`, written, dob, name.noise);
      const phone = tenant.phone
        ? formatPhone(
            tenant.phone,
            tenant.index % 2 === 0 && tenant.phone.country === 'GB' ? 'nationalCompact' : 'intlSpaced',
          )
        : '';
      file.write([...base, written, dob, phone, ...tail], (r) => file.csvLine(r), corrupt);
    }
    return id;
  }
}

function corrupt(row: string[], k: number): Corruption<string[]> {
  const bad = row.slice();
  if (k % 2 === 0) {
    bad[0] = `TD-9${pad(k, 6)}`;
    bad[12] = corruptDate(bad[12]!);
    return { row: bad, field: 'start_date', reason: 'invalid-date' };
  }
  bad[0] = '';
  return { row: bad, field: 'tenancy_id', reason: 'missing-id' };
}
