/** A test extract opened for writing batches by hand (no file behind it: hashes are zeros). */
import { openExtract } from '../../src/store/write.ts';

export async function openTestExtract(id: string, name: string = id): Promise<void> {
  await openExtract({
    id,
    name,
    file: `${name}.csv`,
    source: 'test',
    jurisdiction: 'GB',
    sha256: '0'.repeat(64),
    mapping: 'test',
    mappingSha256: '0'.repeat(64),
    rejectsFile: null,
  });
}
