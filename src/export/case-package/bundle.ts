/**
 * Assembles a case package from its content: the report (HTML, and the PDF when a printer is
 * given), FtM and i2 files and graph.json of the same graph, the manifest with every evidence item
 * and the SHA-256 of every other file, the zip and its detached signature. Pure apart from the
 * printer: the same content, id, time and key give the same zip and the same signature.
 */
import type { KeyObject } from 'node:crypto';
import { toFtmJsonLines } from '../ftm.ts';
import { toI2Entities, toI2Links } from '../i2.ts';
import type { GraphExport } from '../types.ts';
import { sha256Hex } from './hash.ts';
import {
  CASE_PACKAGE_FORMAT,
  CASE_PACKAGE_VERSION,
  type CasePackageManifest,
  type CasePackageSubject,
  evidenceItems,
  GRAPH_FILE,
  MANIFEST_FILE,
  manifestText,
  type Recipient,
} from './manifest.ts';
import { type ReportNetwork, reportHtml } from './report.ts';
import { publicKeyFingerprint, signBundle } from './sign.ts';
import { type BundleFile, zipBundle } from './zip.ts';

export interface CasePackageContent {
  packageId: string;
  madeAt: string;
  madeBy: string;
  recipient: Recipient;
  readJurisdictions: string[];
  subject: CasePackageSubject;
  graph: GraphExport;
  network: ReportNetwork | null;
}

export interface AssembledPackage {
  zip: Uint8Array;
  /** The detached signature file's text (base64 and a newline). */
  signature: string;
  zipSha256: string;
  manifest: CasePackageManifest;
}

/** The files of a package, in zip order after manifest.json. */
export const PACKAGE_FILES = [
  'report.html',
  'report.pdf',
  'entities.ftm.jsonl',
  'i2-entities.csv',
  'i2-links.csv',
  GRAPH_FILE,
] as const;

export async function assembleCasePackage(
  content: CasePackageContent,
  key: KeyObject,
  printPdf: ((html: string) => Promise<Uint8Array>) | null,
): Promise<AssembledPackage> {
  const graph: GraphExport = {
    ...content.graph,
    title: `case package ${content.packageId} for ${content.recipient.name}`,
    generatedAt: content.madeAt,
  };
  const report = reportHtml({ ...content, graph });
  const text = (name: string, value: string): BundleFile => ({ name, data: Buffer.from(value, 'utf8') });
  const files: BundleFile[] = [
    text('report.html', report),
    ...(printPdf ? [{ name: 'report.pdf', data: await printPdf(report) }] : []),
    text('entities.ftm.jsonl', toFtmJsonLines(graph)),
    text('i2-entities.csv', toI2Entities(graph)),
    text('i2-links.csv', toI2Links(graph)),
    text(GRAPH_FILE, `${JSON.stringify(graph, null, 1)}\n`),
  ];
  const evidence = evidenceItems(graph);
  const manifest: CasePackageManifest = {
    format: CASE_PACKAGE_FORMAT,
    version: CASE_PACKAGE_VERSION,
    packageId: content.packageId,
    madeAt: content.madeAt,
    madeBy: content.madeBy,
    madeFor: content.recipient,
    readJurisdictions: content.readJurisdictions,
    subject: content.subject,
    signer: { algorithm: 'Ed25519', publicKeySha256: publicKeyFingerprint(key) },
    counts: {
      entities: graph.nodes.length,
      relationships: graph.edges.length,
      evidenceItems: evidence.length,
    },
    files: files.map((f) => ({ name: f.name, sha256: sha256Hex(f.data), bytes: f.data.length })),
    evidence,
  };
  const zip = zipBundle([text(MANIFEST_FILE, manifestText(manifest)), ...files]);
  return { zip, signature: signBundle(zip, key), zipSha256: sha256Hex(zip), manifest };
}
