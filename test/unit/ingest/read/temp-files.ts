/** Temp files for reader tests, removed after each test file. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { MalformedFileError } from '../../../../src/ingest/read/record.ts';

export function tempFiles(): (name: string, content: string | Buffer) => string {
  const dir = mkdtempSync(join(tmpdir(), 'skein-read-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return (name, content) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
}

export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** The MalformedFileError a read ends with (the test fails if it ends otherwise). */
export async function malformed(reading: Promise<unknown>): Promise<MalformedFileError> {
  try {
    await reading;
  } catch (error) {
    if (error instanceof MalformedFileError) return error;
    throw error;
  }
  throw new Error('expected a MalformedFileError');
}
