/**
 * Case packages (issue 18 item 2) against the real Neo4j, in the two-jurisdiction world (the tiny
 * fixture split over GB and IE, runs of GB and of everything started through the API): a package
 * made for a GB authority holds no string only an IE extract holds — in ANY file of the unzipped
 * bundle, the PDF's text and the manifest included — while a GB+IE package does; the package
 * verifies offline (also through the CLI, with no database) and fails after any single changed byte;
 * making it is audited with who, what and for whom, with the zip's SHA-256.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createPublicKey } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { parseManifest } from '../../src/export/case-package/manifest.ts';
import { loadPrivateKey } from '../../src/export/case-package/sign.ts';
import { verifyCasePackage } from '../../src/export/case-package/verify.ts';
import { buildCasePackage, CasePackageError } from '../../src/serve/case-package/build.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { readAudit } from '../../src/store/audit.ts';
import { FULL_SCOPE } from '../../src/store/read/scope.ts';
import { executeRead, executeWrite } from '../../src/store/run.ts';
import { pdfText } from '../support/pdf-text.ts';
import { analyst, jwtClient, twoJurisdictionRuns } from '../support/two-jurisdictions.ts';

// The server's signing key, configured before src/config.ts is first read (vi.hoisted runs first).
const KEYS = await vi.hoisted(async () => {
  const { generateKeyPairSync } = await import('node:crypto');
  const fs = await import('node:fs');
  const path = await import('node:path');
  const dir = path.resolve(import.meta.dirname, '../../.skein/test-case-packages');
  fs.mkdirSync(dir, { recursive: true });
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const privateFile = path.join(dir, 'key.pem');
  const publicFile = path.join(dir, 'key.pub.pem');
  fs.writeFileSync(privateFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
  fs.writeFileSync(publicFile, publicKey.export({ type: 'spki', format: 'pem' }));
  process.env.SKEIN_CASE_PACKAGE_KEY = privateFile;
  return { dir, privateFile, publicFile };
});

const GB_IE = analyst('gb-ie-analyst', ['GB', 'IE']);
const GB = analyst('gb-analyst', ['GB']);
const ROOT = join(import.meta.dirname, '../..');

const client = jwtClient('case-packages-secret-case-packages-secret');
const { as, get } = client;
const runs = twoJurisdictionRuns('case-packages', client);

const publicKey = () => createPublicKey(readFileSync(KEYS.publicFile));

/** Strings only IE extracts hold: their ids, names and hashes, and every fact value no GB extract records. */
async function ieOnlyStrings(): Promise<string[]> {
  const facts = async (jurisdiction: string) =>
    executeRead(
      `MATCH (x:Extract {jurisdiction: $jurisdiction})-[me:MENTIONS]->(n)
       RETURN x.id AS extract, x.name AS name, x.sha256 AS sha256, n.id AS node, properties(me) AS props`,
      { jurisdiction },
    );
  const values = (rows: Awaited<ReturnType<typeof facts>>) => {
    const out = new Set<string>();
    for (const row of rows) {
      for (const [key, value] of Object.entries(row.props as Record<string, unknown>)) {
        if (!key.startsWith('p_') && key !== 'names') continue;
        for (const v of Array.isArray(value) ? value : [value]) if (typeof v === 'string') out.add(v);
      }
    }
    return out;
  };
  const ie = await facts('IE');
  const gb = await facts('GB');
  const gbText = [
    ...values(gb),
    ...gb.map((r) => String(r.node)),
    ...gb.map((r) => String(r.extract)),
    ...['bank-a-statements.csv', 'telecom-cdr.csv', 'tenancy-register.csv'].map((f) =>
      readFileSync(join(ROOT, 'test/fixtures/tiny', f), 'utf8'),
    ),
  ]
    .join('\n')
    .toLowerCase();
  const gbNodes = new Set(gb.map((r) => String(r.node)));
  const candidates = new Set<string>();
  for (const row of ie) {
    candidates.add(String(row.extract));
    candidates.add(String(row.name));
    candidates.add(String(row.sha256));
    if (!gbNodes.has(String(row.node))) candidates.add(String(row.node));
  }
  for (const v of values(ie)) candidates.add(v);
  // Long enough to mean something, and nowhere in anything GB holds (a GB package may show those).
  return [...candidates].filter(
    (s) => s.length >= 6 && /[a-z]/i.test(s) && !gbText.includes(s.toLowerCase()),
  );
}

/** Every file of a package as text (the PDF as its shown text), by name. */
function textsOf(zip: Uint8Array): Map<string, string> {
  const texts = new Map<string, string>();
  for (const [name, data] of Object.entries(unzipSync(zip))) {
    texts.set(name, name.endsWith('.pdf') ? pdfText(data) : Buffer.from(data).toString('utf8'));
  }
  return texts;
}

function leaks(texts: Map<string, string>, probes: string[]): string[] {
  const found: string[] = [];
  for (const [name, text] of texts)
    for (const probe of probes) if (text.includes(probe)) found.push(`${name}: ${probe}`);
  return found;
}

/** A package over HTTP: the delivery zip's two files (the package and its signature). */
async function viaHttp(viewer: Viewer, path: string) {
  const response = await get(viewer, path);
  const body = new Uint8Array(await response.arrayBuffer());
  if (response.status !== 200) return { status: response.status, text: Buffer.from(body).toString('utf8') };
  const files = unzipSync(body);
  const zipName = Object.keys(files).find((n) => n.endsWith('.zip'))!;
  return {
    status: 200,
    text: '',
    zip: files[zipName]!,
    signature: files[`${zipName}.sig`]!,
    id: response.headers.get('x-skein-case-package-id')!,
    sha256: response.headers.get('x-skein-case-package-sha256')!,
  };
}

const NETWORKS = `query($runId: String) { networks(runId: $runId, first: 200) { edges { node {
  id jurisdictions { jurisdiction } } } } }`;

/** A network of the GB run whose evidence IE extracts also hold (as a GB+IE viewer sees it). */
async function crossBorderNetwork(): Promise<string> {
  const networks = (await as(GB_IE, NETWORKS, { runId: runs.gb })).networks.edges.map((e: any) => e.node);
  const found = networks.find((n: any) => n.jurisdictions.some((j: any) => j.jurisdiction === 'IE'));
  expect(found, 'a GB network whose members IE extracts record').toBeDefined();
  return found.id as string;
}

const path = (network: string, query: string) =>
  `/export/case-package/network/${encodeURIComponent(network)}.zip?${query}`;

describe('case packages', () => {
  it('holds for a GB authority nothing only IE holds, in any file; for GB+IE, IE facts too', async () => {
    const probes = await ieOnlyStrings();
    expect(probes.length).toBeGreaterThan(10);
    const network = await crossBorderNetwork();
    const gbPackage = await viaHttp(GB_IE, path(network, 'for=National+Crime+Agency&jurisdictions=GB'));
    expect(gbPackage.status, gbPackage.text).toBe(200);
    const gbTexts = textsOf(gbPackage.zip!);
    expect([...gbTexts.keys()].sort()).toEqual([
      'entities.ftm.jsonl',
      'graph.json',
      'i2-entities.csv',
      'i2-links.csv',
      'manifest.json',
      'report.html',
      'report.pdf',
    ]);
    expect(leaks(gbTexts, probes)).toEqual([]);
    // The PDF reader works on this very file: the authority and a GB extract are in its text.
    expect(gbTexts.get('report.pdf')).toContain('National Crime Agency');
    expect(gbTexts.get('report.pdf')).toContain('bank-a-statements.csv');

    const bothPackage = await viaHttp(
      GB_IE,
      path(network, 'for=Joint+Investigation+Team&jurisdictions=GB,IE'),
    );
    expect(bothPackage.status, bothPackage.text).toBe(200);
    const bothTexts = textsOf(bothPackage.zip!);
    for (const name of ['manifest.json', 'graph.json', 'report.html', 'report.pdf', 'i2-entities.csv']) {
      expect(
        leaks(new Map([[name, bothTexts.get(name)!]]), probes).length,
        `${name} of the GB+IE package holds IE facts`,
      ).toBeGreaterThan(0);
    }
    // The manifest lists IE statements with their extract and hash for GB+IE, none for GB.
    const gbManifest = parseManifest(gbTexts.get('manifest.json')!);
    const bothManifest = parseManifest(bothTexts.get('manifest.json')!);
    expect(gbManifest.readJurisdictions).toEqual(['GB']);
    expect(gbManifest.evidence.every((item) => item.jurisdiction !== 'IE')).toBe(true);
    expect(bothManifest.evidence.some((item) => item.jurisdiction === 'IE')).toBe(true);
    for (const item of bothManifest.evidence.filter((i) => i.extractId !== null)) {
      expect(item.extractSha256, item.id).toMatch(/^[0-9a-f]{64}$/);
      expect(item.row, item.id).toBeGreaterThan(0);
    }
  });

  it('reads with the jurisdictions both may see: a GB maker packages GB only, even for GB+IE', async () => {
    const probes = await ieOnlyStrings();
    const network = await crossBorderNetwork();
    const made = await viaHttp(
      GB,
      path(network, 'for=Joint+Investigation+Team&jurisdictions=GB,IE&pdf=false'),
    );
    expect(made.status, made.text).toBe(200);
    const texts = textsOf(made.zip!);
    expect(leaks(texts, probes)).toEqual([]);
    expect(parseManifest(texts.get('manifest.json')!).readJurisdictions).toEqual(['GB']);
    expect(texts.has('report.pdf')).toBe(false);
    // A network of the run over everything is no GB authority's: answered as missing.
    const all = (await as(analyst('all-analyst', ['*']), NETWORKS, { runId: runs.all })).networks.edges[0]
      .node.id;
    const refused = await viaHttp(analyst('all-analyst', ['*']), path(all, 'for=NCA&jurisdictions=GB'));
    expect(refused.status).toBe(404);
    // Recipients name jurisdictions; minors need the maker's own entitlement.
    expect((await viaHttp(GB_IE, path(network, 'for=X&jurisdictions=*'))).status).toBe(400);
    expect((await viaHttp(GB_IE, path(network, 'jurisdictions=GB'))).status).toBe(400);
    expect((await viaHttp(GB_IE, path(network, 'for=X&jurisdictions=GB&minors=true'))).status).toBe(403);
    expect((await viaHttp(GB, path(network, 'for=X&jurisdictions=IE'))).status).toBe(403);
  });

  it('verifies offline, also through the CLI, and fails after any changed byte', async () => {
    const network = await crossBorderNetwork();
    const made = await viaHttp(GB_IE, path(network, 'for=National+Crime+Agency&jurisdictions=GB&pdf=false'));
    expect(made.status, made.text).toBe(200);
    const zip = made.zip!;
    const signature = made.signature!;
    expect(verifyCasePackage(zip, signature, publicKey()).ok).toBe(true);
    const n = zip.length;
    const step = Math.max(1, Math.floor(n / 300));
    for (let i = 0; i < n; i += step) {
      const changed = Buffer.from(zip);
      changed[i] = changed[i]! ^ 0x40;
      expect(verifyCasePackage(changed, signature, publicKey()).ok, `zip byte ${i}`).toBe(false);
    }
    for (let i = n - 200; i < n; i++) {
      const changed = Buffer.from(zip);
      changed[i] = changed[i]! ^ 0x01;
      expect(verifyCasePackage(changed, signature, publicKey()).ok, `zip byte ${i}`).toBe(false);
    }
    for (let i = 0; i < signature.length; i++) {
      const changed = Buffer.from(signature);
      changed[i] = changed[i]! ^ 0x01;
      expect(verifyCasePackage(zip, changed, publicKey()).ok, `signature byte ${i}`).toBe(false);
    }
    // The command, with no database: exit 0, then 1 naming the changed file.
    const dir = join(KEYS.dir, 'cli');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'p.zip'), zip);
    writeFileSync(join(dir, 'p.zip.sig'), signature);
    const env = { ...process.env, NEO4J_URI: 'bolt://127.0.0.1:1' };
    const verify = () =>
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'src/cli/verify-case-package.ts',
          join(dir, 'p.zip'),
          '--public-key',
          KEYS.publicFile,
        ],
        { cwd: ROOT, env, encoding: 'utf8' },
      );
    expect(verify()).toMatch(/^VERIFIED/);
    const opened = unzipSync(zip);
    const ftm = Buffer.from(opened['entities.ftm.jsonl']!).toString('utf8');
    opened['entities.ftm.jsonl'] = Buffer.from(ftm.replace(/"name":\["/, '"name":["X'));
    const { zipSync } = await import('fflate');
    writeFileSync(join(dir, 'p.zip'), zipSync(opened));
    let failure: { status: number; stdout: string } | undefined;
    try {
      verify();
    } catch (error) {
      failure = error as { status: number; stdout: string };
    }
    expect(failure?.status).toBe(1);
    expect(failure?.stdout).toMatch(/CHANGED\s+entities\.ftm\.jsonl/);
    expect(failure?.stdout).toMatch(/signature: INVALID/);
  });

  it('makes the same package from the CLI, which the verify command accepts; refusals exit 2', async () => {
    const network = await crossBorderNetwork();
    const out = join(KEYS.dir, 'cli-made');
    rmSync(out, { recursive: true, force: true });
    const run = (args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/case-package.ts', ...args], {
        cwd: ROOT,
        env: process.env,
        encoding: 'utf8',
      });
    const made = run([
      '--network',
      network,
      '--for',
      'National Crime Agency',
      '--jurisdictions',
      'GB',
      '--no-pdf',
      '--key',
      KEYS.privateFile,
      '--out',
      out,
    ]);
    expect(made.status, made.stderr).toBe(0);
    const zipName = readdirSync(out).find((f) => f.endsWith('.zip'))!;
    expect(readdirSync(out).sort()).toEqual([zipName, `${zipName}.sig`]);
    const zip = readFileSync(join(out, zipName));
    const report = verifyCasePackage(zip, readFileSync(join(out, `${zipName}.sig`)), publicKey());
    expect(report.ok).toBe(true);
    expect(report.manifest?.madeBy).toMatch(/^cli:/);
    expect(leaks(textsOf(zip), await ieOnlyStrings())).toEqual([]);
    const refused = run([
      '--network',
      network,
      '--for',
      'X',
      '--jurisdictions',
      '*',
      '--no-pdf',
      '--key',
      KEYS.privateFile,
      '--out',
      out,
    ]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/never "\*"/);
  });

  it('audits the disclosure before the bundle is returned: who, what, for whom and the zip hash', async () => {
    const network = await crossBorderNetwork();
    const made = await viaHttp(
      GB_IE,
      path(network, 'for=Garda+National+Protective+Services+Bureau&jurisdictions=IE,GB&pdf=false'),
    );
    expect(made.status).toBe(200);
    const records = await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 100_000 });
    const record = records.find((r) => r.operation.startsWith('case-package') && r.args.includes(made.id!));
    expect(record).toBeDefined();
    expect(record).toMatchObject({
      actor: GB_IE.id,
      action: 'export',
      outcome: 'OK',
      operation: `case-package network ${network} for Garda National Protective Services Bureau`,
    });
    const args = JSON.parse(record!.args);
    expect(args.recipient).toEqual({
      name: 'Garda National Protective Services Bureau',
      jurisdictions: ['GB', 'IE'],
      minors: false,
    });
    expect(args.zipSha256).toBe(made.sha256);
    const manifest = parseManifest(Buffer.from(unzipSync(made.zip!)['manifest.json']!).toString('utf8'));
    expect(record!.entityIds.sort()).toEqual(
      [...new Set(manifest.evidence.filter((i) => i.kind === 'entity').map((i) => i.id))].sort(),
    );
  });

  it('fails closed: no package leaves while the audit trail refuses its record', async () => {
    const network = await crossBorderNetwork();
    const url = path(network, 'for=National+Crime+Agency&jurisdictions=GB&pdf=false');
    // A record outside the chain at the head's next seq: the next append violates audit_record_seq.
    const [head] = await executeRead("MATCH (h:AuditHead {id: 'head'}) RETURN h.seq AS seq");
    await executeWrite('CREATE (:AuditRecord {seq: $seq, stray: true})', { seq: Number(head?.seq ?? 0) + 1 });
    try {
      const response = await get(GB_IE, url);
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toContain('AUDIT_UNAVAILABLE');
    } finally {
      await executeWrite('MATCH (a:AuditRecord {stray: true}) DELETE a');
    }
    expect((await viaHttp(GB_IE, url)).status).toBe(200);
  });

  it('packages hand-picked entities through the same builder, leaving out what the authority may not see', async () => {
    const probes = await ieOnlyStrings();
    const ieOnly = await executeRead(
      `MATCH (x:Extract {jurisdiction: 'IE'})-[:MENTIONS]->(n)
       WHERE NOT EXISTS { MATCH (g:Extract {jurisdiction: 'GB'})-[:MENTIONS]->(n) } RETURN n.id AS id LIMIT 3`,
    );
    const gbSome = await executeRead(
      `MATCH (x:Extract {jurisdiction: 'GB'})-[:MENTIONS]->(n:Person) RETURN DISTINCT n.id AS id ORDER BY id LIMIT 5`,
    );
    const ids = [...gbSome, ...ieOnly].map((r) => String(r.id));
    const made = await buildCasePackage({
      maker: GB_IE,
      recipient: { name: 'NCA', jurisdictions: ['GB'], minors: false },
      target: { entityIds: ids },
      key: loadPrivateKey(KEYS.privateFile),
      pdf: false,
      chromiumPath: '/nonexistent',
    });
    expect(made.leftOut).toBe(ieOnly.length);
    expect(made.manifest.subject).toEqual({ kind: 'entities', entityIds: gbSome.map((r) => String(r.id)) });
    expect(leaks(textsOf(made.zip), probes)).toEqual([]);
    expect(verifyCasePackage(made.zip, Buffer.from(made.signature), publicKey()).ok).toBe(true);
    // No Chromium: the PDF cannot be printed, and the command says so (unless told to leave it out).
    await expect(
      buildCasePackage({
        maker: GB_IE,
        recipient: { name: 'NCA', jurisdictions: ['GB'], minors: false },
        target: { entityIds: ids },
        key: loadPrivateKey(KEYS.privateFile),
        pdf: true,
        chromiumPath: '/nonexistent/chromium',
      }),
    ).rejects.toThrow(/no Chromium at \/nonexistent\/chromium/);
    await expect(
      buildCasePackage({
        maker: GB,
        recipient: { name: 'NCA', jurisdictions: ['GB'], minors: false },
        target: { entityIds: ieOnly.map((r) => String(r.id)) },
        key: loadPrivateKey(KEYS.privateFile),
        pdf: false,
        chromiumPath: '/nonexistent',
      }),
    ).rejects.toBeInstanceOf(CasePackageError);
  });
});
