/**
 * One extract file being written: buffered writes (memory stays flat however many rows), a running
 * sha256, row and line counts, and the malformed-row schedule. Writers for each layout build on it.
 */
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { type MalformedReason, type MalformedRow, MalformedSchedule } from '../noise/malformed.ts';

export interface ExtractSpec {
  file: string;
  format: 'csv' | 'jsonl' | 'ftm';
  source: string;
  jurisdiction: string;
  mapping: string;
  encoding: 'utf-8' | 'utf-8-bom';
  delimiter?: string;
  lineEnding: 'lf' | 'crlf';
  /** Quote every CSV field (bank-b) instead of only when needed. */
  quoteAll?: boolean;
}

export interface ManifestEntry extends Omit<ExtractSpec, 'quoteAll'> {
  rows: number;
  sha256: string;
}

const FLUSH_AT = 1 << 20;

export interface Corruption<Row> {
  row: Row;
  field: string;
  reason: MalformedReason;
}

export class ExtractFile {
  readonly spec: ExtractSpec;
  rows = 0;
  private readonly fd: number;
  private readonly hash: Hash = createHash('sha256');
  private buffer = '';
  private readonly eol: string;
  private readonly headerLines: number;
  readonly schedule: MalformedSchedule;

  constructor(
    dir: string,
    spec: ExtractSpec,
    seed: number,
    private readonly malformed: MalformedRow[],
    header?: readonly string[],
  ) {
    this.spec = spec;
    this.eol = spec.lineEnding === 'crlf' ? '\r\n' : '\n';
    this.fd = openSync(join(dir, spec.file), 'w');
    this.schedule = new MalformedSchedule(seed, spec.mapping);
    if (spec.encoding === 'utf-8-bom') this.buffer += '\uFEFF';
    this.headerLines = header ? 1 : 0;
    if (header) this.buffer += this.csvLine(header) + this.eol;
  }

  csvLine(fields: readonly string[]): string {
    const delimiter = this.spec.delimiter ?? ',';
    let line = '';
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) line += delimiter;
      const value = fields[i]!;
      if (this.spec.quoteAll || value.includes(delimiter) || value.includes('"')) {
        line += `"${value.replaceAll('"', '""')}"`;
      } else line += value;
    }
    return line;
  }

  private push(text: string): void {
    this.rows++;
    this.buffer += text + this.eol;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  /**
   * Write one data row; if the schedule says so and `corrupt` can, follow it with a corrupted copy
   * (recorded in the malformed list with its exact line).
   */
  write<Row>(
    row: Row,
    render: (row: Row) => string,
    corrupt?: (row: Row, pick: number) => Corruption<Row> | undefined,
  ): void {
    this.push(render(row));
    if (corrupt && this.schedule.due(this.rows)) {
      const bad = corrupt(row, this.schedule.count);
      if (!bad) return;
      this.schedule.taken();
      this.push(render(bad.row));
      this.malformed.push({
        file: this.spec.file,
        mapping: this.spec.mapping,
        row: this.rows,
        line: this.rows + this.headerLines,
        field: bad.field,
        reason: bad.reason,
      });
    }
  }

  /** A raw line that is itself the malformed row (e.g. a truncated JSON line). */
  writeRawMalformed(text: string, field: string, reason: MalformedReason): void {
    this.schedule.taken();
    this.push(text);
    this.malformed.push({
      file: this.spec.file,
      mapping: this.spec.mapping,
      row: this.rows,
      line: this.rows + this.headerLines,
      field,
      reason,
    });
  }

  flush(): void {
    if (this.buffer.length === 0) return;
    const bytes = Buffer.from(this.buffer, 'utf8');
    this.hash.update(bytes);
    writeSync(this.fd, bytes);
    this.buffer = '';
  }

  close(): ManifestEntry {
    this.flush();
    closeSync(this.fd);
    const { quoteAll: _quoteAll, ...spec } = this.spec;
    return { ...spec, rows: this.rows, sha256: this.hash.digest('hex') };
  }
}
