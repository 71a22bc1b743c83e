/**
 * Person.minor: a person under 18 at the time of a dated fact the viewer may see (or today), from
 * the birth dates the viewer's extracts recorded (model/minor.ts, store/read/facts.ts). Shown to
 * every viewer; the details of a minor only to the `minors` role.
 */
import { MINOR_EVENT_KINDS, type MinorAssessment, type MinorAtEvent } from '../../../model/minor.ts';
import { builder } from '../../builder.ts';

const MinorCertaintyEnum = builder.enumType('MinorCertainty', {
  description:
    'CERTAIN: every birth date recorded makes the person under 18 at the fact. POSSIBLE: some date a ' +
    'partial ("2009-05", "2009") or conflicting birth date allows does.',
  values: ['CERTAIN', 'POSSIBLE'] as const,
});

const MinorEventKindEnum = builder.enumType('MinorEventKind', {
  description: 'The kind of dated fact at which a person was under 18; NOW: they are today.',
  values: MINOR_EVENT_KINDS.map((k) => k.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()) as [
    string,
    ...string[],
  ],
});

const upper = (kind: string) => kind.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();

const MinorEventRef = builder.objectRef<MinorAtEvent>('MinorEvent').implement({
  description:
    'A fact at which the person was (possibly) under 18: the earliest of their own dated links, the ' +
    'earliest payment or call of an account or phone they hold, or NOW.',
  authScopes: { analyst: true },
  fields: (t) => ({
    kind: t.field({ type: MinorEventKindEnum, resolve: (e) => upper(e.kind) as never }),
    date: t.expose('date', { type: 'Date', nullable: true, description: 'Null for NOW.' }),
    certainty: t.field({
      type: MinorCertaintyEnum,
      resolve: (e) => (e.certainty === 'certain' ? 'CERTAIN' : 'POSSIBLE'),
    }),
  }),
});

export const MinorFlagRef = builder.objectRef<MinorAssessment>('MinorFlag').implement({
  description:
    'This person is (possibly) a minor by the facts you may see: their details are shown only to ' +
    'users holding the `minors` role.',
  authScopes: { analyst: true },
  fields: (t) => ({
    certain: t.boolean({
      description: 'True when under 18 for certain at some fact; false when only possibly.',
      resolve: (m) => m.certainty === 'certain',
    }),
    certainty: t.field({
      type: MinorCertaintyEnum,
      resolve: (m) => (m.certainty === 'certain' ? 'CERTAIN' : 'POSSIBLE'),
    }),
    conflictingBirthDates: t.exposeBoolean('conflictingBirthDates', {
      description: 'The extracts you may see record more than one birth date.',
    }),
    atEvents: t.field({ type: [MinorEventRef], resolve: (m) => m.atEvents }),
  }),
});
