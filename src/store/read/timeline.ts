/**
 * Everything dated about an entity, in time order: its own dated relationships (payments, calls,
 * cash, registrations, employment, directorships, roles), the journeys and claims it is party to,
 * and — for a person or organisation — the payments and calls of the accounts and phones it holds.
 *
 * Undated events (a payment or call without `at`) are listed after the dated ones, with `at` null,
 * when no window is asked for; a window keeps the dated events whose period [at, until] overlaps
 * it and counts the undated ones it left out. Structural links without any date are not events
 * and stay out, as before.
 */

import { RELATIONSHIP_TYPES, RELATIONSHIPS } from '../../model/relationships.ts';
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';
import { type EntityRecord, type Props, toEntity } from './entities.ts';
import { PAGE_RETURN, readPage } from './page.ts';
import type { ReadScope } from './scope.ts';

export interface TimelineEvent {
  /** Start of the event; null for an undated event (listed only without a window). */
  at: string | null;
  /** End of an aggregate's period (a payment standing for several transfers); else null. */
  until: string | null;
  type: string;
  /** The entity the event is about (the subject or one of its accounts/phones). */
  subjectId: string;
  other: EntityRecord | undefined;
  direction: 'OUT' | 'IN';
  relId: string;
  props: Props;
}

/** Events without a date are still facts about the entity; undated structural links are not events. */
const EVENT_TYPES = RELATIONSHIP_TYPES.filter((type) => RELATIONSHIPS[type].event);

const SUBJECTS = `
UNWIND $ids AS id
MATCH (n:__LABEL__ {id: id}) WHERE VISIBLE(n)
CALL (n) {
  MATCH (n)-[h:HOLDS|HAS_PHONE]->(held) WHERE REL_VISIBLE(h) AND VISIBLE(held) RETURN held AS s
  UNION
  RETURN n AS s
}
CALL (s) {
  MATCH (s)-[r]->(o) WHERE type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND (coalesce(r.at, r.from, o.date, o.start) IS NOT NULL OR type(r) IN $eventTypes)
  RETURN r, o, 'OUT' AS direction
  UNION
  MATCH (s)<-[r]-(o) WHERE type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND (coalesce(r.at, r.from, o.date, o.start) IS NOT NULL OR type(r) IN $eventTypes)
  RETURN r, o, 'IN' AS direction
}
WITH s, r, o, direction, toString(coalesce(r.at, r.from, o.date, o.start)) AS at,
     toString(coalesce(r.until, r.at, r.from, o.date, o.start)) AS periodEnd`;

const TIMELINE = `${SUBJECTS}
WHERE CASE WHEN at IS NULL THEN $since IS NULL AND $until IS NULL
      ELSE ($since IS NULL OR periodEnd >= $since) AND ($until IS NULL OR at <= $until) END
WITH s, r, o, direction, at ORDER BY at IS NULL, at, elementId(r)
WITH collect({at: at, until: r.until, type: type(r), subject: s.id, direction: direction, relId: elementId(r),
              rel: REL_PROPS(r), labels: labels(o), props: PROPS(o)}) AS items
${PAGE_RETURN}`;

const UNDATED_LEFT_OUT = `${SUBJECTS}
WHERE at IS NULL AND ($since IS NOT NULL OR $until IS NOT NULL)
RETURN count(r) AS undated`;

interface TimelineFilter {
  entity: EntityRecord;
  /**
   * The records whose events to list, of the entity's label (default: the entity alone). With
   * identities followed, the records of its identity: one actor's timeline over all its records.
   */
  ids?: readonly string[];
  types: readonly string[];
  since: string | null;
  until: string | null;
  scope: ReadScope;
}

/** The parameters both timeline statements take: one place, so the page and its undated count agree. */
function filterParameters(options: TimelineFilter) {
  return {
    ids: options.ids ?? [options.entity.id],
    types: options.types,
    eventTypes: EVENT_TYPES,
    since: options.since,
    until: options.until,
    scope: options.scope,
  };
}

export async function timeline(
  options: TimelineFilter & { skip: number; limit: number },
): Promise<{ total: number; events: TimelineEvent[] }> {
  const { total, page } = await readPage<Props>(
    cypher(TIMELINE, { label: options.entity.label }),
    filterParameters(options),
    options,
  );
  return {
    total,
    events: page.map((e) => ({
      at: e.at === null ? null : String(e.at),
      until: e.until === null || e.until === undefined ? null : String(e.until),
      type: String(e.type),
      subjectId: String(e.subject),
      other: toEntity(e),
      direction: e.direction === 'IN' ? 'IN' : 'OUT',
      relId: String(e.relId),
      props: e.rel as Props,
    })),
  };
}

/** Undated events of the entity that a window left out (0 without a window). */
export async function undatedTimelineEvents(options: TimelineFilter): Promise<number> {
  if (options.since === null && options.until === null) return 0;
  const [row] = await executeRead(
    cypher(UNDATED_LEFT_OUT, { label: options.entity.label }),
    filterParameters(options),
  );
  return Number(row?.undated ?? 0);
}
