import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** Skein's version, from package.json. */
export const SKEIN_VERSION: string = JSON.parse(
  readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8'),
).version;
