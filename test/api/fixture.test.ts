/**
 * The analysts' operations on the tiny generated fixture, checked against its ground truth: the
 * planted networks' identifiers are found by search in the formats analysts type, their shared
 * phones and accounts come out of sharedIdentifiers, the money into each planted beneficiary comes
 * from the network's own accounts (moneyFlow), the agency's wages reach every victim's account
 * (neighbourhood), and the controller reaches the beneficiary abroad through their account (paths).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeDriver } from '../support/db.ts';
import { loadTinyExtracts, TINY_FIXTURE } from '../support/tiny-world.ts';
import { client } from './client.ts';

interface Member {
  role: string;
  victim: boolean;
  identifiers: { phones: string[]; ibans: string[] };
}
interface Network {
  id: string;
  typology: string;
  members: Member[];
  phones: { e164: string; role: string }[];
  accounts: { iban: string; role: string }[];
}

const truth = JSON.parse(readFileSync(join(TINY_FIXTURE, 'ground-truth.json'), 'utf8')) as {
  networks: Network[];
};
const gql = client();

beforeAll(loadTinyExtracts, 600_000);
afterAll(closeDriver);

/** How an analyst would type them: IBAN in groups of four, UK mobile in national format. */
const spacedIban = (iban: string) => iban.replace(/(.{4})/g, '$1 ').trim();
const nationalGb = (e164: string) =>
  e164.startsWith('+44') ? `0${e164.slice(3, 7)} ${e164.slice(7)}` : e164;

async function exists(id: string): Promise<boolean> {
  const { data } = await gql('query($id: ID!) { entity(id: $id) { entityId } }', { id });
  return data?.entity?.entityId === id;
}

describe('operations on the tiny generated world', () => {
  it('finds planted members’ accounts and phones by IBAN with spaces and by national phone number, first', async () => {
    let checked = 0;
    for (const network of truth.networks) {
      for (const member of network.members) {
        for (const iban of member.identifiers.ibans) {
          if (!(await exists(`account:${iban}`))) continue;
          const { data } = await gql(
            'query($t: String!) { search(text: $t, first: 1) { edges { node { entityId } } } }',
            {
              t: spacedIban(iban),
            },
          );
          expect(data?.search.edges[0]?.node.entityId, spacedIban(iban)).toBe(`account:${iban}`);
          checked++;
        }
        for (const phone of member.identifiers.phones.filter((p) => p.startsWith('+44'))) {
          if (!(await exists(`phone:${phone}`))) continue;
          const { data } = await gql(
            'query($t: String!) { search(text: $t, first: 1) { edges { node { entityId } } } }',
            {
              t: nationalGb(phone),
            },
          );
          expect(data?.search.edges[0]?.node.entityId, nationalGb(phone)).toBe(`phone:${phone}`);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThanOrEqual(10);
  });

  it('lists the planted networks’ shared phones and accounts among the shared identifiers', async () => {
    const shared = new Set<string>();
    for (const kind of ['PHONE', 'ACCOUNT']) {
      const { data } = await gql(
        'query($k: IdentifierKind!) { sharedIdentifiers(kind: $k, minHolders: 2, first: 200) { edges { node { identifier { entityId } } } } }',
        { k: kind },
      );
      for (const edge of data?.sharedIdentifiers.edges ?? []) shared.add(edge.node.identifier.entityId);
    }
    // Every planted network shares at least one of its phones or accounts between several people.
    for (const network of truth.networks) {
      const planted = [
        ...network.phones.map((p) => `phone:${p.e164}`),
        ...network.accounts.map((a) => `account:${a.iban}`),
      ];
      expect(
        planted.filter((id) => shared.has(id)),
        network.typology,
      ).not.toEqual([]);
    }
  });
});

const accountsOf = (network: Network, role: RegExp) =>
  network.accounts.filter((a) => role.test(a.role)).map((a) => `account:${a.iban}`);
const byTypology = (typology: string) => truth.networks.find((n) => n.typology === typology)!;

describe('money and paths on the tiny generated world', () => {
  it('traces every payer of a planted beneficiary back to the network’s own accounts (moneyFlow IN)', async () => {
    let checked = 0;
    for (const network of truth.networks) {
      const [beneficiary] = accountsOf(network, /^beneficiary-account$/);
      if (!beneficiary || !(await exists(beneficiary))) continue;
      const { data, errors } = await gql(
        'query($a: ID!) { moneyFlow(accountId: $a, direction: IN, maxHops: 1) { steps { hop counterparty { entityId } } } }',
        { a: beneficiary },
      );
      expect(errors).toBeUndefined();
      const payers = (data?.moneyFlow.steps ?? []).map((s: any) => s.counterparty.entityId);
      expect(payers.length, network.id).toBeGreaterThan(0);
      const own = network.accounts.map((a) => `account:${a.iban}`);
      expect(
        payers.filter((p: string) => !own.includes(p)),
        network.id,
      ).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(2);
    // The money-mule chain's collector is the one who pays its beneficiary.
    const mule = byTypology('money-mule');
    const { data } = await gql(
      'query($a: ID!) { moneyFlow(accountId: $a, direction: IN, maxHops: 1) { steps { counterparty { entityId } } } }',
      { a: accountsOf(mule, /^beneficiary-account$/)[0] },
    );
    expect(data?.moneyFlow.steps.map((s: any) => s.counterparty.entityId)).toContain(
      accountsOf(mule, /^collector-account$/)[0],
    );
  });

  it('shows the agency paying wages into every labour victim’s account (neighbourhood, PAID only)', async () => {
    const network = byTypology('labour-benefit');
    const [agency] = accountsOf(network, /^agency-account$/);
    const victims = accountsOf(network, /victim-account$/);
    expect(victims.length).toBeGreaterThan(0);
    const { data, errors } = await gql(
      'query($id: ID!) { neighbourhood(id: $id, depth: 1, relationshipTypes: [PAID], limitPerNode: 500) { nodes { entity { entityId } } } }',
      { id: agency },
    );
    expect(errors).toBeUndefined();
    const around = (data?.neighbourhood.nodes ?? []).map((n: any) => n.entity.entityId);
    for (const victim of victims) if (await exists(victim)) expect(around, victim).toContain(victim);
  });

  it('links the labour controller to the beneficiary abroad in two hops, through the controller’s account', async () => {
    const network = byTypology('labour-benefit');
    const controller = network.members.find((m) => m.role === 'controller')!;
    const customer = (controller as Member & { identifiers: { bankCustomers: { customerNo: string }[] } })
      .identifiers.bankCustomers[0]!.customerNo;
    const [controllerAccount] = accountsOf(network, /^controller-account$/);
    const [beneficiary] = accountsOf(network, /^beneficiary-account$/);
    const { data, errors } = await gql(
      'query($a: ID!, $b: ID!) { paths(from: $a, to: $b, maxHops: 3) { length nodes { entityId } } }',
      { a: `person:Albion Bank plc|${customer}`, b: beneficiary },
    );
    expect(errors).toBeUndefined();
    expect(data?.paths).toContainEqual({
      length: 2,
      nodes: [
        { entityId: `person:Albion Bank plc|${customer}` },
        { entityId: controllerAccount },
        { entityId: beneficiary },
      ],
    });
  });
});
