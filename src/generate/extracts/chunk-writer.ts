/**
 * Text to a file through one reused byte chunk. Each piece is UTF-8 encoded straight into the chunk
 * as it arrives and the chunk goes to disk (and to the optional running sha256) when full. This
 * replaced a growing string buffer: a megabyte-long rope of row strings lived long enough to be
 * copied by the young-generation GC, and flattening it allocated a fresh large string (and fresh
 * zeroed pages) on every flush. Here each row string dies as soon as it is encoded and memory stays
 * at one chunk per file however many rows are written.
 */
import type { Hash } from 'node:crypto';
import { closeSync, openSync, writeSync } from 'node:fs';

/** Bytes held per open file before a write; large enough that syscalls and hash calls are rare. */
const CHUNK_BYTES = 1 << 18;

/** A UTF-16 code unit never takes more than 3 UTF-8 bytes (a surrogate pair takes 4 for 2 units). */
const MAX_BYTES_PER_UNIT = 3;

export class ChunkWriter {
  private readonly fd: number;
  private readonly chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  private used = 0;

  constructor(
    path: string,
    private readonly hash?: Hash,
  ) {
    this.fd = openSync(path, 'w');
  }

  write(text: string): void {
    const worst = text.length * MAX_BYTES_PER_UNIT;
    if (this.used + worst > CHUNK_BYTES) {
      this.flush();
      // A piece longer than a whole chunk (rare: a huge JSON line) goes out on its own.
      if (worst > CHUNK_BYTES) {
        this.emit(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.chunk.write(text, this.used);
  }

  /** Text followed by a line ending, without building the concatenated string. */
  writeLine(text: string, eol: '\n' | '\r\n'): void {
    this.write(text);
    if (this.used + 2 > CHUNK_BYTES) this.flush();
    if (eol === '\r\n') this.chunk[this.used++] = 0x0d;
    this.chunk[this.used++] = 0x0a;
  }

  flush(): void {
    if (this.used === 0) return;
    this.emit(this.chunk.subarray(0, this.used));
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  private emit(bytes: Buffer): void {
    this.hash?.update(bytes);
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done);
  }
}
