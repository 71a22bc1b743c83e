/**
 * A refused load leaves nothing anyone can read (issue #14 item 7): a malformed row stops the file
 * after some batches were written — how many depends on the batch size — and the extract is marked
 * failed. Until a load of the file completes, its rows are in no read (search, entity,
 * neighbourhood, moneyFlow, extracts' data) and in no analysis input, for a viewer of all and for a
 * viewer of its jurisdiction alike; an interrupted load that is resumed becomes visible in full.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BANK_HEADER, BENCH_MAPPING, gbIban } from '../../scripts/bench/bank-csv.ts';
import { LoadAbortedError, loadExtract } from '../../src/ingest/load.ts';
import { MalformedFileError } from '../../src/ingest/read/record.ts';
import type { Viewer } from '../../src/serve/viewer.ts';
import { streamSubgraph } from '../../src/store/read/projection.ts';
import { executeRead, onQuery } from '../../src/store/run.ts';
import { cleanDatabase, closeDriver } from '../support/db.ts';
import { client, jwtClient } from './client.ts';

const dir = mkdtempSync(join(tmpdir(), 'skein-refused-'));
const gql = client();
const { as } = jwtClient('test-secret-test-secret-test-secret!');
const GB: Viewer = { id: 'gb-analyst', roles: ['analyst'], jurisdictions: ['GB'] };

/** The account both extracts pay into: the complete one's holder, the partial one's counterparty. */
const SHARED_IBAN = 'GB82WEST12345698765432';
const SHARED = `account:${SHARED_IBAN}`;

function row(customer: string, name: string, iban: string, ref: string, counterparty: string): string {
  return `${customer},"${name}",,${iban},${ref},01/02/2024,DR,10.00,${counterparty},R`;
}

/** A name part for row i: letters only (a name with digits is not a name). */
function letters(i: number): string {
  return String.fromCharCode(97 + Math.floor(i / 26), 97 + (i % 26));
}

/** 120 good rows of "Xylophant" holders paying the shared account, a ragged row, 10 more good rows. */
function partialFile(name: string, ragged: boolean): string {
  const lines = [BANK_HEADER];
  for (let i = 1; i <= 130; i++) {
    if (ragged && i === 121)
      lines.push(`${row('C9999', 'Ragged Row', gbIban(99_999), 'X0', SHARED_IBAN)},extra`);
    lines.push(
      row(
        `C9${String(i).padStart(4, '0')}`,
        `XYLOPHANT, Zed${letters(i)}`,
        gbIban(90_000 + i),
        `X${i}`,
        SHARED_IBAN,
      ),
    );
  }
  const file = join(dir, name);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

async function loadComplete(): Promise<void> {
  const file = join(dir, 'complete.csv');
  writeFileSync(
    file,
    `${BANK_HEADER}\n${row('C1', 'POPESCU, Ion', SHARED_IBAN, 'T1', 'NL91ABNA0417164300')}\n`,
  );
  const summary = await loadExtract({ file, mapping: BENCH_MAPPING });
  expect(summary.rowsLoaded).toBe(1);
}

/** What each way of reading shows of the Xylophant rows; all zero when the partial load is hidden. */
async function visibleOfPartial(ask: (q: string, v?: Record<string, unknown>) => Promise<any>) {
  const search = await ask('query { search(text: "Xylophant") { totalCount } }');
  expect(search.errors).toBeUndefined();
  const flow = await ask(
    'query($id: ID!) { moneyFlow(accountId: $id, direction: IN) { steps { counterparty { entityId } } } }',
    { id: SHARED },
  );
  expect(flow.errors).toBeUndefined();
  const around = await ask('query($id: ID!) { neighbourhood(id: $id) { nodes { entity { entityId } } } }', {
    id: SHARED,
  });
  expect(around.errors).toBeUndefined();
  const partialAccount = (id: string) => id.startsWith('account:GB') && id.includes('ALBN');
  const [person] = await executeRead(
    "MATCH (p:Person) WHERE p.name STARTS WITH 'Zed' RETURN p.id AS id LIMIT 1",
  );
  const entity =
    person === undefined
      ? 0
      : (await ask('query($id: ID!) { entity(id: $id) { entityId } }', { id: person.id })).data?.entity
        ? 1
        : 0;
  return {
    search: search.data.search.totalCount as number,
    moneyFlow: flow.data.moneyFlow.steps.filter((s: any) => partialAccount(s.counterparty.entityId)).length,
    neighbourhood: around.data.neighbourhood.nodes.filter((n: any) => partialAccount(n.entity.entityId))
      .length,
    entity,
  };
}

async function analysisNodes(): Promise<string[]> {
  const ids: string[] = [];
  await streamSubgraph({}, { node: (n) => ids.push(n.id), relationship: () => undefined });
  const scoped: string[] = [];
  await streamSubgraph(
    { jurisdictions: ['GB'] },
    { node: (n) => scoped.push(n.id), relationship: () => undefined },
  );
  return [...ids, ...scoped].filter((id) => id.includes('ALBN') || id.includes('|C9'));
}

const NOTHING = { search: 0, moneyFlow: 0, neighbourhood: 0, entity: 0 };

afterAll(closeDriver);

describe.each([1, 50, 10_000])('a load refused at a malformed row, batch size %i', (batchSize) => {
  it('is marked failed and nothing of it is read, by anyone, nor analysed', async () => {
    await cleanDatabase();
    await loadComplete();
    const file = partialFile(`ragged-${batchSize}.csv`, true);
    await expect(loadExtract({ file, mapping: BENCH_MAPPING, batchSize })).rejects.toBeInstanceOf(
      MalformedFileError,
    );
    // How much of the file is in the graph depends on the batch size; what anyone reads does not.
    const [written] = await executeRead(
      "MATCH (p:Person) WHERE p.name STARTS WITH 'Zed' RETURN count(p) AS n",
    );
    expect(Number(written?.n)).toBe(Math.floor(120 / batchSize) * batchSize);
    expect(await visibleOfPartial(gql)).toEqual(NOTHING);
    expect(await visibleOfPartial((q, v) => as(GB, q, v))).toEqual(NOTHING);
    expect(await analysisNodes()).toEqual([]);
    // The complete extract is still read in full, and the failed one is listed as failed.
    const listed = await gql('query { extracts { edges { node { name status rows } } } }');
    expect(listed.data!.extracts.edges.map((e: any) => [e.node.name, e.node.status]).sort()).toEqual([
      ['complete.csv', 'COMPLETE'],
      [`ragged-${batchSize}.csv`, 'FAILED'],
    ]);
    const popescu = await as(GB, 'query { search(text: "Popescu") { totalCount } }');
    expect(popescu.data.search.totalCount).toBe(1);
  });
});

describe('an interrupted load', () => {
  it('is hidden while it is incomplete and read in full once resumed', async () => {
    await cleanDatabase();
    await loadComplete();
    const file = partialFile('interrupted.csv', false);
    const controller = new AbortController();
    // Stops the load after its first batch committed: the checkpoint write is that batch's last statement.
    const stop = onQuery(({ cypher }) => {
      if (cypher.includes('SET e.checkpointLine = $line')) controller.abort();
    });
    await expect(
      loadExtract({ file, mapping: BENCH_MAPPING, batchSize: 50 }, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(LoadAbortedError);
    stop();
    const [written] = await executeRead(
      "MATCH (p:Person) WHERE p.name STARTS WITH 'Zed' RETURN count(p) AS n",
    );
    expect(Number(written?.n)).toBe(50);
    expect(await visibleOfPartial(gql)).toEqual(NOTHING);
    expect(await visibleOfPartial((q, v) => as(GB, q, v))).toEqual(NOTHING);
    expect(await analysisNodes()).toEqual([]);

    const resumed = await loadExtract({ file, mapping: BENCH_MAPPING, batchSize: 50 });
    expect(resumed.status).toBe('resumed');
    const seen = await visibleOfPartial(gql);
    expect(seen.search).toBe(130);
    expect(seen.entity).toBe(1);
    expect(seen.moneyFlow).toBe(50); // perHop's default keeps the 50 largest of 130 equal payers
    expect((await visibleOfPartial((q, v) => as(GB, q, v))).search).toBe(130);
    expect((await analysisNodes()).length).toBeGreaterThan(0);
  });
});
