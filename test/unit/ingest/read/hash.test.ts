import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256File } from '../../../../src/ingest/read/hash.ts';
import { tempFiles } from './temp-files.ts';

const file = tempFiles();

describe('sha256File', () => {
  it('gives the hex SHA-256 of the bytes, streamed over several chunks', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024 + 17, 'skein');
    expect(await sha256File(file('big.bin', content))).toBe(
      createHash('sha256').update(content).digest('hex'),
    );
  });

  it('hashes an empty file', async () => {
    expect(await sha256File(file('empty.bin', ''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });

  it('rejects a missing file', async () => {
    await expect(sha256File('/nonexistent/skein.csv')).rejects.toThrow(/ENOENT/);
  });
});
