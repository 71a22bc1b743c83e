/**
 * A synthetic bank-statement CSV for the load benchmark and the loader's integration tests: holders
 * with valid GB IBANs paying a pool of counterparties, deterministic for a seed (mulberry32), written
 * as a stream so a million rows never sit in memory. Shape follows a typical statement export: one
 * row per posting, holder columns repeated on every row of the account.
 */

import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

export const BENCH_MAPPING = new URL('./bank-bench.yaml', import.meta.url).pathname;
/** The same layout with the counterparty's name: each counterparty a Person holding its account. */
export const BENCH_MAPPING_NAMED = new URL('./bank-bench-named.yaml', import.meta.url).pathname;

export interface BankCsvOptions {
  rows: number;
  seed?: number;
  /** Account holders (each with one account); default rows / 50. */
  holders?: number;
  /** Counterparty accounts (shared by all holders); default rows / 20. */
  counterparties?: number;
  /** Every n-th row gets an invalid amount (a deliberate reject); 0 for none. */
  rejectEvery?: number;
  /**
   * Adds `counterparty_name` (a person's name, one per counterparty account) to every row: the
   * statement issue 16 names beside the plain one, whose counterparties are named persons with IBANs.
   */
  namedCounterparties?: boolean;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function mod97(digits: string): number {
  let rest = 0;
  for (let i = 0; i < digits.length; i += 7) rest = Number(`${rest}${digits.slice(i, i + 7)}`) % 97;
  return rest;
}

/** A valid GB IBAN for bank code ALBN, sort code 203040 and the given account number. */
export function gbIban(account: number): string {
  const bban = `ALBN203040${String(account).padStart(8, '0')}`;
  const numeric = `${bban}GB00`.replace(/[A-Z]/g, (c) => String(c.charCodeAt(0) - 55));
  const check = String(98 - mod97(numeric)).padStart(2, '0');
  return `GB${check}${bban}`;
}

const GIVEN = [
  'Ion',
  'Maria',
  'Andrei',
  'Elena',
  'Piotr',
  'Anna',
  'James',
  'Sarah',
  'Mehmet',
  'Aylin',
  'Jan',
  'Eva',
];
const FAMILY = [
  'Popescu',
  'Ionescu',
  'Kowalski',
  'Nowak',
  'Smith',
  'Jones',
  'Yilmaz',
  'Demir',
  'de Vries',
  'Jansen',
];

export const BANK_HEADER =
  'customer_no,holder_name,holder_phone,iban,txn_ref,date,direction,amount,counterparty_iban,reference';

export const BANK_HEADER_NAMED = `${BANK_HEADER},counterparty_name`;

/** The counterparty account's holder, as a bank statement prints it ("NOWAK, Anna"). */
function counterpartyName(account: number): string {
  const given = GIVEN[account % GIVEN.length] as string;
  const family = FAMILY[Math.floor(account / GIVEN.length) % FAMILY.length] as string;
  return `${family.toUpperCase()}, ${given}`;
}

/** Writes the CSV; resolves with the number of deliberately invalid rows. */
export async function writeBankCsv(path: string, options: BankCsvOptions): Promise<{ rejects: number }> {
  const random = mulberry32(options.seed ?? 42);
  const holders = options.holders ?? Math.max(1, Math.floor(options.rows / 50));
  const counterparties = options.counterparties ?? Math.max(1, Math.floor(options.rows / 20));
  const rejectEvery = options.rejectEvery ?? 0;
  const out = createWriteStream(path, { encoding: 'utf8' });
  const named = options.namedCounterparties === true;
  out.write(`${named ? BANK_HEADER_NAMED : BANK_HEADER}\n`);
  let rejects = 0;
  let buffer = '';
  for (let i = 0; i < options.rows; i++) {
    const holder = Math.floor((i / options.rows) * holders);
    const given = GIVEN[holder % GIVEN.length] as string;
    const family = FAMILY[Math.floor(holder / GIVEN.length) % FAMILY.length] as string;
    const phone = `07700 9${String(holder % 100_000).padStart(5, '0')}`;
    const counterparty = 10_000_000 + Math.floor(random() * counterparties);
    const day = 1 + Math.floor(random() * 28);
    const month = 1 + Math.floor(random() * 6);
    const invalid = rejectEvery > 0 && i % rejectEvery === rejectEvery - 1;
    if (invalid) rejects++;
    const amount = invalid ? '12O.50' : (1 + random() * 2000).toFixed(2);
    const direction = random() < 0.5 ? 'DR' : 'CR';
    buffer += `C${String(holder).padStart(8, '0')},"${family.toUpperCase()}, ${given}",${phone},${gbIban(holder)},T${String(i).padStart(10, '0')},${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/2024,${direction},${amount},${gbIban(counterparty)},PAYMENT ${i % 97}${named ? `,"${counterpartyName(counterparty)}"` : ''}\n`;
    if (buffer.length > 64 * 1024) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  }
  out.write(buffer);
  out.end();
  await once(out, 'finish');
  return { rejects };
}
