/**
 * Every read the leak suite makes as a GB user, as a list of probes: the walker's generated
 * GraphQL documents (as the GB analyst, or a GB user holding the role a field needs), every export
 * format of every subject, and the page's own API calls (src/serve/viewer/queries.ts, api.ts).
 * Each probe is asked once after GB's data (phase 1) and once after IE's (phase 2).
 */
import { generateKeyPairSync } from 'node:crypto';
import { unzipSync } from 'fflate';
import { EXPORT_FORMATS } from '../../../src/export/formats.ts';
import {
  buildCasePackage,
  CasePackageError,
  type CasePackageTarget,
} from '../../../src/serve/case-package/build.ts';
import { schema } from '../../../src/serve/schema/index.ts';
import { exportPath, type Subject } from '../../../src/serve/viewer/api.ts';
import { NETWORK, NETWORKS, SEARCH } from '../../../src/serve/viewer/queries.ts';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { echoesOf, FILLERS, WINDOW } from './fillers.ts';
import { GB_ADMIN, GB_ANALYST, GB_LOADER, getPath, gql } from './harness.ts';
import { type GeneratedQuery, generateQueries, MissingFillerError, render } from './walker.ts';
import { IDS, type Refs } from './world.ts';

/** Concrete types the world holds; fragments on the others would select nothing (see the guard test). */
export const WORLD_TYPES = new Set([
  'Person',
  'IdentityDocument',
  'Phone',
  'Email',
  'Account',
  'Address',
  'Organisation',
  'Case',
  'Extract',
  'Vehicle',
  'Item',
  'Offence',
  'Report',
  'GenericEntity',
]);

/** Types the world does not hold, each with the reason; a type in neither list fails the guard test. */
export const ABSENT_TYPES: Record<string, string> = {
  BenefitClaim:
    'no benefit extracts in the fixture; its fields are selected wherever Entity is, as interface fields',
  Journey: 'no travel extracts in the fixture',
  Route: 'no travel extracts in the fixture',
  Location: 'no cash withdrawals or travel in the fixture',
};

/** Root fields the analyst may not call, and the GB users who may (roles matter for these). */
export const ROLE_VIEWERS: Record<string, Viewer[]> = {
  'Query.auditTrail': [GB_ADMIN],
  'Query.verifyAuditTrail': [GB_ADMIN],
  'Query.loadJob': [GB_LOADER, GB_ADMIN],
};

export interface Probe {
  title: string;
  /** The Query field, export route or page call, for the report. */
  field: string;
  ask(refs: Refs): Promise<{ status: number; text: string }>;
  echoes(refs: Refs): string[];
  /** The part of the answer the marker scan reads (default: all of it). */
  scanned?(text: string): string;
}

/**
 * A GB admin's audit trail holds GB users' own records, which may name what they typed (the suite's
 * probes ask for IE ids and IE spellings on purpose); only other users' records are scanned.
 */
function othersRecords(text: string): string {
  try {
    const records = (JSON.parse(text) as { data?: { auditTrail?: { actor?: string }[] } }).data?.auditTrail;
    if (!records) return text;
    return JSON.stringify(records.filter((r) => !String(r.actor ?? '').startsWith('gb-')));
  } catch {
    return text;
  }
}

export let walkerError: string | null = null;
export let generated: GeneratedQuery[] = [];
try {
  generated = generateQueries(schema, FILLERS, { maxLevel: 3, types: WORLD_TYPES });
} catch (error) {
  if (!(error instanceof MissingFillerError)) throw error;
  walkerError = error.message;
}

function argsOf(query: GeneratedQuery): Record<string, unknown> {
  const set = FILLERS.root(query.field.slice('Query.'.length))?.find((s) => s.name === query.variant);
  return set?.args ?? {};
}

const refsRecord = (refs: Refs) => refs as unknown as Record<string, string>;

function graphqlProbes(): Probe[] {
  return generated.flatMap((query) =>
    (ROLE_VIEWERS[query.field] ?? [GB_ANALYST]).map(
      (viewer): Probe => ({
        title: `${query.field}(${query.variant})${query.part > 0 ? ` part ${query.part + 1}` : ''} as ${viewer.id}`,
        field: query.field,
        ask: async (refs) => gql(viewer, render(query.document, refsRecord(refs))),
        echoes: (refs) => echoesOf(argsOf(query), refsRecord(refs)),
        ...(query.field === 'Query.auditTrail' ? { scanned: othersRecords } : {}),
      }),
    ),
  );
}

const NETWORK_SUBJECTS = ['gbNet0', 'gbNet1', 'ieNet0', 'ieNet1'] as const;
const NEIGHBOURHOODS: [string, string, number][] = [
  ['shared person', IDS.person, 2],
  ['shared account', IDS.account, 1],
  ['shared phone', IDS.phone, 1],
  ['shared address', IDS.address, 1],
  ['account held per IE only', IDS.accountHeldPerIe, 1],
  ['phone used per IE only', IDS.phoneUsedPerIe, 1],
  ['IE person', IDS.iePerson, 1],
  ['shared vehicle', IDS.vehicle, 2],
  ['shared report', IDS.report, 2],
  ['shared vessel', IDS.vessel, 2],
];

/**
 * Every format for the main subjects (a GB network, an IE network, the shared person); the others,
 * and the expanded view, in the formats that carry every value (json, the two CSV tables).
 */
const FULL_FORMAT_SUBJECTS = new Set(['gbNet0', 'ieNet0', 'shared person', 'shared vessel']);
const SOME_FORMATS = new Set(['json', 'nodes.csv', 'edges.csv']);

function exportProbes(): Probe[] {
  const probes: Probe[] = [];
  for (const format of EXPORT_FORMATS) {
    const wanted = (subject: string) => FULL_FORMAT_SUBJECTS.has(subject) || SOME_FORMATS.has(format.suffix);
    for (const ref of NETWORK_SUBJECTS.filter(wanted)) {
      probes.push({
        title: `GET /export/network/<${ref}>.${format.suffix} as ${GB_ANALYST.id}`,
        field: `export network ${format.suffix}`,
        ask: (refs) =>
          getPath(GB_ANALYST, `/export/network/${encodeURIComponent(`${refs[ref]}.${format.suffix}`)}`),
        echoes: (refs) => [refs[ref]],
      });
    }
    for (const [name, id, depth] of NEIGHBOURHOODS.filter(([name]) => wanted(name))) {
      probes.push({
        title: `GET /export/neighbourhood/<${name}>.${format.suffix}?depth=${depth} as ${GB_ANALYST.id}`,
        field: `export neighbourhood ${format.suffix}`,
        ask: () =>
          getPath(
            GB_ANALYST,
            `/export/neighbourhood/${encodeURIComponent(`${id}.${format.suffix}`)}?depth=${depth}&limitPerNode=500`,
          ),
        echoes: () => [id],
      });
    }
    if (!SOME_FORMATS.has(format.suffix)) continue;
    probes.push({
      title: `GET /export/network/<gbNet0>.${format.suffix}?expand=<shared person, account, phone> as ${GB_ANALYST.id}`,
      field: `export network ${format.suffix} expanded`,
      ask: (refs) =>
        getPath(
          GB_ANALYST,
          `/export/network/${encodeURIComponent(`${refs.gbNet0}.${format.suffix}`)}?${[
            IDS.person,
            IDS.account,
            IDS.phone,
          ]
            .map((id) => `expand=${encodeURIComponent(id)}`)
            .join('&')}&expandLimit=500`,
        ),
      echoes: (refs) => [refs.gbNet0],
    });
  }
  return probes;
}

/** The page's calls as main.ts makes them: the list, a network's detail and drawing, search, expansion. */
function pageProbes(): Probe[] {
  const probes: Probe[] = [
    {
      title: 'page: NETWORKS (the list, first 50)',
      field: 'page NETWORKS',
      ask: () => gql(GB_ANALYST, NETWORKS, { first: 50, after: null }),
      echoes: () => [],
    },
    {
      title: 'page: NETWORKS filtered by category and size',
      field: 'page NETWORKS',
      ask: () =>
        gql(GB_ANALYST, NETWORKS, { first: 50, after: null, categories: ['FINANCIAL', 'THB'], minSize: 2 }),
      echoes: () => [],
    },
  ];
  for (const ref of NETWORK_SUBJECTS) {
    probes.push({
      title: `page: NETWORK <${ref}>`,
      field: 'page NETWORK',
      ask: (refs) => gql(GB_ANALYST, NETWORK, { id: refs[ref] }),
      echoes: (refs) => [refs[ref]],
    });
    probes.push({
      title: `page: draw <${ref}> (${exportPath({ kind: 'network', id: '<id>' }, 'json')})`,
      field: 'page draw network',
      ask: (refs) => getPath(GB_ANALYST, exportPath({ kind: 'network', id: refs[ref] }, 'json')),
      echoes: (refs) => [refs[ref]],
    });
  }
  for (const text of [
    'Ieonlyspelling',
    'John Murphy',
    '+353 87 123 4567',
    'IEONLY',
    '07400 123456',
    'GB12ABC',
  ]) {
    probes.push({
      title: `page: SEARCH "${text}"`,
      field: 'page SEARCH',
      ask: () => gql(GB_ANALYST, SEARCH, { text }),
      echoes: () => [],
    });
  }
  const around: Subject = { kind: 'neighbourhood', id: IDS.person, depth: 1 };
  probes.push({
    title: 'page: open a search hit (neighbourhood of the shared person, 25 per node)',
    field: 'page draw neighbourhood',
    ask: () => getPath(GB_ANALYST, `${exportPath(around, 'json')}&limitPerNode=25`),
    echoes: () => [IDS.person],
  });
  probes.push({
    title: 'page: expand the shared account in the view',
    field: 'page expand',
    ask: () =>
      getPath(
        GB_ANALYST,
        `${exportPath({ kind: 'neighbourhood', id: IDS.account, depth: 1 }, 'json')}&limitPerNode=25`,
      ),
    echoes: () => [IDS.account],
  });
  probes.push({
    title: 'page: export the expanded neighbourhood view as GEXF',
    field: 'page export',
    ask: () => getPath(GB_ANALYST, exportPath(around, 'gexf', [IDS.account, IDS.phone])),
    echoes: () => [IDS.person],
  });
  return probes;
}

/**
 * Nested fields whose optional arguments the walker leaves at their defaults (it fills only required
 * ones): an account's transactions and an entity's relationships within a window, where periods,
 * transfer counts, undated payments (`undatedLeftOut`) and every recorder of a link are decided.
 */
const WINDOWED_TRANSACTIONS = `query ($id: ID!, $since: DateTime, $until: DateTime) {
  entity(id: $id) { id ... on Account { transactions(first: 100, since: $since, until: $until) {
    totalCount undatedLeftOut
    edges { node { id amount currency at until count undated kind reference direction fromId toId
      counterparty { id name } provenance { extractId row } } }
  } } } }`;
const WINDOWED_RELATIONSHIPS = `query ($id: ID!, $since: DateTime, $until: DateTime) {
  entity(id: $id) { id relationships(first: 100, since: $since, until: $until) {
    totalCount
    edges { node { id type typeName kind role capacity amount currency at reference seconds properties
      fromId toId recorders { extractId row } provenance { extractId row } } }
  } } }`;

function windowedProbes(): Probe[] {
  const probes: Probe[] = [];
  const windows = [
    ['no window', {}],
    ['2019-2024', WINDOW],
  ] as const;
  for (const [when, window] of windows) {
    for (const [name, id] of [
      ['shared account', IDS.account],
      ['account held per IE only', IDS.accountHeldPerIe],
    ]) {
      probes.push({
        title: `Account.transactions(${when}) of <${name}> as ${GB_ANALYST.id}`,
        field: 'Account.transactions',
        ask: () => gql(GB_ANALYST, WINDOWED_TRANSACTIONS, { id, ...window }),
        echoes: () => [id!],
      });
    }
    for (const [name, id] of [
      ['shared person', IDS.person],
      ['shared account', IDS.account],
      ['shared vehicle', IDS.vehicle],
      ['shared report', IDS.report],
    ]) {
      probes.push({
        title: `Entity.relationships(${when}) of <${name}> as ${GB_ANALYST.id}`,
        field: 'Entity.relationships',
        ask: () => gql(GB_ANALYST, WINDOWED_RELATIONSHIPS, { id, ...window }),
        echoes: () => [id!],
      });
    }
  }
  return probes;
}

/**
 * Case packages (docs/case-packages.md) a GB analyst makes for a GB+IE authority: read with what
 * both may see (GB), so every file of the package — manifest, report, FtM, i2, graph — must be the
 * same before and after IE's data, and hold no IE marker. Built by the same builder as the route and
 * the CLI, with a fixed id and time so the two rounds can be compared; without the PDF (printing it
 * is Chromium's job; test/api/case-packages.test.ts scans PDF text).
 */
const CASE_PACKAGE_KEY = generateKeyPairSync('ed25519').privateKey;

async function casePackageText(target: CasePackageTarget): Promise<{ status: number; text: string }> {
  try {
    const made = await buildCasePackage({
      maker: GB_ANALYST,
      recipient: { name: 'Joint Investigation Team', jurisdictions: ['GB', 'IE'], minors: false },
      target,
      key: CASE_PACKAGE_KEY,
      pdf: false,
      chromiumPath: '',
      packageId: 'leak-suite-package',
      madeAt: '2026-01-01T00:00:00.000Z',
    });
    const files = Object.entries(unzipSync(made.zip)).map(
      ([name, data]) => `== ${name}\n${Buffer.from(data).toString('utf8')}`,
    );
    return { status: 200, text: files.join('\n') };
  } catch (error) {
    if (error instanceof CasePackageError) return { status: 404, text: error.message };
    throw error;
  }
}

function casePackageProbes(): Probe[] {
  const probes: Probe[] = NETWORK_SUBJECTS.map((ref) => ({
    title: `case package of <${ref}> for GB+IE made by ${GB_ANALYST.id}`,
    field: 'case package network',
    ask: (refs) => casePackageText({ networkId: refs[ref] }),
    echoes: (refs) => [refs[ref]],
  }));
  const chosen = [IDS.person, IDS.account, IDS.phone, IDS.address, IDS.accountHeldPerIe, IDS.phoneUsedPerIe];
  probes.push({
    title: `case package of the shared entities for GB+IE made by ${GB_ANALYST.id}`,
    field: 'case package entities',
    ask: () => casePackageText({ entityIds: chosen }),
    echoes: () => chosen,
  });
  return probes;
}

export function allProbes(): Probe[] {
  return [
    ...graphqlProbes(),
    ...exportProbes(),
    ...pageProbes(),
    ...windowedProbes(),
    ...casePackageProbes(),
  ];
}
