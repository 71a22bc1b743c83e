/**
 * FollowTheMoney entity files ({"id", "schema", "properties": {prop: [values]}}) as a row mapper, so
 * data from Aleph- or OpenSanctions-style tools loads without a hand-written mapping.
 *
 * FtM links entities by their FtM ids, in any order (a Payment may come before its accounts), while
 * Skein ids come from natural keys (an account's IBAN). So a first pass over the file maps every
 * "thing" entity's FtM id to its canonical label and id (ids only: memory stays small); the second
 * pass, the load itself, turns each line into nodes and relationships. Interval schemata map to
 * relationships: Payment → PAID (+ HOLDS), Ownership → OWNS (or HOLDS for an account), Directorship →
 * DIRECTS, Employment → EMPLOYS, Family/Associate → RELATED_TO, Call → CALLED.
 */
import { entityId, sha256 } from '../../model/ids.ts';
import type { EntityLabel } from '../../model/labels.ts';
import { type RelationshipType, relationshipSpec } from '../../model/relationships.ts';
import type { Applied, LoadContext, MappedNode, MappedRelationship, RowMapper } from '../mapping/apply.ts';
import { cleanText, type Value } from '../mapping/transforms.ts';
import { normaliseAmount } from '../normalise/amount.ts';
import { normaliseDate, normaliseDateTime } from '../normalise/date.ts';
import { normalisePhone } from '../normalise/phone.ts';
import { readJsonLines } from '../read/jsonl.ts';
import type { SourceRecord } from '../read/record.ts';
import { type FtmContext, type FtmEntity, ftmNode, NODE_SCHEMATA } from './nodes.ts';

interface Ref {
  label: EntityLabel;
  id: string;
}

const fail = (reason: string) => ({ ok: false as const, reason });

/** Checks the FtM envelope; returns the entity or why the line is not one. */
export function asFtmEntity(fields: Record<string, unknown>): FtmEntity | string {
  const { id, schema, properties } = fields;
  if (typeof id !== 'string' || id.trim() === '') return 'FtM entity without an "id"';
  if (typeof schema !== 'string' || schema.trim() === '') return `FtM entity ${id} without a "schema"`;
  const props: Record<string, string[]> = {};
  if (properties !== undefined && properties !== null) {
    if (typeof properties !== 'object' || Array.isArray(properties))
      return `FtM entity ${id}: "properties" is not an object`;
    for (const [key, value] of Object.entries(properties)) {
      const values = Array.isArray(value) ? value : [value];
      props[key] = values.filter((v) => typeof v === 'string' || typeof v === 'number').map(String);
    }
  }
  return { id, schema, properties: props };
}

const firstOf = (entity: FtmEntity, prop: string): string | undefined =>
  (entity.properties[prop] ?? []).map((v) => cleanText(v)).find((v) => v.length > 0);

/** First pass: FtM id → canonical node, for every entity that becomes a node. */
export async function indexFtmFile(file: string, context: FtmContext): Promise<Map<string, Ref>> {
  const refs = new Map<string, Ref>();
  for await (const record of readJsonLines(file)) {
    if (record.parseError !== undefined) continue;
    const entity = asFtmEntity(record.fields);
    if (typeof entity === 'string' || !NODE_SCHEMATA.has(entity.schema)) continue;
    const result = ftmNode(entity, context);
    if (result.ok) refs.set(entity.id, { label: result.value.node.label, id: result.value.node.id });
  }
  return refs;
}

export async function prepareFtm(file: string, load: LoadContext): Promise<RowMapper> {
  const context: FtmContext = { source: load.source, jurisdiction: load.jurisdiction };
  const refs = await indexFtmFile(file, context);
  return { apply: (record) => applyFtm(record, refs, context, load) };
}

function stub(ref: Ref): MappedNode {
  return { label: ref.label, id: ref.id, props: {}, names: [] };
}

function relationship(
  type: RelationshipType,
  from: Ref,
  to: Ref,
  props: Record<string, Value>,
  load: LoadContext,
  line: number,
): MappedRelationship | string {
  const spec = relationshipSpec(type);
  if (
    !(spec.from as readonly string[]).includes(from.label) ||
    !(spec.to as readonly string[]).includes(to.label)
  ) {
    return `${type} goes from ${spec.from.join('/')} to ${spec.to.join('/')}, here ${from.label} → ${to.label}`;
  }
  const rel: MappedRelationship = {
    group: `${type}|${from.label}|${to.label}`,
    type,
    fromLabel: from.label,
    from: from.id,
    toLabel: to.label,
    to: to.id,
    props: { ...props, extract: load.extractId, row: line },
  };
  if (spec.event) {
    if (typeof props.key !== 'string') return `${type} is an event and needs a key`;
    rel.key = props.key;
  }
  return rel;
}

function applyFtm(
  record: SourceRecord,
  refs: Map<string, Ref>,
  context: FtmContext,
  load: LoadContext,
): Applied {
  const entity = asFtmEntity(record.fields);
  if (typeof entity === 'string') return fail(entity);
  const nodes: MappedNode[] = [];
  const relationships: MappedRelationship[] = [];
  const resolve = (prop: string, required: boolean): Ref | string | undefined => {
    const target = firstOf(entity, prop);
    if (target === undefined) return required ? `${entity.schema} ${entity.id}: ${prop} is empty` : undefined;
    const ref = refs.get(target);
    if (ref === undefined)
      return `${entity.schema} ${entity.id}: ${prop} ${target} is not a loadable entity of this file`;
    nodes.push(stub(ref));
    return ref;
  };
  const link = (
    type: RelationshipType,
    from: Ref,
    to: Ref,
    props: Record<string, Value> = {},
  ): string | undefined => {
    const rel = relationship(type, from, to, props, load, record.line);
    if (typeof rel === 'string') return `${entity.schema} ${entity.id}: ${rel}`;
    relationships.push(rel);
    return undefined;
  };
  const dates = (props: Record<string, Value>): string | undefined => {
    for (const [prop, as] of [
      ['startDate', 'from'],
      ['endDate', 'to'],
    ] as const) {
      const text = firstOf(entity, prop);
      if (text === undefined || /^\d{4}(-\d{2})?$/.test(text)) continue;
      const result = normaliseDate(text.slice(0, 10));
      if (!result.ok) return `${entity.schema} ${prop}: ${result.reason} (value "${text}")`;
      props[as] = result.value;
    }
    return undefined;
  };

  if (NODE_SCHEMATA.has(entity.schema)) {
    const result = ftmNode(entity, context);
    if (!result.ok) return result;
    const self = result.value.node;
    nodes.push(self);
    for (const attached of result.value.attached) {
      nodes.push(attached.node);
      const problem = link(attached.type, self, attached.node);
      if (problem) return fail(problem);
    }
    const holder =
      entity.schema === 'Identification' || entity.schema === 'Passport'
        ? resolve('holder', false)
        : undefined;
    if (typeof holder === 'string') return fail(holder);
    if (holder !== undefined) {
      const problem = link('HAS_DOCUMENT', holder, self);
      if (problem) return fail(problem);
    }
    // A vehicle's owners and drivers are its own properties in FtM (as the export writes them).
    if (entity.schema === 'Vehicle') {
      for (const [prop, type] of [
        ['owner', 'OWNS'],
        ['operator', 'USES'],
      ] as const) {
        for (const target of entity.properties[prop] ?? []) {
          const ref = refs.get(target);
          if (ref === undefined)
            return fail(`Vehicle ${entity.id}: ${prop} ${target} is not a loadable entity of this file`);
          nodes.push(stub(ref));
          const problem = link(type, ref, self);
          if (problem) return fail(problem);
        }
      }
    }
    for (const target of entity.properties.addressEntity ?? []) {
      const ref = refs.get(target);
      if (ref === undefined)
        return fail(`${entity.schema} ${entity.id}: addressEntity ${target} is not in this file`);
      nodes.push(stub(ref));
      const problem = link('REGISTERED_AT', self, ref);
      if (problem) return fail(problem);
    }
    return { ok: true, nodes, relationships };
  }

  const problem = applyInterval(entity, resolve, link, dates, load, (node) => nodes.push(node));
  if (problem !== undefined) return fail(problem);
  return { ok: true, nodes, relationships };
}

type Resolve = (prop: string, required: boolean) => Ref | string | undefined;
type Link = (type: RelationshipType, from: Ref, to: Ref, props?: Record<string, Value>) => string | undefined;

function applyInterval(
  entity: FtmEntity,
  resolve: Resolve,
  link: Link,
  dates: (props: Record<string, Value>) => string | undefined,
  load: LoadContext,
  addNode: (node: MappedNode) => void,
): string | undefined {
  const pair = (fromProp: string, toProp: string): [Ref, Ref] | string => {
    const from = resolve(fromProp, true);
    if (typeof from !== 'object') return from ?? `${entity.schema}: ${fromProp} is empty`;
    const to = resolve(toProp, true);
    if (typeof to !== 'object') return to ?? `${entity.schema}: ${toProp} is empty`;
    return [from, to];
  };
  const props: Record<string, Value> = {};
  const role = firstOf(entity, 'role');
  if (role) props.role = role;
  switch (entity.schema) {
    case 'Payment':
      return payment(entity, resolve, link, load);
    case 'Ownership': {
      const ends = pair('owner', 'asset');
      if (typeof ends === 'string') return ends;
      const problem = dates(props);
      if (problem) return problem;
      const share = firstOf(entity, 'percentage');
      if (share !== undefined) {
        const value = Number.parseFloat(share.replace('%', ''));
        if (!Number.isFinite(value)) return `Ownership percentage: "${share}" is not a number`;
        props.share = value;
      }
      return link(ends[1].label === 'Account' ? 'HOLDS' : 'OWNS', ends[0], ends[1], props);
    }
    case 'Directorship': {
      const ends = pair('director', 'organization');
      if (typeof ends === 'string') return ends;
      return dates(props) ?? link('DIRECTS', ends[0], ends[1], props);
    }
    case 'Employment': {
      const ends = pair('employer', 'employee');
      if (typeof ends === 'string') return ends;
      return dates(props) ?? link('EMPLOYS', ends[0], ends[1], props);
    }
    case 'Family':
    case 'Associate': {
      const ends = pair('person', entity.schema === 'Family' ? 'relative' : 'associate');
      if (typeof ends === 'string') return ends;
      props.kind = entity.schema === 'Family' ? 'family' : 'associate';
      const relation = firstOf(entity, 'relationship');
      if (relation) props.relationship = relation;
      return dates(props) ?? link('RELATED_TO', ends[0], ends[1], props);
    }
    case 'Call':
      return call(entity, resolve, link, load, addNode);
    default:
      return `FtM schema ${entity.schema} has no equivalent in Skein's model (see README "FollowTheMoney")`;
  }
}

function payment(entity: FtmEntity, resolve: Resolve, link: Link, load: LoadContext): string | undefined {
  const from = resolve('payerAccount', false);
  const to = resolve('beneficiaryAccount', false);
  if (typeof from === 'string') return from;
  if (typeof to === 'string') return to;
  if (from === undefined || to === undefined) {
    return `Payment ${entity.id}: needs payerAccount and beneficiaryAccount (Skein records payments between accounts)`;
  }
  const amountText = firstOf(entity, 'amount');
  if (amountText === undefined) return `Payment ${entity.id}: amount is empty`;
  const amount = normaliseAmount(amountText, { decimal: '.' });
  if (!amount.ok) return `Payment amount: ${amount.reason} (value "${amountText}")`;
  const dateText = firstOf(entity, 'date');
  if (dateText === undefined) return `Payment ${entity.id}: date is empty`;
  const at = normaliseDate(dateText.slice(0, 10));
  if (!at.ok) return `Payment date: ${at.reason} (value "${dateText}")`;
  const props: Record<string, Value> = { amount: amount.value.amount, at: at.value };
  const currency = firstOf(entity, 'currency') ?? amount.value.currency;
  if (currency) props.currency = currency.toUpperCase();
  const purpose = firstOf(entity, 'purpose') ?? firstOf(entity, 'summary');
  if (purpose) props.reference = purpose;
  // The FtM id names the payment: the same entity in another file of this source is the same event.
  const key = `n:${sha256(['PAID', from.id, to.id, load.source, entity.id].join('\u001f')).slice(0, 32)}`;
  props.key = key;
  const problem = link('PAID', from, to, props);
  if (problem) return problem;
  for (const [partyProp, account] of [
    ['payer', from],
    ['beneficiary', to],
  ] as const) {
    const party = resolve(partyProp, false);
    if (typeof party === 'string') return party;
    if (party !== undefined) {
      const holds = link('HOLDS', party, account);
      if (holds) return holds;
    }
  }
  return undefined;
}

function call(
  entity: FtmEntity,
  resolve: Resolve,
  link: Link,
  load: LoadContext,
  addNode: (node: MappedNode) => void,
): string | undefined {
  const numbers: Record<string, MappedNode> = {};
  for (const prop of ['callerNumber', 'receiverNumber']) {
    const text = firstOf(entity, prop);
    if (text === undefined) return `Call ${entity.id}: ${prop} is empty`;
    const phone = normalisePhone(text, {
      ...(load.jurisdiction ? { defaultCountry: load.jurisdiction } : {}),
      validate: 'possible',
    });
    if (!phone.ok) return `Call ${prop}: ${phone.reason} (value "${text}")`;
    numbers[prop] = {
      label: 'Phone',
      id: entityId('Phone', [phone.value.e164]),
      props: { number: phone.value.e164, search: `${phone.value.e164} ${phone.value.e164.slice(1)}` },
      names: [],
    };
  }
  const caller = numbers.callerNumber as MappedNode;
  const receiver = numbers.receiverNumber as MappedNode;
  const props: Record<string, Value> = { kind: 'call' };
  const dateText = firstOf(entity, 'date') ?? firstOf(entity, 'startDate');
  if (dateText !== undefined) {
    const at = dateText.length > 10 ? normaliseDateTime(dateText) : normaliseDate(dateText);
    if (!at.ok) return `Call date: ${at.reason} (value "${dateText}")`;
    props.at = at.value;
  }
  const duration = firstOf(entity, 'duration');
  if (duration !== undefined) {
    const seconds = Number.parseFloat(duration);
    if (!Number.isFinite(seconds)) return `Call duration: "${duration}" is not a number of seconds`;
    props.seconds = seconds;
  }
  const key = `n:${sha256(['CALLED', caller.id, receiver.id, load.source, entity.id].join('\u001f')).slice(0, 32)}`;
  props.key = key;
  addNode(caller);
  addNode(receiver);
  const problem = link('CALLED', caller, receiver, props);
  if (problem) return problem;
  for (const [partyProp, phone] of [
    ['caller', caller],
    ['receiver', receiver],
  ] as const) {
    const party = resolve(partyProp, false);
    if (typeof party === 'string') return party;
    if (party !== undefined) {
      const has = link('HAS_PHONE', party, phone);
      if (has) return has;
    }
  }
  return undefined;
}
