/**
 * Everything dated about an entity, in time order: its own dated relationships (payments, calls,
 * cash, registrations, employment, directorships, roles), the journeys and claims it is party to,
 * and — for a person or organisation — the payments and calls of the accounts and phones it holds.
 */
import { cypher } from '../cypher.ts';
import { type EntityRecord, type Props, toEntity } from './entities.ts';
import { PAGE_RETURN, readPage } from './page.ts';
import type { ReadScope } from './scope.ts';

export interface TimelineEvent {
  at: string;
  type: string;
  /** The entity the event is about (the subject or one of its accounts/phones). */
  subjectId: string;
  other: EntityRecord | undefined;
  direction: 'OUT' | 'IN';
  relId: string;
  props: Props;
}

const TIMELINE = `
MATCH (n:__LABEL__ {id: $id}) WHERE VISIBLE(n)
CALL (n) {
  MATCH (n)-[h:HOLDS|HAS_PHONE]->(held) WHERE REL_VISIBLE(h) AND VISIBLE(held) RETURN held AS s
  UNION
  RETURN n AS s
}
CALL (s) {
  MATCH (s)-[r]->(o) WHERE type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND coalesce(r.at, r.from, o.date, o.start) IS NOT NULL
  RETURN r, o, 'OUT' AS direction
  UNION
  MATCH (s)<-[r]-(o) WHERE type(r) IN $types AND REL_VISIBLE(r) AND VISIBLE(o)
    AND coalesce(r.at, r.from, o.date, o.start) IS NOT NULL
  RETURN r, o, 'IN' AS direction
}
WITH s, r, o, direction, toString(coalesce(r.at, r.from, o.date, o.start)) AS at
WHERE ($since IS NULL OR at >= $since) AND ($until IS NULL OR at <= $until)
WITH s, r, o, direction, at ORDER BY at, elementId(r)
WITH collect({at: at, type: type(r), subject: s.id, direction: direction, relId: elementId(r), rel: REL_PROPS(r),
              labels: labels(o), props: PROPS(o)}) AS items
${PAGE_RETURN}`;

export async function timeline(options: {
  entity: EntityRecord;
  types: readonly string[];
  since: string | null;
  until: string | null;
  skip: number;
  limit: number;
  scope: ReadScope;
}): Promise<{ total: number; events: TimelineEvent[] }> {
  const { total, page } = await readPage<Props>(
    cypher(TIMELINE, { label: options.entity.label }),
    {
      id: options.entity.id,
      types: options.types,
      since: options.since,
      until: options.until,
      scope: options.scope,
    },
    options,
  );
  return {
    total,
    events: page.map((e) => ({
      at: String(e.at),
      type: String(e.type),
      subjectId: String(e.subject),
      other: toEntity(e),
      direction: e.direction === 'IN' ? 'IN' : 'OUT',
      relId: String(e.relId),
      props: e.rel as Props,
    })),
  };
}
