/** bank-b: Polderbank (NL) transaction export: `;`, all quoted, BOM, Dutch columns, decimal comma. */
import { corruptIban } from '../ids/iban.ts';
import { formatPhone } from '../ids/phone.ts';
import { pad } from '../ids/scramble.ts';
import { corruptAmount, corruptDate } from '../noise/malformed.ts';
import { streetLine } from '../world/addresses.ts';
import { dmyDash, ymdCompact } from '../world/calendar.ts';
import { cents, moneyComma } from '../world/text.ts';
import { type Account, isAccount, type Party, type Txn, type TxnKind } from '../world/types.ts';
import { partyName } from './bank-a.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, ExtractSpec } from './file.ts';
import { dutchSorted, sourceName } from './render.ts';
import { StatementWriter } from './statement.ts';

export const BANK_B_SPEC: ExtractSpec = {
  file: 'bank-b-transacties.csv',
  format: 'csv',
  source: 'Polderbank N.V.',
  jurisdiction: 'NL',
  mapping: 'bank-b',
  encoding: 'utf-8-bom',
  delimiter: ';',
  lineEnding: 'lf',
  quoteAll: true,
};

export const BANK_B_HEADER = [
  'Klantnummer',
  'Rekeninghouder',
  'Geboortedatum',
  'Adres',
  'Postcode',
  'Woonplaats',
  'Land',
  'Telefoon',
  'Rekening',
  'Geopend',
  'Filiaal',
  'Transactie-ID',
  'Datum',
  'Naam / Omschrijving',
  'Tegenrekening',
  'Code',
  'Af Bij',
  'Bedrag (EUR)',
  'Mutatiesoort',
  'Mededelingen',
  'Plaats',
] as const;

const COL = Object.fromEntries(BANK_B_HEADER.map((name, i) => [name, i])) as Record<
  (typeof BANK_B_HEADER)[number],
  number
>;

/** GBP amounts arriving at or leaving Polderbank are booked in EUR at this rate. */
export const GBP_TO_EUR = 1.17;

const CODES: Record<TxnKind, readonly [string, string]> = {
  transfer: ['GT', 'Online bankieren'],
  wage: ['VZ', 'Verzamelbetaling'],
  benefit: ['OV', 'Overschrijving'],
  rent: ['OV', 'Overschrijving'],
  card: ['BA', 'Betaalautomaat'],
  'direct-debit': ['IC', 'Incasso'],
  atm: ['GM', 'Geldautomaat'],
  'cash-deposit': ['ST', 'Storting'],
  bulk: ['VZ', 'Verzamelbetaling'],
  booking: ['OV', 'Overschrijving'],
  remittance: ['OV', 'Overschrijving'],
};

export class BankBWriter extends StatementWriter {
  constructor(file: ExtractFile | null, ctx: WriterContext) {
    super(file, ctx, 'B', corrupt);
  }

  protected reference(n: number): string {
    return `PB${pad(n, 12)}`;
  }

  protected holderColumns(account: Account): string[] {
    const address = account.kycAddress;
    const phone = account.kycPhone
      ? formatPhone(account.kycPhone, account.kycPhone.country === 'NL' ? 'national' : 'intl00')
      : '';
    let holder: string;
    let dob = '';
    if (account.holder.kind === 'person') {
      const person = account.holder.person;
      const name = sourceName(this.ctx.seed, person, 'bank-b');
      holder = dutchSorted(name);
      dob = name.birthDate ? dmyDash(name.birthDate) : '';
      this.ctx.log.record(person, 'bank-b', account.customerNo!, holder, dob, name.noise);
    } else holder = account.holder.org.name;
    const fields = [
      account.customerNo!,
      holder,
      dob,
      address ? streetLine(address) : '',
      address?.postcode ?? '',
      address?.town ?? '',
      address?.country ?? '',
      phone,
      account.iban,
      account.opened,
      account.branch,
    ];
    return fields;
  }

  protected row(txn: Txn, holder: readonly string[], other: Party, id: string, debit: boolean): string[] {
    const fields = holder.slice();
    const [code, kind] = CODES[txn.kind];
    const amount = txn.currency === 'GBP' ? cents(txn.amount * GBP_TO_EUR) : txn.amount;
    let name: string;
    let counter = '';
    let place = '';
    if (isAccount(other)) {
      name = other.holder.kind === 'org' ? other.holder.org.name : partyName(this.ctx.seed, other);
      counter = other.iban;
    } else {
      place = other.town;
      name =
        other.kind === 'cash'
          ? txn.kind === 'atm'
            ? `Geldautomaat ${place}`
            : `Storting ${place}`
          : other.name;
    }
    fields.push(
      id,
      ymdCompact(txn.date),
      name,
      counter,
      code,
      debit ? 'Af' : 'Bij',
      moneyComma(amount),
      kind,
      txn.reference,
      place,
    );
    return fields;
  }
}

function corrupt(row: string[], k: number): Corruption<string[]> {
  const bad = row.slice();
  const fresh = `PB9${pad(k, 11)}`;
  switch (k % 4) {
    case 0:
      bad[COL['Transactie-ID']] = fresh;
      bad[COL.Datum] = corruptDate(bad[COL.Datum]!);
      return { row: bad, field: 'Datum', reason: 'invalid-date' };
    case 1:
      bad[COL['Transactie-ID']] = fresh;
      bad[COL.Rekening] = corruptIban(bad[COL.Rekening]!);
      return { row: bad, field: 'Rekening', reason: 'invalid-iban' };
    case 2:
      bad[COL['Transactie-ID']] = '';
      return { row: bad, field: 'Transactie-ID', reason: 'missing-id' };
    default:
      bad[COL['Transactie-ID']] = fresh;
      bad[COL['Bedrag (EUR)']] = corruptAmount(bad[COL['Bedrag (EUR)']]!);
      return { row: bad, field: 'Bedrag (EUR)', reason: 'invalid-amount' };
  }
}
