/**
 * Deliberately malformed rows: a small, exact set of extra rows per extract, each a corrupted copy
 * of a row just written, placed at seeded positions that thin out as the file grows (about
 * log3(rows) per file). Every one is recorded so loader tests can assert rejects exactly.
 */
import { type Rng, rngFor } from '../rng.ts';

export type MalformedReason =
  | 'missing-id'
  | 'invalid-date'
  | 'invalid-iban'
  | 'invalid-amount'
  | 'invalid-json';

export interface MalformedRow {
  file: string;
  mapping: string;
  /** Physical line number (1-based; CSV line 1 is the header). */
  line: number;
  /** Data row number (1-based). */
  row: number;
  field: string;
  reason: MalformedReason;
}

export class MalformedSchedule {
  private readonly rng: Rng;
  private next: number;
  count = 0;

  constructor(seed: number, mapping: string, first = 8) {
    this.rng = rngFor(seed, 'malformed', mapping);
    this.next = first + this.rng.int(first);
  }

  /** True when the row just written (data row `row`) should be followed by a corrupted copy. */
  due(row: number): boolean {
    return row >= this.next;
  }

  taken(): void {
    this.count++;
    this.next = this.next * 3 + this.rng.int(this.next);
  }

  pick(n: number): number {
    return this.rng.int(n);
  }
}

/** Corrupt a date in the source's own format so it cannot parse (31 February or month 13). */
export function corruptDate(value: string): string {
  if (/^\d{2}\/\d{2}\/\d{4}$/.test(value)) return `31/02/${value.slice(6)}`;
  if (/^\d{2}-\d{2}-\d{4}$/.test(value)) return `31-02-${value.slice(6)}`;
  if (/^\d{8}$/.test(value)) return `${value.slice(0, 4)}1332`;
  if (/^\d{2}-[A-Z]{3}-\d{4}$/.test(value)) return `30-FEB-${value.slice(7)}`;
  if (/^\d{4}-\d{2}-\d{2}/.test(value)) return `${value.slice(0, 5)}13-45${value.slice(10)}`;
  return '2024-13-45';
}

/** Corrupt an amount so it is not a number (letter O for zero, as OCR and typists do). */
export function corruptAmount(value: string): string {
  return value.includes('0') ? value.replace('0', 'O') : `${value}O`;
}
