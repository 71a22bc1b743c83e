/**
 * Issue #19's acceptance suite: a GB user learns nothing that only IE's extracts and users hold.
 *
 * Two independent checks on every read a GB user can make (probes.ts: every Query field generated
 * from the schema, every export format and route, the page's own calls):
 * - differential: each answer is recorded after GB's data alone (phase 1) and again after IE's
 *   extracts, annotations, roles, run, loads and searches are added (phase 2); the answers must be
 *   identical (harness.ts IGNORED / IGNORED_FIELDS list what may change, with the reason);
 * - markers: no phase-2 answer contains an IE-only value (harness.ts MARKERS).
 * Then one test per leak and weakness of the issue, named after it, and the writes a GB user must
 * not make into IE.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildSchema, isObjectType } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../../../src/config.ts';
import { parseCsv } from '../../../src/export/csv.ts';
import { EXPORT_FORMATS } from '../../../src/export/formats.ts';
import { installExtension } from '../../../src/model/extension.ts';
import { entityId } from '../../../src/model/ids.ts';
import { MINOR_PLACEHOLDER } from '../../../src/model/minor.ts';
import { schema } from '../../../src/serve/schema/index.ts';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { drainAudit, readAudit } from '../../../src/store/audit.ts';
import { FULL_SCOPE } from '../../../src/store/read/scope.ts';
import { executeRead, executeSchema } from '../../../src/store/run.ts';
import { closeDriver } from '../../support/db.ts';
import {
  ALL_ADMIN,
  app,
  describeChange,
  GB_ADMIN,
  GB_ANALYST,
  GB_INVESTIGATOR,
  GB_LOADER,
  getPath,
  gql,
  gqlWithToken,
  IE_ANALYST,
  IE_INVESTIGATOR,
  IE_LOADER_2,
  IGNORED_FIELDS,
  markersIn,
  minorSecretsIn,
  normalise,
  tokenOf,
  tokenWithoutExpiry,
} from './harness.ts';
import { ABSENT_TYPES, allProbes, generated, type Probe, WORLD_TYPES, walkerError } from './probes.ts';
import { type Fillers, generateQueries } from './walker.ts';
import {
  ANNOTATE,
  buildGb,
  buildIe,
  CONFIRM,
  EXTENSION_CONSTRAINTS,
  EXTENSION_FILE,
  GB_HOLDINGS_OF_PERSON,
  GBIE_INVESTIGATOR,
  IDS,
  IMPORT_DIR_OF,
  IMPORTS,
  jobDone,
  LOAD,
  RECORD_ROLE,
  REJECT,
  type Refs,
  runDone,
  START,
  START_RESOLUTION,
  WITHDRAW,
  world,
} from './world.ts';

interface Recorded {
  status: number;
  text: string;
  normalised: string;
}

const probes = allProbes();
const before = new Map<string, Recorded>();
const after = new Map<string, Recorded>();

/**
 * Asks every probe once, one at a time: a single deep document already fans out to dozens of
 * database queries (Entity.relationships is one per type and direction), and two at once can hold
 * the whole connection pool. An answer that is a masked internal error (the pool's 5 s acquisition
 * timeout on a loaded machine) is asked again, twice at most; what remains is reported by the test.
 */
async function record(into: Map<string, Recorded>, refs: Refs): Promise<void> {
  for (const probe of probes) {
    let answer = await probe.ask(refs);
    for (let retry = 0; retry < 2 && answer.text.includes('INTERNAL_SERVER_ERROR'); retry++) {
      answer = await probe.ask(refs);
    }
    into.set(probe.title, {
      status: answer.status,
      text: answer.text,
      normalised: normalise(answer.text, refs as never),
    });
  }
}

// Two worlds and every walker query asked twice (some 2,000 queries): minutes on a busy machine, so
// the hook gets a ceiling of its own rather than the project's five minutes.
beforeAll(async () => {
  await buildGb();
  await record(before, { ...world.refs });
  await buildIe();
  await record(after, { ...world.refs });
}, 1_200_000);

afterAll(async () => {
  await drainAudit();
  installExtension(null);
  for (const name of EXTENSION_CONSTRAINTS) await executeSchema(`DROP CONSTRAINT ${name} IF EXISTS`);
  await closeDriver();
});

describe('the walker covers the whole schema', () => {
  it('fills every required argument of every Query field', () => {
    expect(walkerError).toBeNull();
    expect(generated.length).toBeGreaterThan(0);
  });

  it('stops at a required argument it cannot fill, naming it', () => {
    const tiny = buildSchema('type Query { thing(id: ID!, depth: Int!): Thing } type Thing { name: String }');
    const fillers: Fillers = {
      root: () => [{ name: 'only id', args: { id: 'x' } }],
      nested: () => undefined,
    };
    expect(() => generateQueries(tiny, fillers, { maxLevel: 3, types: new Set() })).toThrow(
      /Query\.thing\(depth: Int!\)/,
    );
  });

  it('knows every concrete type of the schema (held by the world, or absent with a reason)', () => {
    const unknown = Object.values(schema.getTypeMap())
      .filter((t) => isObjectType(t) && t.getInterfaces().some((i) => i.name === 'Node'))
      .map((t) => t.name)
      .filter((name) => !WORLD_TYPES.has(name) && !(name in ABSENT_TYPES));
    expect(unknown).toEqual([]);
  });
});

/** An error other than NOT_FOUND (an id GB may not see, or that does not exist yet), as text. */
function unexpectedError(answer: Recorded): string {
  if (answer.status >= 400 && answer.status !== 404)
    return `HTTP ${answer.status}: ${answer.text.slice(0, 300)}`;
  if (!answer.text.startsWith('{"') || !answer.text.includes('"errors"')) return '';
  try {
    const { errors } = JSON.parse(answer.text) as {
      errors?: { message: string; extensions?: { code?: string } }[];
    };
    // NOT_FOUND is how hidden things answer; verifying the whole audit chain is refused to an admin
    // of some jurisdictions by design (it reads every record), the same before and after IE.
    const bad = (errors ?? []).filter(
      (e) =>
        e.extensions?.code !== 'NOT_FOUND' &&
        !(e.extensions?.code === 'FORBIDDEN' && e.message.startsWith('Verifying the audit trail needs')),
    );
    return bad.map((e) => `${e.extensions?.code ?? 'no code'}: ${e.message}`).join('; ');
  } catch {
    return '';
  }
}

const ignoredField = (probe: Probe) => IGNORED_FIELDS.find((f) => f.field === probe.field);

describe('every GB read: identical before and after IE, and no IE-only value', () => {
  for (const probe of probes) {
    it(probe.title, () => {
      const one = before.get(probe.title);
      const two = after.get(probe.title);
      expect(one, 'phase 1 answer').toBeDefined();
      expect(two, 'phase 2 answer').toBeDefined();
      if (!one || !two) return;
      // The markers are IE's alone: GB's own answers never contain them.
      const refs = { ...world.refs };
      const bad = markersIn(probe.scanned ? probe.scanned(one.text) : one.text, probe.echoes(refs));
      expect.soft(bad.length, `markers in GB's own answer (a bad marker):\n${bad.join('\n')}`).toBe(0);
      const leaked = markersIn(probe.scanned ? probe.scanned(two.text) : two.text, probe.echoes(refs));
      expect.soft(leaked.length, `IE-only values in the answer:\n${leaked.join('\n')}`).toBe(0);
      // Issue #18: GB's child's details reach no one without the minors role (the admin holds it).
      if (!probe.title.endsWith(`as ${GB_ADMIN.id}`)) {
        for (const answer of [one, two]) {
          const minor = minorSecretsIn(answer.text);
          expect.soft(minor.length, `a minor's details in the answer:\n${minor.join('\n')}`).toBe(0);
        }
      }
      // A probe the API refuses (limits, validation, a bad argument) or that crashes would pass
      // vacuously: each must be answered, with NOT_FOUND as the only error.
      for (const [phase, answer] of [
        ['before', one],
        ['after', two],
      ] as const) {
        const problem = unexpectedError(answer);
        expect.soft(problem, `${phase} IE: ${problem}`).toBe('');
      }
      if (!ignoredField(probe)) {
        const change = describeChange(one.normalised, two.normalised);
        expect.soft(change, `the answer changed when IE was loaded:\n${change}`).toBe('');
      }
    });
  }
});

// ---- the issue's items, one test each (GB analyst unless the title says otherwise) ----------------

const ENTITY_NAMES = `query($id: ID!) { entity(id: $id) { name names ... on Account { bank bic currency } ... on Person { nationality gender birthDate } } }`;
const JOB = `query($id: String!) { loadJob(id: $id) { status error summary { status rejectsFile } } }`;
const NOTES = `query($id: ID!) { entity(id: $id) { tags annotations { author text tags } } }`;

/** Markers in an answer, as one readable string ('' when none). */
const leaks = (text: string, echoes: string[] = []) => markersIn(text, echoes).join('\n');

describe('leaks (reads)', () => {
  it("issue 18: GB's child is a placeholder for a GB analyst and named only for the minors role", async () => {
    const entitled: Viewer = {
      id: 'gb-child-protection',
      roles: ['analyst', 'minors'],
      jurisdictions: ['GB'],
    };
    const found = await gql(entitled, '{ search(text: "Minnowby") { edges { node { entityId name } } } }');
    const child = found.body.data.search.edges[0].node;
    expect(child.name).toMatch(/Minnowby/i);
    const PERSON = `query($id: ID!) { entity(id: $id) { name ... on Person { birthDate detailsWithheld minor { certain } documents { entityId } } } }`;
    const withheld = await gql(GB_ANALYST, PERSON, { id: child.entityId });
    expect(withheld.body.data.entity).toEqual({
      name: MINOR_PLACEHOLDER,
      birthDate: null,
      detailsWithheld: true,
      minor: { certain: true },
      documents: [],
    });
    const shown = await gql(entitled, PERSON, { id: child.entityId });
    expect(shown.body.data.entity.birthDate).toBe('2014-07-07');
    expect(shown.body.data.entity.documents).toHaveLength(1);
    const none = await gql(GB_ANALYST, '{ search(text: "Minnowby") { totalCount } }');
    expect(none.body.data.search.totalCount).toBe(0);
    // Her own phone, e-mail address and account: for the role only (their ids are their numbers).
    const IDENTIFIER = 'query($id: ID!) { entity(id: $id) { entityId } }';
    for (const id of [
      'phone:+447700900707',
      'email:kit.minnow@example.org',
      'account:GB91MNWB60161331926819',
    ]) {
      expect((await gql(entitled, IDENTIFIER, { id })).body.data?.entity?.entityId, id).toBe(id);
      const hidden = await gql(GB_ANALYST, IDENTIFIER, { id });
      expect(hidden.body.errors?.[0]?.extensions?.code, id).toBe('NOT_FOUND');
    }
  });

  it('fixture: the IE run found networks and the GB run found GB networks', () => {
    expect(world.ieNetworks.length, 'IE networks').toBeGreaterThan(0);
    expect(world.gbNetworks.length, 'GB networks').toBeGreaterThan(0);
  });

  it('leak 1: GET /export/network/<IE network>.json is 404 for GB, like network(id:)', async () => {
    const id = world.refs.ieNet0;
    const graph = await gql(GB_ANALYST, 'query($id: String!) { network(id: $id) { id } }', { id });
    expect(graph.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const file = await getPath(GB_ANALYST, `/export/network/${encodeURIComponent(`${id}.json`)}`);
    expect(file.status, `export answered ${file.status}: ${file.text.slice(0, 300)}`).toBe(404);
    expect(leaks(file.text, [id]), 'the export names IE-only values').toBe('');
  });

  it('leak 3: timeline omits events reached through an IE-only HOLDS or HAS_PHONE', async () => {
    const { body } = await gql(
      GB_ANALYST,
      'query($id: ID!) { timeline(id: $id, first: 200) { totalCount edges { node { subjectId type at } } } }',
      { id: IDS.person },
    );
    const subjects = new Set<string>(
      body.data.timeline.edges.map((e: { node: { subjectId: string } }) => e.node.subjectId),
    );
    const foreign = [...subjects].filter((s) => !GB_HOLDINGS_OF_PERSON.includes(s));
    expect(foreign, `events of ${foreign.join(', ')}, which only IE says the person holds or uses`).toEqual(
      [],
    );
  });

  it('leak 4: properties only IE set on the shared account are not returned, not even as its name', async () => {
    const { body } = await gql(GB_ANALYST, ENTITY_NAMES, { id: IDS.account });
    // GB recorded only the IBAN, the bank and the currency of this account.
    expect(body.data.entity, JSON.stringify(body.data.entity)).toEqual({
      name: null,
      names: [],
      bank: 'Westminster Test Bank',
      bic: null,
      currency: 'GBP',
    });
    for (const suffix of ['nodes.csv', 'i2-entities.csv', 'json']) {
      const file = await getPath(
        GB_ANALYST,
        `/export/neighbourhood/${encodeURIComponent(`${IDS.account}.${suffix}`)}`,
      );
      const found = leaks(file.text, [IDS.account]);
      expect(found, `export ${suffix}: ${found}`).toBe('');
    }
  });

  it('leak 4: properties only IE set on the shared person are not returned', async () => {
    const { body } = await gql(GB_ANALYST, ENTITY_NAMES, { id: IDS.person });
    expect(body.data.entity, JSON.stringify(body.data.entity)).toMatchObject({
      nationality: null,
      gender: null,
      birthDate: '1980-01-01',
    });
  });

  it('leak 5: name spellings only IE recorded are not in names or exports', async () => {
    const { body } = await gql(GB_ANALYST, ENTITY_NAMES, { id: IDS.person });
    expect(body.data.entity.names, JSON.stringify(body.data.entity.names)).toEqual(['John Murphy']);
    const file = await getPath(
      GB_ANALYST,
      `/export/neighbourhood/${encodeURIComponent(`${IDS.person}.json`)}`,
    );
    const person = JSON.parse(file.text).nodes.find((n: { id: string }) => n.id === IDS.person);
    expect(person.props.names ?? ['John Murphy'], `export: ${JSON.stringify(person.props.names)}`).toEqual([
      'John Murphy',
    ]);
    expect(person.name).toBe('John Murphy');
  });

  it("issue 13: GB's exports name GB's identity only, in every format, with or without identities followed", async () => {
    // GB's own matches (a rule and a confirmation) make one identity of GB's three persons; IE's
    // matches, a GB+IE one and a GB match ending in an IE-only person must add nothing to it.
    const gbIdentity = [IDS.gbPerson, IDS.gbPerson2, IDS.person].sort();
    for (const id of [IDS.gbPerson, IDS.person]) {
      for (const query of ['', '?identities=true']) {
        for (const { suffix } of EXPORT_FORMATS) {
          const path = `/export/neighbourhood/${encodeURIComponent(`${id}.${suffix}`)}${query}`;
          const file = await getPath(GB_ANALYST, path);
          const found = leaks(file.text, [id]);
          expect(found, `${path}: ${found}`).toBe('');
        }
        const nodes = await getPath(
          GB_ANALYST,
          `/export/neighbourhood/${encodeURIComponent(`${id}.nodes.csv`)}${query}`,
        );
        const [header, ...rows] = parseCsv(nodes.text);
        const row = rows.find((r) => r[0] === id);
        expect(row?.[header!.indexOf('prop.identity')], `${id}${query}`).toBe(`identity:${gbIdentity[0]}`);
        expect(row?.[header!.indexOf('prop.identityRecords')], `${id}${query}`).toBe(gbIdentity.join('; '));
      }
    }
  });

  it('leak 6: search does not find the shared person by a spelling only IE holds', async () => {
    // Only IE-only words: "Johnny Murphy" would rightly find GB's own John Murphy through "Murphy"
    // (the differential probes compare such searches before and after IE).
    for (const text of ['Ieonlyspelling', 'Ieonlyalias', 'Murchú', 'Johnny']) {
      const { body } = await gql(
        GB_ANALYST,
        'query($t: String!) { search(text: $t) { totalCount edges { node { entityId } } } }',
        {
          t: text,
        },
      );
      const ids = body.data.search.edges.map((e: { node: { entityId: string } }) => e.node.entityId);
      expect(ids, `search "${text}"`).not.toContain(IDS.person);
    }
  });

  it('leak 7: annotations and tags written in IE are not read in GB', async () => {
    for (const id of [IDS.person, IDS.account, IDS.phone]) {
      const { body, text } = await gql(GB_ANALYST, NOTES, { id });
      const found = leaks(text, [id]);
      expect(found, `${id}: ${found}`).toBe('');
      expect(body.data.entity.tags.filter((t: string) => t.startsWith('ieonly'))).toEqual([]);
    }
  });

  it('leak 7: annotations and tags written in GB are not read in IE (the reverse)', async () => {
    const { body } = await gql(IE_INVESTIGATOR, NOTES, { id: IDS.person });
    const authors = body.data.entity.annotations.map((a: { author: string }) => a.author);
    expect(authors, `authors of the notes IE sees: ${authors.join(', ')}`).not.toContain(GB_INVESTIGATOR.id);
    expect(body.data.entity.tags, `tags IE sees: ${body.data.entity.tags}`).not.toContain('gb-tag');
  });

  it("leak 8: a GB-only admin's auditTrail holds no IE user's searches, shown ids or loads", async () => {
    const records: { actor: string; args: string; operation: string; entityIds: string[] }[] = [];
    for (let after = 0; ; ) {
      const { body } = await gql(
        GB_ADMIN,
        'query($a: Int) { auditTrail(afterSeq: $a, limit: 500) { seq actor action operation args entityIds outcome } }',
        { a: after },
      );
      const page = body.data?.auditTrail ?? [];
      records.push(...page);
      if (page.length < 500) break;
      after = page[page.length - 1].seq;
    }
    // GB users' own records may name what they typed (an IE id they guessed); anyone else's must not be here.
    const foreign = records.filter(
      (r) =>
        !r.actor.startsWith('gb-') &&
        (r.actor.toLowerCase().includes('ieonly') || leaks(JSON.stringify(r)) !== ''),
    );
    expect(
      foreign.length,
      `IE records shown to a GB admin, e.g.\n${foreign
        .slice(0, 5)
        .map((r) => JSON.stringify(r).slice(0, 300))
        .join('\n')}`,
    ).toBe(0);
  });

  it('leak 11: a token with jurisdictions [] is refused', async () => {
    const token = await tokenOf({ id: 'nobody', roles: ['analyst'], jurisdictions: [] });
    const answer = await gqlWithToken(token, '{ extracts { totalCount } }');
    expect(answer.status, answer.text.slice(0, 200)).toBe(401);
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const start = await gqlWithToken(token, START, { input: { seed: 3 } });
    expect(start.status, start.text.slice(0, 200)).toBe(401);
  });

  it("leak 11: a GB analyst's default networks list is GB's run's after a newer run of another jurisdiction", async () => {
    const { body } = await gql(
      GB_ANALYST,
      '{ networks(first: 50) { totalCount edges { node { id runId } } } }',
    );
    expect(body.data.networks.totalCount, JSON.stringify(body.data.networks)).toBe(world.gbNetworks.length);
    expect(body.data.networks.edges.map((e: { node: { id: string } }) => e.node.id).sort()).toEqual(
      [...world.gbNetworks].sort(),
    );
  });

  it("issue 13: a GB analyst's review queue holds no pair GB has decided, nor any answer made for GB+IE or IE", async () => {
    const queue = '{ reviewQueue(first: 50) { id score impact evidence a { entityId } b { entityId } } }';
    const gb = await gql(GB_ANALYST, queue);
    expect(gb.body.errors).toBeUndefined();
    // GB's three persons are all decided for GB (a rule, a confirmation, a rejection: the
    // contradiction of phase 1), so GB's proposal of phase 1 is not queued, whatever GB+IE decided.
    expect(gb.body.data.reviewQueue).toEqual([]);
    // Control: a viewer of all reads the GB+IE answers (the cross pair is undecided for them).
    const all = await gql(ALL_ADMIN, queue);
    const pairs = (all.body.data?.reviewQueue ?? []).map(
      (i: { a: { entityId: string }; b: { entityId: string } }) =>
        [i.a.entityId, i.b.entityId].sort().join(' '),
    );
    expect(pairs, JSON.stringify(all.body)).toContain([IDS.gbPerson, IDS.iePerson].sort().join(' '));
    expect(pairs).not.toContain([IDS.gbPerson, IDS.gbPerson2].sort().join(' '));
  });

  it('control: IE still sees what IE recorded (spellings, VICTIM role, notes, run and its exports)', async () => {
    const names = await gql(IE_ANALYST, ENTITY_NAMES, { id: IDS.person });
    expect(names.body.data.entity.names).toContain('Seán Ieonlyspelling Ó Murchú');
    const roles = await gql(IE_INVESTIGATOR, ROLES, { id: IDS.person });
    expect(roles.body.data.entity.roles).toContainEqual(
      expect.objectContaining({ caseId: IDS.ieCase, role: 'VICTIM', recordedBy: IE_INVESTIGATOR.id }),
    );
    const notes = await gql(IE_INVESTIGATOR, NOTES, { id: IDS.person });
    expect(notes.body.data.entity.tags).toContain('ieonly-tag');
    const file = await getPath(
      IE_ANALYST,
      `/export/network/${encodeURIComponent(`${world.refs.ieNet0}.json`)}`,
    );
    expect(file.status).toBe(200);
  });

  it("control (issue #14): the world holds IE's model facts, which IE reads and GB does not", async () => {
    // The differential probes pass vacuously if the facts are not in the world: each is read here as
    // IE, and the same question as GB gets GB's own facts only.
    const facts = async (viewer: Viewer) => {
      const ask = async (query: string, id: string) => {
        const answer = await gql(viewer, query, { id });
        expect(answer.body.errors, `${viewer.id} ${id}: ${answer.text.slice(0, 300)}`).toBeUndefined();
        return answer.body.data;
      };
      const links = (data: any, pick: (n: any) => string) =>
        data.entity.relationships.edges.map((e: any) => pick(e.node)).sort();
      const REL = (types: string, extra = '') =>
        `query($id: ID!) { entity(id: $id) { ${extra} relationships(types: [${types}], first: 100) { edges { node { type typeName fromId toId kind capacity properties } } } } }`;
      const vehicle = await ask(REL('USES, OWNS', '... on Vehicle { make }'), IDS.vehicle);
      const report = await ask(REL('PARTY_TO'), IDS.report);
      const vessel = await ask(REL('EXTENSION', '... on GenericEntity { properties }'), IDS.vessel);
      const person = await ask(REL('RELATED_TO, SEIZED_FROM'), IDS.person);
      const address = await ask(REL('OCCURRED_AT'), IDS.address);
      const flow = await gql(
        viewer,
        'query($id: ID!) { moneyFlow(accountId: $id, direction: IN) { undatedIncluded steps { counterparty { entityId } } } }',
        { id: IDS.account },
      );
      const out = await gql(
        viewer,
        'query($id: ID!) { entity(id: $id) { ... on Account { transactions(first: 100) { edges { node { count until undated } } } } } }',
        { id: IDS.account },
      );
      return {
        make: vehicle.entity.make,
        vehicleLinks: links(vehicle, (n) => `${n.type} ${n.fromId}`),
        capacities: links(report, (n) => n.capacity),
        tonnage: vessel.entity.properties.tonnage,
        operates: links(vessel, (n) => `${n.typeName} ${n.fromId} ${n.properties.capacity}`),
        personLinks: links(person, (n) => `${n.type} ${n.kind ?? n.fromId}`),
        offences: links(address, (n) => n.fromId),
        undatedIn: flow.body.data?.moneyFlow.undatedIncluded,
        counts: (out.body.data?.entity.transactions.edges ?? [])
          .map((e: any) => e.node.count)
          .filter((c: number) => c > 1)
          .sort(),
      };
    };
    expect(await facts(IE_ANALYST)).toEqual({
      make: 'IEONLY Make',
      vehicleLinks: [`OWNS ${IDS.iePerson}`, `USES ${IDS.person}`],
      capacities: ['beneficiary'],
      tonnage: 7777.25,
      operates: [`OPERATES ${IDS.iePerson} ieonly-owner`, `OPERATES ${IDS.person} ieonly-charterer`],
      personLinks: [`RELATED_TO knows-ieonly`, `SEIZED_FROM ${IDS.ieItem}`],
      offences: [IDS.ieOffence, IDS.ieOffence2],
      undatedIn: 928374,
      counts: [918273, 928374],
    });
    expect(await facts(GB_ANALYST)).toEqual({
      make: 'Ford',
      vehicleLinks: [`OWNS ${IDS.person}`],
      capacities: ['subject'],
      tonnage: 1200,
      operates: [`OPERATES ${IDS.person} master`],
      personLinks: ['RELATED_TO family'],
      offences: [IDS.gbOffence],
      undatedIn: 0,
      counts: [],
    });
  });

  it("control (issue #14): IE's load refused half-way wrote rows that no one reads, IE included", async () => {
    const [written] = await executeRead(
      "MATCH (x:Extract {status: 'failed', jurisdiction: 'IE'})-[:MENTIONS]->(n) RETURN count(n) AS n",
    );
    expect(Number(written?.n), 'nodes the partial load wrote').toBeGreaterThan(0);
    for (const viewer of [IE_ANALYST, ALL_ADMIN]) {
      const { body } = await gql(viewer, '{ search(text: "Ieonlypartial") { totalCount } }');
      expect(body.data.search.totalCount, `${viewer.id} finds the partial load`).toBe(0);
    }
  });

  it("new (not in the issue): IE's load does not change what GB's search finds (search by passport number)", async () => {
    // refreshSearchText rewrites the search text of a node with several spellings from the
    // spellings alone, dropping the identifiers the mapping put there: once IE adds a spelling, GB
    // no longer finds the shared person by the passport number GB itself recorded.
    const { body } = await gql(
      GB_ANALYST,
      '{ search(text: "XS1000001") { totalCount edges { node { entityId } } } }',
    );
    const ids = body.data.search.edges.map((e: { node: { entityId: string } }) => e.node.entityId);
    expect(ids, `hits: ${ids.join(', ')}`).toContain(IDS.person);
  });

  it("new (not in the issue): a GB-only admin cannot read an IE loader's load job", async () => {
    const answer = await gql(GB_ADMIN, JOB, { id: world.refs.ieJob });
    expect(answer.body.errors?.[0]?.extensions?.code, `answer: ${answer.text.slice(0, 400)}`).toBe(
      'NOT_FOUND',
    );
  });

  it('leak 2: a GB-only startAnalysis takes its previous run among GB runs, and reads only GB data', async () => {
    const started = await gql(GB_ANALYST, START, { input: { seed: 7 } });
    const runId: string = started.body.data.startAnalysis.id;
    expect(await runDone(runId)).toBe('completed');
    const { body, text } = await gql(
      GB_ANALYST,
      'query($id: String!) { analysisRun(id: $id) { previousRunId changes { new stable grown shrunk dissolved merged split } } }',
      { id: runId },
    );
    expect
      .soft(
        body.data.analysisRun.previousRunId,
        `previous run ${body.data.analysisRun.previousRunId} (GB's run is ${world.refs.gbRun}, IE's ${world.refs.ieRun})`,
      )
      .toBe(world.refs.gbRun);
    const ieStable = world.ieNetworks.map((id) => id.slice(id.indexOf('/') + 1));
    expect
      .soft(
        ieStable.filter((s) => text.includes(s)),
        `IE network ids in the run's changes: ${text}`,
      )
      .toEqual([]);
    // The same data with the same seed: the same networks as GB's first run, whatever IE added.
    const networks = `query($run: String) { networks(runId: $run) { totalCount edges { node {
      stableId size risk categories members { entityId name role recordedRoles } indicators { indicator facts evidenceEntityIds } } } } }`;
    const first = await gql(GB_ANALYST, networks, { run: world.refs.gbRun });
    const second = await gql(GB_ANALYST, networks, { run: runId });
    const change = describeChange(first.text, second.text);
    expect.soft(change, `GB's new run differs from GB's first run:\n${change}`).toBe('');
  });
});

const ROLES = `query($id: ID!) { entity(id: $id) { ... on Person { roles { caseId role recordedBy } } } }`;

// ---- weaknesses ------------------------------------------------------------------------------------

/** Starts a load as `viewer`; returns the error code, or the job after it ended. */
async function tryLoad(viewer: Viewer, input: Record<string, unknown>) {
  const answer = await gql(viewer, LOAD, { input });
  const id: string | undefined = answer.body.data?.loadExtract?.id;
  if (id) await jobDone(id);
  const job = id ? (await gql(viewer, JOB, { id })).body.data?.loadJob : undefined;
  return { answer, id, job, code: answer.body.errors?.[0]?.extensions?.code as string | undefined };
}

/**
 * Every file where a load may write (the import folder and .skein, without the database) with its
 * size, time and hash: what a load may have overwritten.
 */
function snapshot(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && !entry.name.startsWith('neo4j')) walk(path);
      else if (entry.isFile() && entry.name !== 'test-report.json') {
        const stat = statSync(path);
        const hash = createHash('sha256').update(readFileSync(path)).digest('hex');
        out.set(path, `${stat.size} ${stat.mtimeMs} ${hash}`);
      }
    }
  };
  const dotSkein = join(config().projectRoot, '.skein');
  walk(dotSkein);
  if (!config().importDir.startsWith(dotSkein)) walk(config().importDir);
  return out;
}

/** The files holding IE's rejected row of its CDR load (so a test of them is never vacuous). */
function ieRejectsFiles(files: Map<string, string>): string[] {
  return [...files.keys()].filter(
    (path) => readFileSync(path, 'utf8').includes('IEONLY-BAD-ROW') && !path.endsWith('.csv'),
  );
}

function changedFiles(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...before].filter(([path, stamp]) => after.get(path) !== stamp).map(([path]) => path);
}

describe('weaknesses', () => {
  it('weakness 1: a chunked request body over the limit is refused with 413', async () => {
    const limit = config().limits.maxBodyBytes;
    const pad = 'x'.repeat(64 * 1024);
    const chunks = Math.ceil((2 * limit) / pad.length);
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        const encoder = new TextEncoder();
        if (sent === 0)
          controller.enqueue(encoder.encode('{"query":"{ health { status } }","variables":{"pad":"'));
        if (sent < chunks) controller.enqueue(encoder.encode(pad));
        else {
          controller.enqueue(encoder.encode('"}}'));
          controller.close();
        }
        sent++;
      },
    });
    const response = await app.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await tokenOf(GB_ANALYST)}` },
      body,
      duplex: 'half',
    } as RequestInit);
    expect(response.status, (await response.text()).slice(0, 200)).toBe(413);
  });

  it('weakness 2: a token without exp is refused', async () => {
    const answer = await gqlWithToken(await tokenWithoutExpiry(GB_ANALYST), '{ extracts { totalCount } }');
    expect(answer.status, answer.text.slice(0, 200)).toBe(401);
  });

  it('weakness 3: GET /graphql with an HTML accept header is authenticated first (401, never 500)', async () => {
    const response = await app.fetch(
      `http://skein.test/graphql?query=${encodeURIComponent('{ extracts { totalCount } }')}`,
      // What a browser sends when the URL is opened directly.
      {
        headers: {
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'x-skein-client': 'probe',
        },
      },
    );
    expect(response.status, (await response.text()).slice(0, 200)).toBe(401);
  });

  it('weakness 4: a symbolic link in the import folder is not followed outside it', async () => {
    const { code, job } = await tryLoad(GB_LOADER, { file: IMPORTS.gbLinkOut, mapping: 'telecom' });
    expect(code, `the load started and ended ${job?.status}: ${JSON.stringify(job)}`).toBeDefined();
    const outside = await gql(GB_ANALYST, 'query($id: ID!) { entity(id: $id) { entityId } }', {
      id: IDS.outsidePhone,
    });
    expect(outside.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it("weakness 5: a GB loader cannot tell from the answer which of IE's files exist", async () => {
    const existing = await tryLoad(GB_LOADER, { file: IMPORTS.iePeople, mapping: 'telecom', dryRun: true });
    const missing = await tryLoad(GB_LOADER, {
      file: `${IMPORT_DIR_OF('IE')}/no-such-file.csv`,
      mapping: 'telecom',
      dryRun: true,
    });
    const shape = (r: Awaited<ReturnType<typeof tryLoad>>) =>
      JSON.stringify({ code: r.code ?? null, started: Boolean(r.id), errors: r.answer.body.errors ?? null })
        .replace(IMPORTS.iePeople, '<file>')
        .replace(`${IMPORT_DIR_OF('IE')}/no-such-file.csv`, '<file>');
    expect(shape(existing), `an existing IE file: ${shape(existing)}; a missing one: ${shape(missing)}`).toBe(
      shape(missing),
    );
  });

  it("weakness 6: loadJob.error does not show another jurisdiction's file header", async () => {
    const { job } = await tryLoad(GB_LOADER, { file: IMPORTS.iePeople, mapping: 'telecom' });
    const found = leaks(JSON.stringify(job ?? null), [IMPORTS.iePeople]);
    expect(found, `loadJob: ${JSON.stringify(job)}`).toBe('');
  });

  it('weakness 6: loadJob.error and the summary show no absolute server path', async () => {
    const failed = await tryLoad(GB_LOADER, { file: IMPORTS.gbWrongLayout, mapping: 'telecom' });
    expect(failed.job?.status).toBe('FAILED');
    const done = await gql(GB_LOADER, JOB, { id: world.refs.gbJob });
    for (const text of [JSON.stringify(failed.job), JSON.stringify(done.body.data?.loadJob)]) {
      expect(text.includes(config().projectRoot), `loadJob: ${text}`).toBe(false);
    }
  });

  it("weakness 7: a GB dry run does not overwrite IE's rejects file", async () => {
    const before = snapshot();
    expect(ieRejectsFiles(before), "IE's rejects file of its CDR load").not.toEqual([]);
    const { job } = await tryLoad(GB_LOADER, { file: IMPORTS.ieCdr, mapping: 'telecom', dryRun: true });
    const changed = changedFiles(before, snapshot());
    expect(changed, `rewritten: ${changed.join(', ')} (job ${JSON.stringify(job)})`).toEqual([]);
  });

  it("weakness 7: rejects files are per user or per load: a second IE loader's dry run keeps the first's", async () => {
    const before = snapshot();
    expect(ieRejectsFiles(before), "IE's rejects file of its CDR load").not.toEqual([]);
    const { job, answer } = await tryLoad(IE_LOADER_2, {
      file: IMPORTS.ieCdr,
      mapping: 'telecom',
      jurisdiction: 'IE',
      dryRun: true,
    });
    expect(answer.body.errors, "the dry run is an IE loader's own").toBeUndefined();
    expect(job?.status).toBe('COMPLETED');
    const changed = changedFiles(before, snapshot());
    expect(changed, `rewritten: ${changed.join(', ')}`).toEqual([]);
  });

  it('weakness 8: CLI detection runs are audited', async () => {
    const cli = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(config().projectRoot, 'src/cli/analyse.ts'),
        '--jurisdictions',
        'GB',
        '--json',
      ],
      {
        cwd: config().projectRoot,
        // The suite's model extension, as the server has it (its Vessel is projected by detection).
        env: { ...process.env, SKEIN_MODEL_EXTENSION: EXTENSION_FILE },
        encoding: 'utf8',
        timeout: 120_000,
      },
    );
    expect(cli.status, cli.stderr.slice(-500)).toBe(0);
    const runId = (JSON.parse(cli.stdout) as { runId: string }).runId;
    await drainAudit();
    const records = await readAudit({ scope: FULL_SCOPE, afterSeq: 0, limit: 100_000 });
    const audited = records.filter((r) => r.action === 'analysis' && r.entityIds.includes(runId));
    expect(
      audited.map((r) => r.actor),
      `audit records of run ${runId}: ${audited.length}`,
    ).toEqual([expect.stringMatching(/^cli:/)]);
  });
});

// ---- writes: a GB user writes only into GB ----------------------------------------------------------

/** Each mutation of the schema and the test(s) below that try it across jurisdictions. */
const MUTATION_TESTS: Record<string, string> = {
  loadExtract: 'leak 9',
  recordRole: 'leak 10',
  annotateEntity: 'writes: annotateEntity',
  startAnalysis: 'writes: startAnalysis',
  confirmMatch: 'writes: judgements',
  rejectMatch: 'writes: judgements',
  withdrawJudgement: 'writes: judgements',
  startResolution: 'writes: startResolution',
};

describe('writes', () => {
  it('every mutation of the schema has a cross-jurisdiction write test here', () => {
    const fields = Object.keys(schema.getMutationType()?.getFields() ?? {});
    expect(fields.filter((f) => !(f in MUTATION_TESTS))).toEqual([]);
  });

  it("leak 9: a GB loader cannot load IE's file from the import folder as GB", async () => {
    const { code, job } = await tryLoad(GB_LOADER, { file: IMPORTS.ieCdr2, mapping: 'telecom' });
    expect
      .soft(code, `the load started and ended ${job?.status}: ${JSON.stringify(job?.summary)}`)
      .toBeDefined();
    const phone = await gql(GB_ANALYST, 'query($id: ID!) { entity(id: $id) { entityId } }', {
      id: IDS.ieCdr2Phone,
    });
    expect(phone.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const search = await gql(GB_ANALYST, '{ search(text: "+353 85 123 9876") { totalCount } }');
    expect(search.body.data.search.totalCount).toBe(0);
  });

  it('leak 9: a GB loader cannot load into IE or NL', async () => {
    for (const jurisdiction of ['IE', 'NL']) {
      const { code, job } = await tryLoad(GB_LOADER, {
        file: IMPORTS.gbCdr,
        mapping: 'telecom',
        jurisdiction,
      });
      expect
        .soft(code, `loading as ${jurisdiction}: the load started and ended ${job?.status}`)
        .toBe('FORBIDDEN');
    }
  });

  it("leak 10: a GB investigator cannot record a role in IE's case; IE's VICTIM stays", async () => {
    const answer = await gql(GB_INVESTIGATOR, RECORD_ROLE, {
      input: { personId: IDS.person, jurisdiction: 'IE', caseNumber: 'IEONLY-CASE-1', role: 'SUSPECT' },
    });
    expect.soft(answer.body.errors?.[0]?.extensions?.code, `answer: ${answer.text}`).toBe('FORBIDDEN');
    const roles = await gql(IE_INVESTIGATOR, ROLES, { id: IDS.person });
    expect(
      roles.body.data.entity.roles,
      `IE sees ${JSON.stringify(roles.body.data.entity.roles)}`,
    ).toContainEqual({
      caseId: IDS.ieCase,
      role: 'VICTIM',
      recordedBy: IE_INVESTIGATOR.id,
    });
  });

  it('leak 10: a GB investigator cannot create a case in NL', async () => {
    const answer = await gql(GB_INVESTIGATOR, RECORD_ROLE, {
      input: { personId: IDS.person, jurisdiction: 'NL', caseNumber: 'NL-CASE-1', role: 'WITNESS' },
    });
    expect.soft(answer.body.errors?.[0]?.extensions?.code, `answer: ${answer.text}`).toBe('FORBIDDEN');
    const nlCase = await gql(ALL_ADMIN, 'query($id: ID!) { entity(id: $id) { entityId } }', {
      id: entityId('Case', ['NL', 'NL-CASE-1']),
    });
    expect(nlCase.body.errors?.[0]?.extensions?.code, `case in NL: ${nlCase.text}`).toBe('NOT_FOUND');
  });

  it("writes: annotateEntity cannot reach IE's entities, and GB's note on a shared one stays GB's", async () => {
    const hidden = await gql(GB_INVESTIGATOR, ANNOTATE, { id: IDS.iePerson, text: 'GB probe' });
    expect(hidden.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const shared = await gql(GB_INVESTIGATOR, ANNOTATE, {
      id: IDS.phone,
      text: 'GB note on the phone',
      tags: ['gb-phone'],
    });
    expect(shared.body.errors).toBeUndefined();
    const ie = await gql(IE_INVESTIGATOR, NOTES, { id: IDS.phone });
    expect(ie.body.data.entity.tags, `IE sees tags ${ie.body.data.entity.tags}`).not.toContain('gb-phone');
  });

  it("writes: startResolution cannot read IE's data, and a GB viewer sees no IE resolution run", async () => {
    for (const jurisdictions of [['IE'], ['GB', 'IE']]) {
      const answer = await gql(GB_ANALYST, START_RESOLUTION, { input: { jurisdictions } });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const listed = await gql(
      GB_ANALYST,
      '{ resolutionRuns(first: 50) { edges { node { id jurisdictions } } } }',
    );
    const runs = listed.body.data.resolutionRuns.edges.map((e: { node: { id: string } }) => e.node.id);
    expect(runs).toContain(world.refs.gbResolution);
    expect(runs).not.toContain(world.refs.ieResolution);
  });

  it("writes: startAnalysis cannot read IE's data", async () => {
    const answer = await gql(GB_ANALYST, START, { input: { jurisdictions: ['IE'] } });
    expect(answer.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const mixed = await gql(GB_ANALYST, START, { input: { jurisdictions: ['GB', 'IE'] } });
    expect(mixed.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it("writes: judgements cannot reach IE's records or judgements, nor learn of a GB+IE match", async () => {
    const judgements = async () =>
      (await executeRead('MATCH (j:Judgement) RETURN j.id AS id, j.withdrawnAt AS w ORDER BY id')).map((r) =>
        JSON.stringify(r),
      );
    const untouched = await judgements();
    // An IE-only record: NOT_FOUND, word for word as for a record that does not exist.
    for (const query of [CONFIRM, REJECT]) {
      const hidden = await gql(GB_INVESTIGATOR, query, {
        input: { a: IDS.person, b: IDS.iePerson, reason: 'GB probe' },
      });
      const missing = await gql(GB_INVESTIGATOR, query, {
        input: { a: IDS.person, b: 'person:NOSUCHPERSON', reason: 'GB probe' },
      });
      expect(hidden.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(hidden.body.errors?.[0]?.message.replace(IDS.iePerson, '<id>')).toBe(
        missing.body.errors?.[0]?.message.replace('person:NOSUCHPERSON', '<id>'),
      );
    }
    // IE's and GB+IE's judgements: NOT_FOUND for GB, as a judgement that does not exist.
    const others = await executeRead('MATCH (j:Judgement) WHERE j.author IN $authors RETURN j.id AS id', {
      authors: [IE_INVESTIGATOR.id, GBIE_INVESTIGATOR.id],
    });
    expect(others).toHaveLength(2);
    for (const { id } of others) {
      const answer = await gql(GB_INVESTIGATOR, WITHDRAW, { input: { id, reason: 'GB probe' } });
      expect(answer.body.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(answer.body.errors?.[0]?.message).toBe(`No judgement ${id}.`);
    }
    expect(await judgements()).toEqual(untouched);
    // The shared person and GB's second person have a GB+IE proposal: GB judges them as if none existed.
    const gb = await gql(GB_INVESTIGATOR, CONFIRM, {
      input: { a: IDS.person, b: IDS.gbPerson2, reason: 'GB changes its mind' },
    });
    expect(gb.body.errors).toBeUndefined();
    expect(gb.body.data.confirmMatch.jurisdictions).toEqual(['GB']);
    expect(gb.text).not.toMatch(/ieonly/i);
  });
});
