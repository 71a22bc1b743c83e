/**
 * FollowTheMoney "thing" schemata → canonical nodes: Person; Company, Organization, LegalEntity and
 * PublicBody → Organisation; BankAccount → Account; Address; Identification and Passport →
 * IdentityDocument; Vehicle → Vehicle (by registration number, as a mapping keys it). Each gives the node's id (natural key where FtM carries one: IBAN, document
 * number, name + country), its properties and the identifier nodes hanging off it (phones, e-mails,
 * addresses, documents written as properties of a Person or Company).
 */
import { entityId } from '../../model/ids.ts';
import type { EntityLabel } from '../../model/labels.ts';
import type { RelationshipType } from '../../model/relationships.ts';
import { searchSpellings } from '../../model/search-spellings.ts';
import type { MappedNode } from '../mapping/apply.ts';
import { cleanText, type Value } from '../mapping/transforms.ts';
import { normaliseCountry } from '../normalise/country.ts';
import { normaliseDate } from '../normalise/date.ts';
import { normaliseEmail } from '../normalise/email.ts';
import { foldText } from '../normalise/fold.ts';
import { normaliseIban } from '../normalise/iban.ts';
import { normaliseName } from '../normalise/name.ts';
import { normalisePhone } from '../normalise/phone.ts';
import { invalid, type Normalised, ok } from '../normalise/result.ts';

export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
}

export interface FtmContext {
  source: string;
  jurisdiction: string | undefined;
}

/** A node and the identifier nodes its own properties state, linked to it. */
export interface FtmNode {
  node: MappedNode;
  attached: { node: MappedNode; type: RelationshipType }[];
}

export const ORGANISATION_SCHEMATA: Record<string, string> = {
  Company: 'company',
  Organization: 'organisation',
  LegalEntity: 'organisation',
  PublicBody: 'public body',
};
export const NODE_SCHEMATA = new Set([
  'Person',
  'BankAccount',
  'Address',
  'Identification',
  'Passport',
  'Vehicle',
  ...Object.keys(ORGANISATION_SCHEMATA),
]);

const first = (entity: FtmEntity, prop: string): string | undefined => {
  for (const value of entity.properties[prop] ?? []) {
    const text = cleanText(String(value));
    if (text.length > 0) return text;
  }
  return undefined;
};

const all = (entity: FtmEntity, prop: string): string[] =>
  (entity.properties[prop] ?? []).map((v) => cleanText(String(v))).filter((v) => v.length > 0);

function node(
  label: EntityLabel,
  id: string,
  props: Record<string, Value>,
  names: string[] = [],
): MappedNode {
  return { label, id, props, names };
}

function country(entity: FtmEntity, prop: string, what: string): Normalised<string | undefined> {
  const text = first(entity, prop);
  if (text === undefined) return ok(undefined);
  const result = normaliseCountry(text);
  return result.ok ? result : invalid(`${entity.schema} ${what} (${prop}): ${result.reason}`);
}

function date(entity: FtmEntity, prop: string): Normalised<string | undefined> {
  const text = first(entity, prop);
  if (text === undefined) return ok(undefined);
  // FtM dates may be partial ("1990", "1990-05"): kept as written, never completed to a guessed day
  // (entity resolution compares a partial birth date with a full one: "1969-12" agrees with
  // "1969-12-04"); one with an impossible month is left out, as before.
  if (/^\d{4}(-(0[1-9]|1[0-2]))?$/.test(text)) return ok(text);
  if (/^\d{4}(-\d{2})?$/.test(text)) return ok(undefined);
  const result = normaliseDate(text.slice(0, 10));
  return result.ok ? result : invalid(`${entity.schema} ${prop}: ${result.reason} (value "${text}")`);
}

function phones(entity: FtmEntity, defaultCountry: string | undefined): Normalised<MappedNode[]> {
  const out: MappedNode[] = [];
  for (const text of all(entity, 'phone')) {
    const result = normalisePhone(text, {
      ...(defaultCountry ? { defaultCountry } : {}),
      validate: 'possible',
    });
    if (!result.ok) return invalid(`${entity.schema} phone: ${result.reason} (value "${text}")`);
    const { e164 } = result.value;
    out.push(
      node('Phone', entityId('Phone', [e164]), {
        number: e164,
        ...(result.value.country ? { country: result.value.country } : {}),
        search: `${e164} ${e164.slice(1)}`,
      }),
    );
  }
  return ok(out);
}

function emails(entity: FtmEntity): Normalised<MappedNode[]> {
  const out: MappedNode[] = [];
  for (const text of all(entity, 'email')) {
    const result = normaliseEmail(text);
    if (!result.ok) return invalid(`${entity.schema} email: ${result.reason} (value "${text}")`);
    out.push(
      node('Email', entityId('Email', [result.value]), { address: result.value, search: result.value }),
    );
  }
  return ok(out);
}

export function addressNode(line: string, countryCode: string | undefined): MappedNode {
  const parts = [foldText(line)];
  if (countryCode) parts.push(countryCode);
  return node('Address', entityId('Address', parts), {
    line,
    ...(countryCode ? { country: countryCode } : {}),
  });
}

function documentNode(type: string, number: string, issuer: string | undefined): MappedNode {
  const clean = number.replace(/\s+/g, '').toUpperCase();
  const parts = [type, clean, ...(issuer ? [issuer] : [])];
  return node('IdentityDocument', entityId('IdentityDocument', parts), {
    type,
    number: clean,
    ...(issuer ? { country: issuer } : {}),
    search: clean,
  });
}

function person(entity: FtmEntity, context: FtmContext): Normalised<FtmNode> {
  const names = all(entity, 'name');
  const given = first(entity, 'firstName');
  const family = first(entity, 'lastName');
  const nameText = names[0] ?? [given, family].filter(Boolean).join(' ');
  if (nameText.length === 0) return invalid('Person: has no name (name or firstName/lastName)');
  // FtM names are labels as the source saved them, aliases with digits included.
  const name = normaliseName(nameText, { allowDigits: true });
  if (!name.ok) return invalid(`Person name: ${name.reason}`);
  const nationality = country(entity, 'nationality', 'nationality');
  if (!nationality.ok) return nationality;
  const birthDate = date(entity, 'birthDate');
  if (!birthDate.ok) return birthDate;
  const spellings = [name.value.name];
  for (const other of names.slice(1)) {
    const n = normaliseName(other, { allowDigits: true });
    if (n.ok && !spellings.includes(n.value.name)) spellings.push(n.value.name);
  }
  const props: Record<string, Value> = { name: name.value.name, nameKey: name.value.key };
  // Names in another script are found from their Latin spellings too (model/search-spellings.ts).
  const latin = [...new Set(spellings.flatMap(searchSpellings))];
  if (latin.length > 0) props.search = latin.join(' ');
  if (given) props.givenName = given;
  if (family) props.familyName = family;
  if (birthDate.value) props.birthDate = birthDate.value;
  if (nationality.value) props.nationality = nationality.value;
  const gender = first(entity, 'gender');
  if (gender) props.gender = gender.toLowerCase();
  const self = node('Person', entityId('Person', [context.source, entity.id]), props, spellings);
  const home = nationality.value ?? context.jurisdiction;
  const attached = attachedIdentifiers(entity, home);
  if (!attached.ok) return attached;
  const issuer = nationality.value ?? context.jurisdiction;
  for (const number of all(entity, 'passportNumber')) {
    attached.value.push({ node: documentNode('passport', number, issuer), type: 'HAS_DOCUMENT' });
  }
  for (const number of all(entity, 'idNumber')) {
    attached.value.push({ node: documentNode('national-id', number, issuer), type: 'HAS_DOCUMENT' });
  }
  return ok({ node: self, attached: attached.value });
}

function attachedIdentifiers(
  entity: FtmEntity,
  homeCountry: string | undefined,
): Normalised<{ node: MappedNode; type: RelationshipType }[]> {
  const phoneNodes = phones(entity, homeCountry);
  if (!phoneNodes.ok) return phoneNodes;
  const emailNodes = emails(entity);
  if (!emailNodes.ok) return emailNodes;
  const out: { node: MappedNode; type: RelationshipType }[] = [
    ...phoneNodes.value.map((n) => ({ node: n, type: 'HAS_PHONE' as const })),
    ...emailNodes.value.map((n) => ({ node: n, type: 'HAS_EMAIL' as const })),
  ];
  const residence = country(entity, 'country', 'country');
  for (const line of all(entity, 'address')) {
    out.push({
      node: addressNode(line, (residence.ok ? residence.value : undefined) ?? homeCountry),
      type: 'REGISTERED_AT',
    });
  }
  return ok(out);
}

function organisation(entity: FtmEntity, context: FtmContext): Normalised<FtmNode> {
  const nameText = first(entity, 'name');
  if (nameText === undefined) return invalid(`${entity.schema}: has no name`);
  const jurisdiction = country(entity, 'jurisdiction', 'jurisdiction');
  if (!jurisdiction.ok) return jurisdiction;
  const home = jurisdiction.value ?? context.jurisdiction;
  const key = foldText(nameText);
  if (key.length === 0) return invalid(`${entity.schema}: name "${nameText}" has no letters or digits`);
  // Keyed per source by the entity's FtM id, as a person is: one name and country is not one company
  // (two agencies of one trading name); resolution joins the sources' records, by registration
  // number certainly, by name and shared accounts with a score an investigator judges.
  const parts = [context.source, entity.id];
  const props: Record<string, Value> = {
    name: nameText,
    nameKey: key,
    kind: ORGANISATION_SCHEMATA[entity.schema] ?? 'organisation',
  };
  if (home) props.country = home;
  const registration = first(entity, 'registrationNumber');
  if (registration) props.registrationNumber = registration;
  const incorporated = date(entity, 'incorporationDate');
  if (!incorporated.ok) return incorporated;
  if (incorporated.value) props.incorporatedOn = incorporated.value;
  const attached = attachedIdentifiers(entity, home);
  if (!attached.ok) return attached;
  return ok({
    node: node('Organisation', entityId('Organisation', parts), props, [nameText]),
    attached: attached.value,
  });
}

function bankAccount(entity: FtmEntity, context: FtmContext): Normalised<FtmNode> {
  const props: Record<string, Value> = { kind: 'bank' };
  const bic = first(entity, 'bic');
  const bank = first(entity, 'bankName');
  const number = first(entity, 'accountNumber');
  if (bic) props.bic = bic.toUpperCase();
  if (bank) props.bank = bank;
  if (number) props.number = number;
  const currency = first(entity, 'currency');
  if (currency) props.currency = currency.toUpperCase();
  const ibanText = first(entity, 'iban');
  let id: string;
  if (ibanText !== undefined) {
    const iban = normaliseIban(ibanText);
    if (!iban.ok) return invalid(`BankAccount iban: ${iban.reason} (value "${ibanText}")`);
    props.iban = iban.value.iban;
    props.search = `${iban.value.iban} ${iban.value.iban.replace(/(.{4})/g, '$1 ').trim()}`;
    id = entityId('Account', [iban.value.iban]);
  } else if (number !== undefined && (bic ?? bank) !== undefined) {
    id = entityId('Account', [foldText(bic ?? bank ?? ''), number.replace(/\s+/g, '')]);
  } else {
    id = entityId('Account', [context.source, entity.id]);
  }
  return ok({ node: node('Account', id, props), attached: [] });
}

function address(entity: FtmEntity, context: FtmContext): Normalised<FtmNode> {
  const full =
    first(entity, 'full') ??
    [first(entity, 'street'), first(entity, 'city'), first(entity, 'postalCode')].filter(Boolean).join(', ');
  if (full.length === 0) return invalid('Address: has neither full nor street/city/postalCode');
  const countryCode = country(entity, 'country', 'country');
  if (!countryCode.ok) return countryCode;
  const n = addressNode(full, countryCode.value ?? context.jurisdiction);
  const postcode = first(entity, 'postalCode');
  const city = first(entity, 'city');
  if (postcode) n.props.postcode = postcode;
  if (city) n.props.city = city;
  return ok({ node: n, attached: [] });
}

function identification(entity: FtmEntity, context: FtmContext): Normalised<FtmNode> {
  const number = first(entity, 'number');
  if (number === undefined) return invalid(`${entity.schema}: has no number`);
  const issuer = country(entity, 'country', 'country');
  if (!issuer.ok) return issuer;
  const type =
    entity.schema === 'Passport' ? 'passport' : (first(entity, 'type')?.toLowerCase() ?? 'id-card');
  return ok({ node: documentNode(type, number, issuer.value ?? context.jurisdiction), attached: [] });
}

/**
 * FtM Vehicle (what Skein's FtM export writes, and Aleph reads): keyed by its registration number
 * compacted as the `compact` transform does, so a car exported and loaded again, or named by a
 * police file, is one node. Without a plate the FtM id within the source identifies it. FtM has no
 * make: `model` is kept as written ("Ford Focus"); the export's `VIN …` and `colour …` notes are read
 * back into `vin` and `colour`.
 */
function vehicle(entity: FtmEntity, context: FtmContext): Normalised<FtmNode> {
  const plateText = first(entity, 'registrationNumber');
  const plate = plateText?.replace(/[\s./-]+/g, '').toLocaleUpperCase();
  const name = first(entity, 'name') ?? plateText;
  if (name === undefined) return invalid('Vehicle: has neither name nor registrationNumber');
  const registered = country(entity, 'country', 'country');
  if (!registered.ok) return registered;
  const props: Record<string, Value> = { name };
  if (plate !== undefined && plate.length > 0) {
    props.plate = plate;
    props.search = plate;
  }
  if (registered.value) props.country = registered.value;
  const model = first(entity, 'model');
  if (model) props.model = model;
  const type = first(entity, 'type');
  if (type) props.kind = type;
  for (const note of all(entity, 'notes')) {
    const vin = /^VIN (\S+)$/.exec(note);
    if (vin) props.vin = vin[1] as string;
    const colour = /^colour (.+)$/.exec(note);
    if (colour) props.colour = colour[1] as string;
  }
  const id =
    props.plate !== undefined
      ? entityId('Vehicle', [String(props.plate)])
      : entityId('Vehicle', [context.source, entity.id]);
  return ok({ node: node('Vehicle', id, props), attached: [] });
}

/** The canonical node of an FtM "thing" entity, or why it cannot be loaded. */
export function ftmNode(entity: FtmEntity, context: FtmContext): Normalised<FtmNode> {
  if (entity.schema === 'Person') return person(entity, context);
  if (Object.hasOwn(ORGANISATION_SCHEMATA, entity.schema)) return organisation(entity, context);
  if (entity.schema === 'BankAccount') return bankAccount(entity, context);
  if (entity.schema === 'Address') return address(entity, context);
  if (entity.schema === 'Identification' || entity.schema === 'Passport')
    return identification(entity, context);
  if (entity.schema === 'Vehicle') return vehicle(entity, context);
  return invalid(`schema ${entity.schema} is not a node schema`);
}
