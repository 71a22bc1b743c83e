/**
 * Exports carry identities (issue #13 item 3): every format names a person's identity and its
 * records, as the viewer may know them; `identities=true` exports the neighbourhood with identities
 * followed. A GB viewer's files hold nothing of the IE record or of the GB+IE match.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXPORT_FORMATS } from '../../../src/export/formats.ts';
import { signDevelopmentToken } from '../../../src/serve/auth.ts';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { cleanDatabase, closeDriver } from '../../support/db.ts';
import { expectedIdentities } from '../../support/identities.ts';
import { jwtClient } from '../client.ts';
import { ALL, ALL_VISIBLE, GB, GB_VISIBLE, IDS, MATCHES, seedIdentities } from './world.ts';

const SECRET = 'identity-export-secret-identity-export-secret';
const { app } = jwtClient(SECRET);

async function exported(viewer: Viewer, path: string): Promise<string> {
  const token = await signDevelopmentToken(SECRET, viewer);
  const response = await app.fetch(`http://skein.test${path}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(response.status, path).toBe(200);
  return response.text();
}

/** One CSV line's cells (quoted cells may hold commas; the test's values hold no line breaks). */
function cells(line: string): string[] {
  return [...line.matchAll(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)]
    .filter((m) => m.index < line.length || m[1] !== '')
    .map((m) => m[1]!.replace(/^"|"$/g, '').replaceAll('""', '"'));
}

/** Formats that list links only (no entity attributes): they name records, not identities. */
const LINKS_ONLY = new Set(['edges.csv', 'i2-links.csv']);

const around = (id: string, suffix: string, query = '') =>
  `/export/neighbourhood/${encodeURIComponent(id)}.${suffix}${query}`;

beforeAll(async () => {
  await cleanDatabase();
  await seedIdentities();
});
afterAll(closeDriver);

describe('exports carry identities', () => {
  for (const [name, viewer, visible, jurisdictions] of [
    ['GB', GB, GB_VISIBLE, ['GB']],
    ['every jurisdiction', ALL, ALL_VISIBLE, '*'],
  ] as const) {
    const records = expectedIdentities(MATCHES, visible, jurisdictions as string[] | '*').get(IDS.gbPolice)!;
    const identity = `identity:${records[0]}`;

    for (const format of EXPORT_FORMATS.filter((f) => !LINKS_ONLY.has(f.suffix))) {
      it(`${format.suffix} names the identity and its records, for a viewer of ${name}`, async () => {
        const text = await exported(viewer, around(IDS.gbPolice, format.suffix));
        expect(text).toContain(identity);
        for (const record of records) expect(text).toContain(record);
        if (name === 'GB') expect(text).not.toMatch(/ieonly|IE44|gb-bank:B9/i);
      });
    }

    it(`the nodes CSV has an identity column, for a viewer of ${name}`, async () => {
      const [header, ...rows] = (await exported(viewer, around(IDS.gbPolice, 'nodes.csv')))
        .trim()
        .split('\n');
      const columns = cells(header!);
      const at = columns.indexOf('prop.identity');
      expect(at).toBeGreaterThan(-1);
      const police = rows.find((r) => r.startsWith(IDS.gbPolice));
      expect(cells(police!)[at]).toBe(identity);
      expect(cells(police!)[columns.indexOf('prop.identityRecords')]).toBe(records.join('; '));
      const account = rows.find((r) => r.startsWith(IDS.accPolice));
      expect(cells(account!)[at]).toBe('');
    });

    it(`FtM lists the other records as referents, for a viewer of ${name}`, async () => {
      const lines = (await exported(viewer, around(IDS.gbPolice, 'ftm.jsonl')))
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      const police = lines.find((l) => l.id === IDS.gbPolice);
      expect(police.referents.sort()).toEqual(records.filter((r) => r !== IDS.gbPolice));
      expect(police.properties.notes).toContain(`Skein ${identity}`);
    });

    it(`identities=true exports the records of the identity and what they link to, for ${name}`, async () => {
      const lines = (await exported(viewer, around(IDS.gbPolice, 'nodes.csv', '?identities=true')))
        .trim()
        .split('\n')
        .slice(1)
        .map((r) => r.split(',')[0]);
      expect(lines).toEqual(expect.arrayContaining([...records, IDS.accBank, IDS.orgA]));
      if (name === 'GB') expect(lines).not.toContain(IDS.gbOther);
    });
  }
});
