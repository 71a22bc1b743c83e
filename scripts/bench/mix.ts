/** The analysts' query mix shared by bench:api and bench:soak, with inputs sampled from the loaded data. */
import { executeRead } from '../../src/store/run.ts';

export interface Operation {
  name: string;
  query: string;
  vars: (i: number) => Record<string, unknown>;
}

export interface Samples {
  names: string[];
  persons: string[];
  accounts: string[];
}

export async function sampleInputs(): Promise<Samples> {
  const names = (
    await executeRead("MATCH (p:Person) WHERE p.name IS NOT NULL RETURN split(p.name, ' ')[-1] AS n LIMIT 50")
  ).map((r) => String(r.n));
  const persons = (await executeRead('MATCH (p:Person) RETURN p.id AS id LIMIT 50')).map((r) => String(r.id));
  // The busiest payer first (in the demo world, and in bench/money-flow's world, one paying 4,231
  // people 49,515 times), so every run of the mix includes the worst moneyFlow there is.
  const busiest = (
    await executeRead(
      'MATCH (a:Account) WITH a, COUNT { (a)-[:PAID]->() } AS c WHERE c >= 3 RETURN a.id AS id ORDER BY c DESC, id LIMIT 1',
    )
  ).map((r) => String(r.id));
  const others = (
    await executeRead(
      'MATCH (a:Account)-[r:PAID]->() WITH a, count(r) AS c WHERE c >= 3 AND NOT a.id IN $busiest RETURN a.id AS id LIMIT 49',
      { busiest },
    )
  ).map((r) => String(r.id));
  const accounts = [...busiest, ...others];
  if (names.length === 0 || accounts.length === 0) {
    throw new Error('bench: the database is empty; load the demo world first (npm start, or npm run load)');
  }
  return { names, persons, accounts };
}

export const pick = <T>(list: T[], i: number): T => list[i % list.length]!;

export function operations(s: Samples): Operation[] {
  return [
    {
      name: 'search',
      query:
        'query($t: String!) { search(text: $t, first: 10) { totalCount edges { node { entityId name } } } }',
      vars: (i) => ({ t: pick(s.names, i) }),
    },
    {
      name: 'neighbourhood',
      query:
        'query($id: ID!) { neighbourhood(id: $id, depth: 2, limitPerNode: 25) { nodes { depth entity { entityId label } } edges { type fromId toId } } }',
      vars: (i) => ({ id: pick(s.persons, i) }),
    },
    {
      name: 'moneyFlow',
      query:
        'query($id: ID!) { moneyFlow(accountId: $id, maxHops: 2) { steps { hop total count counterparty { entityId } } } }',
      vars: (i) => ({ id: pick(s.accounts, i) }),
    },
    {
      name: 'node',
      query: 'query($id: ID!) { entity(id: $id) { entityId name sources { extractId firstRow } } }',
      vars: (i) => ({ id: pick(s.persons, i) }),
    },
  ];
}

/** The first `count` request bodies of the mix, cycling through its operations. */
export function requestBodies(ops: Operation[], count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const op = ops[i % ops.length]!;
    return JSON.stringify({ query: op.query, variables: op.vars(i) });
  });
}
