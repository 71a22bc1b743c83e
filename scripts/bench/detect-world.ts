/**
 * A synthetic world for the detection benchmark, built straight into the analysis graph: background
 * households that bank, shop, work and call; planted networks with the labour-and-benefit typology
 * (controller, agency, workers, pooled wages, claims into the controller's account, group travel,
 * held documents, a beneficiary abroad); and hard negatives (care homes, big employers, large
 * families). Scales to ~1M relationships. Truth is returned alongside.
 */
import { createHGraph } from '../../src/analyse/hgraph.ts';
import { seededRng } from '../../src/analyse/rng.ts';
import type { HGraph, PropValue } from '../../src/analyse/types.ts';
import type { EntityLabel } from '../../src/model/labels.ts';
import type { RelationshipType } from '../../src/model/relationships.ts';

export interface WorldTruth {
  planted: Array<{ id: string; members: string[] }>;
  negatives: Array<{ id: string; kind: string; members: string[] }>;
}

export interface SyntheticWorld {
  graph: HGraph;
  truth: WorldTruth;
}

export function syntheticWorld(options: {
  seed: number;
  people: number;
  planted: number;
  negatives: number;
}): SyntheticWorld {
  const rng = seededRng(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));
  const graph = createHGraph();
  let next = 0;
  const node = (id: string, label: EntityLabel, props: Record<string, PropValue> = {}) => {
    if (!graph.hasNode(id)) graph.addNode(id, { label, ...props });
    return id;
  };
  const rel = (type: RelationshipType, from: string, to: string, props: Record<string, PropValue> = {}) =>
    graph.addDirectedEdgeWithKey(`e${++next}`, from, to, {
      type,
      extract: 'extract:bench',
      row: next,
      ...props,
    });
  const day = () => `2024-0${int(1, 6)}-${String(int(1, 28)).padStart(2, '0')}`;
  const truth: WorldTruth = { planted: [], negatives: [] };

  // Merchants and employers.
  const merchants = Array.from({ length: 300 }, (_, i) => {
    const org = node(`org:shop${i}`, 'Organisation', { name: `Shop ${i}` });
    const account = node(`account:GB00SHOP${i}`, 'Account');
    rel('HOLDS', org, account);
    return account;
  });
  const employers = Array.from({ length: Math.max(10, Math.round(options.people / 150)) }, (_, i) => {
    const org = node(`org:emp${i}`, 'Organisation', { name: `Employer ${i}` });
    const account = node(`account:GB00EMP${i}`, 'Account');
    rel('HOLDS', org, account);
    return { org, account };
  });

  // Background households.
  const persons: string[] = [];
  const phones: string[] = [];
  let p = 0;
  let household = 0;
  while (p < options.people) {
    const size = int(1, 4);
    const address = node(`address:h${household}`, 'Address', {
      city: pick(['Leeds', 'York', 'Hull', 'Bradford']),
    });
    const members: string[] = [];
    for (let k = 0; k < size && p < options.people; k++, p++) {
      const person = node(`person:p${p}`, 'Person', { name: `P ${p}`, familyName: `Fam${household}` });
      const account = node(`account:GB00P${p}`, 'Account');
      const phone = node(`phone:p${p}`, 'Phone');
      rel('HOLDS', person, account);
      rel('HAS_PHONE', person, phone);
      rel('REGISTERED_AT', person, address, { kind: 'residence' });
      for (let c = 0; c < 3; c++)
        rel('PAID', account, pick(merchants), { amount: int(5, 120), at: day(), kind: 'card' });
      if (rng() < 0.8) {
        const employer = pick(employers);
        rel('EMPLOYS', employer.org, person);
        for (const month of ['01', '02', '03']) {
          rel('PAID', employer.account, account, {
            amount: int(1200, 2500),
            at: `2024-${month}-28`,
            kind: 'wage',
          });
        }
      }
      members.push(person);
      persons.push(person);
      phones.push(phone);
    }
    for (let i = 1; i < members.length; i++) rel('RELATED_TO', members[i]!, members[0]!, { kind: 'family' });
    household++;
  }
  for (let i = 0; i < options.people; i++) {
    rel('PAID', `account:GB00P${i}`, `account:GB00P${int(0, options.people - 1)}`, {
      amount: int(10, 300),
      at: day(),
    });
    rel('CALLED', pick(phones), pick(phones), { at: `${day()}T12:00:00Z`, seconds: int(5, 600) });
  }

  // Planted networks.
  for (let n = 0; n < options.planted; n++) {
    const members: string[] = [];
    const boss = node(`person:boss${n}`, 'Person', { name: `Boss ${n}`, familyName: `Boss${n}` });
    const agency = node(`org:agency${n}`, 'Organisation', { name: `Agency ${n}` });
    const bossAccount = node(`account:GB00BOSS${n}`, 'Account');
    const agencyAccount = node(`account:GB00AG${n}`, 'Account');
    const abroad = node(`account:RO00ABR${n}`, 'Account');
    const hmo = node(`address:hmo${n}`, 'Address', { city: 'Leeds' });
    const bossPhone = node(`phone:boss${n}`, 'Phone');
    const route = node(`route:r${n % 5}`, 'Route');
    rel('DIRECTS', boss, agency);
    rel('HOLDS', boss, bossAccount);
    rel('HOLDS', agency, agencyAccount);
    rel('HAS_PHONE', boss, bossPhone);
    rel('PAID', bossAccount, abroad, { amount: 5000, at: '2024-03-01', kind: 'transfer' });
    members.push(boss, agency, abroad);
    const workers = int(5, 14);
    for (let w = 0; w < workers; w++) {
      const worker = node(`person:v${n}-${w}`, 'Person', { name: `V ${n}-${w}`, familyName: `V${n}x${w}` });
      const phone = node(`phone:v${n}-${w}`, 'Phone');
      const journey = node(`journey:v${n}-${w}`, 'Journey', { date: '2024-01-05' });
      rel('EMPLOYS', agency, worker);
      rel('HAS_PHONE', worker, phone);
      rel('REGISTERED_AT', worker, hmo, { kind: 'residence' });
      for (let c = 0; c < 4; c++) rel('CALLED', bossPhone, phone, { at: `${day()}T20:00:00Z`, seconds: 40 });
      rel('TOOK', worker, journey);
      rel('ON', journey, route);
      rel('PAID_FOR', bossAccount, journey);
      if (rng() < 0.6) {
        const claim = node(`claim:v${n}-${w}`, 'BenefitClaim', { start: '2024-01-25' });
        rel('CLAIMS', worker, claim);
        rel('PAID_INTO', claim, bossAccount);
      }
      rel('PAID', agencyAccount, bossAccount, { amount: 1100, at: '2024-02-28', kind: 'wage' });
      if (rng() < 0.5) {
        const document = node(`doc:v${n}-${w}`, 'IdentityDocument');
        rel('HAS_DOCUMENT', worker, document);
        rel('HELD_DOCUMENT', boss, document);
      }
      // Victims still shop a little in the background economy.
      const account = node(`account:GB00V${n}-${w}`, 'Account');
      rel('HOLDS', worker, account);
      rel('PAID', account, pick(merchants), { amount: int(5, 50), at: day(), kind: 'card' });
      members.push(worker);
    }
    truth.planted.push({ id: `planted-${n}`, members });
  }

  // Hard negatives.
  for (let n = 0; n < options.negatives; n++) {
    const care = node(`org:care${n}`, 'Organisation', { name: `Care Home ${n}`, kind: 'company' });
    const careAccount = node(`account:GB00CARE${n}`, 'Account');
    const careAddress = node(`address:care${n}`, 'Address', { kind: 'care-home' });
    rel('HOLDS', care, careAccount);
    rel('REGISTERED_AT', care, careAddress, { kind: 'business' });
    const careMembers = [care];
    for (let r = 0; r < int(10, 25); r++) {
      const resident = node(`person:res${n}-${r}`, 'Person', { familyName: `Res${n}x${r}` });
      const claim = node(`claim:res${n}-${r}`, 'BenefitClaim', { start: '2023-01-01' });
      rel('REGISTERED_AT', resident, careAddress, { kind: 'residence' });
      rel('CLAIMS', resident, claim);
      rel('PAID_INTO', claim, careAccount);
      careMembers.push(resident);
    }
    truth.negatives.push({ id: `care-${n}`, kind: 'care-home', members: careMembers });

    const big = node(`org:big${n}`, 'Organisation', { name: `Big Employer ${n}` });
    const bigAccount = node(`account:GB00BIG${n}`, 'Account');
    rel('HOLDS', big, bigAccount);
    const bigMembers = [big];
    for (let w = 0; w < 120; w++) {
      const worker = node(`person:big${n}-${w}`, 'Person', { familyName: `Big${n}x${Math.floor(w / 2)}` });
      const account = node(`account:GB00BIGW${n}-${w}`, 'Account');
      rel('HOLDS', worker, account);
      rel('EMPLOYS', big, worker);
      rel('REGISTERED_AT', worker, node(`address:big${n}-${Math.floor(w / 2)}`, 'Address'), {
        kind: 'residence',
      });
      for (const month of ['01', '02', '03']) {
        rel('PAID', bigAccount, account, { amount: 2000, at: `2024-${month}-28`, kind: 'wage' });
      }
      bigMembers.push(worker);
    }
    truth.negatives.push({ id: `big-${n}`, kind: 'big-employer', members: bigMembers });

    const home = node(`address:family${n}`, 'Address');
    const mother = node(`person:mum${n}`, 'Person', { familyName: `Large${n}` });
    const mumAccount = node(`account:GB00MUM${n}`, 'Account');
    rel('HOLDS', mother, mumAccount);
    rel('REGISTERED_AT', mother, home, { kind: 'residence' });
    const familyMembers = [mother];
    for (let k = 0; k < 9; k++) {
      const child = node(`person:kid${n}-${k}`, 'Person', { familyName: `Large${n}` });
      rel('RELATED_TO', child, mother, { kind: 'family' });
      rel('REGISTERED_AT', child, home, { kind: 'residence' });
      if (k < 4) {
        const claim = node(`claim:kid${n}-${k}`, 'BenefitClaim', { start: '2023-06-01' });
        rel('CLAIMS', child, claim);
        rel('PAID_INTO', claim, mumAccount);
      }
      familyMembers.push(child);
    }
    truth.negatives.push({ id: `family-${n}`, kind: 'large-family', members: familyMembers });
  }
  return { graph, truth };
}
