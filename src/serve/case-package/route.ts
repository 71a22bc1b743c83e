/**
 * Case packages over HTTP, beside the exports (export-route.ts hands `/export/case-package/…` here):
 *
 *   GET /export/case-package/network/<network id>.zip?for=<authority>&jurisdictions=GB,IE[&minors=true][&pdf=false]
 *   GET /export/case-package/entities.zip?entity=<id>&entity=<id>…&for=…&jurisdictions=…
 *
 * The answer is one download, `<name>.delivery.zip`, holding the signed package `<name>.zip` and its
 * detached signature `<name>.zip.sig` — the two files the receiving authority verifies with `npm run
 * verify-case-package`. Headers repeat the package id, the package zip's SHA-256 and the signature
 * for scripts. The maker is the caller; what the package holds is decided by build.ts.
 */

import { config } from '../../config.ts';
import { ChromiumMissingError } from '../../export/case-package/pdf.ts';
import { loadPrivateKey } from '../../export/case-package/sign.ts';
import { zipBundle } from '../../export/case-package/zip.ts';
import type { Viewer } from '../viewer.ts';
import { buildCasePackage, CasePackageError, type CasePackageTarget } from './build.ts';

export const CASE_PACKAGE_PREFIX = '/export/case-package/';

const STATUS = { BAD_REQUEST: 400, FORBIDDEN: 403, NOT_FOUND: 404, AUDIT_UNAVAILABLE: 503 } as const;

function problem(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

const USAGE =
  'Use /export/case-package/network/<network id>.zip or /export/case-package/entities.zip?entity=<id>…, with ?for=<authority>&jurisdictions=GB[,IE][&minors=true][&pdf=false].';

function targetOf(url: URL): CasePackageTarget | string {
  const rest = url.pathname.slice(CASE_PACKAGE_PREFIX.length);
  if (rest === 'entities.zip') {
    const entityIds = url.searchParams.getAll('entity').filter((id) => id.length > 0);
    return entityIds.length > 0 ? { entityIds } : 'choose the entities with ?entity=<id> (repeatable)';
  }
  if (!rest.startsWith('network/') || !rest.endsWith('.zip')) return USAGE;
  try {
    const networkId = decodeURIComponent(rest.slice('network/'.length, -'.zip'.length));
    return networkId.length > 0 ? { networkId } : USAGE;
  } catch {
    return 'The network id in the path is not valid URL encoding; encode it with encodeURIComponent.';
  }
}

function flag(url: URL, name: string, fallback: boolean): boolean | string {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return `"${name}" is true or false, got "${raw}"`;
}

export async function handleCasePackage(request: Request, url: URL, viewer: Viewer): Promise<Response> {
  // Making a package is a disclosure (audited, signed): a HEAD would make one and send nothing.
  if (request.method !== 'GET') {
    return new Response('case packages are made with GET\n', { status: 405, headers: { allow: 'GET' } });
  }
  const target = targetOf(url);
  if (typeof target === 'string') return problem(target === USAGE ? 404 : 400, target);
  const authority = url.searchParams.get('for');
  if (!authority) return problem(400, 'Name the receiving authority with ?for=<name>.');
  const jurisdictions = (url.searchParams.get('jurisdictions') ?? '')
    .split(',')
    .map((j) => j.trim())
    .filter((j) => j.length > 0);
  const minors = flag(url, 'minors', false);
  const pdf = flag(url, 'pdf', true);
  if (typeof minors === 'string') return problem(400, minors);
  if (typeof pdf === 'string') return problem(400, pdf);
  const settings = config().casePackages;
  if (!settings.keyFile) {
    return problem(
      503,
      'Case packages are not configured on this server: set SKEIN_CASE_PACKAGE_KEY to an Ed25519 private key PEM (npm run case-package-key).',
    );
  }
  try {
    const made = await buildCasePackage({
      maker: viewer,
      recipient: { name: authority, jurisdictions, minors },
      target,
      key: loadPrivateKey(settings.keyFile),
      pdf,
      chromiumPath: settings.chromiumPath,
    });
    const delivery = zipBundle([
      { name: `${made.fileStem}.zip`, data: made.zip },
      { name: `${made.fileStem}.zip.sig`, data: Buffer.from(made.signature, 'utf8') },
    ]);
    return new Response(Buffer.from(delivery), {
      status: 200,
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${made.fileStem}.delivery.zip"`,
        'cache-control': 'no-store',
        'x-skein-case-package-id': made.packageId,
        'x-skein-case-package-sha256': made.zipSha256,
        'x-skein-case-package-signature': made.signature.trim(),
        'x-skein-case-package-left-out': String(made.leftOut),
      },
    });
  } catch (error) {
    if (error instanceof CasePackageError) return problem(STATUS[error.code], error.message);
    if (error instanceof ChromiumMissingError) return problem(503, error.message);
    throw error;
  }
}
