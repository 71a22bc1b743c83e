/**
 * The per-request GraphQL context: who asks (viewer), what they may see (scope, resolved once per
 * request from their jurisdictions), and the DataLoaders that batch entity and relationship
 * look-ups so a query never makes one database round trip per item (no N+1).
 */

import DataLoader from 'dataloader';
import { pushTo } from '../model/group.ts';
import type { RelationshipType } from '../model/relationships.ts';
import { type AnnotationRecord, loadAnnotations } from '../store/knowledge.ts';
import {
  type EntityRecord,
  loadEntities,
  loadEntitiesWithSources,
  loadRelated,
  loadSources,
  type RelatedRecord,
  type SourceRecord,
} from '../store/read/entities.ts';
import { type ExtractRecord, loadExtracts } from '../store/read/extracts.ts';
import { type IdentityComponent, identitiesOf } from '../store/read/identities.ts';
import { loadMatches, type MatchView } from '../store/read/matches.ts';
import type { ReadScope } from '../store/read/scope.ts';
import { cachedScopeForJurisdictions } from '../store/read/scope-cache.ts';
import { eachLimited } from './each-limited.ts';
import { requestIdOf } from './use-request-log.ts';
import { DEVELOPMENT_VIEWER, hasRole, type Viewer } from './viewer.ts';

/** How many links of one kind a field fetches per entity before it pages them. */
export const RELATED_CAP = 5_000;

export interface Loaders {
  entity: DataLoader<string, EntityRecord | undefined>;
  /** `entity` and `sources` in one statement, for a query that asks for both; fills both loaders. */
  entityWithSources: DataLoader<string, EntityRecord | undefined>;
  sources: DataLoader<string, SourceRecord[]>;
  extract: DataLoader<string, ExtractRecord | undefined>;
  annotations: DataLoader<string, AnnotationRecord[]>;
  /** Key: `${type}|${direction}|${entityId}`. */
  related: DataLoader<string, RelatedRecord[]>;
  /** The readable match relationships of a Person or Organisation, with their judgements. */
  matches: DataLoader<string, MatchView[]>;
  /** The identity a record belongs to as this viewer may know it (undefined: the record is alone). */
  identity: DataLoader<string, IdentityComponent | undefined>;
}

export interface Context {
  /** The HTTP request (yoga's initial context), for plugins that follow it to the response. */
  request: Request;
  requestId: string;
  viewer: Viewer;
  scope(): Promise<ReadScope>;
  loaders: Loaders;
  /** Per-request memo for results several fields share (a network's detail). */
  memo: Map<string, Promise<unknown>>;
}

export function relatedKey(type: RelationshipType, direction: 'OUT' | 'IN', id: string): string {
  return `${type}|${direction}|${id}`;
}

/** At most this many of one batch's relationship queries at once (see each-limited.ts). */
const RELATED_CONCURRENCY = 4;

function createLoaders(scope: () => Promise<ReadScope>): Loaders {
  const entity = new DataLoader(async (ids: readonly string[]) => {
    const found = await loadEntities(ids, await scope());
    return ids.map((id) => found.get(id));
  });
  const sources = new DataLoader(async (ids: readonly string[]) => {
    const found = await loadSources(ids, await scope());
    return ids.map((id) => found.get(id) ?? []);
  });
  return {
    entity,
    entityWithSources: new DataLoader(async (ids) => {
      const found = await loadEntitiesWithSources(ids, await scope());
      for (const [id, record] of found.entities) {
        entity.prime(id, record);
        sources.prime(id, found.sources.get(id) ?? []);
      }
      return ids.map((id) => found.entities.get(id));
    }),
    sources,
    extract: new DataLoader(async (ids) => {
      const found = await loadExtracts(ids);
      const visible = await scope();
      return ids.map((id) => {
        const extract = found.get(id);
        // A failed or running load is listed with its status, though its data is read by no one.
        const listed = visible.all || visible.extracts.includes(id) || visible.incomplete?.includes(id);
        return extract && listed ? extract : undefined;
      });
    }),
    annotations: new DataLoader(async (ids) => {
      const found = await loadAnnotations(ids, await scope());
      return ids.map((id) => found.get(id) ?? []);
    }),
    related: new DataLoader(async (keys) => {
      // One round trip per (type, direction) group of the keys batched in this tick.
      const groups = new Map<string, string[]>();
      for (const key of keys) {
        // Entity ids may contain '|' (addresses, cases): only the first two separators are ours.
        const [type, direction] = key.split('|', 2) as [string, string];
        const id = key.slice(type.length + direction.length + 2);
        const group = `${type}|${direction}`;
        pushTo(groups, group, id);
      }
      const results = new Map<string, RelatedRecord[]>();
      const visible = await scope();
      await eachLimited([...groups], RELATED_CONCURRENCY, async ([group, ids]) => {
        const [type, direction] = group.split('|') as [RelationshipType, 'OUT' | 'IN'];
        const found = await loadRelated(ids, type, direction, visible, RELATED_CAP);
        for (const id of ids) results.set(`${group}|${id}`, found.get(id) ?? []);
      });
      return keys.map((key) => results.get(key) ?? []);
    }),
    matches: new DataLoader(async (ids) => {
      const found = await loadMatches(ids, await scope());
      return ids.map((id) => found.get(id) ?? []);
    }),
    identity: new DataLoader(async (ids) => {
      const found = await identitiesOf(ids, await scope());
      return ids.map((id) => found.get(id));
    }),
  };
}

/**
 * The scope of a viewer: everything for '*', else the extracts of their jurisdictions. Shared with
 * other requests of the same jurisdictions for a moment (store/read/scope-cache.ts).
 */
export async function scopeOf(viewer: Viewer): Promise<ReadScope> {
  const scope = await cachedScopeForJurisdictions(viewer.jurisdictions);
  return { ...scope, minors: hasRole(viewer, 'minors') };
}

export function createContext(request: Request, viewer: Viewer = DEVELOPMENT_VIEWER): Context {
  let scope: Promise<ReadScope> | undefined;
  const getScope = () => {
    scope ??= scopeOf(viewer);
    return scope;
  };
  return {
    request,
    requestId: requestIdOf(request),
    viewer,
    scope: getScope,
    loaders: createLoaders(getScope),
    memo: new Map(),
  };
}
