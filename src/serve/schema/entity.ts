/**
 * The Entity interface every node type of the model implements, and the factory that defines one
 * entity type per file (entities/*.ts). Common fields: ids, name, provenance (sources), the
 * investigators' annotations and tags, every relationship as a filtered connection, and the timeline.
 */
import type { ObjectFieldBuilder } from '@pothos/core';
import { type CoreEntityLabel, isCoreEntityLabel } from '../../model/labels.ts';
import { type RelationshipType, relationshipSpec } from '../../model/relationships.ts';
import type { EntityRecord, Props } from '../../store/read/entities.ts';
import { type TimelineEvent, timeline, undatedTimelineEvents } from '../../store/read/timeline.ts';
import { builder } from '../builder.ts';
import { type Context, relatedKey } from '../context.ts';
import { AnnotationRef } from './annotation.ts';
import { arrayConnection, offsetConnection, type PageArgs } from './pagination.ts';
import { SourceRef } from './provenance.ts';
import {
  chosenTypes,
  DirectionEnum,
  type EXTENSION_TYPE,
  RelationshipRef,
  RelationshipTypeEnum,
  type RelationshipValue,
} from './relationship.ts';

export const EntityInterface = builder.interfaceRef<EntityRecord>('Entity');

export function prop(e: EntityRecord, key: string): string | null {
  const value = e.props[key];
  return value === null || value === undefined ? null : String(value);
}

export function numberProp(e: EntityRecord, key: string): number | null {
  const value = e.props[key];
  return typeof value === 'number' ? value : null;
}

/** All relationships of `types` in `direction` (both: out then in), through the per-request loader. */
export async function relationshipsOf(
  entity: EntityRecord,
  types: readonly RelationshipType[],
  direction: 'OUT' | 'IN' | 'BOTH',
  ctx: Context,
): Promise<RelationshipValue[]> {
  const directions = direction === 'BOTH' ? (['OUT', 'IN'] as const) : ([direction] as const);
  // Only the types that can touch this entity's label at that end: no query for what cannot exist.
  const keys = types.flatMap((type) => {
    const spec = relationshipSpec(type);
    return directions
      .filter((d) => ((d === 'OUT' ? spec.from : spec.to) as readonly string[]).includes(entity.label))
      .map((d) => relatedKey(type, d, entity.id));
  });
  const lists = await ctx.loaders.related.loadMany(keys);
  return lists.flatMap((list) => {
    if (list instanceof Error) throw list;
    return list.map((r) => ({
      relId: r.relId,
      type: r.type,
      fromId: r.direction === 'OUT' ? entity.id : r.other.id,
      toId: r.direction === 'OUT' ? r.other.id : entity.id,
      props: r.props,
      other: r.other,
    }));
  });
}

function inWindow(props: Props, since: string | null, until: string | null): boolean {
  const start = String(props.at ?? props.from ?? props.to ?? '');
  // An aggregated payment spans [at, until]: it is in a window its period overlaps.
  const end = String(props.until ?? props.at ?? props.to ?? props.from ?? '');
  if (start === '' && end === '') return true;
  return (since === null || end >= since) && (until === null || start <= until);
}

export interface TimelineArgs extends PageArgs {
  since?: string | null;
  until?: string | null;
  types?: readonly (RelationshipType | typeof EXTENSION_TYPE)[] | null;
}

/** One page of an entity's timeline (shared by Entity.timeline and the top-level timeline query). */
export async function timelineConnection(
  e: EntityRecord,
  args: TimelineArgs,
  ctx: Context,
  ids: readonly string[] = [e.id],
) {
  const scope = await ctx.scope();
  const filter = {
    entity: e,
    ids,
    types: chosenTypes(args.types as Parameters<typeof chosenTypes>[0]),
    since: args.since ?? null,
    until: args.until ?? null,
    scope,
  };
  const connection = await offsetConnection(args, async (skip, limit) => {
    const result = await timeline({ ...filter, skip, limit });
    return { items: result.events.map(toEvent), total: result.total };
  });
  return { ...connection, undatedLeftOut: await undatedTimelineEvents(filter) };
}

/**
 * The timeline connections' own field: undated events a window left out. `c` is the connection's
 * field builder; its parent is what timelineConnection returns.
 */
export function undatedLeftOutField<C extends { int: (options: never) => unknown }>(c: C) {
  return c.int({
    description:
      'Events without a date (payments, calls) that the window (since/until) left out; 0 without a window.',
    resolve: (connection: { undatedLeftOut?: number }) => connection.undatedLeftOut ?? 0,
  } as never) as ReturnType<C['int']>;
}

function toEvent(ev: TimelineEvent) {
  return {
    at: ev.at,
    until: ev.until,
    type: ev.type,
    subjectId: ev.subjectId,
    direction: ev.direction,
    other: ev.other,
    relationship: {
      relId: ev.relId,
      type: ev.type as RelationshipType,
      fromId: ev.direction === 'OUT' ? ev.subjectId : (ev.other?.id ?? ''),
      toId: ev.direction === 'OUT' ? (ev.other?.id ?? '') : ev.subjectId,
      props: ev.props,
      ...(ev.other ? { other: ev.other } : {}),
    },
  };
}

export const TimelineEventRef = builder.objectRef<{
  at: string | null;
  until: string | null;
  type: string;
  subjectId: string;
  direction: 'OUT' | 'IN';
  relationship: RelationshipValue;
  other: EntityRecord | undefined;
}>('TimelineEvent');

TimelineEventRef.implement({
  description:
    'A fact about an entity (or one of the accounts and phones it holds) in time order; undated payments and calls come last, with `at` null.',
  authScopes: { analyst: true },
  fields: (t) => ({
    at: t.expose('at', {
      type: 'DateTime',
      nullable: true,
      description: 'When it happened (start of an aggregate’s period); null when the event has no date.',
    }),
    until: t.expose('until', {
      type: 'DateTime',
      nullable: true,
      description: 'End of the period of an aggregate (a payment row standing for several transfers).',
    }),
    undated: t.boolean({
      description: 'True when the event has no date: listed only when no window is asked for.',
      resolve: (e) => e.at === null,
    }),
    type: t.exposeString('type'),
    subjectId: t.exposeString('subjectId', {
      description: 'The entity the event is about: this one, or an account/phone it holds.',
    }),
    direction: t.expose('direction', { type: DirectionEnum }),
    relationship: t.field({ type: RelationshipRef, resolve: (e) => e.relationship }),
    other: t.field({ type: EntityInterface, nullable: true, resolve: (e) => e.other ?? null }),
  }),
});

EntityInterface.implement({
  description: 'Anything in the graph that was read from an extract: a person, an account, a phone…',
  interfaces: [builder.nodeInterfaceRef()],
  // Labels the model extension declares have no GraphQL type of their own: GenericEntity shows them.
  resolveType: (entity) => (isCoreEntityLabel(entity.label) ? entity.label : 'GenericEntity'),
  fields: (t) => ({
    entityId: t.exposeString('id', {
      description: "Skein's readable id, derived from the natural key (e.g. phone:+447700900123).",
    }),
    label: t.exposeString('label'),
    name: t.string({ nullable: true, resolve: (e) => prop(e, 'name') }),
    names: t.stringList({
      description: 'Every spelling of the name across extracts.',
      resolve: (e) =>
        (e.props.names as string[] | null) ?? (prop(e, 'name') ? [String(prop(e, 'name'))] : []),
    }),
    sources: t.field({
      type: [SourceRef],
      description: 'The extracts that mention this entity, with the first row and the number of rows.',
      resolve: (e, _args, ctx) => ctx.loaders.sources.load(e.id),
    }),
    annotations: t.field({
      type: [AnnotationRef],
      resolve: (e, _args, ctx) => ctx.loaders.annotations.load(e.id),
    }),
    tags: t.stringList({
      resolve: async (e, _args, ctx) =>
        [...new Set((await ctx.loaders.annotations.load(e.id)).flatMap((a) => a.tags))].sort(),
    }),
    relationships: t.connection({
      type: RelationshipRef,
      description:
        'Relationships of the chosen types and direction, optionally within a time window, in type and id order.',
      args: {
        types: t.arg({ type: [RelationshipTypeEnum], required: false }),
        direction: t.arg({ type: DirectionEnum, required: false, defaultValue: 'BOTH' }),
        since: t.arg({
          type: 'DateTime',
          required: false,
          description: 'Only relationships at or after it.',
        }),
        until: t.arg({
          type: 'DateTime',
          required: false,
          description: 'Only relationships at or before it.',
        }),
      },
      resolve: async (e, args, ctx) => {
        const since = args.since ?? null;
        const until = args.until ?? null;
        const all = await relationshipsOf(e, chosenTypes(args.types), args.direction ?? 'BOTH', ctx);
        return arrayConnection(
          all.filter((r) => inWindow(r.props, since, until)),
          args,
        );
      },
    }),
    timeline: t.connection(
      {
        type: TimelineEventRef,
        description:
          'Everything dated about this entity in time order (for persons and organisations: also the payments and calls of their accounts and phones).',
        args: {
          since: t.arg({ type: 'DateTime', required: false }),
          until: t.arg({ type: 'DateTime', required: false }),
          types: t.arg({ type: [RelationshipTypeEnum], required: false }),
        },
        resolve: (e, args, ctx) => timelineConnection(e, args, ctx),
      },
      {
        fields: (c) => ({ undatedLeftOut: undatedLeftOutField(c) }),
      },
    ),
  }),
});

builder.objectField(RelationshipRef, 'other', (t) =>
  t.field({
    type: EntityInterface,
    nullable: true,
    description: 'The other end, seen from the entity asked about (null when you may not see it).',
    resolve: (r, _args, ctx) => r.other ?? ctx.loaders.entity.load(r.toId),
  }),
);

type EntityFields = (t: ObjectFieldBuilder<PothosTypes, EntityRecord>) => Record<string, unknown>;
type PothosTypes = typeof builder extends PothosSchemaTypes.SchemaBuilder<infer T> ? T : never;

/** Defines one entity type: a Relay node implementing Entity, loaded through the request's DataLoader. */
export function defineEntity(label: CoreEntityLabel, description: string, fields: EntityFields) {
  const ref = builder.objectRef<EntityRecord>(label);
  builder.node(ref, {
    description,
    interfaces: [EntityInterface],
    authScopes: { analyst: true },
    id: { resolve: (e) => e.id },
    isTypeOf: (value) => (value as EntityRecord).label === label,
    loadMany: async (ids, ctx) =>
      (await ctx.loaders.entity.loadMany(ids)).map((e) =>
        e instanceof Error || e?.label !== label ? null : e,
      ),
    fields: fields as never,
  });
  return ref;
}

/** A field listing the entities at the other end of one relationship type (capped, in id order). */
export function linkedEntities(
  t: ObjectFieldBuilder<PothosTypes, EntityRecord>,
  options: { type: RelationshipType; direction: 'OUT' | 'IN' | 'BOTH'; description: string },
) {
  return t.field({
    type: [EntityInterface],
    description: options.description,
    resolve: async (e, _args, ctx) => {
      const seen = new Map<string, EntityRecord>();
      for (const r of await relationshipsOf(e, [options.type], options.direction, ctx)) {
        if (r.other) seen.set(r.other.id, r.other);
      }
      return [...seen.values()].sort((a, b) => a.id.localeCompare(b.id));
    },
  });
}
