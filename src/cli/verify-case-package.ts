/**
 * `npm run verify-case-package -- <zip> --signature <sig> --public-key <pem>`: checks a case package
 * OFFLINE — no database, no network (this command imports nothing of the store): the Ed25519
 * signature over the zip's bytes, then every file against the manifest's SHA-256, then graph.json's
 * statements against the manifest's content hashes. Exit 0 when all hold, 1 when any fails, 2 when
 * the command cannot run (a missing file, a bad key).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadPublicKey } from '../export/case-package/sign.ts';
import { verifyCasePackage, verifyReportText } from '../export/case-package/verify.ts';

const USAGE =
  'Usage: npm run verify-case-package -- <package.zip> --signature <package.zip.sig> --public-key <sender.pub.pem>\n' +
  '  --signature defaults to <package.zip>.sig';

function main(): number {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse();
  } catch (error) {
    process.stderr.write(`verify-case-package: ${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const zipFile = positionals[0];
  if (positionals.length !== 1 || !zipFile || !values['public-key']) {
    process.stderr.write(`verify-case-package: give one zip and --public-key\n\n${USAGE}\n`);
    return 2;
  }
  let zip: Buffer;
  let signature: Buffer;
  let key: ReturnType<typeof loadPublicKey>;
  try {
    zip = readFileSync(zipFile);
    signature = readFileSync(values.signature ?? `${zipFile}.sig`);
    key = loadPublicKey(values['public-key']);
  } catch (error) {
    process.stderr.write(`verify-case-package: ${(error as Error).message}\n`);
    return 2;
  }
  const report = verifyCasePackage(zip, signature, key);
  process.stdout.write(verifyReportText(report));
  return report.ok ? 0 : 1;
}

function parse() {
  return parseArgs({
    allowPositionals: true,
    options: {
      signature: { type: 'string' },
      'public-key': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
}

process.exitCode = main();
