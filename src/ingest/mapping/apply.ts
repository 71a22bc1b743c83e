/**
 * Applies a validated mapping to one input record: the canonical nodes and relationships the row
 * states, or the reason it cannot be loaded. Pure: the same record, mapping and load context always
 * give the same ids, keys and properties, which is what makes loads idempotent and resumable.
 */
import { entityId, sha256 } from '../../model/ids.ts';
import type { EntityLabel } from '../../model/labels.ts';
import { checkRelationshipValues } from '../../model/relationship-values.ts';
import { RELATIONSHIPS, type RelationshipType } from '../../model/relationships.ts';
import { normaliseAmount } from '../normalise/amount.ts';
import { nameKey } from '../normalise/name.ts';
import { invalid, type Normalised, ok } from '../normalise/result.ts';
import type { SourceRecord } from '../read/record.ts';
import type { ConditionSpec, EntitySpec, FieldSpec, Mapping } from './schema.ts';
import {
  cleanText,
  compileTransform,
  type TransformContext,
  type Transformed,
  type Value,
} from './transforms.ts';

export interface MappedNode {
  label: EntityLabel;
  id: string;
  props: Record<string, Value>;
  /** Every spelling of the name seen (Person, Organisation), kept as the `names` list. */
  names: string[];
}

export interface MappedRelationship {
  /** type|fromLabel|toLabel: the write group (one query per group). */
  group: string;
  type: RelationshipType;
  fromLabel: EntityLabel;
  from: string;
  toLabel: EntityLabel;
  to: string;
  /** Events only: the identity of this event (natural key, or extract + row + ordinal). */
  key?: string;
  /** Includes the provenance: extract and row. */
  props: Record<string, Value>;
}

export type Applied =
  | { ok: true; nodes: MappedNode[]; relationships: MappedRelationship[] }
  | { ok: false; reason: string };

export interface LoadContext {
  extractId: string;
  source: string;
  jurisdiction: string | undefined;
}

export interface RowMapper {
  apply(record: SourceRecord): Applied;
}

type Reader = (fields: Record<string, unknown>) => Normalised<Transformed | undefined>;
type Condition = (fields: Record<string, unknown>) => Normalised<boolean>;

const MAX_REPORTED_VALUE = 60;

const fail = (reason: string) => ({ ok: false as const, reason });

function quote(value: string): string {
  return JSON.stringify(value.length > MAX_REPORTED_VALUE ? `${value.slice(0, MAX_REPORTED_VALUE)}…` : value);
}

/** A record's field as text: JSON values are stringified scalars; dotted names reach into objects. */
function fieldValue(fields: Record<string, unknown>, column: string): unknown {
  let value: unknown = Object.hasOwn(fields, column) ? fields[column] : undefined;
  if (value === undefined && column.includes('.')) {
    value = column.split('.').reduce<unknown>((at, part) => {
      if (Array.isArray(at)) return /^\d+$/.test(part) ? at[Number(part)] : undefined;
      if (at !== null && typeof at === 'object' && Object.hasOwn(at, part))
        return (at as Record<string, unknown>)[part];
      return undefined;
    }, fields);
  }
  return value;
}

function fieldText(fields: Record<string, unknown>, column: string): Normalised<string> {
  const value = fieldValue(fields, column);
  if (value === undefined || value === null) return ok('');
  if (typeof value === 'string') return ok(cleanText(value));
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  return invalid(
    `column "${column}" holds a ${Array.isArray(value) ? 'list' : 'object'}; map a single value`,
  );
}

function describeField(field: FieldSpec): string {
  if (typeof field === 'string') return `column "${field}"`;
  if (field.column !== undefined) return `column "${field.column}"`;
  if (field.columns !== undefined) return `columns ${field.columns.map((c) => `"${c}"`).join(' + ')}`;
  if (field.var !== undefined) return `the load's ${field.var}`;
  return 'constant value';
}

function compileField(
  field: FieldSpec,
  transformContext: TransformContext,
  load: LoadContext,
  where: string,
  forceRequired = false,
): Reader {
  const spec = typeof field === 'string' ? { column: field } : field;
  const transform = compileTransform(spec.transform, transformContext);
  const label = `${where} ${describeField(field)}`;
  const run = (text: string): Normalised<Transformed | undefined> => {
    const result = transform(text);
    if (result.ok) return result;
    // Normalisers usually quote the value themselves; add it only when the reason does not.
    return invalid(
      `${label}: ${result.reason}${result.reason.includes(text) ? '' : ` (value ${quote(text)})`}`,
    );
  };
  if (spec.value !== undefined || spec.var !== undefined) {
    const constant =
      spec.var === undefined ? String(spec.value) : spec.var === 'source' ? load.source : load.jurisdiction;
    if (constant === undefined) {
      throw new Error(`${label}: the load has no ${spec.var}; pass --${spec.var} or set it in the mapping`);
    }
    const result = run(cleanText(constant));
    if (!result.ok) throw new Error(result.reason);
    return () => result;
  }
  const fallback = spec.default !== undefined ? cleanText(String(spec.default)) : undefined;
  const required = spec.required === true || forceRequired;
  const prefix = spec.prefix ?? '';
  const finish = (text: string): Normalised<Transformed | undefined> => {
    if (text.length === 0) {
      if (fallback !== undefined) return run(fallback);
      return required ? invalid(`${label}: is empty but required`) : ok(undefined);
    }
    return run(prefix.length > 0 && !text.startsWith(prefix) ? prefix + text : text);
  };
  if (spec.columns !== undefined) {
    const columns = spec.columns;
    const separator = spec.separator ?? ' ';
    return (fields) => {
      const parts: string[] = [];
      for (const column of columns) {
        const text = fieldText(fields, column);
        if (!text.ok) return invalid(`${where}: ${text.reason}`);
        if (text.value.length > 0) parts.push(text.value);
      }
      return finish(parts.join(separator));
    };
  }
  const column = spec.column as string;
  return (fields) => {
    const text = fieldText(fields, column);
    return text.ok ? finish(text.value) : invalid(`${where}: ${text.reason}`);
  };
}

function compileCondition(
  when: ConditionSpec | ConditionSpec[] | undefined,
  context: TransformContext,
): Condition {
  if (when === undefined) return () => ok(true);
  const all = (Array.isArray(when) ? when : [when]).map((c) => compileOne(c, context));
  return (fields) => {
    for (const test of all) {
      const result = test(fields);
      if (!result.ok || !result.value) return result;
    }
    return ok(true);
  };
}

function compileOne(condition: ConditionSpec, context: TransformContext): Condition {
  const { column } = condition;
  const lowered = (values: readonly (string | number)[]) =>
    new Set(values.map((v) => cleanText(String(v)).toLowerCase()));
  const text = (fields: Record<string, unknown>) => fieldText(fields, column);
  if (condition.present !== undefined) {
    const want = condition.present;
    return (fields) => {
      const t = text(fields);
      return t.ok ? ok(t.value.length > 0 === want) : t;
    };
  }
  if (condition.sign !== undefined) {
    const negative = condition.sign === 'negative';
    const decimal = context.defaults.decimal ?? '.';
    const thousands = context.defaults.thousands;
    return (fields) => {
      const t = text(fields);
      if (!t.ok) return t;
      const amount = normaliseAmount(t.value, { decimal, ...(thousands !== undefined ? { thousands } : {}) });
      if (!amount.ok)
        return invalid(`condition on column "${column}": ${amount.reason} (value ${quote(t.value)})`);
      return ok(negative ? amount.value.amount < 0 : amount.value.amount > 0);
    };
  }
  if (condition.sameNameAs !== undefined || condition.notSameNameAs !== undefined) {
    const other = (condition.sameNameAs ?? condition.notSameNameAs) as string;
    const want = condition.sameNameAs !== undefined;
    return (fields) => {
      const a = text(fields);
      if (!a.ok) return a;
      const b = fieldText(fields, other);
      if (!b.ok) return b;
      return ok((a.value.length > 0 && nameKey(a.value) === nameKey(b.value)) === want);
    };
  }
  if (condition.contains !== undefined || condition.notContains !== undefined) {
    const needle = (condition.contains ?? condition.notContains ?? '').toLowerCase();
    const want = condition.contains !== undefined;
    return (fields) => {
      const t = text(fields);
      return t.ok ? ok(t.value.toLowerCase().includes(needle) === want) : t;
    };
  }
  const set =
    condition.equals !== undefined
      ? lowered([condition.equals])
      : lowered(condition.in ?? condition.notIn ?? /* unreachable: the schema requires one */ []);
  const expect = condition.notIn === undefined;
  return (fields) => {
    const t = text(fields);
    return t.ok ? ok(set.has(t.value.toLowerCase()) === expect) : t;
  };
}

interface CompiledEntity {
  name: string;
  label: EntityLabel;
  optional: boolean;
  scopePrefix: string[];
  when: Condition;
  key: { read: Reader; describe: string; isName: boolean }[];
  properties: { name: string; read: Reader }[];
  keepsNames: boolean;
  /** Every column the entity reads: equal values give an equal node, so results are memoised. */
  columns: string[];
  /** The previous row's values of those columns and the result they gave. */
  last: { values: string[]; result: Normalised<MappedNode | undefined> } | undefined;
}

function specColumns(fields: readonly FieldSpec[], when: EntitySpec['when']): string[] {
  const columns = new Set<string>();
  for (const field of fields) {
    if (typeof field === 'string') columns.add(field);
    else if (field.column !== undefined) columns.add(field.column);
    else for (const column of field.columns ?? []) columns.add(column);
  }
  for (const condition of Array.isArray(when) ? when : when === undefined ? [] : [when])
    columns.add(condition.column);
  return [...columns];
}

interface CompiledRelationship {
  type: RelationshipType;
  ordinal: number;
  from: string;
  to: string;
  event: boolean;
  when: Condition;
  key: Reader[] | undefined;
  properties: { name: string; read: Reader }[];
}

function defaultScope(label: EntityLabel): 'global' | 'source' {
  return label === 'Person' ? 'source' : 'global';
}

function isNameTransform(field: FieldSpec): boolean {
  return typeof field !== 'string' && field.transform === 'name';
}

/** Compiles a mapping for one load. Throws when a constant or var cannot be resolved. */
export function compileMapping(mapping: Mapping, load: LoadContext): RowMapper {
  const transformContext: TransformContext = {
    defaults: mapping.defaults ?? {},
    jurisdiction: load.jurisdiction,
  };
  const extractShort = sha256(load.extractId).slice(0, 16);
  const entities: CompiledEntity[] = Object.entries(mapping.entities).map(
    ([name, spec]: [string, EntitySpec]) => {
      const label = spec.label as EntityLabel;
      const where = `entity "${name}" (${label})`;
      const scope = spec.scope ?? defaultScope(label);
      return {
        name,
        label,
        optional: spec.optional === true,
        scopePrefix: scope === 'global' ? [] : scope === 'source' ? [load.source] : [extractShort],
        when: compileCondition(spec.when, transformContext),
        key: spec.key.map((field) => ({
          read: compileField(field, transformContext, load, `${where} key`),
          describe: describeField(field),
          isName: isNameTransform(field),
        })),
        properties: Object.entries(spec.properties ?? {}).map(([prop, field]) => ({
          name: prop,
          read: compileField(field, transformContext, load, `${where} property ${prop}`),
        })),
        keepsNames: label === 'Person' || label === 'Organisation',
        columns: specColumns([...spec.key, ...Object.values(spec.properties ?? {})], spec.when),
        last: undefined,
      };
    },
  );
  const relationships: CompiledRelationship[] = (mapping.relationships ?? []).map((spec, ordinal) => {
    const type = spec.type as RelationshipType;
    const where = `relationship ${type} #${ordinal + 1}`;
    return {
      type,
      ordinal,
      from: spec.from,
      to: spec.to,
      event: RELATIONSHIPS[type].event,
      when: compileCondition(spec.when, transformContext),
      key: spec.key?.map((field) => compileField(field, transformContext, load, `${where} key`)),
      properties: Object.entries(spec.properties ?? {}).map(([prop, field]) => ({
        name: prop,
        read: compileField(field, transformContext, load, `${where} property ${prop}`),
      })),
    };
  });

  /**
   * Consecutive rows often state the same entity (a statement repeats its holder on every row): when
   * every column the entity reads equals the previous row's, the previous result is the result.
   */
  function applyEntityMemo(
    entity: CompiledEntity,
    fields: Record<string, unknown>,
  ): Normalised<MappedNode | undefined> {
    const { columns, last } = entity;
    if (last !== undefined) {
      let same = true;
      for (let i = 0; i < columns.length; i++) {
        if (fields[columns[i] as string] !== last.values[i]) {
          same = false;
          break;
        }
      }
      if (same) return last.result;
    }
    const result = applyEntity(entity, fields);
    const values: string[] = [];
    for (const column of columns) {
      const value = fields[column];
      if (typeof value !== 'string') {
        entity.last = undefined;
        return result;
      }
      values.push(value);
    }
    entity.last = { values, result };
    return result;
  }

  function applyEntity(
    entity: CompiledEntity,
    fields: Record<string, unknown>,
  ): Normalised<MappedNode | undefined> {
    const applies = entity.when(fields);
    if (!applies.ok) return applies;
    if (!applies.value) return ok(undefined);
    const parts: string[] = [...entity.scopePrefix];
    const missing: string[] = [];
    const search: string[] = [];
    for (const keyField of entity.key) {
      const result = keyField.read(fields);
      if (!result.ok) return result;
      if (result.value === undefined) {
        missing.push(keyField.describe);
        continue;
      }
      // A name in a key is compared by its match key, so "POPESCU, Ion" and "Ion Popescu" agree.
      parts.push(keyField.isName && result.value.nameKey ? result.value.nameKey : String(result.value.value));
      if (result.value.search) search.push(...result.value.search);
    }
    if (missing.length > 0) {
      if (entity.optional) return ok(undefined);
      return invalid(`entity "${entity.name}" (${entity.label}): key ${missing.join(', ')} is empty`);
    }
    const props: Record<string, Value> = {};
    let nameParts: Transformed | undefined;
    for (const property of entity.properties) {
      const result = property.read(fields);
      if (!result.ok) return result;
      if (result.value === undefined) continue;
      props[property.name] = result.value.value;
      if (result.value.search) search.push(...result.value.search);
      if (property.name === 'name' && result.value.nameKey !== undefined) nameParts = result.value;
    }
    if (nameParts !== undefined) {
      props.nameKey ??= nameParts.nameKey as string;
      if (nameParts.givenName !== undefined) props.givenName ??= nameParts.givenName;
      if (nameParts.familyName !== undefined) props.familyName ??= nameParts.familyName;
    }
    if (search.length > 0) props.search = [...new Set(search)].join(' ');
    const name = props.name;
    return ok({
      label: entity.label,
      id: entityId(entity.label, parts),
      props,
      names: entity.keepsNames && typeof name === 'string' ? [name] : [],
    });
  }

  const required = (mapping.required ?? []).map((field) =>
    compileField(field, transformContext, load, 'required', true),
  );
  const repeat = mapping.repeat;

  /** One pass of the entities and relationships over `fields`; `element` numbers repeated passes. */
  function applyOnce(fields: Record<string, unknown>, line: number, element: number | undefined): Applied {
    const nodes: MappedNode[] = [];
    const byName = new Map<string, MappedNode>();
    for (const entity of entities) {
      // Entities of a repeated element change with the element, so only plain rows use the memo.
      const result = element === undefined ? applyEntityMemo(entity, fields) : applyEntity(entity, fields);
      if (!result.ok) return result;
      if (result.value !== undefined) {
        nodes.push(result.value);
        byName.set(entity.name, result.value);
      }
    }
    if (nodes.length === 0) {
      return fail(
        'the row maps to no entity (every entity is excluded by its condition or optional and empty)',
      );
    }
    const out: MappedRelationship[] = [];
    for (const rel of relationships) {
      const from = byName.get(rel.from);
      const to = byName.get(rel.to);
      if (from === undefined || to === undefined) continue;
      const applies = rel.when(fields);
      if (!applies.ok) return applies;
      if (!applies.value) continue;
      const props: Record<string, Value> = {};
      for (const property of rel.properties) {
        const result = property.read(fields);
        if (!result.ok) return result;
        if (result.value !== undefined) props[property.name] = result.value.value;
      }
      const refused = checkRelationshipValues(rel.type, props);
      if (refused !== undefined) return fail(`relationship ${rel.type} #${rel.ordinal + 1} ${refused}`);
      props.extract = load.extractId;
      props.row = line;
      const mapped: MappedRelationship = {
        group: `${rel.type}|${from.label}|${to.label}`,
        type: rel.type,
        fromLabel: from.label,
        from: from.id,
        toLabel: to.label,
        to: to.id,
        props,
      };
      if (rel.event) {
        const rowKey = `${extractShort}:${line}:${element === undefined ? '' : `${element}:`}${rel.ordinal}`;
        const key = rel.key === undefined ? rowKey : naturalKey(rel, from, to, fields);
        if (typeof key !== 'string') return key;
        mapped.key = key;
        props.key = key;
      }
      out.push(mapped);
    }
    return { ok: true, nodes, relationships: out };
  }

  return {
    apply(record) {
      const { fields, line } = record;
      for (const check of required) {
        const result = check(fields);
        if (!result.ok) return result;
      }
      if (repeat === undefined) return applyOnce(fields, line, undefined);
      const list = fieldValue(fields, repeat.path);
      if (!Array.isArray(list)) return fail(`"${repeat.path}" is not a list; the mapping repeats over it`);
      if (list.length === 0) return fail(`"${repeat.path}" is empty; the mapping repeats over it`);
      const nodes: MappedNode[] = [];
      const relationshipsOut: MappedRelationship[] = [];
      for (let index = 0; index < list.length; index++) {
        const result = applyOnce({ ...fields, [repeat.as]: list[index] }, line, index);
        if (!result.ok) return { ok: false, reason: `${repeat.path}[${index}]: ${result.reason}` };
        nodes.push(...result.nodes);
        relationshipsOut.push(...result.relationships);
      }
      return { ok: true, nodes, relationships: relationshipsOut };
    },
  };
}

/** The same event seen in two extracts: same type, endpoints and natural key fields → same key. */
function naturalKey(
  rel: CompiledRelationship,
  from: MappedNode,
  to: MappedNode,
  fields: Record<string, unknown>,
): string | { ok: false; reason: string } {
  const parts: string[] = [rel.type, from.id, to.id];
  for (const read of rel.key ?? []) {
    const result = read(fields);
    if (!result.ok) return result;
    if (result.value === undefined) {
      return fail(`relationship ${rel.type} #${rel.ordinal + 1}: a key field is empty`);
    }
    parts.push(String(result.value.value));
  }
  return `n:${sha256(parts.join('\u001f')).slice(0, 32)}`;
}
