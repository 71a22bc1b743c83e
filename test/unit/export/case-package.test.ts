/**
 * Case packages without a database (docs/case-packages.md): the manifest's evidence items and
 * content hashes, zip determinism (same content → same bytes, in any time zone), the Ed25519
 * signature and its strict file format, and offline verification that fails after any single byte
 * of the zip or the signature changes — naming the changed file when the zip still opens.
 */
import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { assembleCasePackage, type CasePackageContent } from '../../../src/export/case-package/bundle.ts';
import { canonicalJson, sha256Hex } from '../../../src/export/case-package/hash.ts';
import {
  evidenceItems,
  evidenceMismatches,
  GRAPH_FILE,
  MANIFEST_FILE,
  parseManifest,
} from '../../../src/export/case-package/manifest.ts';
import { networkPicture } from '../../../src/export/case-package/picture.ts';
import { readSignature, signBundle, verifyBundle } from '../../../src/export/case-package/sign.ts';
import { verifyCasePackage, verifyReportText } from '../../../src/export/case-package/verify.ts';
import { unzipBundle, zipBundle } from '../../../src/export/case-package/zip.ts';
import type { GraphExport } from '../../../src/export/types.ts';
import { sampleGraph } from './sample.ts';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const other = generateKeyPairSync('ed25519');

function content(graph: GraphExport = sampleGraph()): CasePackageContent {
  return {
    packageId: 'pkg-1',
    madeAt: '2026-12-06T22:00:00.000Z',
    madeBy: 'gb-analyst',
    recipient: { name: 'An Garda Síochána', jurisdictions: ['IE'], minors: false },
    readJurisdictions: ['IE'],
    subject: { kind: 'network', networkId: 'run-1/n-3', runId: 'run-1' },
    graph,
    network: null,
  };
}

const files = (zip: Uint8Array) => unzipSync(zip);

describe('case package manifest', () => {
  it('lists one entity statement per recording extract and one per relationship, with content hashes', async () => {
    const graph = sampleGraph();
    const items = evidenceItems(graph);
    const statements =
      graph.nodes.reduce((n, node) => n + Math.max(1, node.provenance.length), 0) + graph.edges.length;
    expect(items).toHaveLength(statements);
    // An independent recomputation of one entity statement's hash, from the documented shape.
    const node = graph.nodes[0]!;
    const p = node.provenance[1]!;
    const expected = sha256Hex(
      canonicalJson({
        extract: { row: p.firstRow, sha256: p.sha256, id: p.extractId },
        props: node.props,
        name: node.name,
        label: node.label,
        id: node.id,
        kind: 'entity',
      }),
    );
    const item = items.find((i) => i.id === node.id && i.extractId === p.extractId)!;
    expect(item).toMatchObject({
      kind: 'entity',
      extractName: p.extractName,
      extractSha256: p.sha256,
      row: p.firstRow,
    });
    expect(item.contentHash).toBe(expected);
    const edge = graph.edges.find((x) => x.provenance)!;
    expect(items.find((i) => i.kind === 'relationship' && i.id === edge.id)).toMatchObject({
      extractId: edge.provenance!.extractId,
      row: edge.provenance!.row,
    });
  });

  it('ties every statement of graph.json to the manifest: a changed value is named', async () => {
    const made = await assembleCasePackage(content(), privateKey, null);
    const unzipped = files(made.zip);
    const manifest = parseManifest(Buffer.from(unzipped[MANIFEST_FILE]!).toString('utf8'));
    const graph = JSON.parse(Buffer.from(unzipped[GRAPH_FILE]!).toString('utf8')) as GraphExport;
    expect(evidenceMismatches(manifest, graph)).toEqual([]);
    // Every file but the manifest is listed with its hash and size.
    expect(manifest.files.map((f) => f.name).sort()).toEqual(
      Object.keys(unzipped)
        .filter((n) => n !== MANIFEST_FILE)
        .sort(),
    );
    for (const f of manifest.files) expect(f.sha256).toBe(sha256Hex(unzipped[f.name]!));
    graph.nodes[1]!.props.nationality = 'GB';
    expect(evidenceMismatches(manifest, graph)).toEqual([
      `entity ${graph.nodes[1]!.id} @ ${graph.nodes[1]!.provenance[0]!.extractId}: content hash differs from the manifest`,
    ]);
    graph.edges.pop();
    expect(
      evidenceMismatches(manifest, graph).some((p) => p.includes('in the manifest, not in graph.json')),
    ).toBe(true);
  });

  it('refuses a manifest that is not one', () => {
    expect(() => parseManifest('{"format":"x"}')).toThrow(/not a Skein case package manifest/);
    expect(() => parseManifest('nope')).toThrow(/not JSON/);
  });
});

describe('case package zip', () => {
  it('gives the same bytes for the same content, in any time zone, and other bytes for other content', async () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'UTC';
      const a = await assembleCasePackage(content(), privateKey, null);
      process.env.TZ = 'Pacific/Auckland';
      const b = await assembleCasePackage(content(), privateKey, null);
      expect(Buffer.from(b.zip).equals(Buffer.from(a.zip))).toBe(true);
      expect(b.signature).toBe(a.signature);
      const changed = sampleGraph();
      changed.nodes[0]!.name = 'Someone else';
      const c = await assembleCasePackage(content(changed), privateKey, null);
      expect(c.zipSha256).not.toBe(a.zipSha256);
    } finally {
      if (before === undefined) delete process.env.TZ;
      else process.env.TZ = before;
    }
  });

  it('round-trips files and refuses two files of one name', () => {
    const zip = zipBundle([
      { name: 'a.txt', data: Buffer.from('one') },
      { name: 'b.txt', data: Buffer.from('two') },
    ]);
    expect(Buffer.from(unzipBundle(zip).get('b.txt')!).toString()).toBe('two');
    expect(() =>
      zipBundle([
        { name: 'a', data: new Uint8Array(1) },
        { name: 'a', data: new Uint8Array(1) },
      ]),
    ).toThrow(/two files named a/);
  });
});

describe('case package signature and verification', () => {
  it('verifies a fresh package and names the signer key', async () => {
    const made = await assembleCasePackage(content(), privateKey, null);
    const report = verifyCasePackage(made.zip, Buffer.from(made.signature), publicKey);
    expect(report.ok).toBe(true);
    expect(report.keyMatchesManifest).toBe(true);
    expect(verifyReportText(report)).toMatch(/^VERIFIED/);
    const wrongKey = verifyCasePackage(made.zip, Buffer.from(made.signature), other.publicKey);
    expect(wrongKey.ok).toBe(false);
    expect(wrongKey.signature).toBe('invalid');
    expect(wrongKey.keyMatchesManifest).toBe(false);
  });

  it('accepts only the exact signature file: every changed byte of it fails', async () => {
    const zip = zipBundle([{ name: 'x', data: Buffer.from('payload') }]);
    const signature = Buffer.from(signBundle(zip, privateKey));
    expect(verifyBundle(zip, signature, publicKey)).toBe(true);
    expect(readSignature(Buffer.concat([signature, Buffer.from('\n')]))).toBeNull();
    for (let i = 0; i < signature.length; i++) {
      for (const mask of [0x01, 0x02, 0x20, 0x80]) {
        const changed = Buffer.from(signature);
        changed[i] = changed[i]! ^ mask;
        expect(verifyBundle(zip, changed, publicKey), `byte ${i} ^ ${mask}`).toBe(false);
      }
    }
  });

  it('fails after any single byte of the zip changes, and names the file whose bytes changed', async () => {
    const made = await assembleCasePackage(content(), privateKey, null);
    const signature = Buffer.from(made.signature);
    const original = files(made.zip);
    let named = 0;
    // Every byte of the first local header and of the central directory and end record (the last
    // bytes), and a stride through the rest: headers, compressed data and descriptors of each file.
    const n = made.zip.length;
    const positions = new Set<number>();
    for (let i = 0; i < 100; i++) positions.add(i);
    for (let i = Math.max(0, n - 700); i < n; i++) positions.add(i);
    for (let i = 0; i < n; i += Math.max(1, Math.floor(n / 500))) positions.add(i);
    for (const i of positions) {
      const changed = Buffer.from(made.zip);
      changed[i] = changed[i]! ^ 0x01;
      const report = verifyCasePackage(changed, signature, publicKey);
      expect(report.ok, `byte ${i}`).toBe(false);
      expect(report.signature).toBe('invalid');
      // Which files really differ, found by unzipping here (not by verify's code).
      let differing: string[] | null;
      try {
        const opened = unzipSync(changed);
        differing = Object.keys(original).filter(
          (name) => !opened[name] || !Buffer.from(opened[name]).equals(Buffer.from(original[name]!)),
        );
      } catch {
        differing = null;
      }
      if (differing === null || report.errors.length > 0) continue;
      const reported = report.files.filter((f) => f.status !== 'ok').map((f) => f.name);
      const expected = differing.filter((name) => name !== MANIFEST_FILE);
      expect(reported.sort(), `byte ${i}`).toEqual(expect.arrayContaining(expected.sort()));
      if (expected.length > 0) named += 1;
    }
    // Most single-byte changes land in a file's compressed data and are named by file.
    expect(named).toBeGreaterThan(positions.size / 4);
  });
});

describe('case package picture', () => {
  it('draws the same SVG for the same graph whatever the order of its nodes', () => {
    const graph = sampleGraph();
    const reversed = { ...graph, nodes: [...graph.nodes].reverse() };
    const a = networkPicture(graph);
    expect(networkPicture(reversed)).toBe(a);
    expect(a).toContain('<svg');
    expect((a.match(/<circle /g) ?? []).length).toBe(graph.nodes.length);
    expect(a).not.toContain('NaN');
  });
});

// The public key as a PEM round-trips (what the key command writes and verify reads).
it('exports the public key in a form createPublicKey reads back', () => {
  const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  expect(createPublicKey(pem).asymmetricKeyType).toBe('ed25519');
});

it('refuses to unpack a zip whose files declare more than the limit', () => {
  const zip = zipBundle([{ name: 'big', data: new Uint8Array(10_000) }]);
  expect(unzipBundle(zip, 20_000).get('big')?.length).toBe(10_000);
  expect(() => unzipBundle(zip, 5_000)).toThrow(/declare more than 5000 bytes unpacked/);
});
