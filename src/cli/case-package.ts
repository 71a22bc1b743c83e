/**
 * `npm run case-package -- --network <id> --for "<authority>" --jurisdictions GB[,IE] [--minors]
 * --out <dir>`: makes a signed case package for one receiving authority (docs/case-packages.md) and
 * writes `<dir>/<name>.zip` and its detached signature `<dir>/<name>.zip.sig`. The same builder as
 * the /export/case-package route; the maker is the operator (`cli:<os user>`, every jurisdiction
 * and role), so the package holds what the authority's jurisdictions show. Audited before the
 * files are written.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { config } from '../config.ts';
import { loadPrivateKey, publicKeyFingerprint } from '../export/case-package/sign.ts';
import { buildCasePackage, CasePackageError, type CasePackageTarget } from '../serve/case-package/build.ts';
import { ROLES } from '../serve/viewer.ts';
import { runCommand } from './run.ts';

const USAGE = `Usage: npm run case-package -- (--network <id> | --entity <id> [--entity <id>…]) --for "<authority>"
         --jurisdictions GB[,IE] [--minors] --out <dir> [--no-pdf] [--key <private key PEM>]
  --network ID          a detected network (ids as listed by npm run analyse or the page)
  --entity ID           a hand-picked entity (repeat it; or --entities id1,id2)
  --for NAME            the receiving authority, e.g. "An Garda Síochána, GNPSB"
  --jurisdictions A,B   the jurisdictions the authority may see (ISO 3166-1 alpha-2)
  --minors              the authority is entitled to minors' personal details
  --out DIR             where to write <name>.zip and <name>.zip.sig
  --no-pdf              leave report.pdf out (no Chromium needed)
  --key PEM             the Ed25519 signing key (default: SKEIN_CASE_PACKAGE_KEY)`;

function fail(message: string): never {
  throw new Error(`${message}\n\n${USAGE}`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      network: { type: 'string' },
      entity: { type: 'string', multiple: true },
      entities: { type: 'string' },
      for: { type: 'string' },
      jurisdictions: { type: 'string' },
      minors: { type: 'boolean' },
      out: { type: 'string' },
      'no-pdf': { type: 'boolean' },
      key: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const entityIds = [
    ...(values.entity ?? []),
    ...(values.entities ?? '').split(',').map((s) => s.trim()),
  ].filter((s) => s.length > 0);
  if (!values.network === (entityIds.length === 0)) fail('give exactly one of --network or --entity');
  if (!values.for) fail('name the receiving authority with --for');
  if (!values.jurisdictions) fail('give the jurisdictions the authority may see with --jurisdictions');
  if (!values.out) fail('give the folder to write the package to with --out');
  const settings = config().casePackages;
  const keyFile = values.key ?? settings.keyFile;
  if (!keyFile) {
    fail(
      'no signing key: set SKEIN_CASE_PACKAGE_KEY to an Ed25519 private key PEM, or pass --key (npm run case-package-key makes one)',
    );
  }
  const key = loadPrivateKey(keyFile);
  const target: CasePackageTarget = values.network ? { networkId: values.network } : { entityIds };
  const made = await buildCasePackage({
    maker: { id: `cli:${userInfo().username}`, roles: ROLES, jurisdictions: ['*'] },
    recipient: {
      name: values.for,
      jurisdictions: values.jurisdictions
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
      minors: values.minors === true,
    },
    target,
    key,
    pdf: values['no-pdf'] !== true,
    chromiumPath: settings.chromiumPath,
  });
  mkdirSync(values.out, { recursive: true });
  const zipFile = join(values.out, `${made.fileStem}.zip`);
  if (existsSync(zipFile)) fail(`${zipFile} exists; choose another --out folder`);
  writeFileSync(zipFile, made.zip);
  writeFileSync(`${zipFile}.sig`, made.signature);
  const m = made.manifest;
  console.log(
    `case package ${made.packageId} for ${m.madeFor.name} (read as ${m.readJurisdictions.join(', ')})`,
  );
  console.log(
    `  ${m.counts.entities} entities, ${m.counts.relationships} relationships, ${m.counts.evidenceItems} evidence items`,
  );
  if (made.leftOut > 0)
    console.log(`  ${made.leftOut} chosen entities left out: the authority may not see them`);
  console.log(`  zip        ${zipFile}`);
  console.log(`  signature  ${zipFile}.sig`);
  console.log(`  sha256     ${made.zipSha256}`);
  console.log(
    `  signer key sha256 ${publicKeyFingerprint(key)} (give the authority the public key by another channel)`,
  );
  return 0;
}

await runCommand('case-package', main, (error) => (error instanceof CasePackageError ? 2 : 1));
