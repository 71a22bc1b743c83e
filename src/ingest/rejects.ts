/**
 * The rejects file: every input row that could not be loaded, as JSON lines
 * {"file", "line", "reason", "raw"} — the original text, so it can be fixed and loaded again.
 * Writes respect back-pressure so a file with many rejects does not pile up in memory.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

export interface Reject {
  file: string;
  line: number;
  reason: string;
  raw: string;
}

/**
 * A warning: an invalid value in an optional field, left out while the row loaded. Warnings go to
 * their own file next to the rejects (`….warnings.jsonl`), so the rejects file stays one line per
 * row that did not load.
 */
export interface WarningLine {
  file: string;
  line: number;
  column: string;
  warning: string;
  raw: string;
}

/** The warnings file that goes with a rejects file. */
export function warningsPathFor(rejectsPath: string): string {
  return `${rejectsPath.replace(/\.rejects\.jsonl$/, '')}.warnings.jsonl`;
}

export class RejectsWriter {
  private stream: WriteStream;
  private failed: Error | undefined;
  count = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    // Truncated on open: a rejects file always describes the latest run of its load.
    this.stream = createWriteStream(path, { flags: 'w', encoding: 'utf8' });
    this.stream.on('error', (error) => {
      this.failed = error;
    });
  }

  async write(reject: Reject | WarningLine): Promise<void> {
    if (this.failed) throw new Error(`ingest/rejects: cannot write ${this.path}: ${this.failed.message}`);
    this.count += 1;
    if (!this.stream.write(`${JSON.stringify(reject)}\n`)) {
      await new Promise<void>((resolve) => this.stream.once('drain', resolve));
    }
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.stream.end((error?: Error | null) => {
        if (error ?? this.failed) reject(error ?? this.failed);
        else resolve();
      });
    });
  }
}
