/**
 * Possible matches on the page (issue 13 item 5): a person's details list the proposed match with
 * its score and reasons as a waterfall; Accept asks for the reason, confirms the match and the list
 * shows it confirmed; Withdraw undoes it and the list shows it undecided, with the withdrawn
 * judgement kept. Skein's own server in process, headless Chromium, the real Neo4j.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Listening, listen } from '../../src/serve/server.ts';
import { executeRead, executeWrite } from '../../src/store/run.ts';
import { cleanDatabase, recordMentionFactsAsLoaded } from '../support/db.ts';
import { writeMatch } from '../support/matches.ts';
import { buildViewer, launchChromium, ROOT } from './browser.ts';

const root = ROOT;
const A = 'person:e2e-police:P1';
const B = 'person:e2e-register:R7';

const SEED = `
CREATE (p:Extract {id: 'extract:e2e-police', name: 'police.csv', source: 'Police', jurisdiction: 'GB', sha256: 'a', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
CREATE (r:Extract {id: 'extract:e2e-register', name: 'register.csv', source: 'Company register', jurisdiction: 'GB', sha256: 'b', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
CREATE (a:Person {id: $a, name: 'Dumitru Munteanu', names: ['Dumitru Munteanu'], birthDate: '1969-12-04'})
CREATE (b:Person {id: $b, name: 'Dumitru Mnuteanu', names: ['Dumitru Mnuteanu'], birthDate: '1969-12'})
CREATE (ph:Phone {id: 'phone:+447700900555', name: '+447700900555', country: 'GB'})
MERGE (p)-[:MENTIONS {firstRow: 2, rows: 1}]->(a)
MERGE (p)-[:MENTIONS {firstRow: 2, rows: 1}]->(ph)
MERGE (r)-[:MENTIONS {firstRow: 5, rows: 1}]->(b)
CREATE (a)-[:HAS_PHONE {extract: 'extract:e2e-police', row: 2}]->(ph)`;

let server: Listening;
let browser: Browser;
let page: Page;

const match = () => page.locator(`[data-testid=possible-matches] li.match[data-other-id="${B}"]`);

async function statusIs(status: string): Promise<void> {
  await page.waitForSelector(
    `[data-testid=possible-matches] li.match[data-other-id="${B}"][data-status=${status}]`,
    {
      timeout: 15_000,
    },
  );
}

beforeAll(async () => {
  buildViewer();
  await cleanDatabase();
  await executeWrite(SEED, { a: A, b: B });
  await recordMentionFactsAsLoaded();
  await writeMatch({
    x: A,
    y: B,
    jurisdictions: ['GB'],
    score: 0.964,
    matchWeight: 4.75,
    reasons: [
      {
        feature: 'name',
        level: 'typo',
        weight: 7.1,
        detail: '"Dumitru Munteanu" ~ "Dumitru Mnuteanu" (one-letter typo)',
      },
      { feature: 'birthDate', level: 'partial', weight: 3.2, detail: '1969-12-04 ~ 1969-12' },
      { feature: 'nationality', level: 'missing', weight: 0 },
      { feature: 'address', level: 'different', weight: -1.8 },
    ],
  });
  server = await listen('127.0.0.1', 0);
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 900 } });
  page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
  await page.goto(`${server.url}/`);
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('possible matches in a person’s details', () => {
  it('shows the proposal with its score and the reasons as a waterfall', async () => {
    await page.locator('#entity-search').fill('Dumitru Munteanu');
    await page.locator(`#search-results li.hit[data-entity-id="${A}"]`).click();
    await statusIs('UNDECIDED');
    expect(await match().locator('.match-facts').textContent()).toContain('score 96.4 %');
    const rows = await match()
      .locator('table.waterfall tr')
      .evaluateAll((trs) =>
        trs.map((tr) => [
          tr.className,
          tr.querySelector('th')?.textContent,
          tr.querySelector('.weight')?.textContent,
        ]),
      );
    // prior = 4.75 − (7.1 + 3.2 + 0 − 1.8) = −3.75; then each reason; then the total.
    expect(rows).toEqual([
      ['step prior', 'prior', '-3.75'],
      ['step for', 'name', '+7.1'],
      ['step for', 'birthDate', '+3.2'],
      ['step for', 'nationality', '+0'],
      ['step against', 'address', '−1.8'],
      ['step total', 'match weight', '4.75'],
    ]);
    expect(await match().locator('button[data-action=accept-match]').count()).toBe(1);
    expect(await match().locator('button[data-action=reject-match]').count()).toBe(1);
    mkdirSync(join(root, 'test-results'), { recursive: true });
    await page.locator('#details').screenshot({ path: join(root, 'test-results/possible-matches.png') });
  });

  it('Accept asks for the reason, confirms the match, and the list shows it confirmed', async () => {
    page.once('dialog', (dialog) => void dialog.accept('Same passport photo in both files.'));
    await match().locator('button[data-action=accept-match]').click();
    await statusIs('CONFIRMED');
    expect(await match().locator('[data-testid=judgement]').textContent()).toMatch(
      /^Confirmed by dev on .*: Same passport photo in both files\.$/,
    );
    expect(await match().locator('button[data-action=accept-match]').count()).toBe(0);
    const rows = await executeRead(
      `MATCH (:Person {id: $a})-[r:SAME_AS]->(:Person {id: $b}) MATCH (j:Judgement {id: r.judgementId})
       RETURN r.by AS by, j.reason AS reason, j.author AS author`,
      { a: A, b: B },
    );
    expect(rows).toEqual([{ by: 'judgement', reason: 'Same passport photo in both files.', author: 'dev' }]);
  });

  it('Withdraw asks for the reason; the match is undecided again and the withdrawn judgement is kept', async () => {
    page.once('dialog', (dialog) => void dialog.accept('The photo was of his brother.'));
    await match().locator('button[data-action=withdraw-judgement]').click();
    await statusIs('UNDECIDED');
    expect(await match().locator('details.withdrawn').textContent()).toContain('withdrawn by dev on');
    expect(await match().locator('details.withdrawn').textContent()).toContain(
      'The photo was of his brother.',
    );
    expect(await executeRead('MATCH ()-[r:SAME_AS]->() RETURN count(r) AS n')).toEqual([{ n: 0 }]);
  });

  it('a cancelled prompt decides nothing', async () => {
    page.once('dialog', (dialog) => void dialog.dismiss());
    await match().locator('button[data-action=reject-match]').click();
    // A decision disables its button before it sends anything (in the click handler itself): still
    // enabled after the click means nothing was sent.
    expect(await match().locator('button[data-action=reject-match]').isDisabled()).toBe(false);
    await statusIs('UNDECIDED');
    expect(await executeRead('MATCH ()-[r:NOT_SAME_AS]->() RETURN count(r) AS n')).toEqual([{ n: 0 }]);
  });
});
