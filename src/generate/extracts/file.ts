/**
 * One extract file being written: buffered writes (memory stays flat however many rows), a running
 * sha256, row and line counts, and the malformed-row schedule. Writers for each layout build on it.
 */
import { createHash, type Hash } from 'node:crypto';
import { join } from 'node:path';
import { type MalformedReason, type MalformedRow, MalformedSchedule } from '../noise/malformed.ts';
import { ChunkWriter } from './chunk-writer.ts';

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

export interface Corruption<Row> {
  row: Row;
  field: string;
  reason: MalformedReason;
}

/** Leading fields of many rows and their CSV rendering, made once (see `csvLineAfter`). */
export interface RenderedFields {
  fields: readonly string[];
  line: string;
}

export class ExtractFile {
  readonly spec: ExtractSpec;
  rows = 0;
  private readonly hash: Hash = createHash('sha256');
  private readonly out: ChunkWriter;
  private readonly eol: '\n' | '\r\n';
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
    this.out = new ChunkWriter(join(dir, spec.file), this.hash);
    this.schedule = new MalformedSchedule(seed, spec.mapping);
    if (spec.encoding === 'utf-8-bom') this.out.write('\uFEFF');
    this.headerLines = header ? 1 : 0;
    if (header) this.out.writeLine(this.csvLine(header), this.eol);
  }

  /**
   * Fields joined by the delimiter, quoted when they hold the delimiter or a quote (always, with
   * `quoteAll`). Only quoted fields are rebuilt; `join` then makes the line in one flat allocation
   * instead of a chain of concatenations that the encoder must flatten again.
   */
  csvLine(fields: readonly string[]): string {
    const delimiter = this.spec.delimiter ?? ',';
    const quoteAll = this.spec.quoteAll === true;
    let quoted: string[] | undefined;
    for (let i = 0; i < fields.length; i++) {
      const value = fields[i]!;
      const hasQuote = value.includes('"');
      if (quoteAll || hasQuote || value.includes(delimiter)) {
        quoted ??= fields.slice();
        quoted[i] = `"${hasQuote ? value.replaceAll('"', '""') : value}"`;
      }
    }
    return (quoted ?? fields).join(delimiter);
  }

  /**
   * `csvLine(row)` for a row that starts with `head.fields`, whose rendering `head.line` was made once
   * (a bank account's KYC block repeats on every statement row of the account). A row whose start
   * differs (a corrupted copy) is rendered in full.
   */
  csvLineAfter(head: RenderedFields, row: readonly string[]): string {
    const n = head.fields.length;
    for (let i = 0; i < n; i++) if (row[i] !== head.fields[i]) return this.csvLine(row);
    return `${head.line}${this.spec.delimiter ?? ','}${this.csvLine(row.slice(n))}`;
  }

  private push(text: string): void {
    this.rows++;
    this.out.writeLine(text, this.eol);
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

  close(): ManifestEntry {
    this.out.close();
    const { quoteAll: _quoteAll, ...spec } = this.spec;
    return { ...spec, rows: this.rows, sha256: this.hash.digest('hex') };
  }
}
