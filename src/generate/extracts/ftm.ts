/** ftm: the Romanian partner's FollowTheMoney entities (JSON lines, arrays of strings, ids by reference). */
import { pad } from '../ids/scramble.ts';
import { corruptDate } from '../noise/malformed.ts';
import { hashString } from '../rng.ts';
import { hex } from '../world/text.ts';
import type { Account, Organisation, Person } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { sourceName } from './render.ts';

export const FTM_SPEC: ExtractSpec = {
  file: 'partner-ro.ftm.jsonl',
  format: 'ftm',
  source: 'Partner police (RO), FollowTheMoney',
  jurisdiction: 'RO',
  mapping: 'ftm',
  encoding: 'utf-8',
  lineEnding: 'lf',
};

export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

/** Stable FtM id for a key: `ro-` + 16 hex. */
export function ftmId(seed: number, key: string): string {
  return `ro-${hex(hashString(`${seed}|${key}`), 8)}${hex(hashString(`${key}|${seed}|x`), 8)}`;
}

export class FtmWriter {
  private seen = new Set<string>();

  constructor(
    private readonly file: ExtractFile | null,
    private readonly ctx: WriterContext,
  ) {}

  private emit(entity: FtmEntity): string {
    const file = this.file;
    if (!file || this.seen.has(entity.id)) return entity.id;
    if (this.seen.size > 50_000) this.seen.clear();
    this.seen.add(entity.id);
    file.write(entity, (e) => JSON.stringify(e), corrupt);
    return entity.id;
  }

  person(person: Person): string {
    const id = ftmId(this.ctx.seed, `person:${person.id}`);
    if (this.seen.has(id)) return id;
    const name = sourceName(this.ctx.seed, person, 'ftm');
    const full = [name.given, name.middle, name.family].filter(Boolean).join(' ');
    this.ctx.log.record(person, 'ftm', id, full, name.birthDate, name.noise);
    const properties: Record<string, string[]> = {
      name: [full],
      firstName: [name.given],
      lastName: [name.family],
      nationality: [person.nationality.toLowerCase()],
    };
    if (name.birthDate) properties.birthDate = [name.birthDate];
    if (person.cnp) properties.idNumber = [person.cnp];
    const passport = person.documents.find((d) => d.type === 'passport');
    if (passport) properties.passportNumber = [passport.number];
    if (person.phone) properties.phone = [person.phone.e164];
    if (person.email) properties.email = [person.email];
    const a = person.address;
    properties.address = [`${a.street} ${a.number}, ${a.postcode} ${a.town}, ${a.country}`];
    properties.country = [a.country.toLowerCase()];
    return this.emit({ id, schema: 'Person', properties });
  }

  company(org: Organisation): string {
    const id = ftmId(this.ctx.seed, `org:${org.id}`);
    const a = org.address;
    return this.emit({
      id,
      schema: 'Company',
      properties: {
        name: [org.name],
        registrationNumber: [org.number],
        jurisdiction: [org.country.toLowerCase()],
        address: [`${a.street} ${a.number}, ${a.postcode} ${a.town}, ${a.country}`],
        incorporationDate: [org.incorporated],
      },
    });
  }

  account(account: Account): string {
    const id = ftmId(this.ctx.seed, `account:${account.iban}`);
    const properties: Record<string, string[]> = {
      iban: [account.iban],
      accountNumber: [account.accountNumber],
      bankName: [account.bankName],
      country: [account.iban.slice(0, 2).toLowerCase()],
    };
    return this.emit({ id, schema: 'BankAccount', properties });
  }

  ownership(ownerId: string, assetId: string, startDate: string, percentage?: string): string {
    const properties: Record<string, string[]> = {
      owner: [ownerId],
      asset: [assetId],
      startDate: [startDate],
    };
    if (percentage) properties.percentage = [percentage];
    return this.emit({
      id: ftmId(this.ctx.seed, `own:${ownerId}:${assetId}`),
      schema: 'Ownership',
      properties,
    });
  }

  directorship(directorId: string, orgId: string, startDate: string): string {
    return this.emit({
      id: ftmId(this.ctx.seed, `dir:${directorId}:${orgId}`),
      schema: 'Directorship',
      properties: {
        director: [directorId],
        organization: [orgId],
        role: ['administrator'],
        startDate: [startDate],
      },
    });
  }

  employment(employerId: string, employeeId: string, startDate: string, role: string): string {
    return this.emit({
      id: ftmId(this.ctx.seed, `emp:${employerId}:${employeeId}`),
      schema: 'Employment',
      properties: { employer: [employerId], employee: [employeeId], role: [role], startDate: [startDate] },
    });
  }

  payment(
    key: string,
    p: {
      payer: string;
      beneficiary: string;
      payerAccount: string;
      beneficiaryAccount: string;
      amount: number;
      currency: string;
      date: string;
      purpose: string;
    },
  ): string {
    return this.emit({
      id: ftmId(this.ctx.seed, `pay:${key}`),
      schema: 'Payment',
      properties: {
        payer: [p.payer],
        beneficiary: [p.beneficiary],
        payerAccount: [p.payerAccount],
        beneficiaryAccount: [p.beneficiaryAccount],
        amount: [p.amount.toFixed(2)],
        currency: [p.currency],
        date: [p.date],
        purpose: [p.purpose],
      },
    });
  }
}

function corrupt(entity: FtmEntity, k: number): Corruption<FtmEntity> | undefined {
  if (entity.schema === 'Payment' && k % 2 === 0) {
    return {
      row: {
        ...entity,
        id: `${entity.id}9${pad(k, 2)}`,
        properties: { ...entity.properties, date: [corruptDate(entity.properties.date![0]!)] },
      },
      field: 'date',
      reason: 'invalid-date',
    };
  }
  if (entity.schema === 'Payment' || entity.schema === 'Person') {
    return { row: { ...entity, id: '' }, field: 'id', reason: 'missing-id' };
  }
  return undefined;
}
