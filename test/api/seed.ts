/**
 * A small hand-built graph for API tests, with known answers: two extracts (GB bank, RO telecom),
 * a money chain with one time-respecting and one time-violating route, a phone shared by three
 * persons, a hub account with many payers (for "N more"), and an address shared by two.
 */
import { executeWrite } from '../../src/store/run.ts';
import { recordMentionFactsAsLoaded } from '../support/db.ts';

export const IDS = {
  extractGb: 'extract:gb-bank',
  extractRo: 'extract:ro-telecom',
  ana: 'person:gb-bank:C1',
  bogdan: 'person:gb-bank:C2',
  cristi: 'person:gb-bank:C3',
  dana: 'person:ro-telecom:S9',
  accA: 'account:GB82WEST12345698765432',
  accB: 'account:GB33BUKB20201555555555',
  accC: 'account:GB94BARC10201530093459',
  accD: 'account:RO49AAAA1B31007593840000',
  hub: 'account:GB29NWBK60161331926819',
  phone: 'phone:+447911123456',
  address: 'address:GB|E1 6AN|1 flower st',
} as const;

const SEED = `
CREATE (gb:Extract {id: $ids.extractGb, name: 'gb-bank.csv', source: 'Bank GB', jurisdiction: 'GB', sha256: 'aa', status: 'complete', loadedAt: '2024-01-01T00:00:00Z', rows: 20, loaded: 20, rejected: 0})
CREATE (ro:Extract {id: $ids.extractRo, name: 'ro-telecom.csv', source: 'Telecom RO', jurisdiction: 'RO', sha256: 'bb', status: 'complete', loadedAt: '2024-01-02T00:00:00Z', rows: 5, loaded: 5, rejected: 0})
CREATE (ana:Person {id: $ids.ana, name: 'Ana Popescu', names: ['Ana Popescu', 'POPESCU Ana'], nameKey: 'ana popescu', birthDate: '1990-05-01'})
CREATE (bogdan:Person {id: $ids.bogdan, name: 'Bogdan Ionescu', names: ['Bogdan Ionescu'], nameKey: 'bogdan ionescu'})
CREATE (cristi:Person {id: $ids.cristi, name: 'Cristian Marin', names: ['Cristian Marin'], nameKey: 'cristian marin'})
CREATE (dana:Person {id: $ids.dana, name: 'Dana Vasile', names: ['Dana Vasile'], nameKey: 'dana vasile'})
CREATE (a:Account {id: $ids.accA, iban: 'GB82WEST12345698765432', name: 'GB82WEST12345698765432'})
CREATE (b:Account {id: $ids.accB, iban: 'GB33BUKB20201555555555', name: 'GB33BUKB20201555555555'})
CREATE (c:Account {id: $ids.accC, iban: 'GB94BARC10201530093459', name: 'GB94BARC10201530093459'})
CREATE (d:Account {id: $ids.accD, iban: 'RO49AAAA1B31007593840000', name: 'RO49AAAA1B31007593840000'})
CREATE (hub:Account {id: $ids.hub, iban: 'GB29NWBK60161331926819', name: 'GB29NWBK60161331926819'})
CREATE (ph:Phone {id: $ids.phone, name: '+447911123456', country: 'GB'})
CREATE (ad:Address {id: $ids.address, name: '1 Flower St, London E1 6AN', line: '1 Flower St', postcode: 'E1 6AN', city: 'London', country: 'GB'})
FOREACH (n IN [ana, bogdan, cristi, a, b, c, d, hub, ph, ad] | MERGE (gb)-[:MENTIONS {firstRow: 2, rows: 1}]->(n))
MERGE (ro)-[:MENTIONS {firstRow: 2, rows: 1}]->(dana)
MERGE (ro)-[:MENTIONS {firstRow: 3, rows: 1}]->(ph)
CREATE (ana)-[:HOLDS {extract: $ids.extractGb, row: 2}]->(a)
CREATE (bogdan)-[:HOLDS {extract: $ids.extractGb, row: 3}]->(b)
CREATE (cristi)-[:HOLDS {extract: $ids.extractGb, row: 4}]->(c)
CREATE (ana)-[:HAS_PHONE {extract: $ids.extractGb, row: 2}]->(ph)
CREATE (bogdan)-[:HAS_PHONE {extract: $ids.extractGb, row: 3}]->(ph)
CREATE (cristi)-[:HAS_PHONE {extract: $ids.extractGb, row: 4}]->(ph)
CREATE (dana)-[:HAS_PHONE {extract: $ids.extractRo, row: 2}]->(ph)
CREATE (ana)-[:REGISTERED_AT {extract: $ids.extractGb, row: 2, from: '2023-01-01', kind: 'residence'}]->(ad)
CREATE (bogdan)-[:REGISTERED_AT {extract: $ids.extractGb, row: 3, from: '2023-02-01', kind: 'residence'}]->(ad)
// A → B → C respects time (B pays C after receiving); A → D → C does not (D pays C before A pays D).
CREATE (a)-[:PAID {extract: $ids.extractGb, row: 10, key: 'k10', amount: 1000.0, currency: 'GBP', at: '2024-03-01T10:00:00', kind: 'transfer'}]->(b)
CREATE (b)-[:PAID {extract: $ids.extractGb, row: 11, key: 'k11', amount: 900.0, currency: 'GBP', at: '2024-03-02T10:00:00', kind: 'transfer'}]->(c)
CREATE (a)-[:PAID {extract: $ids.extractGb, row: 12, key: 'k12', amount: 500.0, currency: 'GBP', at: '2024-03-05T10:00:00', kind: 'transfer'}]->(d)
CREATE (d)-[:PAID {extract: $ids.extractGb, row: 13, key: 'k13', amount: 450.0, currency: 'GBP', at: '2024-03-03T10:00:00', kind: 'transfer'}]->(c)
CREATE (a)-[:PAID {extract: $ids.extractGb, row: 14, key: 'k14', amount: 200.0, currency: 'GBP', at: '2024-03-06T10:00:00', kind: 'transfer'}]->(b)
WITH hub, gb
UNWIND range(1, 30) AS i
CREATE (payer:Account {id: 'account:PAYER' + i, name: 'payer ' + i})
MERGE (gb)-[:MENTIONS {firstRow: 100 + i, rows: 1}]->(payer)
CREATE (payer)-[:PAID {extract: $ids.extractGb, row: 100 + i, key: 'h' + i, amount: 10.0 * i, currency: 'GBP', at: '2024-04-01T00:00:00', kind: 'transfer'}]->(hub)`;

export async function seed(): Promise<void> {
  await executeWrite(SEED, { ids: IDS });
  await recordMentionFactsAsLoaded();
}
