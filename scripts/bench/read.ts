/**
 * Micro-benchmark of the ingest reading layer: readCsv over a generated bank-statement CSV
 * (10 columns, some quoted values with delimiters) and the hot normalisers per 100k calls.
 *
 *   npx tsx scripts/bench/read.ts [--rows 1000000]
 *
 * The CSV is written to a temp directory and removed afterwards.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { normaliseAmount } from '../../src/ingest/normalise/amount.ts';
import { normaliseDate } from '../../src/ingest/normalise/date.ts';
import { normaliseIban } from '../../src/ingest/normalise/iban.ts';
import { normalisePhone } from '../../src/ingest/normalise/phone.ts';
import { readCsv } from '../../src/ingest/read/csv.ts';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '1000000' } } });
const rows = Number(values.rows);

/** Deterministic pseudo-random numbers (mulberry32) so every run reads the same file. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function writeCsv(path: string, count: number): Promise<void> {
  const random = rng(42);
  const out = createWriteStream(path);
  out.write('id,date,account,counterparty,name,reference,amount,currency,balance,type\n');
  const names = ['"Popescu, Ion"', 'Maria Ionescu', '"Kowalski, Jan"', 'Ana Dumitru', 'Petr Novák'];
  let batch = '';
  for (let i = 1; i <= count; i++) {
    const day = String(1 + Math.floor(random() * 28)).padStart(2, '0');
    const amount = (random() * 5000 - 2500).toFixed(2);
    const name = names[i % names.length];
    batch += `${i},${day}/03/2024,RO49AAAA1B31007593840000,DE89370400440532013000,${name},"Rent, March ${i}",${amount},EUR,${(random() * 10000).toFixed(2)},transfer\n`;
    if (i % 10_000 === 0) {
      if (!out.write(batch)) await once(out, 'drain');
      batch = '';
    }
  }
  out.end(batch);
  await once(out, 'finish');
}

function timeCalls(label: string, calls: number, fn: (i: number) => unknown): void {
  const start = performance.now();
  for (let i = 0; i < calls; i++) fn(i);
  const ms = performance.now() - start;
  console.log(
    `${label.padEnd(8)} ${calls.toLocaleString('en')} calls: ${ms.toFixed(0)} ms (${((ms * 1000) / calls).toFixed(2)} µs/call)`,
  );
}

const dir = await mkdtemp(join(tmpdir(), 'skein-bench-'));
try {
  const path = join(dir, 'statement.csv');
  await writeCsv(path, rows);
  const { size } = await stat(path);
  globalThis.gc?.();
  const baselineRss = process.memoryUsage.rss();
  let peakRss = baselineRss;
  const start = performance.now();
  let count = 0;
  for await (const record of readCsv(path, { encoding: 'utf-8' })) {
    count++;
    if (record.line % 50_000 === 0) peakRss = Math.max(peakRss, process.memoryUsage.rss());
  }
  const seconds = (performance.now() - start) / 1000;
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
  console.log(
    `readCsv: ${count.toLocaleString('en')} rows, ${(size / 1e6).toFixed(0)} MB in ${seconds.toFixed(2)} s = ` +
      `${Math.round(count / seconds).toLocaleString('en')} rows/s, ${(size / 1e6 / seconds).toFixed(0)} MB/s; ` +
      `peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MiB (${(baselineRss / 1024 / 1024).toFixed(0)} MiB before reading)`,
  );

  const phones = ['+44 7911 123456', '0721 234 567', '0040 721 234 567', '+49 30 1234567'];
  const ibans = ['DE89 3704 0044 0532 0130 00', 'RO49AAAA1B31007593840000', 'GB82 WEST 1234 5698 7654 32'];
  const dates = ['2024-03-01', '01/03/2024', '01.03.2024 10:15', '20240301'];
  const amounts = ['1,234.56', '-12.00', '€ 99.90', '(1,000.00)', '12.00 DR'];
  const calls = 100_000;
  timeCalls('phone', calls, (i) =>
    normalisePhone(phones[i % phones.length] as string, { defaultCountry: 'RO' }),
  );
  timeCalls('iban', calls, (i) => normaliseIban(ibans[i % ibans.length] as string));
  timeCalls('date', calls, (i) => normaliseDate(dates[i % dates.length] as string));
  timeCalls('amount', calls, (i) => normaliseAmount(amounts[i % amounts.length] as string, { decimal: '.' }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
