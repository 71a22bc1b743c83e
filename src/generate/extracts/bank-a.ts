/** bank-a: Albion Bank (GB) statement CSV, one row per posting; internal transfers on both sides. */
import { corruptIban, printIban } from '../ids/iban.ts';
import { formatPhone } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import { corruptAmount, corruptDate } from '../noise/malformed.ts';
import { abbreviated, oneLine } from '../world/addresses.ts';
import { clock, dmySlash } from '../world/calendar.ts';
import { money, upper } from '../world/text.ts';
import { type Account, isAccount, type Party, type Txn, type TxnKind } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { initialAndFamily, sourceName, title } from './render.ts';
import { StatementWriter } from './statement.ts';

export const BANK_A_SPEC: ExtractSpec = {
  file: 'bank-a-statements.csv',
  format: 'csv',
  source: 'Albion Bank plc',
  jurisdiction: 'GB',
  mapping: 'bank-a',
  encoding: 'utf-8',
  delimiter: ',',
  lineEnding: 'crlf',
};

export const BANK_A_HEADER = [
  'Customer No',
  'Customer Type',
  'Account Holder',
  'Date of Birth',
  'Holder Address',
  'Holder Phone',
  'Sort Code',
  'Account No',
  'IBAN',
  'Opened',
  'Branch',
  'Txn Ref',
  'Date',
  'Time',
  'Type',
  'Description',
  'Counterparty Name',
  'Counterparty Account',
  'Debit',
  'Credit',
  'Currency',
  'Location',
] as const;

const COL = Object.fromEntries(BANK_A_HEADER.map((name, i) => [name, i])) as Record<
  (typeof BANK_A_HEADER)[number],
  number
>;

const TYPES: Record<TxnKind, readonly [string, string]> = {
  transfer: ['FPO', 'FPI'],
  wage: ['BAC', 'BGC'],
  benefit: ['FPO', 'BGC'],
  rent: ['SO', 'FPI'],
  card: ['POS', 'FPI'],
  'direct-debit': ['DD', 'FPI'],
  atm: ['ATM', 'FPI'],
  'cash-deposit': ['FPO', 'CSH'],
  bulk: ['BAC', 'BGC'],
  booking: ['FPO', 'FPI'],
  remittance: ['FPO', 'FPI'],
};

export class BankAWriter extends StatementWriter {
  constructor(file: ExtractFile | null, ctx: WriterContext) {
    super(file, ctx, 'A', corrupt);
  }

  protected reference(n: number): string {
    return `AT${pad(n, 10)}`;
  }

  protected holderColumns(account: Account): string[] {
    const phone = account.kycPhone
      ? formatPhone(account.kycPhone, account.kycPhone.country === 'GB' ? 'national' : 'intlSpaced')
      : '';
    const line = account.kycAddress ? oneLine(account.kycAddress) : '';
    const address = upper(
      account.iban.charCodeAt(account.iban.length - 1) % 3 === 0 ? abbreviated(line) : line,
    );
    let fields: string[];
    if (account.holder.kind === 'person') {
      const person = account.holder.person;
      const name = sourceName(this.ctx.seed, person, 'bank-a');
      const written = upper(
        `${title(person, this.ctx.periodStart)} ${[name.given, name.middle, name.family].filter(Boolean).join(' ')}`,
      );
      const dob = name.birthDate ? dmySlash(name.birthDate) : '';
      this.ctx.log.record(person, 'bank-a', account.customerNo!, written, dob, name.noise);
      fields = [account.customerNo!, 'PERSONAL', written, dob, address, phone];
    } else {
      fields = [account.customerNo!, 'BUSINESS', upper(account.holder.org.name), '', address, phone];
    }
    fields.push(
      account.sortCode ?? '',
      account.accountNumber,
      printIban(account.iban),
      dmySlash(account.opened),
      account.branch,
    );
    return fields;
  }

  protected row(txn: Txn, holder: readonly string[], other: Party, ref: string, debit: boolean): string[] {
    const fields = holder.slice();
    const [debitType, creditType] = TYPES[txn.kind];
    const amount = money(txn.amount);
    let counterpartyName = '';
    let counterpartyAccount = '';
    let location = '';
    let description: string;
    if (isAccount(other)) {
      counterpartyName = partyName(this.ctx.seed, other);
      counterpartyAccount = other.iban;
      description = upper(`${counterpartyName} ${txn.reference}`);
    } else {
      location = upper(other.town);
      if (other.kind === 'cash') description = `${txn.kind === 'atm' ? 'ATM' : 'CASH DEP'} ${location}`;
      else {
        counterpartyName = upper(other.name);
        description = `${counterpartyName} ${location}`;
      }
    }
    fields.push(
      ref,
      dmySlash(txn.date),
      clock(txn.time),
      debit ? debitType : creditType,
      description,
      counterpartyName,
      counterpartyAccount,
      debit ? amount : '',
      debit ? '' : amount,
      txn.currency,
      location,
    );
    return fields;
  }
}

/** The name a payment carries for an account: `J SMITH` for persons, the registered name for organisations. */
export function partyName(seed: number, account: Account): string {
  if (account.holder.kind === 'org') return upper(account.holder.org.name);
  return initialAndFamily(sourceName(seed, account.holder.person, 'payment'));
}

function corrupt(row: string[], k: number): Corruption<string[]> {
  const bad = row.slice();
  const fresh = `AT9${pad(k, 9)}`;
  switch (k % 4) {
    case 0:
      bad[COL['Txn Ref']] = fresh;
      bad[COL.Date] = corruptDate(bad[COL.Date]!);
      return { row: bad, field: 'Date', reason: 'invalid-date' };
    case 1:
      bad[COL['Txn Ref']] = fresh;
      bad[COL.IBAN] = printIban(corruptIban(bad[COL.IBAN]!.replaceAll(' ', '')));
      return { row: bad, field: 'IBAN', reason: 'invalid-iban' };
    case 2:
      bad[COL['Txn Ref']] = '';
      return { row: bad, field: 'Txn Ref', reason: 'missing-id' };
    default: {
      bad[COL['Txn Ref']] = fresh;
      const column = bad[COL.Debit] ? COL.Debit : COL.Credit;
      bad[column] = corruptAmount(bad[column]!);
      return { row: bad, field: column === COL.Debit ? 'Debit' : 'Credit', reason: 'invalid-amount' };
    }
  }
}
