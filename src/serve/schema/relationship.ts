/** Relationships as the API shows them: type, direction, dates, amounts, the other end and provenance. */
import {
  extensionRelationshipTypes,
  isCoreRelationshipType,
  RELATIONSHIP_TYPES,
  type RelationshipType,
  relationshipTypes,
} from '../../model/relationships.ts';
import type { EntityRecord, Props } from '../../store/read/entities.ts';
import { recordersOf } from '../../store/read/facts.ts';
import { builder } from '../builder.ts';
import { ProvenanceRef } from './provenance.ts';

/**
 * Relationship types declared by the model extension have no enum value of their own (the schema
 * is the same for every installation): they are EXTENSION here, and `typeName` names them.
 */
export const EXTENSION_TYPE = 'EXTENSION';

export const RelationshipTypeEnum = builder.enumType('RelationshipType', {
  description:
    'Relationship types of the core model (docs/model.md); EXTENSION stands for every type the model extension declares (see Relationship.typeName).',
  values: [...RELATIONSHIP_TYPES, EXTENSION_TYPE] as const,
});

type RelationshipTypeArg = (typeof RELATIONSHIP_TYPES)[number] | typeof EXTENSION_TYPE;

/** A `types` argument → the model's types: all of them when absent, EXTENSION → every declared one. */
export function chosenTypes(types: readonly RelationshipTypeArg[] | null | undefined): RelationshipType[] {
  if (types === null || types === undefined) return relationshipTypes();
  const out = new Set<RelationshipType>();
  for (const type of types) {
    if (type === EXTENSION_TYPE) for (const declared of extensionRelationshipTypes()) out.add(declared);
    else out.add(type);
  }
  return [...out];
}

/** Written by the loader for provenance and identity: shown by `provenance`, not in `properties`. */
const BOOKKEEPING = new Set(['extract', 'extracts', 'extractRows', 'row', 'key', 'factKey']);

export const DirectionEnum = builder.enumType('Direction', {
  values: {
    OUT: { description: 'From this entity.' },
    IN: { description: 'To this entity.' },
    BOTH: {},
  } as const,
});

export interface RelationshipValue {
  relId: string;
  type: RelationshipType;
  fromId: string;
  toId: string;
  props: Props;
  /** The end that is not the entity asked about, when known. */
  other?: EntityRecord;
}

/** A relationship property as a string, or null when it is absent. */
export const optionalString = (props: Props, key: string) =>
  props[key] === null || props[key] === undefined ? null : String(props[key]);

export const RelationshipRef = builder.objectRef<RelationshipValue>('Relationship').implement({
  description: 'One relationship between two entities, with its provenance (extract and row).',
  authScopes: { analyst: true },
  fields: (t) => ({
    id: t.exposeString('relId', { description: 'Stable within one database.' }),
    type: t.field({
      type: RelationshipTypeEnum,
      description: 'The core type, or EXTENSION for a type the model extension declares.',
      resolve: (r) => (isCoreRelationshipType(r.type) ? r.type : EXTENSION_TYPE),
    }),
    typeName: t.string({
      description:
        'The type as stored: a core type, or the name the model extension declares (e.g. OPERATES).',
      resolve: (r) => r.type,
    }),
    capacity: t.string({
      nullable: true,
      description: 'PARTY_TO: the capacity in which the party appears in the report (reporting, subject…).',
      resolve: (r) => optionalString(r.props, 'capacity'),
    }),
    properties: t.field({
      type: 'JSON',
      description:
        'Every recorded property you may see, as stored (the way to read what an extension type declares).',
      resolve: (r) =>
        Object.fromEntries(
          Object.entries(r.props).filter(([key, value]) => !BOOKKEEPING.has(key) && value !== null),
        ),
    }),
    fromId: t.exposeString('fromId', { description: 'Entity id of the start node.' }),
    toId: t.exposeString('toId', { description: 'Entity id of the end node.' }),
    at: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'When an event happened (payments, calls, cash).',
      resolve: (r) => optionalString(r.props, 'at'),
    }),
    from: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'Start of a spell (registration, employment).',
      resolve: (r) => optionalString(r.props, 'from'),
    }),
    to: t.field({
      type: 'DateTime',
      nullable: true,
      description: 'End of a spell.',
      resolve: (r) => optionalString(r.props, 'to'),
    }),
    kind: t.string({ nullable: true, resolve: (r) => optionalString(r.props, 'kind') }),
    role: t.string({ nullable: true, resolve: (r) => optionalString(r.props, 'role') }),
    amount: t.float({
      nullable: true,
      resolve: (r) => (typeof r.props.amount === 'number' ? r.props.amount : null),
    }),
    currency: t.string({ nullable: true, resolve: (r) => optionalString(r.props, 'currency') }),
    reference: t.string({ nullable: true, resolve: (r) => optionalString(r.props, 'reference') }),
    seconds: t.int({
      nullable: true,
      resolve: (r) => (typeof r.props.seconds === 'number' ? Math.round(r.props.seconds) : null),
    }),
    provenance: t.field({
      type: ProvenanceRef,
      nullable: true,
      description: 'Null only for relationships Skein derives itself.',
      resolve: (r) =>
        typeof r.props.extract === 'string'
          ? { extractId: r.props.extract, row: typeof r.props.row === 'number' ? r.props.row : null }
          : null,
    }),
    recorders: t.field({
      type: [ProvenanceRef],
      description:
        'Every extract that recorded this relationship and that you may see, first recorder first, each with its row (a link in two files, a call joined from three). `provenance` is the first of the ones you may see.',
      resolve: (r) => recordersOf(r.props),
    }),
  }),
});

/** A path or neighbourhood edge from the store, as the API's Relationship. */
export function fromEdge(edge: {
  relId: string;
  type: RelationshipType;
  from: string;
  to: string;
  props: Props;
}): RelationshipValue {
  return { relId: edge.relId, type: edge.type, fromId: edge.from, toId: edge.to, props: edge.props };
}
