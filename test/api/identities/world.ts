/**
 * A small world for identities, by hand, with GB and IE extracts: one man, Dumitru Munteanu, as
 * three GB records (police, company register with a partial date, a bank's typo), an IE-only record
 * and a fourth GB record joined only by a GB+IE match; two GB companies that are one; a namesake
 * alone. Matches are written as the contract says (test/support/identities.ts):
 *   gbPolice  =SAME_AS [GB]=    gbRegister    a GB rule
 *   gbRegister=SAME_AS [GB]=    gbBank        a GB judgement
 *   gbBank    =SAME_AS [GB]=    ieGarda       GB-made, but its other end is IE-only
 *   gbPolice  =SAME_AS [GB,IE]= gbOther       a GB+IE run's answer: GB viewers may not read it
 *   ieGarda   =SAME_AS [IE]=    gbOther       IE-made, its other end GB-only
 *   gbOther   =POSSIBLY_SAME_AS [GB]= gbNamesake   a candidate: joins nothing
 *   orgA      =SAME_AS [GB]=    orgB
 * Money and events: each record holds an account; accounts pay one another (moneyFlow), the police
 * and bank records have dated events (timeline), and gbRegister directs orgA (paths).
 */
import type { Viewer } from '../../../src/serve/viewer.ts';
import { executeWrite } from '../../../src/store/run.ts';
import { recordMentionFactsAsLoaded } from '../../support/db.ts';
import { storeMatches, type TestMatch } from '../../support/identities.ts';

export const IDS = {
  extractGbPolice: 'extract:id-gb-police',
  extractGbRegister: 'extract:id-gb-register',
  extractGbBank: 'extract:id-gb-bank',
  extractIe: 'extract:id-ie-garda',
  gbPolice: 'person:gb-police:P1',
  gbRegister: 'person:gb-register:R7',
  gbBank: 'person:gb-bank:B2',
  gbOther: 'person:gb-bank:B9',
  gbNamesake: 'person:gb-police:P2',
  ieGarda: 'person:ie-garda:IEONLY1',
  orgA: 'org:munteanu trading ltd',
  orgB: 'org:munteanu trading limited',
  accPolice: 'account:GB11POLI00000000000001',
  accBank: 'account:GB22BANK00000000000002',
  accOther: 'account:GB33OTHR00000000000003',
  accIe: 'account:IE44IEON00000000000004',
  accShop: 'account:GB55SHOP00000000000005',
  phone: 'phone:+447700900111',
} as const;

const SEED = `
CREATE (pol:Extract {id: $ids.extractGbPolice, name: 'gb-police.csv', source: 'GB Police', jurisdiction: 'GB', sha256: 'a1', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 2, loaded: 2, rejected: 0})
CREATE (reg:Extract {id: $ids.extractGbRegister, name: 'gb-register.csv', source: 'GB Company Register', jurisdiction: 'GB', sha256: 'a2', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
CREATE (bank:Extract {id: $ids.extractGbBank, name: 'gb-bank.csv', source: 'GB Bank', jurisdiction: 'GB', sha256: 'a3', status: 'complete', loadedAt: '2024-01-03T00:00:00Z', rows: 2, loaded: 2, rejected: 0})
CREATE (ie:Extract {id: $ids.extractIe, name: 'ie-IEONLY.csv', source: 'Garda IEONLY', jurisdiction: 'IE', sha256: 'a4', status: 'complete', loadedAt: '2024-01-04T00:00:00Z', rows: 1, loaded: 1, rejected: 0})
CREATE (p:Person {id: $ids.gbPolice, name: 'Dumitru Munteanu', names: ['Dumitru Munteanu'], birthDate: '1969-12-03'})
CREATE (r:Person {id: $ids.gbRegister, name: 'MUNTEANU Dumitru', names: ['MUNTEANU Dumitru'], birthDate: '1969-12'})
CREATE (b:Person {id: $ids.gbBank, name: 'Dumitru Mnuteanu', names: ['Dumitru Mnuteanu'], birthDate: '1969-12-03'})
CREATE (o:Person {id: $ids.gbOther, name: 'D. Munteanu', names: ['D. Munteanu'], birthDate: '1969'})
CREATE (n:Person {id: $ids.gbNamesake, name: 'Dumitru Munteanu', names: ['Dumitru Munteanu'], birthDate: '1994-02-11'})
CREATE (g:Person {id: $ids.ieGarda, name: 'Dumitru Munteanu Ieonlyname', names: ['Dumitru Munteanu Ieonlyname', 'Думитру Мунтяну'], birthDate: '1969-03-12'})
CREATE (oa:Organisation {id: $ids.orgA, name: 'Munteanu Trading Ltd', registrationNumber: '0123456', country: 'GB'})
CREATE (ob:Organisation {id: $ids.orgB, name: 'Munteanu Trading Limited', registrationNumber: '0123456', country: 'GB'})
CREATE (ap:Account {id: $ids.accPolice, iban: 'GB11POLI00000000000001', name: 'GB11POLI00000000000001'})
CREATE (ab:Account {id: $ids.accBank, iban: 'GB22BANK00000000000002', name: 'GB22BANK00000000000002'})
CREATE (ao:Account {id: $ids.accOther, iban: 'GB33OTHR00000000000003', name: 'GB33OTHR00000000000003'})
CREATE (ai:Account {id: $ids.accIe, iban: 'IE44IEON00000000000004', name: 'IE44IEON00000000000004'})
CREATE (as:Account {id: $ids.accShop, iban: 'GB55SHOP00000000000005', name: 'GB55SHOP00000000000005'})
CREATE (ph:Phone {id: $ids.phone, name: '+447700900111', country: 'GB'})
MERGE (pol)-[:MENTIONS {firstRow: 2, rows: 1}]->(p)
MERGE (pol)-[:MENTIONS {firstRow: 3, rows: 1}]->(n)
MERGE (pol)-[:MENTIONS {firstRow: 2, rows: 1}]->(ap)
MERGE (pol)-[:MENTIONS {firstRow: 2, rows: 1}]->(ph)
MERGE (reg)-[:MENTIONS {firstRow: 2, rows: 1}]->(r)
MERGE (reg)-[:MENTIONS {firstRow: 2, rows: 1}]->(oa)
MERGE (reg)-[:MENTIONS {firstRow: 3, rows: 1}]->(ob)
MERGE (bank)-[:MENTIONS {firstRow: 2, rows: 1}]->(b)
MERGE (bank)-[:MENTIONS {firstRow: 3, rows: 1}]->(o)
MERGE (bank)-[:MENTIONS {firstRow: 2, rows: 1}]->(ab)
MERGE (bank)-[:MENTIONS {firstRow: 3, rows: 1}]->(ao)
MERGE (bank)-[:MENTIONS {firstRow: 4, rows: 1}]->(as)
MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(g)
MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(ai)
MERGE (ie)-[:MENTIONS {firstRow: 2, rows: 1}]->(ab)
CREATE (p)-[:HOLDS {extract: $ids.extractGbPolice, extracts: [$ids.extractGbPolice], extractRows: [2], row: 2}]->(ap)
CREATE (p)-[:HAS_PHONE {extract: $ids.extractGbPolice, extracts: [$ids.extractGbPolice], extractRows: [2], row: 2}]->(ph)
CREATE (b)-[:HOLDS {extract: $ids.extractGbBank, extracts: [$ids.extractGbBank], extractRows: [2], row: 2}]->(ab)
CREATE (o)-[:HOLDS {extract: $ids.extractGbBank, extracts: [$ids.extractGbBank], extractRows: [3], row: 3}]->(ao)
CREATE (g)-[:HOLDS {extract: $ids.extractIe, extracts: [$ids.extractIe], extractRows: [2], row: 2}]->(ai)
CREATE (r)-[:DIRECTS {extract: $ids.extractGbRegister, extracts: [$ids.extractGbRegister], extractRows: [2], row: 2}]->(oa)
CREATE (ap)-[:PAID {extract: $ids.extractGbBank, row: 10, key: 'id-k1', amount: 100.0, currency: 'GBP', at: '2024-03-01T10:00:00', kind: 'transfer'}]->(as)
CREATE (ab)-[:PAID {extract: $ids.extractGbBank, row: 11, key: 'id-k2', amount: 250.0, currency: 'GBP', at: '2024-03-02T10:00:00', kind: 'transfer'}]->(as)
CREATE (ao)-[:PAID {extract: $ids.extractGbBank, row: 12, key: 'id-k3', amount: 40.0, currency: 'GBP', at: '2024-03-03T10:00:00', kind: 'transfer'}]->(as)
CREATE (ai)-[:PAID {extract: $ids.extractIe, row: 3, key: 'id-k4', amount: 7654321.99, currency: 'EUR', at: '2024-03-04T10:00:00', kind: 'transfer'}]->(ab)`;

export const MATCHES: TestMatch[] = [
  { type: 'SAME_AS', a: IDS.gbPolice, b: IDS.gbRegister, jurisdictions: ['GB'], by: 'rule:document' },
  { type: 'SAME_AS', a: IDS.gbRegister, b: IDS.gbBank, jurisdictions: ['GB'], by: 'judgement' },
  { type: 'SAME_AS', a: IDS.gbBank, b: IDS.ieGarda, jurisdictions: ['GB'], by: 'rule:document' },
  { type: 'SAME_AS', a: IDS.gbPolice, b: IDS.gbOther, jurisdictions: ['GB', 'IE'], by: 'rule:tax' },
  { type: 'SAME_AS', a: IDS.ieGarda, b: IDS.gbOther, jurisdictions: ['IE'], by: 'rule:tax' },
  { type: 'POSSIBLY_SAME_AS', a: IDS.gbOther, b: IDS.gbNamesake, jurisdictions: ['GB'], by: 'score' },
  { type: 'SAME_AS', a: IDS.orgA, b: IDS.orgB, jurisdictions: ['GB'], by: 'rule:registration' },
];

/** What each viewer may see of the records (the test's own list, not the store's answer). */
export const GB_VISIBLE = new Set<string>([
  IDS.gbPolice,
  IDS.gbRegister,
  IDS.gbBank,
  IDS.gbOther,
  IDS.gbNamesake,
  IDS.orgA,
  IDS.orgB,
]);
export const IE_VISIBLE = new Set<string>([IDS.ieGarda]);
export const ALL_VISIBLE = new Set<string>([...GB_VISIBLE, ...IE_VISIBLE]);

export async function seedIdentities(): Promise<void> {
  await executeWrite(SEED, { ids: IDS });
  await recordMentionFactsAsLoaded();
  await storeMatches(MATCHES);
}

export const GB: Viewer = { id: 'gb-analyst', roles: ['analyst'], jurisdictions: ['GB'] };
export const IE: Viewer = { id: 'ie-analyst', roles: ['analyst'], jurisdictions: ['IE'] };
export const GB_IE: Viewer = { id: 'gbie-analyst', roles: ['analyst'], jurisdictions: ['GB', 'IE'] };
export const ALL: Viewer = { id: 'all-analyst', roles: ['analyst'], jurisdictions: ['*'] };

/**
 * The world's links as the test knows them (the seed above writes the same): from, type, to, and
 * the jurisdiction of the extract that recorded it. The tests compute answers from these lists.
 */
export const LINKS: {
  from: string;
  type: string;
  to: string;
  jurisdiction: 'GB' | 'IE';
  at?: string;
  amount?: number;
}[] = [
  { from: IDS.gbPolice, type: 'HOLDS', to: IDS.accPolice, jurisdiction: 'GB' },
  { from: IDS.gbPolice, type: 'HAS_PHONE', to: IDS.phone, jurisdiction: 'GB' },
  { from: IDS.gbBank, type: 'HOLDS', to: IDS.accBank, jurisdiction: 'GB' },
  { from: IDS.gbOther, type: 'HOLDS', to: IDS.accOther, jurisdiction: 'GB' },
  { from: IDS.ieGarda, type: 'HOLDS', to: IDS.accIe, jurisdiction: 'IE' },
  { from: IDS.gbRegister, type: 'DIRECTS', to: IDS.orgA, jurisdiction: 'GB' },
  {
    from: IDS.accPolice,
    type: 'PAID',
    to: IDS.accShop,
    jurisdiction: 'GB',
    at: '2024-03-01T10:00:00',
    amount: 100,
  },
  {
    from: IDS.accBank,
    type: 'PAID',
    to: IDS.accShop,
    jurisdiction: 'GB',
    at: '2024-03-02T10:00:00',
    amount: 250,
  },
  {
    from: IDS.accOther,
    type: 'PAID',
    to: IDS.accShop,
    jurisdiction: 'GB',
    at: '2024-03-03T10:00:00',
    amount: 40,
  },
  {
    from: IDS.accIe,
    type: 'PAID',
    to: IDS.accBank,
    jurisdiction: 'IE',
    at: '2024-03-04T10:00:00',
    amount: 7654321.99,
  },
];

/** Every node of the world and who may see it (accBank is recorded by GB and IE). */
export const NODES_OF: Record<'GB' | 'IE', Set<string>> = {
  GB: new Set([...GB_VISIBLE, IDS.accPolice, IDS.accBank, IDS.accOther, IDS.accShop, IDS.phone]),
  IE: new Set([...IE_VISIBLE, IDS.accIe, IDS.accBank]),
};
