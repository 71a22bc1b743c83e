/**
 * Applies a validated mapping to one input record: the canonical nodes and relationships the row
 * states, or the reason it cannot be loaded. Pure: the same record, mapping and load context always
 * give the same ids, keys and properties, which is what makes loads idempotent and resumable.
 */
import { entityId, sha256 } from '../../model/ids.ts';
import type { EntityLabel } from '../../model/labels.ts';
import { checkRelationshipValues } from '../../model/relationship-values.ts';
import { type RelationshipType, relationshipSpec } from '../../model/relationships.ts';
import { searchSpellings } from '../../model/search-spellings.ts';
import { normaliseAmount } from '../normalise/amount.ts';
import { nameKey } from '../normalise/name.ts';
import { invalid, type Normalised, ok } from '../normalise/result.ts';
import type { SourceRecord } from '../read/record.ts';
import { compileExpression, type ExpressionEnvironment, pathValue } from './expression.ts';
import { conditionColumns, expressionEnvironment, fieldColumns } from './parse.ts';
import type { ColumnCondition, ConditionSpec, EntitySpec, FieldSpec, Mapping } from './schema.ts';
import {
  cleanText,
  compileTransform,
  type TransformContext,
  type Transformed,
  type TransformFn,
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

/** An invalid value in an optional field: the field is left out and the row kept, with this note. */
export interface FieldWarning {
  /** The column (or columns, or expression) the value came from: warnings are counted per column. */
  column: string;
  reason: string;
}

export type Applied =
  | { ok: true; nodes: MappedNode[]; relationships: MappedRelationship[]; warnings?: FieldWarning[] }
  | { ok: false; reason: string };

export interface LoadContext {
  extractId: string;
  source: string;
  jurisdiction: string | undefined;
  /** Entries each memoised transform keeps (mapping/transforms.ts TRANSFORM_CACHE_SIZE by default). */
  transformCacheSize?: number;
}

export interface RowMapper {
  apply(record: SourceRecord): Applied;
}

/** Entities already made from this row (by mapping name): relationship properties may read them. */
type RowNodes = ReadonlyMap<string, MappedNode>;
type Reader = (fields: Record<string, unknown>, nodes?: RowNodes) => Normalised<Transformed | undefined>;
type Condition = (fields: Record<string, unknown>) => Normalised<boolean>;

interface CompiledField {
  read: Reader;
  /** Where a warning about this field is counted. */
  column: string;
  /** Invalid values drop the field with a warning instead of rejecting the row. */
  dropInvalid: boolean;
}

const MAX_REPORTED_VALUE = 60;
/** Cells longer than this are matched on their start only: bounds the work a pattern can do. */
const MAX_MATCHED_LENGTH = 10_000;

const fail = (reason: string) => ({ ok: false as const, reason });

function quote(value: string): string {
  return JSON.stringify(value.length > MAX_REPORTED_VALUE ? `${value.slice(0, MAX_REPORTED_VALUE)}…` : value);
}

/** A record's field as text: JSON values are stringified scalars; dotted names reach into objects. */
function fieldText(fields: Record<string, unknown>, column: string): Normalised<string> {
  const value = pathValue(fields, column);
  if (value === undefined || value === null) return ok('');
  if (typeof value === 'string') return ok(cleanText(value));
  if (typeof value === 'number' || typeof value === 'boolean') return ok(String(value));
  return invalid(
    `column "${column}" holds a ${Array.isArray(value) ? 'list' : 'object'}; map a single value (or use an expr: first(), last(), count())`,
  );
}

function describeField(field: FieldSpec): string {
  if (typeof field === 'string') return `column "${field}"`;
  if (field.column !== undefined) return `column "${field.column}"`;
  if (field.columns !== undefined) return `columns ${field.columns.map((c) => `"${c}"`).join(' + ')}`;
  if (field.var !== undefined) return `the load's ${field.var}`;
  if (field.expr !== undefined) return `expr ${quote(field.expr)}`;
  if (field.entity !== undefined) return `entity "${field.entity}" property "${field.property}"`;
  return 'constant value';
}

/** The column a warning is counted under. */
function warningColumn(field: FieldSpec): string {
  if (typeof field === 'string') return field;
  if (field.column !== undefined) return field.column;
  if (field.columns !== undefined) return field.columns.join('+');
  if (field.expr !== undefined) return field.expr;
  if (field.entity !== undefined) return `${field.entity}.${field.property}`;
  return '(constant)';
}

interface Compiler {
  transforms: TransformContext;
  load: LoadContext;
  env: ExpressionEnvironment;
  /**
   * Compiled transforms by their spec: an entity's key and property usually read one column with
   * one transform (an IBAN), and one memo then serves both instead of each parsing every value.
   */
  compiled: Map<string, TransformFn>;
}

function transformOf(spec: Parameters<typeof compileTransform>[0], compiler: Compiler): TransformFn {
  const id = JSON.stringify(spec ?? null);
  let transform = compiler.compiled.get(id);
  if (transform === undefined) {
    transform = compileTransform(spec, compiler.transforms);
    compiler.compiled.set(id, transform);
  }
  return transform;
}

function compileField(
  field: FieldSpec,
  compiler: Compiler,
  where: string,
  options: { forceRequired?: boolean; optional?: boolean } = {},
): CompiledField {
  const { load } = compiler;
  const spec = typeof field === 'string' ? { column: field } : field;
  const transform = transformOf(spec.transform, compiler);
  const label = `${where} ${describeField(field)}`;
  const required = spec.required === true || options.forceRequired === true;
  const compiled = (read: Reader): CompiledField => ({
    read,
    column: warningColumn(field),
    dropInvalid: options.optional === true && !required && spec.invalid !== 'reject',
  });
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
    return compiled(() => result);
  }
  const fallback = spec.default !== undefined ? cleanText(String(spec.default)) : undefined;
  const prefix = spec.prefix ?? '';
  const finish = (text: string): Normalised<Transformed | undefined> => {
    if (text.length === 0) {
      if (fallback !== undefined) return run(fallback);
      return required ? invalid(`${label}: is empty but required`) : ok(undefined);
    }
    return run(prefix.length > 0 && !text.startsWith(prefix) ? prefix + text : text);
  };
  if (spec.entity !== undefined) {
    const entity = spec.entity;
    const property = spec.property as string;
    return compiled((_fields, nodes) => {
      const value = nodes?.get(entity)?.props[property];
      if (value === undefined) return finish('');
      // The entity's value is already normalised: taken as it is unless a transform is asked for.
      return spec.transform === undefined ? ok({ value }) : finish(cleanText(String(value)));
    });
  }
  if (spec.expr !== undefined) {
    const expression = compileExpression(spec.expr, compiler.env);
    return compiled((fields) => {
      const result = expression.evaluate(fields);
      if (!result.ok) return invalid(`${label}: ${result.reason}`);
      const value = result.value;
      if (value === undefined || value === null) return finish('');
      if (typeof value === 'object') {
        return invalid(
          `${label}: gives a ${Array.isArray(value) ? 'list' : 'object'}; take one value with first(), last(), at() or count()`,
        );
      }
      return finish(cleanText(String(value)));
    });
  }
  if (spec.columns !== undefined) {
    const columns = spec.columns;
    // A map over several columns looks up their values joined with "|" ("transfer|out"), empty ones
    // included, so each combination is one entry of the table.
    const keyed = typeof spec.transform === 'object' && spec.transform.type === 'map';
    const separator = keyed ? '|' : (spec.separator ?? ' ');
    return compiled((fields) => {
      const parts: string[] = [];
      let any = false;
      for (const column of columns) {
        const text = fieldText(fields, column);
        if (!text.ok) return invalid(`${where}: ${text.reason}`);
        if (text.value.length > 0) any = true;
        if (text.value.length > 0 || keyed) parts.push(text.value);
      }
      return finish(any ? parts.join(separator) : '');
    });
  }
  const column = spec.column as string;
  return compiled((fields) => {
    const text = fieldText(fields, column);
    return text.ok ? finish(text.value) : invalid(`${where}: ${text.reason}`);
  });
}

function compileCondition(when: ConditionSpec | undefined, context: TransformContext): Condition {
  if (when === undefined) return () => ok(true);
  if (Array.isArray(when)) return allOf(when.map((c) => compileCondition(c, context)));
  if ('all' in when) return allOf(when.all.map((c) => compileCondition(c, context)));
  if ('any' in when) {
    const any = when.any.map((c) => compileCondition(c, context));
    return (fields) => {
      for (const test of any) {
        const result = test(fields);
        if (!result.ok || result.value) return result;
      }
      return ok(false);
    };
  }
  if ('not' in when) {
    const inner = compileCondition(when.not, context);
    return (fields) => {
      const result = inner(fields);
      return result.ok ? ok(!result.value) : result;
    };
  }
  return compileOne(when, context);
}

function allOf(all: Condition[]): Condition {
  return (fields) => {
    for (const test of all) {
      const result = test(fields);
      if (!result.ok || !result.value) return result;
    }
    return ok(true);
  };
}

function compileOne(condition: ColumnCondition, context: TransformContext): Condition {
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
  if (condition.matches !== undefined) {
    // The schema refused patterns that backtrack badly; the cell length bounds the rest.
    const pattern = new RegExp(condition.matches, 'iu');
    return (fields) => {
      const t = text(fields);
      if (!t.ok) return t;
      return ok(
        pattern.test(t.value.length > MAX_MATCHED_LENGTH ? t.value.slice(0, MAX_MATCHED_LENGTH) : t.value),
      );
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

interface EntityResult {
  node: MappedNode | undefined;
  warnings: FieldWarning[];
}

interface CompiledEntity {
  name: string;
  label: EntityLabel;
  optional: boolean;
  /** "path|as" of the list this entity is made once per element of. */
  each: string | undefined;
  scopePrefix: string[];
  when: Condition;
  key: { field: CompiledField; describe: string; isName: boolean }[];
  properties: { name: string; field: CompiledField }[];
  keepsNames: boolean;
  /** Every column the entity reads: equal values give an equal node, so results are memoised. */
  columns: string[];
  /** The previous row's values of those columns and the result they gave. */
  last: { values: string[]; result: Normalised<EntityResult> } | undefined;
}

interface CompiledRelationship {
  type: RelationshipType;
  ordinal: number;
  from: string;
  to: string;
  event: boolean;
  each: string | undefined;
  when: Condition;
  key: Reader[] | 'content' | undefined;
  properties: { name: string; field: CompiledField }[];
}

/** A list a mapping makes entities or relationships once per element of. */
interface EachGroup {
  id: string;
  path: string;
  as: string;
  entities: CompiledEntity[];
}

/**
 * A key means something within the source that wrote it, unless the mapping says the value is the
 * same everywhere (`scope: global`: an IBAN, a phone number, a registration number). Names in
 * particular never make one node across sources: records are kept per source and entity resolution
 * joins them, with reasons an investigator can judge (docs/mappings.md "Keys").
 */
const DEFAULT_SCOPE = 'source';

function isNameTransform(field: FieldSpec): boolean {
  return typeof field !== 'string' && field.transform === 'name';
}

/**
 * A failure inside one element of a list names that element's field ("passengers[1].phone"); a
 * failure of a field of the row itself (the payer's phone) is reported as the row's, unprefixed.
 */
function elementReason(reason: string, path: string, as: string, index: number, always: boolean): string {
  const marker = `"${as}.`;
  if (reason.includes(marker)) return reason.split(marker).join(`"${path}[${index}].`);
  return always ? `${path}[${index}]: ${reason}` : reason;
}

/** Compiles a mapping for one load. Throws when a constant or var cannot be resolved. */
export function compileMapping(mapping: Mapping, load: LoadContext): RowMapper {
  const transformContext: TransformContext = {
    defaults: mapping.defaults ?? {},
    jurisdiction: load.jurisdiction,
    ...(load.transformCacheSize !== undefined ? { cacheSize: load.transformCacheSize } : {}),
  };
  const env = expressionEnvironment(mapping);
  const compiler: Compiler = { transforms: transformContext, load, env, compiled: new Map() };
  const extractShort = sha256(load.extractId).slice(0, 16);
  const eachId = (each: { path: string; as: string } | undefined) =>
    each === undefined ? undefined : `${each.path}|${each.as}`;
  const entities: CompiledEntity[] = Object.entries(mapping.entities).map(
    ([name, spec]: [string, EntitySpec]) => {
      const label = spec.label as EntityLabel;
      const where = `entity "${name}" (${label})`;
      const scope = spec.scope ?? DEFAULT_SCOPE;
      const optional = spec.optional === true;
      const columns = new Set<string>(conditionColumns(spec.when));
      for (const field of [...spec.key, ...Object.values(spec.properties ?? {})])
        for (const column of fieldColumns(field, env)) columns.add(column);
      return {
        name,
        label,
        optional,
        each: eachId(spec.each),
        scopePrefix: scope === 'global' ? [] : scope === 'source' ? [load.source] : [extractShort],
        when: compileCondition(spec.when, transformContext),
        key: spec.key.map((field) => ({
          field: compileField(field, compiler, `${where} key`, { optional }),
          describe: describeField(field),
          isName: isNameTransform(field),
        })),
        properties: Object.entries(spec.properties ?? {}).map(([prop, field]) => ({
          name: prop,
          field: compileField(field, compiler, `${where} property ${prop}`, { optional: true }),
        })),
        keepsNames: label === 'Person' || label === 'Organisation',
        columns: [...columns],
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
      event: relationshipSpec(type).event,
      each: eachId(spec.each),
      when: compileCondition(spec.when, transformContext),
      key:
        spec.key === 'content'
          ? 'content'
          : spec.key?.map((field) => compileField(field, compiler, `${where} key`).read),
      properties: Object.entries(spec.properties ?? {}).map(([prop, field]) => ({
        name: prop,
        field: compileField(field, compiler, `${where} property ${prop}`, { optional: true }),
      })),
    };
  });
  const rowEntities = entities.filter((e) => e.each === undefined);
  const groups = new Map<string, EachGroup>();
  for (const spec of [
    ...Object.values(mapping.entities).map((e) => e.each),
    ...(mapping.relationships ?? []).map((r) => r.each),
  ]) {
    if (spec === undefined) continue;
    const id = `${spec.path}|${spec.as}`;
    if (!groups.has(id)) {
      groups.set(id, { id, ...spec, entities: entities.filter((e) => e.each === id) });
    }
  }
  /** Content keys: how often each event content has been seen so far in this file. */
  const occurrences = new Map<string, number>();

  /**
   * Consecutive rows often state the same entity (a statement repeats its holder on every row): when
   * every column the entity reads equals the previous row's, the previous result is the result.
   */
  function applyEntityMemo(
    entity: CompiledEntity,
    fields: Record<string, unknown>,
  ): Normalised<EntityResult> {
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

  function applyEntity(entity: CompiledEntity, fields: Record<string, unknown>): Normalised<EntityResult> {
    const applies = entity.when(fields);
    if (!applies.ok) return applies;
    const warnings: FieldWarning[] = [];
    if (!applies.value) return ok({ node: undefined, warnings });
    const parts: string[] = [...entity.scopePrefix];
    const missing: string[] = [];
    const search: string[] = [];
    for (const keyField of entity.key) {
      const result = keyField.field.read(fields);
      if (!result.ok) {
        // An optional entity with an invalid key (a malformed phone) is left out, not the row.
        if (!keyField.field.dropInvalid) return result;
        warnings.push({ column: keyField.field.column, reason: result.reason });
        return ok({ node: undefined, warnings });
      }
      if (result.value === undefined) {
        missing.push(keyField.describe);
        continue;
      }
      // A name in a key is compared by its match key, so "POPESCU, Ion" and "Ion Popescu" agree.
      parts.push(keyField.isName && result.value.nameKey ? result.value.nameKey : String(result.value.value));
      if (result.value.search) search.push(...result.value.search);
    }
    if (missing.length > 0) {
      if (entity.optional) return ok({ node: undefined, warnings });
      return invalid(`entity "${entity.name}" (${entity.label}): key ${missing.join(', ')} is empty`);
    }
    const props: Record<string, Value> = {};
    let nameParts: Transformed | undefined;
    for (const property of entity.properties) {
      const result = property.field.read(fields);
      if (!result.ok) {
        if (!property.field.dropInvalid) return result;
        warnings.push({ column: property.field.column, reason: result.reason });
        continue;
      }
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
    // A name in another script is found from its Latin spellings too (model/search-spellings.ts).
    if (typeof props.name === 'string') search.push(...searchSpellings(props.name));
    if (search.length > 0) props.search = [...new Set(search)].join(' ');
    const name = props.name;
    return ok({
      node: {
        label: entity.label,
        id: entityId(entity.label, parts),
        props,
        names: entity.keepsNames && typeof name === 'string' ? [name] : [],
      },
      warnings,
    });
  }

  const required = (mapping.required ?? []).map(
    (field) => compileField(field, compiler, 'required', { forceRequired: true }).read,
  );
  const repeat = mapping.repeat;

  /** Per apply: content digests counted in this row, committed when the row loads. */
  const pendingOccurrences = new Map<string, number>();

  /** One event's identity from its content: type, endpoints, properties and its occurrence number. */
  function contentKey(
    rel: CompiledRelationship,
    from: MappedNode,
    to: MappedNode,
    props: Record<string, Value>,
  ) {
    const parts: string[] = [rel.type, from.id, to.id];
    for (const name of Object.keys(props).sort()) parts.push(`${name}=${JSON.stringify(props[name])}`);
    const digest = sha256(parts.join('\u001f')).slice(0, 32);
    const seen = (pendingOccurrences.get(digest) ?? occurrences.get(digest) ?? 0) + 1;
    pendingOccurrences.set(digest, seen);
    return `c:${sha256(`${digest}:${seen}`).slice(0, 32)}`;
  }

  interface Scope {
    fields: Record<string, unknown>;
    nodes: Map<string, MappedNode>;
    /** Element of an `each` list, for the keys of events made per element. */
    index: number | undefined;
  }

  /** One pass of the entities and relationships over `fields`; `element` numbers repeated passes. */
  function applyOnce(
    fields: Record<string, unknown>,
    line: number,
    element: number | undefined,
    warnings: FieldWarning[],
  ): Applied {
    const nodes: MappedNode[] = [];
    const byName = new Map<string, MappedNode>();
    for (const entity of rowEntities) {
      // Entities of a repeated element change with the element, so only plain rows use the memo.
      const result = element === undefined ? applyEntityMemo(entity, fields) : applyEntity(entity, fields);
      if (!result.ok) return result;
      warnings.push(...result.value.warnings);
      if (result.value.node !== undefined) {
        nodes.push(result.value.node);
        byName.set(entity.name, result.value.node);
      }
    }
    // Lists: one scope per element, holding the row's entities and the element's own.
    const scopes = new Map<string, Scope[]>();
    for (const group of groups.values()) {
      const list = pathValue(fields, group.path);
      if (list !== undefined && list !== null && list !== '' && !Array.isArray(list)) {
        return fail(
          `"${group.path}" is not a list; the mapping makes one entity or relationship per element`,
        );
      }
      const elements: Scope[] = [];
      for (const [index, item] of (Array.isArray(list) ? list : []).entries()) {
        const scope: Scope = { fields: { ...fields, [group.as]: item }, nodes: new Map(byName), index };
        for (const entity of group.entities) {
          const result = applyEntity(entity, scope.fields);
          if (!result.ok) return fail(elementReason(result.reason, group.path, group.as, index, true));
          for (const warning of result.value.warnings) {
            warnings.push({
              ...warning,
              reason: elementReason(warning.reason, group.path, group.as, index, true),
            });
          }
          if (result.value.node !== undefined) {
            nodes.push(result.value.node);
            scope.nodes.set(entity.name, result.value.node);
          }
        }
        elements.push(scope);
      }
      scopes.set(group.id, elements);
    }
    if (nodes.length === 0) {
      return fail(
        'the row maps to no entity (every entity is excluded by its condition or optional and empty)',
      );
    }
    const out: MappedRelationship[] = [];
    const rowScope: Scope = { fields, nodes: byName, index: undefined };
    for (const rel of relationships) {
      const group = rel.each === undefined ? undefined : groups.get(rel.each);
      for (const scope of group === undefined ? [rowScope] : (scopes.get(group.id) ?? [])) {
        const relWarnings: FieldWarning[] = [];
        const made = relationshipIn(rel, scope, line, element, relWarnings);
        for (const warning of relWarnings) {
          warnings.push(
            group === undefined
              ? warning
              : {
                  ...warning,
                  reason: elementReason(warning.reason, group.path, group.as, scope.index ?? 0, true),
                },
          );
        }
        if (made === undefined) continue;
        if ('reason' in made) {
          return group === undefined
            ? made
            : fail(elementReason(made.reason, group.path, group.as, scope.index ?? 0, true));
        }
        out.push(made);
      }
    }
    return { ok: true, nodes, relationships: out };
  }

  function relationshipIn(
    rel: CompiledRelationship,
    scope: Scope,
    line: number,
    element: number | undefined,
    warnings: FieldWarning[],
  ): MappedRelationship | { ok: false; reason: string } | undefined {
    const { fields, nodes } = scope;
    const from = nodes.get(rel.from);
    const to = nodes.get(rel.to);
    if (from === undefined || to === undefined) return undefined;
    const applies = rel.when(fields);
    if (!applies.ok) return applies;
    if (!applies.value) return undefined;
    const props: Record<string, Value> = {};
    for (const property of rel.properties) {
      const result = property.field.read(fields, nodes);
      if (!result.ok) {
        if (!property.field.dropInvalid) return result;
        warnings.push({ column: property.field.column, reason: result.reason });
        continue;
      }
      if (result.value !== undefined) props[property.name] = result.value.value;
    }
    // Roles, counts and periods are checked here, so the store never holds a value a read cannot use.
    const refused = checkRelationshipValues(rel.type, props);
    if (refused !== undefined) return fail(`relationship ${rel.type} #${rel.ordinal + 1} ${refused}`);
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
      let key: string | { ok: false; reason: string };
      if (rel.key === 'content') key = contentKey(rel, from, to, props);
      else if (rel.key !== undefined) key = naturalKey(rel, rel.key, from, to, fields, nodes);
      else {
        key = `${extractShort}:${line}:${element === undefined ? '' : `${element}:`}${rel.ordinal}`;
        if (scope.index !== undefined) key += `:${scope.index}`;
      }
      if (typeof key !== 'string') return key;
      mapped.key = key;
    }
    props.extract = load.extractId;
    props.row = line;
    if (mapped.key !== undefined) props.key = mapped.key;
    return mapped;
  }

  function applyRecord(fields: Record<string, unknown>, line: number): Applied {
    const warnings: FieldWarning[] = [];
    for (const check of required) {
      const result = check(fields);
      if (!result.ok) return result;
    }
    if (repeat === undefined) {
      const result = applyOnce(fields, line, undefined, warnings);
      return result.ok ? withWarnings(result, warnings) : result;
    }
    const list = pathValue(fields, repeat.path);
    if (!Array.isArray(list)) return fail(`"${repeat.path}" is not a list; the mapping repeats over it`);
    if (list.length === 0) return fail(`"${repeat.path}" is empty; the mapping repeats over it`);
    const nodes: MappedNode[] = [];
    const relationshipsOut: MappedRelationship[] = [];
    for (let index = 0; index < list.length; index++) {
      const elementWarnings: FieldWarning[] = [];
      const result = applyOnce({ ...fields, [repeat.as]: list[index] }, line, index, elementWarnings);
      if (!result.ok) {
        const always = result.reason.startsWith('the row maps to no entity');
        return fail(elementReason(result.reason, repeat.path, repeat.as, index, always));
      }
      for (const warning of elementWarnings) {
        warnings.push({
          ...warning,
          reason: elementReason(warning.reason, repeat.path, repeat.as, index, false),
        });
      }
      nodes.push(...result.nodes);
      relationshipsOut.push(...result.relationships);
    }
    return withWarnings({ ok: true, nodes, relationships: relationshipsOut }, warnings);
  }

  return {
    apply(record) {
      const result = applyRecord(record.fields, record.line);
      // A rejected row leaves the occurrence counts alone: only loaded events are numbered.
      if (pendingOccurrences.size > 0) {
        if (result.ok) for (const [digest, seen] of pendingOccurrences) occurrences.set(digest, seen);
        pendingOccurrences.clear();
      }
      return result;
    },
  };
}

/**
 * Warnings once per row and column: a row-level field read again for each repeated element (the
 * payer's phone of a booking with three passengers) is one warning, not three.
 */
function withWarnings(result: Applied & { ok: true }, warnings: FieldWarning[]): Applied {
  if (warnings.length === 0) return result;
  const seen = new Set<string>();
  const unique = warnings.filter((w) => {
    const id = `${w.column}\u001f${w.reason}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
  return { ...result, warnings: unique };
}

/** The same event seen in two extracts: same type, endpoints and natural key fields → same key. */
function naturalKey(
  rel: CompiledRelationship,
  key: Reader[],
  from: MappedNode,
  to: MappedNode,
  fields: Record<string, unknown>,
  nodes: RowNodes,
): string | { ok: false; reason: string } {
  const parts: string[] = [rel.type, from.id, to.id];
  for (const read of key) {
    const result = read(fields, nodes);
    if (!result.ok) return result;
    if (result.value === undefined) {
      return fail(`relationship ${rel.type} #${rel.ordinal + 1}: a key field is empty`);
    }
    parts.push(String(result.value.value));
  }
  return `n:${sha256(parts.join('\u001f')).slice(0, 32)}`;
}
