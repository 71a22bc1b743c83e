/** seized-phone (handset contact lists) and seizure (exhibits found in a search). */
import { pad } from '../ids/scramble.ts';
import { corruptDate } from '../noise/malformed.ts';
import type { Person } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { mrz, sourceName } from './render.ts';

export const SEIZED_PHONE_SPEC: ExtractSpec = {
  file: 'seized-phone-contacts.csv',
  format: 'csv',
  source: 'Police digital forensics (GB)',
  jurisdiction: 'GB',
  mapping: 'seized-phone',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'lf',
};

export const SEIZURE_SPEC: ExtractSpec = {
  file: 'seizure-exhibits.csv',
  format: 'csv',
  source: 'Police exhibits log (GB)',
  jurisdiction: 'GB',
  mapping: 'seizure',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'lf',
};

export const SEIZED_PHONE_HEADER = [
  'exhibit_ref',
  'device_owner',
  'device_number',
  'device_imei',
  'contact_name',
  'contact_number',
  'contact_email',
  'last_contacted',
  'source_app',
] as const;
export const SEIZURE_HEADER = [
  'exhibit_ref',
  'seized_on',
  'seized_from',
  'seized_from_dob',
  'location',
  'item_type',
  'holder_name',
  'holder_dob',
  'document_number',
  'issuing_country',
  'account_iban',
  'phone',
] as const;

export interface Contact {
  name: string;
  number: string;
  email?: string;
  lastContacted: string;
  app: 'Phone' | 'WhatsApp' | 'Telegram' | 'Signal';
}

export interface SeizedItem {
  type: 'passport' | 'id-card' | 'residence-permit' | 'bank-card' | 'sim-card';
  holder?: Person;
  holderName?: string;
  documentNumber?: string;
  country: string;
  iban?: string;
  phone?: string;
}

export class SeizureWriter {
  private exhibits = 0;

  constructor(
    private readonly phoneFile: ExtractFile | null,
    private readonly itemsFile: ExtractFile | null,
    private readonly ctx: WriterContext,
  ) {}

  nextExhibit(): string {
    this.exhibits++;
    return `EXH-${pad(this.exhibits, 4)}`;
  }

  /** Device owner as the officer wrote it: `Ion POPESCU`. */
  ownerName(owner: Person): string {
    const name = sourceName(this.ctx.seed, owner, 'seized-phone');
    const written = `${name.given} ${name.family.toUpperCase()}`;
    this.ctx.log.record(owner, 'seized-phone', `${owner.index}`, written, '', name.noise);
    return written;
  }

  handset(exhibit: string, owner: Person, contacts: readonly Contact[]): void {
    const file = this.phoneFile;
    if (!file) return;
    const ownerName = this.ownerName(owner);
    for (const c of contacts) {
      const row = [
        exhibit,
        ownerName,
        owner.phone?.e164 ?? '',
        owner.imei ?? '',
        c.name,
        c.number,
        c.email ?? '',
        c.lastContacted,
        c.app,
      ];
      file.write(row, (r) => file.csvLine(r), corruptContact);
    }
  }

  search(
    exhibit: string,
    seizedOn: string,
    from: Person,
    location: string,
    items: readonly SeizedItem[],
  ): void {
    const file = this.itemsFile;
    if (!file) return;
    const fromName = sourceName(this.ctx.seed, from, 'seizure');
    const fromWritten = `${fromName.given} ${fromName.family.toUpperCase()}`;
    this.ctx.log.record(from, 'seizure', exhibit, fromWritten, fromName.birthDate, fromName.noise);
    items.forEach((item, i) => {
      let holderName = item.holderName ?? '';
      let holderDob = '';
      if (item.holder) {
        const name = sourceName(this.ctx.seed, item.holder, 'seizure-item');
        holderName =
          item.type === 'bank-card'
            ? `${name.given.charAt(0).toUpperCase()} ${name.family.toUpperCase()}`
            : mrz(name);
        holderDob = item.type === 'bank-card' || item.type === 'sim-card' ? '' : item.holder.birthDate;
        this.ctx.log.record(item.holder, 'seizure', `${exhibit}/${i + 1}`, holderName, holderDob, name.noise);
      }
      const row = [
        `${exhibit}/${i + 1}`,
        seizedOn,
        fromWritten,
        fromName.birthDate,
        location,
        item.type,
        holderName,
        holderDob,
        item.documentNumber ?? '',
        item.country,
        item.iban ?? '',
        item.phone ?? '',
      ];
      file.write(row, (r) => file.csvLine(r), corruptItem);
    });
  }
}

function corruptContact(row: string[]): Corruption<string[]> {
  const bad = row.slice();
  bad[5] = '';
  return { row: bad, field: 'contact_number', reason: 'missing-id' };
}

function corruptItem(row: string[]): Corruption<string[]> {
  const bad = row.slice();
  bad[0] = `${bad[0]}9`;
  bad[1] = corruptDate(bad[1]!);
  return { row: bad, field: 'seized_on', reason: 'invalid-date' };
}
