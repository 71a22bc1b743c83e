/** Phone: a number in E.164 (or, for numbers that are not valid, its digits); shared phones are among the strongest links between people. */
import { phoneStatus } from '../../../ingest/normalise/phone.ts';
import type { EntityRecord } from '../../../store/read/entities.ts';
import { builder } from '../../builder.ts';
import { defineEntity, linkedEntities, prop } from '../entity.ts';

const PhoneValidityEnum = builder.enumType('PhoneValidity', {
  description:
    'How far a number can be trusted, judged from the number itself with libphonenumber’s full metadata.',
  values: {
    VALID: { value: 'valid', description: 'In a range allocated in its country.' },
    POSSIBLE: {
      value: 'possible',
      description:
        'The right length for its country, in no range the metadata lists (new or fictional ranges).',
    },
    RAW: {
      value: 'raw',
      description:
        'Not an international number (fictional, malformed, a short code): kept as the digits written, linking only the same digits.',
    },
  } as const,
});

const numberOf = (p: EntityRecord) => prop(p, 'number') ?? p.id.replace(/^phone:/, '');

export const PhoneRef = defineEntity('Phone', 'A phone number (E.164, or the digits of a raw one).', (t) => ({
  number: t.string({
    nullable: true,
    description: 'E.164, e.g. +40721234567; a RAW number as its digits, e.g. 0771234.',
    resolve: numberOf,
  }),
  // Not `status`: Extract.status is another enum, and one selection over Node/Entity must hold both.
  validity: t.field({
    type: PhoneValidityEnum,
    description: 'VALID, POSSIBLE or RAW (see PhoneValidity).',
    resolve: (p) => phoneStatus(numberOf(p)),
  }),
  digits: t.string({
    description: 'Digits only, without "+": what a search for the number types.',
    resolve: (p) => numberOf(p).replace(/\D/g, ''),
  }),
  country: t.string({ nullable: true, resolve: (p) => prop(p, 'country') }),
  users: linkedEntities(t, {
    type: 'HAS_PHONE',
    direction: 'IN',
    description: 'Persons and organisations using this number.',
  }),
  contacts: linkedEntities(t, {
    type: 'CALLED',
    direction: 'BOTH',
    description: 'Numbers called or calling (see relationships for each call).',
  }),
}));
