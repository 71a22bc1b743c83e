/** Extracts: what was loaded, from where, with what counts; and which a jurisdiction may see. */
import { readTx } from '../run.ts';
import type { Props } from './entities.ts';

export interface ExtractRecord {
  id: string;
  props: Props;
}

const EXTRACTS_BY_ID = 'MATCH (e:Extract) WHERE e.id IN $ids RETURN e {.*} AS e';
const EXTRACTS = `
MATCH (e:Extract) WHERE $all OR e.jurisdiction IN $jurisdictions
RETURN e {.*} AS e ORDER BY coalesce(e.loadedAt, e.startedAt, ''), e.id`;

export async function loadExtracts(ids: readonly string[]): Promise<Map<string, ExtractRecord>> {
  const rows = await readTx((tx) => tx.run(EXTRACTS_BY_ID, { ids: [...ids] }));
  return new Map(
    rows.map((r) => [String((r.e as Props).id), { id: String((r.e as Props).id), props: r.e as Props }]),
  );
}

/** Extracts of the given jurisdictions (all when `jurisdictions` is null), oldest first. */
export async function listExtracts(jurisdictions: readonly string[] | null): Promise<ExtractRecord[]> {
  const rows = await readTx((tx) =>
    tx.run(EXTRACTS, { all: jurisdictions === null, jurisdictions: jurisdictions ?? [] }),
  );
  return rows.map((r) => ({ id: String((r.e as Props).id), props: r.e as Props }));
}

const LOADED_EXTRACTS = "MATCH (e:Extract) WHERE e.source <> 'investigator' RETURN count(e) AS n";

/**
 * How many extracts were loaded from files, over all jurisdictions (the investigators' own
 * extracts, which hold annotations and cases, do not count): the quick start loads its demo world
 * only into a database without any.
 */
export async function countLoadedExtracts(): Promise<number> {
  const [row] = await readTx((tx) => tx.run(LOADED_EXTRACTS));
  return Number(row?.n ?? 0);
}
