/**
 * The leak suite's world: two jurisdictions, GB and IE, that share an account, a phone, an address
 * and a person (one passport number, a global key), loaded through the real loader from
 * test/fixtures/leaks. GB is built first (phase 1); IE (phase 2) then records, only in its own
 * extracts: other property values and name spellings on the shared nodes, IE-only accounts, phones
 * and people, IE-only payments and calls touching the shared ones, an IE-only HOLDS of a GB-visible
 * account and HAS_PHONE of a GB-visible phone, annotations, a VICTIM role in an IE case, an IE
 * detection run, and IE users' searches and loads in the audit trail. Every IE-only value is a
 * marker (harness.ts MARKERS).
 *
 * Issue #14's model is in it too (test/fixtures/leaks/*-police.csv, the suite's model extension
 * model.extension.yaml): a Vehicle both record (IE adds its own make and an IE-only USES and OWNS),
 * an IE-only Item seized from the shared person, offences of both at the shared address, a Report
 * both file with the shared account as a party in a different capacity each, a Vessel (extension
 * label) both record with IE-only OPERATES (extension type) in IE-only capacities, RELATED_TO of two
 * kinds between the shared person and a GB person, IE-only aggregated and undated PAID touching the
 * shared account, an IE extract with load warnings and an IE extract refused half-way (a partial
 * load, written one row per batch).
 *
 * Issue #13's matches too: GB's two persons are one identity by a GB rule (phase 1); phase 2 adds
 * matches a GB viewer may not read (a GB+IE run's, IE's own, one whose other end is IE-only).
 *
 * The import folder holds one sub-folder per jurisdiction (`GB/`, `IE/`): a file under `IE/` is
 * IE's. A server that keeps jurisdictions' files apart some other way changes IMPORT_DIR_OF.
 */
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { config } from '../../../src/config.ts';
import { LoadAbortedError } from '../../../src/ingest/load.ts';
import { foldText } from '../../../src/ingest/normalise/fold.ts';
import { MalformedFileError } from '../../../src/ingest/read/record.ts';
import { runLoad } from '../../../src/jobs/load.ts';
import { getJob } from '../../../src/jobs/registry.ts';
import { installExtension, readExtensionFile } from '../../../src/model/extension.ts';
import { entityId } from '../../../src/model/ids.ts';
import type { MatchType } from '../../../src/model/resolution-contract.ts';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { drainAudit } from '../../../src/store/audit.ts';
import { getRun, listNetworks } from '../../../src/store/read/analysis.ts';
import { getResolutionRun } from '../../../src/store/read/resolution-runs.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { cleanDatabase } from '../../support/db.ts';
import { storeMatches } from '../../support/identities.ts';
import { writeMatch } from '../../support/matches.ts';
import {
  GB_ANALYST,
  GB_INVESTIGATOR,
  GB_LOADER,
  gql,
  IE_ANALYST,
  IE_INVESTIGATOR,
  IE_LOADER,
} from './harness.ts';

export const FIXTURE = resolve(import.meta.dirname, '../../fixtures/leaks');
const PEOPLE_MAPPING = join(FIXTURE, 'mappings/leaks-people.yaml');
const PAYMENTS_MAPPING = join(FIXTURE, 'mappings/leaks-payments.yaml');
const POLICE_MAPPING = join(FIXTURE, 'mappings/leaks-police.yaml');
const MINORS_MAPPING = join(FIXTURE, 'mappings/leaks-minors.yaml');

/**
 * The suite's model extension (a Vessel label, an OPERATES type), active in this process from the
 * start; the CLI the suite starts gets it through SKEIN_MODEL_EXTENSION (leaks.test.ts).
 */
export const EXTENSION_FILE = join(FIXTURE, 'model.extension.yaml');
installExtension(readExtensionFile(EXTENSION_FILE));
/** Constraints the loader makes for the extension (dropped after the suite: other files expect the core). */
export const EXTENSION_CONSTRAINTS = ['vessel_id'];

/** Where a jurisdiction's files sit in the server's import folder (relative to it). */
export const IMPORT_DIR_OF = (jurisdiction: string) => `${jurisdiction}/leaks`;

/** Files in the import folder, relative to it, as loaders name them. */
export const IMPORTS = {
  gbCdr: `${IMPORT_DIR_OF('GB')}/gb-cdr.csv`,
  /** GB's people file under another name: loaded with the telecom mapping, it fails (weakness 6). */
  gbWrongLayout: `${IMPORT_DIR_OF('GB')}/gb-people-as-cdr.csv`,
  ieCdr: `${IMPORT_DIR_OF('IE')}/ie-IEONLY-cdr.csv`,
  ieCdr2: `${IMPORT_DIR_OF('IE')}/ie-IEONLY-cdr-2.csv`,
  iePeople: `${IMPORT_DIR_OF('IE')}/ie-IEONLY-people.csv`,
  /** A symbolic link in GB's folder to a file outside the import folder. */
  gbLinkOut: `${IMPORT_DIR_OF('GB')}/link-out.csv`,
} as const;

const address = (line: string) => entityId('Address', [foldText(line)]);
const organisation = (name: string) => entityId('Organisation', [foldText(name)]);

export const IDS = {
  // Shared: GB and IE both mention these.
  person: 'person:XS1000001',
  passport: 'doc:XS1000001',
  account: 'account:GB82WEST12345698765432',
  phone: 'phone:+447400123456',
  address: address('1 Baker Street NW1 6XE'),
  // GB mentions these, but only IE says the shared person holds / uses them.
  accountHeldPerIe: 'account:GB94BARC10201530093459',
  phoneUsedPerIe: 'phone:+447400333444',
  // GB only.
  gbPerson: 'person:GB2000002',
  gbPerson2: 'person:GB2000003',
  gbAccount: 'account:GB33BUKB20201555555555',
  gbAccount2: 'account:GB29NWBK60161331926819',
  gbPhone: 'phone:+447400654321',
  gbPhone2: 'phone:+447400111222',
  gbEmail: 'email:bob.stone@example.co.uk',
  gbOrganisation: organisation('Baker Street Bakery'),
  gbCase: entityId('Case', ['GB', 'GB-CASE-1']),
  // Issue #14's model. Shared: both record these (IE adds values and links of its own).
  vehicle: 'vehicle:GB12ABC',
  report: 'report:GB-SAR-1',
  vessel: 'vessel:9074729',
  // GB only.
  gbOffence: 'offence:GB-OFF-1',
  // IE only.
  ieItem: 'item:IEONLY-ITEM-1',
  ieOffence: 'offence:IEONLY-OFF-1',
  ieOffence2: 'offence:IEONLY-OFF-2',
  ieReport: 'report:IEONLY-SAR-2',
  // IE only.
  iePerson: 'person:IEONLY0004',
  iePerson2: 'person:IEONLY0005',
  iePassport: 'doc:IEONLY0004',
  ieAccount: 'account:IE29AIBK93115212345678',
  ieAccount2: 'account:IE95AIBK93115299887766',
  ieAccount3: 'account:IE70BOFI90001712345678',
  iePhone: 'phone:+353871234567',
  iePhone2: 'phone:+353861112223',
  ieCdr2Phone: 'phone:+353851239876',
  outsidePhone: 'phone:+353831230001',
  ieEmail: 'email:sean.ieonly@example.ie',
  ieAddress: address('9 Ieonly Street D02 IEONLY'),
  ieOrganisation: organisation('IEONLY Employer Ltd'),
  ieCase: entityId('Case', ['IE', 'IEONLY-CASE-1']),
} as const;

/** What GB's own extracts say the shared person holds and uses (leak 3: nothing more). */
export const GB_HOLDINGS_OF_PERSON: readonly string[] = [IDS.person, IDS.account, IDS.phone];

/** Ids that exist only after later steps, per phase (placeholders before they exist). */
export interface Refs {
  gbRun: string;
  gbNet0: string;
  gbNet1: string;
  gbJob: string;
  ieRun: string;
  ieNet0: string;
  ieNet1: string;
  ieJob: string;
  ieExtractPeople: string;
  ieExtractPeopleNode: string;
  gbResolution: string;
  ieResolution: string;
}

export const PLACEHOLDERS: Refs = {
  gbRun: 'run-19000101T000000-gb0000',
  gbNet0: 'run-19000101T000000-gb0000/net-gb0',
  gbNet1: 'run-19000101T000000-gb0000/net-gb1',
  gbJob: 'load:00000000-0000-4000-8000-0000000000gb',
  ieRun: 'run-19000101T000000-ie0000',
  ieNet0: 'run-19000101T000000-ie0000/net-ie0',
  ieNet1: 'run-19000101T000000-ie0000/net-ie1',
  ieJob: 'load:00000000-0000-4000-8000-0000000000ie',
  ieExtractPeople: 'extract:0000000000000000-ie',
  ieExtractPeopleNode: Buffer.from('Extract:extract:0000000000000000-ie').toString('base64'),
  gbResolution: 'resolution-19000101T000000-gb0000',
  ieResolution: 'resolution-19000101T000000-ie0000',
};

export const world = {
  refs: { ...PLACEHOLDERS } as Refs,
  gbNetworks: [] as string[],
  ieNetworks: [] as string[],
};

/** Copies the fixture files into the import folder (one folder per jurisdiction) and the symlink out. */
export function prepareImportFolder(): void {
  const root = config().importDir;
  const place = (from: string, to: string) => {
    const target = join(root, to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(FIXTURE, from), target);
  };
  for (const j of ['GB', 'IE']) rmSync(join(root, IMPORT_DIR_OF(j)), { recursive: true, force: true });
  rmSync(join(root, 'rejects'), { recursive: true, force: true });
  place('gb/gb-cdr.csv', IMPORTS.gbCdr);
  place('gb/gb-people.csv', IMPORTS.gbWrongLayout);
  place('ie/ie-IEONLY-cdr.csv', IMPORTS.ieCdr);
  place('ie/ie-IEONLY-cdr-2.csv', IMPORTS.ieCdr2);
  place('ie/ie-IEONLY-people.csv', IMPORTS.iePeople);
  const link = join(root, IMPORTS.gbLinkOut);
  if (existsSync(link)) rmSync(link);
  symlinkSync(join(FIXTURE, 'outside/outside-IEONLY-cdr.csv'), link);
}

const REJECTS = resolve(import.meta.dirname, '../../../.skein/test-rejects/leaks');

async function loadFixture(
  file: string,
  mapping: string,
  jurisdiction: string,
  source: string,
  actor: string,
  expect: { warnings?: boolean } = {},
): Promise<string> {
  const summary = await runLoad(
    {
      file: join(FIXTURE, file),
      mapping,
      jurisdiction,
      source,
      rejectsFile: join(REJECTS, `${file.replace(/\//g, '_')}.rejects.jsonl`),
    },
    {},
    actor,
  );
  if (summary.rowsRejected > 0)
    throw new Error(`leak suite: ${file} had rejected rows: ${summary.rejectsFile}`);
  // An extract meant to carry warnings that has none would test nothing; any other warning is a fixture error.
  if (summary.warnings > 0 !== Boolean(expect.warnings))
    throw new Error(
      `leak suite: ${file} had ${summary.warnings} warnings: ${JSON.stringify(summary.warningsByColumn)}`,
    );
  return summary.extractId;
}

/**
 * IE's load refused half-way: one row per batch, so the rows before the ragged line are in the
 * graph (touching the shared person, a GB phone and GB accounts) while the extract is failed.
 */
async function loadPartial(): Promise<void> {
  const file = 'ie/ie-IEONLY-partial.csv';
  try {
    await runLoad(
      {
        file: join(FIXTURE, file),
        mapping: PEOPLE_MAPPING,
        jurisdiction: 'IE',
        source: 'IEONLY Partial Records',
        batchSize: 1,
        rejectsFile: join(REJECTS, `${file.replace(/\//g, '_')}.rejects.jsonl`),
      },
      {},
      IE_LOADER.id,
    );
  } catch (error) {
    if (error instanceof MalformedFileError || error instanceof LoadAbortedError) return;
    throw error;
  }
  throw new Error(`leak suite: ${file} loaded in full; it must stop at its ragged line`);
}

/** Polls a job of the in-process registry until it is no longer running (a load is seconds). */
export async function jobDone(id: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const job = getJob(id);
    if (!job) throw new Error(`leak suite: no job ${id}`);
    if (job.status !== 'running') return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`leak suite: job ${id} still running after a minute`);
}

/** Polls a detection run until it is no longer running. */
export async function runDone(id: string): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const run = await getRun(id, FULL_SCOPE);
    if (run && run.status !== 'running') return run.status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`leak suite: run ${id} still running after a minute`);
}

/** Polls a resolution run until it is no longer running. */
export async function resolutionDone(id: string): Promise<string> {
  for (let i = 0; i < 1200; i++) {
    const run = await getResolutionRun(id, FULL_SCOPE);
    if (run && run.status !== 'running') return run.status;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`leak suite: resolution run ${id} still running after a minute`);
}

/** Starts a resolution run as `viewer` through the API and waits for it to complete. */
async function resolveAs(viewer: Parameters<typeof gql>[0], what: string): Promise<string> {
  const id = must<{ startResolution: { id: string } }>(
    await gql(viewer, START_RESOLUTION, { input: { seed: 7 } }),
    `${what} startResolution`,
  ).startResolution.id;
  if ((await resolutionDone(id)) !== 'completed')
    throw new Error(`leak suite: ${what} resolution run ${id} did not complete`);
  return id;
}

export const START_RESOLUTION = `mutation($input: StartResolutionInput) { startResolution(input: $input) { id status } }`;
export const LOAD = `mutation($input: LoadExtractInput!) { loadExtract(input: $input) { id status } }`;
export const START = `mutation($input: StartAnalysisInput) { startAnalysis(input: $input) { id status } }`;
export const ANNOTATE = `mutation($id: ID!, $text: String, $tags: [String!]) { annotateEntity(id: $id, text: $text, tags: $tags) { id } }`;
export const RECORD_ROLE = `mutation($input: RecordRoleInput!) { recordRole(input: $input) { entityId } }`;
export const CONFIRM = `mutation($input: JudgeMatchInput!) { confirmMatch(input: $input) { id jurisdictions } }`;
export const REJECT = `mutation($input: JudgeMatchInput!) { rejectMatch(input: $input) { id jurisdictions } }`;
export const WITHDRAW = `mutation($input: WithdrawJudgementInput!) { withdrawJudgement(input: $input) { id } }`;

/** An investigator of both jurisdictions: what they decide about a shared record is GB+IE's alone. */
export const GBIE_INVESTIGATOR: Viewer = {
  id: 'gbie-investigator-IEONLY',
  roles: ['analyst', 'investigator'],
  jurisdictions: ['GB', 'IE'],
};

/**
 * GB's matches and judgements (issue 13): a GB proposal between the two GB people, confirmations
 * joining the shared person to both, and a rejection of the shared person and the second — a
 * contradiction GB lists. Written as a GB resolution run and GB investigators would.
 */
async function gbMatches(): Promise<void> {
  await writeMatch({
    x: IDS.gbPerson,
    y: IDS.gbPerson2,
    jurisdictions: ['GB'],
    score: 0.91,
    runId: 'resolution-gb',
  });
  await writeMatch({
    type: 'SAME_AS',
    x: IDS.person,
    y: IDS.gbPerson,
    jurisdictions: ['GB'],
    by: 'rule:document',
    runId: 'resolution-gb',
  });
  must(
    await gql(GB_INVESTIGATOR, CONFIRM, {
      input: { a: IDS.gbPerson, b: IDS.gbPerson2, reason: 'GB: same phone' },
    }),
    'GB confirmMatch',
  );
  must(
    await gql(GB_INVESTIGATOR, REJECT, { input: { a: IDS.person, b: IDS.gbPerson2, reason: 'GB: not him' } }),
    'GB rejectMatch',
  );
}

/**
 * IE's and GB+IE's matches and judgements, each carrying the marker: an IE proposal of the shared
 * person and IE's person, a GB+IE proposal (and a GB+IE rule) touching GB-visible records, IE's
 * rejection, and a GB+IE investigator's confirmation of a pair GB judged otherwise.
 */
async function ieMatches(): Promise<void> {
  const ieonly = [{ feature: 'name', level: 'IEONLY-level', weight: 7.5, detail: 'IEONLY spelling' }];
  await writeMatch({
    x: IDS.person,
    y: IDS.iePerson,
    jurisdictions: ['IE'],
    score: 0.88,
    reasons: ieonly,
    runId: 'resolution-IEONLY',
  });
  await writeMatch({
    x: IDS.person,
    y: IDS.gbPerson2,
    jurisdictions: ['GB', 'IE'],
    score: 0.97,
    reasons: ieonly,
    runId: 'resolution-IEONLY-2',
  });
  await writeMatch({
    type: 'SAME_AS',
    x: IDS.gbPerson,
    y: IDS.gbPerson2,
    jurisdictions: ['GB', 'IE'],
    by: 'rule:IEONLY',
    runId: 'resolution-IEONLY-2',
  });
  must(
    await gql(IE_INVESTIGATOR, REJECT, {
      input: { a: IDS.person, b: IDS.iePerson2, reason: 'IEONLY reason' },
    }),
    'IE rejectMatch',
  );
  must(
    await gql(GBIE_INVESTIGATOR, CONFIRM, {
      input: { a: IDS.person, b: IDS.gbPerson2, reason: 'IEONLY: it is him' },
    }),
    'GB+IE confirmMatch',
  );
}

function must<T>(answer: { body: { data?: T; errors?: unknown[] } }, what: string): T {
  if (answer.body.errors || !answer.body.data) {
    throw new Error(`leak suite: ${what} failed: ${JSON.stringify(answer.body.errors)}`);
  }
  return answer.body.data;
}

async function networksOf(runId: string): Promise<string[]> {
  const page = await listNetworks(runId, FULL_SCOPE, { first: 50 });
  return page.nodes.map((n) => n.id);
}

/** Phase 1: GB's extracts, GB's knowledge, a GB detection run, GB users' own audit records. */
export async function buildGb(): Promise<void> {
  await cleanDatabase();
  prepareImportFolder();
  await loadFixture('gb/gb-people.csv', PEOPLE_MAPPING, 'GB', 'Metropolitan Test Records', GB_LOADER.id);
  await loadFixture('gb/gb-payments.csv', PAYMENTS_MAPPING, 'GB', 'Westminster Test Bank', GB_LOADER.id);
  await loadFixture('gb/gb-police.csv', POLICE_MAPPING, 'GB', 'Metropolitan Test Police', GB_LOADER.id);
  await loadFixture('gb/gb-minors.csv', MINORS_MAPPING, 'GB', 'Metropolitan Child Register', GB_LOADER.id);
  const job = must<{ loadExtract: { id: string } }>(
    await gql(GB_LOADER, LOAD, { input: { file: IMPORTS.gbCdr, mapping: 'telecom', jurisdiction: 'GB' } }),
    'GB CDR load',
  ).loadExtract.id;
  await jobDone(job);
  if (getJob(job)?.status !== 'completed') throw new Error(`leak suite: GB CDR load ${getJob(job)?.error}`);
  world.refs.gbJob = job;

  must(
    await gql(GB_INVESTIGATOR, ANNOTATE, { id: IDS.person, text: 'GB note on John', tags: ['gb-tag'] }),
    'GB annotation',
  );
  must(
    await gql(GB_INVESTIGATOR, ANNOTATE, {
      id: IDS.account,
      text: 'GB note on the account',
      tags: ['gb-acc'],
    }),
    'GB annotation',
  );
  must(
    await gql(GB_INVESTIGATOR, RECORD_ROLE, {
      input: {
        personId: IDS.person,
        jurisdiction: 'GB',
        caseNumber: 'GB-CASE-1',
        caseTitle: 'GB case',
        role: 'WITNESS',
        note: 'GB witness note',
      },
    }),
    'GB role',
  );
  // GB's matches before GB's detection run: a later GB run reads the same GB data (leak 2). The
  // resolution run first, since a run replaces its scope's earlier answers.
  world.refs.gbResolution = await resolveAs(GB_ANALYST, 'GB');
  must(await gql(GB_ANALYST, '{ search(text: "John Murphy") { totalCount } }'), 'GB search');
  await gbMatches();
  // Issue #13: a GB rule's match joins GB's two persons into one identity.
  await storeMatches([{ type: 'SAME_AS', a: IDS.gbPerson, b: IDS.gbPerson2, jurisdictions: ['GB'] }]);
  // A GB proposal between two GB records (decided for GB by the rule and the confirmation).
  await writeRawMatch('POSSIBLY_SAME_AS', IDS.gbPerson, IDS.gbPerson2, ['GB'], 0.9, 'GB proposal');
  const run = must<{ startAnalysis: { id: string } }>(
    await gql(GB_ANALYST, START, { input: { seed: 7 } }),
    'GB startAnalysis',
  ).startAnalysis.id;
  if ((await runDone(run)) !== 'completed') throw new Error(`leak suite: GB run ${run} did not complete`);
  world.refs.gbRun = run;
  world.gbNetworks = await networksOf(run);
  world.refs.gbNet0 = world.gbNetworks[0] ?? PLACEHOLDERS.gbNet0;
  world.refs.gbNet1 = world.gbNetworks[1] ?? PLACEHOLDERS.gbNet1;
  await drainAudit();
}

/**
 * A stored match per model/resolution-contract.ts, written as a resolution run or a judgement would
 * (issue #13) through the one test writer, with this suite's values (the evidence strings are what
 * the leak tests look for).
 */
async function writeRawMatch(
  type: MatchType,
  x: string,
  y: string,
  jurisdictions: string[],
  score: number | null,
  detail: string,
): Promise<void> {
  await writeMatch({
    type,
    x,
    y,
    jurisdictions,
    by: type === 'POSSIBLY_SAME_AS' ? 'score' : 'judgement',
    runId: type === 'POSSIBLY_SAME_AS' ? `resolution-${jurisdictions.join('-')}` : null,
    judgementId: type === 'POSSIBLY_SAME_AS' ? null : `judgement-${jurisdictions.join('-')}-${x < y ? x : y}`,
    score,
    matchWeight: score === null ? null : Math.log2(score / (1 - score)),
    reasons: [{ feature: 'name', level: 'typo', weight: 5.5, detail }],
    evidenceKey: `evidence-${detail}`,
    createdAt: '2026-12-06T10:00:00Z',
  });
}

/** Phase 2: IE's extracts, IE's knowledge, an IE detection run, IE users' audit records. */
export async function buildIe(): Promise<void> {
  const people = await loadFixture(
    'ie/ie-IEONLY-people.csv',
    PEOPLE_MAPPING,
    'IE',
    'Garda IEONLY Records',
    IE_LOADER.id,
  );
  world.refs.ieExtractPeople = people;
  world.refs.ieExtractPeopleNode = Buffer.from(`Extract:${people}`).toString('base64');
  await loadFixture('ie/ie-IEONLY-payments.csv', PAYMENTS_MAPPING, 'IE', 'IEONLY Bank Feed', IE_LOADER.id);
  // Its last row has a date and an IBAN that do not parse: two warnings, the row loads without them.
  await loadFixture('ie/ie-IEONLY-police.csv', POLICE_MAPPING, 'IE', 'Garda IEONLY Police', IE_LOADER.id, {
    warnings: true,
  });
  await loadPartial();
  const job = must<{ loadExtract: { id: string } }>(
    await gql(IE_LOADER, LOAD, {
      input: { file: IMPORTS.ieCdr, mapping: 'telecom', jurisdiction: 'IE', source: 'IEONLY Telecom' },
    }),
    'IE CDR load',
  ).loadExtract.id;
  await jobDone(job);
  if (getJob(job)?.status !== 'completed') throw new Error(`leak suite: IE CDR load ${getJob(job)?.error}`);
  world.refs.ieJob = job;

  for (const id of [IDS.person, IDS.account, IDS.phone]) {
    must(
      await gql(IE_INVESTIGATOR, ANNOTATE, { id, text: `IEONLY note on ${id}`, tags: ['ieonly-tag'] }),
      'IE annotation',
    );
  }
  must(
    await gql(IE_INVESTIGATOR, RECORD_ROLE, {
      input: {
        personId: IDS.person,
        jurisdiction: 'IE',
        caseNumber: 'IEONLY-CASE-1',
        caseTitle: 'IEONLY case title',
        role: 'VICTIM',
        note: 'IEONLY victim note',
      },
    }),
    'IE role',
  );
  const run = must<{ startAnalysis: { id: string } }>(
    await gql(IE_ANALYST, START, { input: { seed: 7 } }),
    'IE startAnalysis',
  ).startAnalysis.id;
  if ((await runDone(run)) !== 'completed') throw new Error(`leak suite: IE run ${run} did not complete`);
  world.refs.ieRun = run;
  world.ieNetworks = await networksOf(run);
  world.refs.ieNet0 = world.ieNetworks[0] ?? PLACEHOLDERS.ieNet0;
  world.refs.ieNet1 = world.ieNetworks[1] ?? PLACEHOLDERS.ieNet1;
  world.refs.ieResolution = await resolveAs(IE_ANALYST, 'IE');
  must(
    await gql(IE_ANALYST, '{ search(text: "IEONLY secret search Ieonlyspelling") { totalCount } }'),
    'IE search',
  );
  await ieMatches();
  // Issue #13: matches a GB viewer must not read — a GB+IE run's between two GB-visible persons, IE's
  // own, and a GB-made one whose other end is IE-only — which would join GB's identity to IE records.
  await storeMatches([
    { type: 'SAME_AS', a: IDS.gbPerson, b: IDS.person, jurisdictions: ['GB', 'IE'] },
    { type: 'SAME_AS', a: IDS.person, b: IDS.iePerson, jurisdictions: ['IE'] },
    { type: 'SAME_AS', a: IDS.gbPerson2, b: IDS.iePerson, jurisdictions: ['GB'] },
    { type: 'SAME_AS', a: IDS.gbOrganisation, b: IDS.ieOrganisation, jurisdictions: ['IE'] },
    { type: 'POSSIBLY_SAME_AS', a: IDS.gbPerson, b: IDS.iePerson2, jurisdictions: ['GB', 'IE'] },
  ]);
  // Matches made for GB+IE viewers (issue #13): between GB records (a stronger proposal, a
  // rejection and a confirmation of GB's own pair) and between a GB and an IE record. A GB viewer's
  // answers must not change: none of these is theirs to read.
  await writeRawMatch('POSSIBLY_SAME_AS', IDS.gbPerson, IDS.gbPerson2, ['GB', 'IE'], 0.99, 'IEONLY proposal');
  await writeRawMatch('NOT_SAME_AS', IDS.gbPerson, IDS.gbPerson2, ['GB', 'IE'], null, 'IEONLY rejection');
  await writeRawMatch('SAME_AS', IDS.person, IDS.gbPerson, ['GB', 'IE'], null, 'IEONLY confirmation');
  await writeRawMatch('POSSIBLY_SAME_AS', IDS.gbPerson, IDS.iePerson, ['GB', 'IE'], 0.97, 'IEONLY cross');
  await writeRawMatch('POSSIBLY_SAME_AS', IDS.iePerson, IDS.iePerson2, ['IE'], 0.95, 'IEONLY IE proposal');
  await drainAudit();
}
