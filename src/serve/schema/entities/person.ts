/** Person: someone named in an extract — suspect, victim, witness or bystander. */

import type { MinorAssessment } from '../../../model/minor.ts';
import { CASE_ROLES, storedCaseRole } from '../../../model/roles.ts';
import { MINOR_PROPERTY, WITHHELD_PROPERTY } from '../../../store/read/facts.ts';
import { builder } from '../../builder.ts';
import { defineEntity, linkedEntities, prop, relationshipsOf } from '../entity.ts';
import { optionalString } from '../relationship.ts';
import { possibleMatchesField } from '../resolution/match.ts';
import { MinorFlagRef } from './minor.ts';

const CaseRoleEnum = builder.enumType('CaseRole', {
  description: 'A role in a case. A victim is a person to protect and is never ranked as an offender.',
  values: CASE_ROLES.map((r) => r.toUpperCase()) as ['VICTIM', 'SUSPECT', 'WITNESS', 'OTHER'],
});

interface RoleValue {
  caseId: string;
  role: string;
  since: string | null;
  recordedBy: string | null;
  recordedAt: string | null;
}

const RoleRef = builder.objectRef<RoleValue>('PersonRole').implement({
  authScopes: { analyst: true },
  fields: (t) => ({
    caseId: t.exposeString('caseId'),
    role: t.field({ type: CaseRoleEnum, resolve: (r) => r.role.toUpperCase() as 'VICTIM' }),
    since: t.expose('since', { type: 'Date', nullable: true }),
    recordedBy: t.exposeString('recordedBy', { nullable: true }),
    recordedAt: t.expose('recordedAt', { type: 'DateTime', nullable: true }),
  }),
});

export { CaseRoleEnum };

export const PersonRef = defineEntity('Person', 'A person named in an extract.', (t) => ({
  minor: t.field({
    type: MinorFlagRef,
    nullable: true,
    description:
      'Set when this person was (possibly) under 18 at a dated fact you may see, or is today, by the ' +
      'birth dates your extracts recorded. Null: no such fact or no birth date you may see.',
    resolve: (p) => {
      const minor = p.props[MINOR_PROPERTY];
      return minor && typeof minor === 'object' && !Array.isArray(minor)
        ? (minor as unknown as MinorAssessment)
        : null;
    },
  }),
  detailsWithheld: t.boolean({
    description:
      "True when this person's details (name, birth date, documents…) are withheld from you: a " +
      'minor, and you do not hold the `minors` role. The name then reads "Minor (details withheld)".',
    resolve: (p) => p.props[WITHHELD_PROPERTY] === true,
  }),
  givenName: t.string({ nullable: true, resolve: (p) => prop(p, 'givenName') }),
  familyName: t.string({ nullable: true, resolve: (p) => prop(p, 'familyName') }),
  birthDate: t.string({ nullable: true, resolve: (p) => prop(p, 'birthDate') }),
  nationality: t.string({ nullable: true, resolve: (p) => prop(p, 'nationality') }),
  gender: t.string({ nullable: true, resolve: (p) => prop(p, 'gender') }),
  nameKey: t.string({
    nullable: true,
    description: 'Normalised name used to match spellings across extracts.',
    resolve: (p) => prop(p, 'nameKey'),
  }),
  accounts: linkedEntities(t, {
    type: 'HOLDS',
    direction: 'OUT',
    description: 'Accounts this person holds.',
  }),
  phones: linkedEntities(t, { type: 'HAS_PHONE', direction: 'OUT', description: 'Phones this person uses.' }),
  emails: linkedEntities(t, { type: 'HAS_EMAIL', direction: 'OUT', description: 'E-mail addresses.' }),
  addresses: linkedEntities(t, {
    type: 'REGISTERED_AT',
    direction: 'OUT',
    description: 'Addresses registered at (see relationships for dates).',
  }),
  documents: linkedEntities(t, {
    type: 'HAS_DOCUMENT',
    direction: 'OUT',
    description: 'Identity documents of this person.',
  }),
  heldDocuments: linkedEntities(t, {
    type: 'HELD_DOCUMENT',
    direction: 'OUT',
    description: "Other people's documents found in this person's possession.",
  }),
  employers: linkedEntities(t, {
    type: 'EMPLOYS',
    direction: 'IN',
    description: 'Organisations employing this person.',
  }),
  directorships: linkedEntities(t, {
    type: 'DIRECTS',
    direction: 'OUT',
    description: 'Organisations this person directs.',
  }),
  journeys: linkedEntities(t, { type: 'TOOK', direction: 'OUT', description: 'Journeys taken.' }),
  claims: linkedEntities(t, { type: 'CLAIMS', direction: 'OUT', description: 'Benefit claims made.' }),
  relatives: linkedEntities(t, {
    type: 'RELATED_TO',
    direction: 'BOTH',
    description: 'Family, partners and associates.',
  }),
  possibleMatches: possibleMatchesField(t),
  roles: t.field({
    type: [RoleRef],
    description: 'Roles in cases recorded by investigators.',
    resolve: async (p, _args, ctx) =>
      (await relationshipsOf(p, ['INVOLVED_IN'], 'OUT', ctx)).map((r) => ({
        caseId: r.toId,
        // A role stored before the loader checked roles reads as `other`, never as an error.
        role: storedCaseRole(r.props.role),
        since: optionalString(r.props, 'since'),
        recordedBy: optionalString(r.props, 'recordedBy'),
        recordedAt: optionalString(r.props, 'recordedAt'),
      })),
  }),
}));
