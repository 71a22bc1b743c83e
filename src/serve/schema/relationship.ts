/** Relationships as the API shows them: type, direction, dates, amounts, the other end and provenance. */
import { RELATIONSHIP_TYPES, type RelationshipType } from '../../model/relationships.ts';
import type { EntityRecord, Props } from '../../store/read/entities.ts';
import { builder } from '../builder.ts';
import { ProvenanceRef } from './provenance.ts';

export const RelationshipTypeEnum = builder.enumType('RelationshipType', {
  description: 'Relationship types of the canonical model (README "Data model").',
  values: RELATIONSHIP_TYPES,
});

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
    type: t.expose('type', { type: RelationshipTypeEnum }),
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
