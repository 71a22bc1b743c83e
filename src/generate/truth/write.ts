/**
 * Writing ground-truth.json without holding every group in memory: finished groups are spooled to a
 * temporary file (one JSON line each) and copied into the final document at the end.
 */
import { closeSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import type { GroundTruth, GroupTruth } from './ground-truth.ts';

export class GroupSpool {
  private readonly fd: number;
  count = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'w');
  }

  add(group: GroupTruth): void {
    writeSync(this.fd, `${this.count > 0 ? ',\n' : ''}${JSON.stringify(group)}`);
    this.count++;
  }

  /** Copy the spooled groups into `fd` in chunks, then delete the spool. */
  drainInto(fd: number): void {
    closeSync(this.fd);
    const input = openSync(this.path, 'r');
    const chunk = Buffer.alloc(1 << 20);
    for (let n = readSync(input, chunk); n > 0; n = readSync(input, chunk)) writeSync(fd, chunk, 0, n);
    closeSync(input);
    rmSync(this.path);
  }
}

/** `{ ...summary, "networks": [ one group per line ], "hardNegatives": [...], ... }` */
export function writeGroundTruth(
  path: string,
  summary: Omit<GroundTruth, 'networks' | 'hardNegatives'> & { networks?: number; hardNegatives?: number },
  networks: GroupSpool,
  negatives: GroupSpool,
): void {
  const fd = openSync(path, 'w');
  const { malformed, identities, networks: _n, hardNegatives: _h, ...head } = summary;
  const headJson = JSON.stringify(head);
  writeSync(fd, `${headJson.slice(0, -1)},\n"networks": [\n`);
  networks.drainInto(fd);
  writeSync(fd, '\n],\n"hardNegatives": [\n');
  negatives.drainInto(fd);
  writeSync(
    fd,
    `\n],\n"malformed": [\n${malformed.map((m) => JSON.stringify(m)).join(',\n')}\n],\n"identities": ${JSON.stringify(identities)}\n}\n`,
  );
  closeSync(fd);
}
