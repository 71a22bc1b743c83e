/** Extracts: what was loaded, from where, with what counts; and which a jurisdiction may see. */
import { executeRead } from '../run.ts';
import type { Props } from './entities.ts';

export interface ExtractRecord {
  id: string;
  props: Props;
}

const EXTRACTS_BY_ID = 'MATCH (e:Extract) WHERE e.id IN $ids RETURN e {.*} AS e';
const EXTRACTS = `
MATCH (e:Extract) WHERE $all OR e.jurisdiction IN $jurisdictions
RETURN e {.*} AS e ORDER BY coalesce(e.loadedAt, e.startedAt, ''), e.id`;

/**
 * A load that stopped (status `failed`) or is still running (`loading`) has written part of its
 * file: until it completes, no read and no analysis sees its data (read/scope.ts). Extracts from
 * before statuses, and investigators' records, count as complete.
 */
export const INCOMPLETE_STATUSES = ['loading', 'failed'] as const;

const EXTRACT_STATES = `
MATCH (e:Extract) WHERE $all OR e.jurisdiction IN $jurisdictions
RETURN e.id AS id, coalesce(e.status, 'complete') IN $incomplete AS incomplete
ORDER BY coalesce(e.loadedAt, e.startedAt, ''), e.id`;

const INCOMPLETE_EXTRACTS = `
MATCH (e:Extract) WHERE e.status IN $incomplete
RETURN e.id AS id`;

/**
 * Ids of the extracts whose load is not complete, in every jurisdiction: asked for every request
 * of a viewer of all, so it returns only those (almost always none), not every extract.
 */
export async function incompleteExtracts(): Promise<string[]> {
  const rows = await executeRead(INCOMPLETE_EXTRACTS, { incomplete: [...INCOMPLETE_STATUSES] });
  return rows.map((row) => String(row.id));
}

/**
 * Ids of the extracts of the given jurisdictions (all when null) whose data may be read, oldest
 * first, and of those whose load is not complete.
 */
export async function readableExtracts(
  jurisdictions: readonly string[] | null,
): Promise<{ complete: string[]; incomplete: string[] }> {
  const rows = await executeRead(EXTRACT_STATES, {
    all: jurisdictions === null,
    jurisdictions: jurisdictions ?? [],
    incomplete: [...INCOMPLETE_STATUSES],
  });
  const complete: string[] = [];
  const incomplete: string[] = [];
  for (const row of rows) (row.incomplete === true ? incomplete : complete).push(String(row.id));
  return { complete, incomplete };
}

export async function loadExtracts(ids: readonly string[]): Promise<Map<string, ExtractRecord>> {
  const rows = await executeRead(EXTRACTS_BY_ID, { ids: [...ids] });
  return new Map(
    rows.map((r) => [String((r.e as Props).id), { id: String((r.e as Props).id), props: r.e as Props }]),
  );
}

/** Extracts of the given jurisdictions (all when `jurisdictions` is null), oldest first. */
export async function listExtracts(jurisdictions: readonly string[] | null): Promise<ExtractRecord[]> {
  const rows = await executeRead(EXTRACTS, {
    all: jurisdictions === null,
    jurisdictions: jurisdictions ?? [],
  });
  return rows.map((r) => ({ id: String((r.e as Props).id), props: r.e as Props }));
}

const LOADED_EXTRACTS = "MATCH (e:Extract) WHERE e.source <> 'investigator' RETURN count(e) AS n";

/**
 * How many extracts were loaded from files, over all jurisdictions (the investigators' own
 * extracts, which hold annotations and cases, do not count): the quick start loads its demo world
 * only into a database without any.
 */
export async function countLoadedExtracts(): Promise<number> {
  const [row] = await executeRead(LOADED_EXTRACTS);
  return Number(row?.n ?? 0);
}
