/**
 * Issue 19, writes and the doors around them, through yoga.fetch with real JWTs of GB and IE users:
 * loads only into (and from the import folder of) the caller's jurisdictions, roles and annotations
 * scoped to the jurisdictions that wrote them, load jobs private to their owner, tokens that must
 * expire, every route authenticated first, the body limit counted while reading, and one rate-limit
 * bucket per client address in development mode.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../src/config.ts';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { drainAudit } from '../../src/store/audit.ts';
import { executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { pollUntil } from '../support/poll.ts';
import { IDS, seed } from './seed.ts';

const SECRET = 'writes-test-secret-writes-test-secret';
const app = createApp({
  graphiql: false,
  authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
});

async function post(viewer: Viewer | string, query: string, variables: Record<string, unknown> = {}) {
  const token = typeof viewer === 'string' ? viewer : await signDevelopmentToken(SECRET, viewer);
  const response = await app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  return { status: response.status, ...((await response.json()) as { data?: any; errors?: any[] }) };
}

const user = (id: string, roles: Viewer['roles'], jurisdictions: string[]): Viewer => ({
  id,
  roles,
  jurisdictions,
});
const GB_LOADER = user('gb-loader', ['loader'], ['GB']);
const IE_LOADER = user('ie-loader', ['loader'], ['IE']);
const ALL_LOADER = user('all-loader', ['loader'], ['*']);
const GB_ADMIN = user('gb-admin', ['admin'], ['GB']);
const ALL_ADMIN = user('all-admin', ['admin'], ['*']);
const GB_INVESTIGATOR = user('gb-investigator', ['investigator', 'analyst'], ['GB']);
const IE_INVESTIGATOR = user('ie-investigator', ['investigator', 'analyst'], ['IE']);
const GB_IE_INVESTIGATOR = user('gb-ie-investigator', ['investigator', 'analyst'], ['GB', 'IE']);
const ALL_INVESTIGATOR = user('all-investigator', ['investigator', 'analyst'], ['*']);
const GB_ANALYST = user('gb-analyst', ['analyst'], ['GB']);
const IE_ANALYST = user('ie-analyst', ['analyst'], ['IE']);
const ALL_ANALYST = user('all-analyst', ['analyst'], ['*']);

const FIXTURE = resolve(import.meta.dirname, '../fixtures/tiny');
const ROOT = config().importDir;
const HERE = 'nk-writes';
const created: string[] = [];

function place(relative: string, write: (path: string) => void) {
  const path = join(ROOT, relative);
  mkdirSync(dirname(path), { recursive: true });
  rmSync(path, { force: true, recursive: true });
  write(path);
  created.push(path);
}

beforeAll(async () => {
  await cleanDatabase();
  await seed();
  // An Irish extract that mentions the GB bank's customer Ana: a person both jurisdictions hold.
  await executeWrite(
    `CREATE (ie:Extract {id: 'extract:ie-garda', name: 'ie-garda.csv', source: 'Garda', jurisdiction: 'IE',
       sha256: 'cc', status: 'complete', loadedAt: '2024-01-03T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
     WITH ie MATCH (ana:Person {id: $ana}) MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(ana)`,
    { ana: IDS.ana },
  );
  const statements = readFileSync(join(FIXTURE, 'bank-a-statements.csv'), 'utf8').split(/\r?\n/);
  const header = statements[0] as string;
  const good = statements.slice(1, 6);
  const bad = (statements[1] as string).replace('GB15 ALBN 2010 3700 0202 64', 'NOT AN IBAN');
  const withReject = [header, ...good, bad, ''].join('\r\n');
  for (const country of ['GB', 'IE']) {
    place(`${country}/${HERE}/statements.csv`, (p) => writeFileSync(p, withReject));
    place(`${country}/${HERE}/calls.csv`, (p) => copyFileSync(join(FIXTURE, 'telecom-cdr.csv'), p));
  }
  place(`${HERE}/statements.csv`, (p) => writeFileSync(p, withReject));
  // Symlinks: to a file outside the folder, to a folder outside it, and to another jurisdiction's file.
  place(`GB/${HERE}/outside.csv`, (p) => symlinkSync(join(FIXTURE, 'bank-a-statements.csv'), p));
  place(`GB/${HERE}/outside-dir`, (p) => symlinkSync(FIXTURE, p));
  place(`GB/${HERE}/irish.csv`, (p) => symlinkSync(join(ROOT, `IE/${HERE}/statements.csv`), p));
  place(`GB/${HERE}/a-folder/.keep`, (p) => writeFileSync(p, ''));
});
afterAll(async () => {
  for (const path of created.reverse()) rmSync(path, { force: true, recursive: true });
  await drainAudit();
  await closeDriver();
});

const LOAD = `mutation($input: LoadExtractInput!) { loadExtract(input: $input) { id status } }`;
const JOB = `query($id: String!) { loadJob(id: $id) { status error summary { status rowsRejected rejectsFile } } }`;

async function finished(viewer: Viewer, id: string) {
  return pollUntil(
    `load job ${id}`,
    async () => (await post(viewer, JOB, { id })).data?.loadJob as any,
    (job) => job?.status !== 'RUNNING',
  );
}

describe('loadExtract: a loader loads only into, and only from, their own jurisdictions', () => {
  it('refuses a jurisdiction the loader does not hold, by argument or by mapping, before reading', async () => {
    const nl = await post(GB_LOADER, LOAD, {
      input: { file: `GB/${HERE}/statements.csv`, mapping: 'bank-a', jurisdiction: 'NL', dryRun: true },
    });
    expect(nl.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // bank-b is a Dutch bank's mapping: without an argument the extract would be NL.
    const byMapping = await post(GB_LOADER, LOAD, {
      input: { file: `GB/${HERE}/statements.csv`, mapping: 'bank-b', dryRun: true },
    });
    expect(byMapping.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    // Checked before the file: the same answer whether it exists or not.
    const missing = await post(GB_LOADER, LOAD, {
      input: { file: `GB/${HERE}/no-such.csv`, mapping: 'bank-a', jurisdiction: 'NL' },
    });
    expect(missing.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("refuses another jurisdiction's folder, as GB or otherwise, without showing its header", async () => {
    const asGb = await post(GB_LOADER, LOAD, {
      input: { file: `IE/${HERE}/calls.csv`, mapping: 'bank-a', jurisdiction: 'GB', dryRun: true },
    });
    expect(asGb.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(JSON.stringify(asGb)).not.toMatch(/record_id|a_number/);
    const missing = await post(GB_LOADER, LOAD, {
      input: { file: `IE/${HERE}/nothing.csv`, mapping: 'bank-a', jurisdiction: 'GB', dryRun: true },
    });
    expect(missing.errors?.[0]?.message.replace('nothing', 'calls')).toBe(asGb.errors?.[0]?.message);
    // Files outside any jurisdiction folder are for loaders of every jurisdiction only.
    const shared = await post(GB_LOADER, LOAD, {
      input: { file: `${HERE}/statements.csv`, mapping: 'bank-a', dryRun: true },
    });
    expect(shared.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it('follows no symlink out of the folder, and one neutral message for every missing file', async () => {
    const answers = await Promise.all(
      ['no-such.csv', 'outside.csv', 'outside-dir/bank-a-statements.csv', 'irish.csv', 'a-folder'].map(
        async (name) =>
          [
            name,
            await post(GB_LOADER, LOAD, {
              input: { file: `GB/${HERE}/${name}`, mapping: 'bank-a', dryRun: true },
            }),
          ] as const,
      ),
    );
    const neutral = (name: string, message: string | undefined) => message?.replace(name, 'X');
    const [first] = answers;
    for (const [name, answer] of answers) {
      expect(answer.errors?.[0]?.extensions.code, name).toBe('NOT_FOUND');
      expect(neutral(name, answer.errors?.[0]?.message), name).toBe(
        neutral(first?.[0] as string, first?.[1].errors?.[0]?.message),
      );
      expect(answer.errors?.[0]?.message, name).not.toContain(ROOT);
    }
  });

  it('shows no server path in a failed job, and keeps the job to its owner and "*" admins', async () => {
    const started = await post(GB_LOADER, LOAD, {
      input: { file: `GB/${HERE}/calls.csv`, mapping: 'bank-a', dryRun: true },
    });
    expect(started.errors).toBeUndefined();
    const id = started.data.loadExtract.id;
    const job = await finished(GB_LOADER, id);
    expect(job.status).toBe('FAILED');
    expect(job.error).toMatch(/^GB\/nk-writes\/calls\.csv:1 column "[^"]+": /);
    expect(job.error).not.toContain(ROOT);
    expect(job.error).not.toContain(config().projectRoot);

    const other = await post(IE_LOADER, JOB, { id });
    expect(other.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    const gbAdmin = await post(GB_ADMIN, JOB, { id });
    expect(gbAdmin.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    expect(gbAdmin.errors?.[0]?.message).toBe(other.errors?.[0]?.message);
    const allAdmin = await post(ALL_ADMIN, JOB, { id });
    expect(allAdmin.data?.loadJob.status).toBe('FAILED');
  });

  it('writes one rejects file per load: a second dry run never overwrites the first', async () => {
    const input = { file: `GB/${HERE}/statements.csv`, mapping: 'bank-a', dryRun: true };
    const first = await post(GB_LOADER, LOAD, { input });
    const firstJob = await finished(GB_LOADER, first.data.loadExtract.id);
    expect(firstJob).toMatchObject({ status: 'COMPLETED', summary: { status: 'DRY_RUN', rowsRejected: 1 } });
    const firstFile = firstJob.summary.rejectsFile as string;
    expect(firstFile.startsWith('/')).toBe(false);
    const before = readFileSync(join(ROOT, firstFile), 'utf8');
    expect(before).toContain('NOT AN IBAN');

    const second = await post(ALL_LOADER, LOAD, { input });
    const secondJob = await finished(ALL_LOADER, second.data.loadExtract.id);
    expect(secondJob.status).toBe('COMPLETED');
    expect(secondJob.summary.rejectsFile).not.toBe(firstFile);
    expect(existsSync(join(ROOT, firstFile))).toBe(true);
    expect(readFileSync(join(ROOT, firstFile), 'utf8')).toBe(before);
  });

  it('loads a file of its own folder into its own jurisdiction', async () => {
    const started = await post(IE_LOADER, LOAD, {
      input: { file: `IE/${HERE}/statements.csv`, mapping: 'bank-a', jurisdiction: 'IE' },
    });
    expect(started.errors).toBeUndefined();
    const job = await finished(IE_LOADER, started.data.loadExtract.id);
    expect(job).toMatchObject({ status: 'COMPLETED', error: null, summary: { status: 'LOADED' } });
    const extracts = await post(
      user('ie-reader', ['analyst'], ['IE']),
      '{ extracts { edges { node { jurisdiction } } } }',
    );
    expect(new Set(extracts.data.extracts.edges.map((e: any) => e.node.jurisdiction))).toEqual(
      new Set(['IE']),
    );
    const gb = await post(GB_ANALYST, '{ extracts { edges { node { jurisdiction } } } }');
    expect(gb.data.extracts.edges.map((e: any) => e.node.jurisdiction)).not.toContain('IE');
  });
});

const RECORD = `mutation($input: RecordRoleInput!) { recordRole(input: $input) { entityId } }`;
const ROLES = `query($id: ID!) { entity(id: $id) { ... on Person { roles { caseId role recordedBy } } } }`;
const rolesAs = async (viewer: Viewer) =>
  (((await post(viewer, ROLES, { id: IDS.ana })).data?.entity.roles ?? []) as any[]).map(
    (r) => `${r.caseId} ${r.role}`,
  );

describe('recordRole: an investigator writes only into cases of their jurisdictions', () => {
  it("never lets GB overwrite IE's recorded victim, nor open a case in NL", async () => {
    const ie = await post(IE_INVESTIGATOR, RECORD, {
      input: { personId: IDS.ana, jurisdiction: 'IE', caseNumber: 'C-1', role: 'VICTIM' },
    });
    expect(ie.errors).toBeUndefined();
    const intoIe = await post(GB_INVESTIGATOR, RECORD, {
      input: { personId: IDS.ana, jurisdiction: 'IE', caseNumber: 'C-1', role: 'SUSPECT' },
    });
    expect(intoIe.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const intoNl = await post(GB_INVESTIGATOR, RECORD, {
      input: { personId: IDS.ana, jurisdiction: 'NL', caseNumber: 'N-1', role: 'SUSPECT' },
    });
    expect(intoNl.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(await rolesAs(IE_ANALYST)).toEqual(['case:IE|C-1 VICTIM']);
    const nlCase = await post(ALL_ANALYST, 'query($id: ID!) { entity(id: $id) { name } }', {
      id: 'case:NL|N-1',
    });
    expect(nlCase.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it("keeps each jurisdiction's roles side by side, each visible only to its own", async () => {
    const gb = await post(GB_INVESTIGATOR, RECORD, {
      input: { personId: IDS.ana, jurisdiction: 'GB', caseNumber: 'C-1', role: 'SUSPECT' },
    });
    expect(gb.errors).toBeUndefined();
    expect(await rolesAs(GB_ANALYST)).toEqual(['case:GB|C-1 SUSPECT']);
    expect(await rolesAs(IE_ANALYST)).toEqual(['case:IE|C-1 VICTIM']);
    expect((await rolesAs(ALL_ANALYST)).sort()).toEqual(['case:GB|C-1 SUSPECT', 'case:IE|C-1 VICTIM']);
    const ieCase = await post(GB_ANALYST, 'query($id: ID!) { entity(id: $id) { name } }', {
      id: 'case:IE|C-1',
    });
    expect(ieCase.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    // A user of both may change IE's record: they hold IE.
    const both = await post(GB_IE_INVESTIGATOR, RECORD, {
      input: { personId: IDS.ana, jurisdiction: 'IE', caseNumber: 'C-1', role: 'WITNESS' },
    });
    expect(both.errors).toBeUndefined();
    expect(await rolesAs(IE_ANALYST)).toEqual(['case:IE|C-1 WITNESS']);
    expect(await rolesAs(GB_ANALYST)).toEqual(['case:GB|C-1 SUSPECT']);
  });
});

const ANNOTATE = `mutation($id: ID!, $text: String, $tags: [String!]) { annotateEntity(id: $id, text: $text, tags: $tags) { id } }`;
const NOTES = `query($id: ID!) { entity(id: $id) { annotations { text author } tags } }`;
const notesAs = async (viewer: Viewer) => (await post(viewer, NOTES, { id: IDS.ana })).data?.entity;

describe('annotations and tags: read only by viewers of every jurisdiction their author held', () => {
  it("keeps IE's notes and tags from GB users and the reverse", async () => {
    for (const [author, text] of [
      [IE_INVESTIGATOR, 'IE note'],
      [GB_INVESTIGATOR, 'GB note'],
    ] as const) {
      const written = await post(author, ANNOTATE, { id: IDS.ana, text, tags: [text.replace(' ', '-')] });
      expect(written.errors).toBeUndefined();
    }
    expect(await notesAs(GB_ANALYST)).toEqual({
      annotations: [{ text: 'GB note', author: 'gb-investigator' }],
      tags: ['GB-note'],
    });
    expect(await notesAs(IE_ANALYST)).toEqual({
      annotations: [{ text: 'IE note', author: 'ie-investigator' }],
      tags: ['IE-note'],
    });
  });

  it("shows a note of a GB+IE author only to viewers of both, and a '*' author's only to '*' viewers", async () => {
    await post(GB_IE_INVESTIGATOR, ANNOTATE, { id: IDS.ana, text: 'both', tags: ['joint'] });
    await post(ALL_INVESTIGATOR, ANNOTATE, { id: IDS.ana, text: 'everything', tags: ['all'] });
    expect((await notesAs(GB_ANALYST)).tags).toEqual(['GB-note']);
    expect((await notesAs(IE_ANALYST)).tags).toEqual(['IE-note']);
    expect((await notesAs(user('gb-ie-analyst', ['analyst'], ['IE', 'GB']))).tags).toEqual([
      'GB-note',
      'IE-note',
      'joint',
    ]);
    expect((await notesAs(ALL_ANALYST)).tags).toEqual(['GB-note', 'IE-note', 'all', 'joint']);
  });
});

describe('tokens', () => {
  const claims = (jurisdictions: string[]) => ({ roles: ['analyst'], jurisdictions });
  const sign = (body: Record<string, unknown>, exp?: number) => {
    let jwt = new SignJWT(body).setProtectedHeader({ alg: 'HS256' }).setSubject('mallory').setIssuedAt();
    if (exp !== undefined) jwt = jwt.setExpirationTime(exp);
    return jwt.sign(new TextEncoder().encode(SECRET));
  };
  const now = () => Math.floor(Date.now() / 1000);

  it('refuses empty jurisdictions, no exp, and a lifetime over the maximum, with 401', async () => {
    const empty = await post(await sign(claims([]), now() + 600), '{ health { status } }');
    expect(empty.status).toBe(401);
    expect(empty.errors?.[0]?.message).toMatch(/"jurisdictions" claim is empty/);
    const forever = await post(await sign(claims(['GB'])), '{ health { status } }');
    expect(forever.status).toBe(401);
    expect(forever.errors?.[0]?.message).toMatch(/no expiry/);
    const month = await post(await sign(claims(['GB']), now() + 30 * 86_400), '{ health { status } }');
    expect(month.status).toBe(401);
    expect(month.errors?.[0]?.message).toMatch(/lifetime exceeds/);
    const fine = await post(await sign(claims(['GB']), now() + 600), '{ health { status } }');
    expect(fine.status).toBe(200);
  });
});

describe('routes authenticate before anything else', () => {
  const production = createApp({
    production: true,
    authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
  });

  it('answers 401, never 500, to a GraphiQL page request without a token when GraphiQL is off', async () => {
    for (const target of [production, app]) {
      for (const path of ['/graphql', '/graphql?query=%7Bhealth%7Bstatus%7D%7D']) {
        const response = await target.fetch(`http://skein.test${path}`, {
          headers: { accept: 'text/html,application/xhtml+xml' },
        });
        expect(response.status, path).toBe(401);
      }
    }
    const exported = await production.fetch('http://skein.test/export/network/x.json', {
      headers: { accept: 'text/html' },
    });
    expect(exported.status).toBe(401);
  });

  it('cuts a chunked body without Content-Length at the limit with 413', async () => {
    const limited = createApp({
      graphiql: false,
      authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
      limits: { maxBodyBytes: 4_096, ratePerMinute: 0, burst: 1 },
    });
    const token = await signDevelopmentToken(SECRET, ALL_ANALYST);
    const body = new TextEncoder().encode(
      JSON.stringify({ query: `{ health { status } } # ${'x'.repeat(200_000)}` }),
    );
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < body.length; i += 1_000) controller.enqueue(body.slice(i, i + 1_000));
        controller.close();
      },
    });
    const response = await limited.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(response.headers.get('content-length')).not.toBe(String(body.length));
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    const small = await limited.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(JSON.stringify({ query: '{ health { status } }' })));
          controller.close();
        },
      }),
      duplex: 'half',
    } as RequestInit);
    expect(small.status).toBe(200);
  });
});

describe('development mode rate limit', () => {
  it('gives each client address its own bucket', async () => {
    const dev = createApp({
      graphiql: false,
      authenticate: createAuthenticator({ mode: 'dev' }),
      limits: { maxBodyBytes: 65_536, ratePerMinute: 60, burst: 2, now: () => 0 }, // no refill mid-test
    });
    const from = async (address: string) =>
      (
        await dev.fetch(
          'http://skein.test/graphql',
          {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ query: '{ health { status } }' }),
          },
          { req: { socket: { remoteAddress: address } } },
        )
      ).status;
    expect([await from('10.0.0.1'), await from('10.0.0.1'), await from('10.0.0.1')]).toEqual([200, 200, 429]);
    expect(await from('10.0.0.2')).toBe(200);
  });
});
