/**
 * Offline verification of a case package: no database, no network, only the zip, its detached
 * signature and the sender's public key. First the signature over the zip's bytes; then, whatever
 * it said, the zip is opened and every file's SHA-256 compared with the manifest, so a package that
 * fails says WHICH file changed (or, when every file matches, that the manifest or the zip's own
 * structure did); then graph.json's statements against the manifest's content hashes.
 */
import type { KeyObject } from 'node:crypto';
import type { GraphExport } from '../types.ts';
import { sha256Hex } from './hash.ts';
import {
  type CasePackageManifest,
  evidenceMismatches,
  GRAPH_FILE,
  MANIFEST_FILE,
  parseManifest,
} from './manifest.ts';
import { publicKeyFingerprint, readSignature, verifyBundle } from './sign.ts';
import { unzipBundle } from './zip.ts';

export interface FileCheck {
  name: string;
  status: 'ok' | 'changed' | 'missing' | 'unlisted';
  expected?: string;
  actual?: string;
}

export interface VerifyReport {
  ok: boolean;
  signature: 'valid' | 'invalid' | 'malformed';
  /** Whether the public key is the one the manifest names; null when the manifest could not be read. */
  keyMatchesManifest: boolean | null;
  zipSha256: string;
  manifest: Pick<CasePackageManifest, 'packageId' | 'madeAt' | 'madeBy' | 'madeFor' | 'subject'> | null;
  files: FileCheck[];
  /** graph.json statements that differ from the manifest's content hashes. */
  evidence: string[];
  evidenceItems: number;
  /** What stopped a check (an unreadable zip or manifest). */
  errors: string[];
}

export function verifyCasePackage(zip: Uint8Array, signatureFile: Uint8Array, key: KeyObject): VerifyReport {
  const report: VerifyReport = {
    ok: false,
    signature: readSignature(signatureFile) ? 'invalid' : 'malformed',
    keyMatchesManifest: null,
    zipSha256: sha256Hex(zip),
    manifest: null,
    files: [],
    evidence: [],
    evidenceItems: 0,
    errors: [],
  };
  if (report.signature === 'invalid' && verifyBundle(zip, signatureFile, key)) report.signature = 'valid';
  let files: Map<string, Uint8Array>;
  try {
    files = unzipBundle(zip);
  } catch (error) {
    report.errors.push((error as Error).message);
    return report;
  }
  const manifestBytes = files.get(MANIFEST_FILE);
  if (!manifestBytes) {
    report.errors.push(`the zip holds no ${MANIFEST_FILE}`);
    return report;
  }
  let manifest: CasePackageManifest;
  try {
    manifest = parseManifest(Buffer.from(manifestBytes).toString('utf8'));
  } catch (error) {
    report.errors.push((error as Error).message);
    return report;
  }
  const { packageId, madeAt, madeBy, madeFor, subject } = manifest;
  report.manifest = { packageId, madeAt, madeBy, madeFor, subject };
  report.keyMatchesManifest = publicKeyFingerprint(key) === manifest.signer.publicKeySha256;
  const listed = new Set<string>([MANIFEST_FILE]);
  for (const file of manifest.files) {
    listed.add(file.name);
    const data = files.get(file.name);
    if (!data) {
      report.files.push({ name: file.name, status: 'missing', expected: file.sha256 });
      continue;
    }
    const actual = sha256Hex(data);
    report.files.push({
      name: file.name,
      status: actual === file.sha256 && data.length === file.bytes ? 'ok' : 'changed',
      expected: file.sha256,
      actual,
    });
  }
  for (const name of files.keys()) if (!listed.has(name)) report.files.push({ name, status: 'unlisted' });
  const graphBytes = files.get(GRAPH_FILE);
  if (graphBytes && report.files.find((f) => f.name === GRAPH_FILE)?.status === 'ok') {
    try {
      const graph = JSON.parse(Buffer.from(graphBytes).toString('utf8')) as GraphExport;
      report.evidence = evidenceMismatches(manifest, graph);
    } catch (error) {
      report.errors.push(`${GRAPH_FILE} cannot be read (${(error as Error).message})`);
    }
  }
  report.evidenceItems = manifest.evidence.length;
  report.ok =
    report.signature === 'valid' &&
    report.errors.length === 0 &&
    report.evidence.length === 0 &&
    report.files.every((f) => f.status === 'ok');
  return report;
}

/** The report as lines for a terminal: the verdict first, then what failed. */
export function verifyReportText(report: VerifyReport): string {
  const lines: string[] = [];
  lines.push(report.ok ? 'VERIFIED: signature valid and every file matches the manifest' : 'FAILED');
  lines.push(`zip sha256: ${report.zipSha256}`);
  const signature = {
    valid: 'valid (the zip is exactly what the key signed)',
    invalid: 'INVALID: the zip or the signature was changed, or another key signed it',
    malformed: 'MALFORMED: the signature file is not one base64 Ed25519 signature and a newline',
  }[report.signature];
  lines.push(`signature: ${signature}`);
  if (report.keyMatchesManifest === false) {
    lines.push('public key: NOT the key the manifest names as signer (ask the sender for theirs)');
  }
  if (report.manifest) {
    const m = report.manifest;
    const subject =
      m.subject.kind === 'network'
        ? `network ${m.subject.networkId}`
        : `${m.subject.entityIds.length} entities`;
    lines.push(
      `package ${m.packageId}: ${subject}, made ${m.madeAt} by ${m.madeBy} for ${m.madeFor.name} (${m.madeFor.jurisdictions.join(', ')}${m.madeFor.minors ? ', minors' : ''})`,
    );
  }
  for (const file of report.files) {
    if (file.status === 'ok') lines.push(`  ok        ${file.name}`);
    else if (file.status === 'changed')
      lines.push(`  CHANGED   ${file.name} (manifest sha256 ${file.expected}, file ${file.actual})`);
    else if (file.status === 'missing') lines.push(`  MISSING   ${file.name}`);
    else lines.push(`  UNLISTED  ${file.name} (not in the manifest)`);
  }
  if (report.manifest && report.signature !== 'valid' && report.files.every((f) => f.status === 'ok')) {
    lines.push('  every file matches the manifest: the manifest itself or the zip structure was changed');
  }
  if (report.evidence.length > 0) {
    lines.push(`evidence: ${report.evidence.length} statement(s) differ from the manifest's content hashes:`);
    for (const problem of report.evidence.slice(0, 20)) lines.push(`  ${problem}`);
  } else if (report.manifest && report.errors.length === 0) {
    lines.push(`evidence: ${report.evidenceItems} items, content hashes match ${GRAPH_FILE}`);
  }
  for (const error of report.errors) lines.push(`error: ${error}`);
  return `${lines.join('\n')}\n`;
}
