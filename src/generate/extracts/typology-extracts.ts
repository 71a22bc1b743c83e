/**
 * Two extracts only the `typologies` variant writes (issue #18 item 5): a police force's arrests
 * (custody records: who was arrested, for what, where, and their home) and a job-advert platform's
 * answer to a production order (every advert with its contact phone, advertiser and payer). The
 * default world has neither file, so its bytes do not change.
 */

import { printIban } from '../ids/iban.ts';
import { formatPhone, type Phone } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import type { MalformedRow } from '../noise/malformed.ts';
import { fullName } from '../noise/names.ts';
import { streetLine } from '../world/addresses.ts';
import type { Account, Address, Organisation, Person } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import { ExtractFile, type ExtractSpec, type ManifestEntry } from './file.ts';
import { sourceName } from './render.ts';

export const ARRESTS_SPEC: ExtractSpec = {
  file: 'police-arrests.csv',
  format: 'csv',
  source: 'Police custody records (GB)',
  jurisdiction: 'GB',
  mapping: 'arrests',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'lf',
};

export const ARRESTS_HEADER = [
  'custody_ref',
  'arrested_on',
  'offence_ref',
  'offence',
  'offence_code',
  'location',
  'location_postcode',
  'name',
  'dob',
  'nationality',
  'home_address',
  'home_postcode',
  'phone',
  'id_type',
  'id_number',
  'id_country',
] as const;

export const JOB_ADS_SPEC: ExtractSpec = {
  file: 'job-ads.csv',
  format: 'csv',
  source: 'Workly Ads Ltd (GB)',
  jurisdiction: 'GB',
  mapping: 'job-ads',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'lf',
};

export const JOB_ADS_HEADER = [
  'ad_id',
  'posted_on',
  'title',
  'advertiser',
  'account_id',
  'account_type',
  'account_name',
  'company_number',
  'contact_phone',
  'payer_iban',
  'location',
] as const;

export interface Arrest {
  date: string;
  offence: string;
  code: string;
  /** Where it happened: an address (a raid) or a street place. */
  at: Address;
  person: Person;
  /** One offence several people are arrested for shares its reference. */
  offenceRef?: string;
}

export interface JobAd {
  date: string;
  title: string;
  /** The employer the advert names (a trafficker's adverts name several). */
  advertiser: string;
  poster: { kind: 'person'; person: Person } | { kind: 'org'; org: Organisation };
  phone: Phone;
  payer?: Account;
  town: string;
}

export class TypologyExtracts {
  private readonly arrestsFile: ExtractFile;
  private readonly adsFile: ExtractFile;
  private arrests = 0;
  private offences = 0;
  private ads = 0;
  private readonly posters = new Map<string, string>();

  constructor(
    dir: string,
    seed: number,
    malformed: MalformedRow[],
    private readonly ctx: WriterContext,
  ) {
    this.arrestsFile = new ExtractFile(dir, ARRESTS_SPEC, seed, malformed, ARRESTS_HEADER);
    this.adsFile = new ExtractFile(dir, JOB_ADS_SPEC, seed, malformed, JOB_ADS_HEADER);
  }

  /** A new offence reference, for several arrests for one offence. */
  offenceRef(): string {
    return `OFF-${pad(++this.offences, 6)}`;
  }

  arrest(a: Arrest): string {
    const ref = `CUS-${pad(++this.arrests, 6)}`;
    const name = sourceName(this.ctx.seed, a.person, 'arrests');
    const written = fullName(name);
    const dob = name.birthDate ?? '';
    this.ctx.log.record(a.person, 'arrests', ref, written, dob, name.noise);
    // The identity document the person was booked in with, as travel agencies record it.
    const doc =
      a.person.documents.find((d) => d.type === 'passport') ??
      a.person.documents.find((d) => d.type === 'id-card');
    const file = this.arrestsFile;
    file.write(
      [
        ref,
        a.date,
        a.offenceRef ?? this.offenceRef(),
        a.offence,
        a.code,
        streetLine(a.at),
        a.at.postcode,
        written,
        dob,
        a.person.nationality,
        a.person.address.country === 'GB' ? streetLine(a.person.address) : '',
        a.person.address.country === 'GB' ? a.person.address.postcode : '',
        a.person.phone ? formatPhone(a.person.phone, 'e164') : '',
        doc?.type ?? '',
        doc?.number ?? '',
        doc?.country ?? '',
      ],
      (r) => file.csvLine(r),
    );
    return ref;
  }

  ad(ad: JobAd): string {
    const id = `WA-${pad(++this.ads, 7)}`;
    const posterKey = ad.poster.kind === 'person' ? ad.poster.person.id : ad.poster.org.id;
    let accountId = this.posters.get(posterKey);
    if (!accountId) {
      accountId = `U${pad(this.posters.size + 1, 6)}`;
      this.posters.set(posterKey, accountId);
    }
    let accountName: string;
    if (ad.poster.kind === 'person') {
      const name = sourceName(this.ctx.seed, ad.poster.person, 'job-ads');
      accountName = fullName(name);
      this.ctx.log.record(ad.poster.person, 'job-ads', accountId, accountName, '', name.noise);
    } else accountName = ad.poster.org.name;
    const file = this.adsFile;
    file.write(
      [
        id,
        ad.date,
        ad.title,
        ad.advertiser,
        accountId,
        ad.poster.kind === 'person' ? 'person' : 'company',
        accountName,
        ad.poster.kind === 'org' ? ad.poster.org.number : '',
        formatPhone(ad.phone, ad.phone.country === 'GB' ? 'national' : 'intlSpaced'),
        ad.payer ? printIban(ad.payer.iban) : '',
        ad.town,
      ],
      (r) => file.csvLine(r),
    );
    return id;
  }

  rows(): number {
    return this.arrestsFile.rows + this.adsFile.rows;
  }

  close(): ManifestEntry[] {
    return [this.arrestsFile.close(), this.adsFile.close()];
  }
}
