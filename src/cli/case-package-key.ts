/**
 * `npm run case-package-key -- --out <dir>`: makes the Ed25519 key pair that signs case packages —
 * `case-package-key.pem` (private, mode 0600: point SKEIN_CASE_PACKAGE_KEY at it and keep it off
 * shared disks) and `case-package-key.pub.pem` (public: give it to receiving authorities by a channel
 * other than the packages, so a forged package cannot bring its own key). Never overwrites a key.
 */

import { createPublicKey } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { generateSigningKeys, publicKeyFingerprint } from '../export/case-package/sign.ts';

function main(): number {
  const { values } = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean' } } });
  if (values.help || !values.out) {
    console.log('Usage: npm run case-package-key -- --out <dir>');
    return values.help ? 0 : 2;
  }
  const privateFile = join(values.out, 'case-package-key.pem');
  const publicFile = join(values.out, 'case-package-key.pub.pem');
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) {
      process.stderr.write(
        `case-package-key: ${file} exists; a key is never overwritten (choose another --out)\n`,
      );
      return 2;
    }
  }
  mkdirSync(values.out, { recursive: true });
  const { privatePem, publicPem } = generateSigningKeys();
  writeFileSync(privateFile, privatePem, { mode: 0o600 });
  writeFileSync(publicFile, publicPem);
  console.log(`private key ${privateFile} (set SKEIN_CASE_PACKAGE_KEY=${privateFile})`);
  console.log(`public key  ${publicFile}`);
  console.log(`fingerprint sha256 ${publicKeyFingerprint(createPublicKey(publicPem))}`);
  return 0;
}

process.exitCode = main();
