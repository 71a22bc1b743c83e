import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ChunkWriter } from '../../../src/generate/extracts/chunk-writer.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-chunk-writer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('generate: chunk writer', () => {
  it('writes exactly the UTF-8 of its input, across chunk boundaries, and hashes the same bytes', () => {
    const path = join(dir, 'out.txt');
    const hash = createHash('sha256');
    const out = new ChunkWriter(path, hash);
    let expected = '\uFEFF';
    out.write('\uFEFF');
    // Multi-byte characters (2, 3 and 4 bytes) land on every offset of the chunk boundaries.
    for (let i = 0; i < 40_000; i++) {
      const line = `${i},Ștefan Nguyễn 😀,${'x'.repeat(i % 37)}`;
      out.writeLine(line, i % 2 === 0 ? '\r\n' : '\n');
      expected += line + (i % 2 === 0 ? '\r\n' : '\n');
    }
    // A piece larger than a whole chunk goes out on its own, in order.
    const huge = `{"big":"${'é'.repeat(300_000)}"}`;
    out.writeLine(huge, '\n');
    expected += `${huge}\n`;
    out.write('tail');
    expected += 'tail';
    out.close();

    const bytes = readFileSync(path);
    expect(bytes.equals(Buffer.from(expected, 'utf8'))).toBe(true);
    expect(hash.digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });
});
