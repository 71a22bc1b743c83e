/**
 * Identifiers (phones, e-mails, addresses, accounts, documents) held by at least N distinct
 * persons: the strongest links between people who otherwise look unrelated. Only links the viewer
 * may see count towards N.
 */
import { cypher } from '../cypher.ts';
import { type EntityRecord, loadEntities } from './entities.ts';
import { PAGE_RETURN, readPage } from './page.ts';
import type { ReadScope } from './scope.ts';

export const SHARED_KINDS = {
  PHONE: { label: 'Phone', via: ['HAS_PHONE'] },
  EMAIL: { label: 'Email', via: ['HAS_EMAIL'] },
  ADDRESS: { label: 'Address', via: ['REGISTERED_AT'] },
  ACCOUNT: { label: 'Account', via: ['HOLDS'] },
  DOCUMENT: { label: 'IdentityDocument', via: ['HAS_DOCUMENT', 'HELD_DOCUMENT'] },
} as const;
export type SharedKind = keyof typeof SHARED_KINDS;

// Addresses are also shared through benefit claims made at them (claimant → claim → address).
const SHARED = `
MATCH (x:__LABEL__)
CALL (x) {
  MATCH (p:Person)-[r:__TYPES__]->(x) WHERE REL_VISIBLE(r) AND VISIBLE(p) RETURN p
  UNION
  MATCH (p:Person)-[c:CLAIMS]->(:BenefitClaim)-[a:AT_ADDRESS]->(x)
  WHERE $viaClaims AND REL_VISIBLE(c) AND REL_VISIBLE(a) AND VISIBLE(p) RETURN p
}
WITH x, collect(DISTINCT p.id) AS holders
WHERE size(holders) >= $minHolders AND VISIBLE(x)
WITH x, holders ORDER BY size(holders) DESC, x.id
WITH collect({id: x.id, holders: holders}) AS items
${PAGE_RETURN}`;

export interface SharedIdentifierRecord {
  identifier: EntityRecord;
  holders: EntityRecord[];
}

export async function sharedIdentifiers(options: {
  kind: SharedKind;
  minHolders: number;
  skip: number;
  limit: number;
  scope: ReadScope;
}): Promise<{ total: number; items: SharedIdentifierRecord[] }> {
  const spec = SHARED_KINDS[options.kind];
  const { total, page } = await readPage<{ id: string; holders: string[] }>(
    cypher(SHARED, { label: spec.label, types: spec.via }),
    { minHolders: options.minHolders, viaClaims: options.kind === 'ADDRESS', scope: options.scope },
    options,
  );
  const entities = await loadEntities(
    page.flatMap((p) => [p.id, ...p.holders]),
    options.scope,
  );
  return {
    total,
    items: page.flatMap((p) => {
      const identifier = entities.get(p.id);
      if (!identifier) return [];
      const holders = p.holders
        .sort()
        .map((h) => entities.get(h))
        .filter((h): h is EntityRecord => !!h);
      return [{ identifier, holders }];
    }),
  };
}
