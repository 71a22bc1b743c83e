/**
 * Argument values for the schema walker, from the leak suite's world: every Query field's required
 * arguments (and a few optional ones worth varying), each variant named for the test title. Ids of
 * runs, networks, jobs and IE's extract are symbolic ({ref}) because they exist only once a phase
 * has made them. A root field with a required argument missing here fails the suite (walker.ts).
 */
import { CORE_ENTITY_LABELS } from '../../../src/model/core.ts';
import { labelOfId } from '../../../src/model/ids.ts';
import type { ArgSet, ArgValue, Fillers } from './walker.ts';
import { IDS } from './world.ts';

const ref = (name: string) => ({ ref: name });
const enumValue = (name: string) => ({ enum: name });
const globalId = (id: string) => Buffer.from(`${labelOfId(id)}:${id}`).toString('base64');

/** Entities asked about directly, with the concrete type each id names (fragments are pruned to it). */
const ENTITIES: [string, string][] = [
  ['shared person', IDS.person],
  ['shared account', IDS.account],
  ['shared phone', IDS.phone],
  ['shared address', IDS.address],
  ['shared passport', IDS.passport],
  ['account held per IE only', IDS.accountHeldPerIe],
  ['phone used per IE only', IDS.phoneUsedPerIe],
  ['GB person', IDS.gbPerson],
  ['GB account', IDS.gbAccount],
  ['GB organisation', IDS.gbOrganisation],
  ['GB case', IDS.gbCase],
  ['IE person', IDS.iePerson],
  ['IE account', IDS.ieAccount],
  ['IE phone', IDS.iePhone],
  ['IE e-mail', IDS.ieEmail],
  ['IE organisation', IDS.ieOrganisation],
  ['IE address', IDS.ieAddress],
  ['IE case', IDS.ieCase],
  // Issue #14's model.
  ['shared vehicle', IDS.vehicle],
  ['shared report', IDS.report],
  ['shared vessel', IDS.vessel],
  ['GB offence', IDS.gbOffence],
  ['IE item', IDS.ieItem],
  ['IE offence', IDS.ieOffence],
  ['IE offence with warnings', IDS.ieOffence2],
  ['IE report', IDS.ieReport],
];

/** The GraphQL type an id answers with: its core label, or GenericEntity for an extension label. */
const typeOf = (id: string): string => {
  const label = labelOfId(id) as string;
  return (CORE_ENTITY_LABELS as readonly string[]).includes(label) ? label : 'GenericEntity';
};

const byEntity = (ids: [string, string][], extra: Record<string, ArgValue> = {}, key = 'id'): ArgSet[] =>
  ids.map(([name, id]) => ({ name, args: { [key]: id, ...extra }, typeHint: typeOf(id) }));

const pick = (...names: string[]) => ENTITIES.filter(([name]) => names.includes(name));

const SEARCHES = [
  'Ieonlyspelling',
  'Ieonlyalias Murphy',
  'Johnny',
  'John Murphy',
  'Murphy',
  'IEONLY',
  'Aoife Byrne',
  '+353 87 123 4567',
  'IE29 AIBK 9311 5212 3456 78',
  'GB82 WEST 1234 5698 7654 32',
  '07400 123456',
  '07400 333444',
  'Dublin',
  'IEONLYBIC',
  'sean.ieonly@example.ie',
  'XS1000001',
  'Baker Street',
  // Issue #14's model: GB's and IE's values of the shared vehicle, report and vessel, IE-only ones.
  'GB12ABC',
  'Northern Star',
  'IEONLY Star',
  'IEONLY Make',
  'IEONLY-ITEM-1',
  '359999990001234',
  'burglary',
  'IEONLY assault',
  'GB-SAR-1',
  'Ieonlypartial',
  'Walker',
];

/** Searches filtered by label (core or the extension's) and by type. */
const LABELLED_SEARCHES: ArgSet[] = [
  {
    name: '"Northern Star" labels [Vessel]',
    args: { text: 'Northern Star', labels: ['Vessel'] },
    maxLevel: 2,
  },
  { name: '"IEONLY" labels [Vessel]', args: { text: 'IEONLY', labels: ['Vessel'] }, maxLevel: 2 },
  {
    name: '"GB12ABC" labels [Vehicle, Item, Offence, Report]',
    args: { text: 'GB12ABC', labels: ['Vehicle', 'Item', 'Offence', 'Report'] },
    maxLevel: 2,
  },
  {
    name: '"GB-SAR-1" types [Report, Offence, Item, Vehicle]',
    args: { text: 'GB-SAR-1', types: ['Report', 'Offence', 'Item', 'Vehicle'].map(enumValue) },
    maxLevel: 2,
  },
];

/** Every relationship type issue #14 added, and the extension's. */
const NEW_TYPES = ['EXTENSION', 'RELATED_TO', 'PARTY_TO', 'OCCURRED_AT', 'SEIZED_FROM', 'USES', 'OWNS'].map(
  enumValue,
);

/** A window around IE's dates (2019) and GB's (2020 on): what it selects and leaves out (undated) is compared. */
export const WINDOW = { since: '2019-01-01T00:00:00Z', until: '2024-12-31T00:00:00Z' };

const DEEP_SEARCHES = ['Ieonlyspelling'];

/**
 * Depth per root field when not the default 3. Entities under a wrapper object (Neighbour,
 * MoneyFlowStep, NetworkMember) are one level further down: one variant of each goes one level
 * deeper to see them whole; the others, and paths, show the entities they reach with the
 * interface's fields, since `entity` probes each of those entities in full.
 */
const DEPTH: Record<string, { deep: string[]; level: number }> = {
  neighbourhood: { deep: ['shared person depth 2'], level: 3 },
  moneyFlow: { deep: ['shared account'], level: 3 },
  network: { deep: ['GB network 0', 'GB network 1', 'IE network 0', 'IE network 1'], level: 3 },
  paths: { deep: [], level: 2 },
};

const ROOT: Record<string, ArgSet[]> = {
  analysisRun: [
    { name: 'GB run', args: { id: ref('gbRun') } },
    { name: 'IE run', args: { id: ref('ieRun') } },
  ],
  auditTrail: [
    { name: 'first 500', args: { limit: 500 } },
    { name: 'IE analyst', args: { actor: 'ie-analyst-IEONLY', limit: 500 } },
  ],
  entity: byEntity(ENTITIES),
  // Issue #13: identities by id, of records joined by matches of every kind (world.ts).
  identity: [
    ['GB person', IDS.gbPerson],
    ['GB person 2', IDS.gbPerson2],
    ['shared person', IDS.person],
    ['IE person', IDS.iePerson],
    ['GB organisation', IDS.gbOrganisation],
    ['IE organisation', IDS.ieOrganisation],
  ].map(([name, id]) => ({ name: `${name} identity`, args: { id: `identity:${id}` } })),
  loadJob: [
    { name: 'GB load', args: { id: ref('gbJob') } },
    { name: 'IE load', args: { id: ref('ieJob') } },
  ],
  moneyFlow: [
    ...byEntity(
      pick('shared account', 'account held per IE only', 'GB account', 'IE account'),
      {
        maxHops: 3,
      },
      'accountId',
    ),
    ...byEntity(
      pick('shared account', 'account held per IE only'),
      { direction: enumValue('IN'), maxHops: 3 },
      'accountId',
    ).map((s) => ({ ...s, name: `${s.name} IN` })),
    ...byEntity(pick('shared account'), { maxHops: 3, ...WINDOW }, 'accountId').map((s) => ({
      ...s,
      name: `${s.name} 2019-2024`,
    })),
    ...byEntity(
      pick('shared account'),
      { direction: enumValue('IN'), maxHops: 3, ...WINDOW },
      'accountId',
    ).map((s) => ({ ...s, name: `${s.name} IN 2019-2024` })),
    ...byEntity(
      pick('shared account', 'GB account', 'IE account'),
      { maxHops: 3, identities: true },
      'accountId',
    ).map((s) => ({ ...s, name: `${s.name} identities` })),
  ],
  neighbourhood: [
    ...byEntity(
      pick(
        'shared person',
        'shared account',
        'shared phone',
        'shared address',
        'account held per IE only',
        'phone used per IE only',
        'GB person',
      ),
      { depth: 2 },
    ).map((s) => ({ ...s, name: `${s.name} depth 2`, typeHint: undefined })),
    ...byEntity(pick('shared person', 'IE person'), { depth: 1 }).map((s) => ({
      ...s,
      name: `${s.name} depth 1`,
      typeHint: undefined,
    })),
    ...byEntity(pick('shared vehicle', 'shared report', 'shared vessel', 'GB offence'), { depth: 2 }).map(
      (s) => ({ ...s, name: `${s.name} depth 2`, typeHint: undefined }),
    ),
    ...byEntity(pick('shared person', 'shared address', 'shared account'), {
      depth: 2,
      relationshipTypes: NEW_TYPES,
    }).map((s) => ({ ...s, name: `${s.name} depth 2 issue-14 types`, typeHint: undefined })),
    ...byEntity(pick('shared account'), { depth: 2, ...WINDOW }).map((s) => ({
      ...s,
      name: `${s.name} depth 2 2019-2024`,
      typeHint: undefined,
    })),
    ...byEntity(pick('shared person', 'GB person', 'GB organisation'), { depth: 2, identities: true }).map(
      (s) => ({ ...s, name: `${s.name} depth 2 identities`, typeHint: undefined }),
    ),
  ],
  network: [
    { name: 'GB network 0', args: { id: ref('gbNet0') } },
    { name: 'GB network 1', args: { id: ref('gbNet1') } },
    { name: 'IE network 0', args: { id: ref('ieNet0') } },
    { name: 'IE network 1', args: { id: ref('ieNet1') } },
  ],
  networks: [
    { name: 'default run', args: {} },
    { name: 'GB run', args: { runId: ref('gbRun') } },
    { name: 'IE run', args: { runId: ref('ieRun') } },
  ],
  possibleVictims: [
    { name: 'default run', args: {} },
    { name: 'GB run', args: { runId: ref('gbRun') } },
    { name: 'IE run', args: { runId: ref('ieRun') } },
    { name: 'GB network 0', args: { networkId: ref('gbNet0') } },
    { name: 'IE network 0', args: { networkId: ref('ieNet0') } },
  ],
  node: [
    // node() resolves through the same loader as entity(), which probes every id in full.
    ...byEntity(pick('shared person', 'IE person')).map((s) => ({
      ...s,
      args: { id: globalId(String(s.args.id)) },
    })),
    { name: 'IE extract', args: { id: ref('ieExtractPeopleNode') }, typeHint: 'Extract' },
  ],
  nodes: [
    {
      name: 'shared and IE entities',
      args: {
        ids: [IDS.person, IDS.account, IDS.phone, IDS.iePerson, IDS.ieAccount, IDS.iePhone].map(globalId),
      },
      // Which ids answer (hidden ones must be null) matters here; entity() probes each in full.
      maxLevel: 2,
    },
  ],
  resolutionRun: [
    { name: 'GB resolution run', args: { id: ref('gbResolution') } },
    { name: 'IE resolution run', args: { id: ref('ieResolution') } },
  ],
  paths: [
    { name: 'shared person to GB person', args: { from: IDS.person, to: IDS.gbPerson, maxHops: 4 } },
    { name: 'shared person to IE person', args: { from: IDS.person, to: IDS.iePerson, maxHops: 4 } },
    {
      name: 'shared person to account held per IE',
      args: { from: IDS.person, to: IDS.accountHeldPerIe, maxHops: 4 },
    },
    {
      name: 'shared person to phone used per IE',
      args: { from: IDS.person, to: IDS.phoneUsedPerIe, maxHops: 4 },
    },
    { name: 'GB person to GB person 2', args: { from: IDS.gbPerson, to: IDS.gbPerson2, maxHops: 4 } },
    {
      name: 'money: shared account to GB account',
      args: { from: IDS.account, to: IDS.gbAccount, money: true, maxHops: 4 },
    },
    {
      name: 'money: GB account to shared account',
      args: { from: IDS.gbAccount, to: IDS.account, money: true, maxHops: 4 },
    },
    { name: 'shared person to shared vessel', args: { from: IDS.person, to: IDS.vessel, maxHops: 4 } },
    {
      name: 'shared person to shared vessel over EXTENSION',
      args: { from: IDS.person, to: IDS.vessel, maxHops: 4, relationshipTypes: [enumValue('EXTENSION')] },
    },
    { name: 'shared person to shared vehicle', args: { from: IDS.person, to: IDS.vehicle, maxHops: 4 } },
    { name: 'GB person to shared vehicle', args: { from: IDS.gbPerson, to: IDS.vehicle, maxHops: 4 } },
    { name: 'shared account to shared report', args: { from: IDS.account, to: IDS.report, maxHops: 4 } },
    { name: 'GB offence to shared person', args: { from: IDS.gbOffence, to: IDS.person, maxHops: 4 } },
    {
      name: 'shared person to GB person over RELATED_TO',
      args: { from: IDS.person, to: IDS.gbPerson, maxHops: 2, relationshipTypes: [enumValue('RELATED_TO')] },
    },
    {
      name: 'money: shared account to GB account 2019-2024',
      args: { from: IDS.account, to: IDS.gbAccount, money: true, maxHops: 4, ...WINDOW },
    },
    {
      name: 'GB person 2 to shared person with identities',
      args: { from: IDS.gbPerson2, to: IDS.person, maxHops: 4, identities: true },
    },
    {
      name: 'GB person to IE person with identities',
      args: { from: IDS.gbPerson, to: IDS.iePerson, maxHops: 4, identities: true },
    },
  ],
  // One search goes to full depth; the others' hits are the same entities, probed to depth 2.
  search: [
    ...SEARCHES.map((text) => ({
      name: `"${text}"`,
      args: { text },
      // The deep ones find persons: fragments on other types are pruned at level 1 (their hits still show
      // every interface field).
      ...(DEEP_SEARCHES.includes(text) ? { typeHint: 'Person' } : { maxLevel: 2 }),
    })),
    ...LABELLED_SEARCHES,
  ],
  // minHolders must be at least 2 (the API refuses 1); the default is 2.
  sharedIdentifiers: ['PHONE', 'EMAIL', 'ADDRESS', 'ACCOUNT', 'DOCUMENT'].map(
    (kind): ArgSet => ({ name: kind, args: { kind: enumValue(kind) } }),
  ),
  timeline: byEntity(
    pick(
      'shared person',
      'shared account',
      'shared phone',
      'account held per IE only',
      'phone used per IE only',
      'GB person',
      'GB organisation',
      'shared vehicle',
      'shared report',
      'shared vessel',
      'shared address',
      'GB offence',
    ),
  )
    .map((s) => ({ ...s, typeHint: undefined }))
    .concat(
      byEntity(pick('shared account', 'shared person'), WINDOW).map((s) => ({
        ...s,
        name: `${s.name} 2019-2024`,
        typeHint: undefined,
      })),
      byEntity(pick('shared person', 'shared vessel'), { types: NEW_TYPES }).map((s) => ({
        ...s,
        name: `${s.name} issue-14 types`,
        typeHint: undefined,
      })),
      byEntity(pick('shared person', 'GB person', 'GB organisation'), { identities: true }).map((s) => ({
        ...s,
        name: `${s.name} identities`,
        typeHint: undefined,
      })),
    ),
};

/** Required arguments of nested fields, by coordinate (none in today's schema). */
const NESTED: Record<string, ArgValue> = {};

export const FILLERS: Fillers = {
  root: (field) => {
    const depth = DEPTH[field];
    if (!depth) return ROOT[field];
    return ROOT[field]?.map((set) => ({ maxLevel: depth.deep.includes(set.name) ? 4 : depth.level, ...set }));
  },
  nested: (coordinate) => NESTED[coordinate],
};

const ID_ARGUMENTS = ['id', 'ids', 'accountId', 'from', 'to', 'runId', 'networkId'];

/** The values a variant sends (resolved), so an error that merely echoes them is not a leak. */
export function echoesOf(args: Record<string, unknown>, refs: Record<string, string>): string[] {
  const out: string[] = [];
  // Only ids: search texts and actor names are never echoed by a correct answer, so a hit that
  // contains them is a finding, not an echo.
  const ids = Object.fromEntries(Object.entries(args).filter(([k]) => ID_ARGUMENTS.includes(k)));
  const walk = (value: unknown) => {
    if (value === null || value === undefined) return;
    if (typeof value === 'string') {
      out.push(value);
      try {
        const decoded = Buffer.from(value, 'base64').toString('utf8');
        if (/^[A-Za-z]+:/.test(decoded)) out.push(decoded, decoded.slice(decoded.indexOf(':') + 1));
      } catch {
        // not base64
      }
      return;
    }
    if (Array.isArray(value)) return value.forEach(walk);
    if (typeof value === 'object') {
      const o = value as Record<string, unknown>;
      if (typeof o.ref === 'string') return walk(refs[o.ref]);
      Object.values(o).forEach(walk);
    }
  };
  walk(ids);
  return out;
}
