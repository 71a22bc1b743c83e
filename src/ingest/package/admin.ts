/**
 * The neo4j-admin import layout (`neo4j-admin database import`): node files with an `:ID` column
 * (optionally in an id space, `:ID(Person)`) and a `:LABEL` column, relationship files with
 * `:START_ID`, `:END_ID` and `:TYPE`, and typed property headers (`name:string`, `age:int`,
 * `tags:string[]`, `x:IGNORE`). Labels and types become Skein's through the package's tables.
 *
 * Relationship files refer to nodes by their :ID, which may sit in any node file of the package:
 * the package planner indexes every node file first (`AdminIndex`), so a relationship file loads
 * the same whatever the order of the files, and a row naming an :ID that no file holds is rejected
 * with its line and the reason, never dropped.
 */
import { entityId, sha256 } from '../../model/ids.ts';
import { type EntityLabel, isEntityLabel } from '../../model/labels.ts';
import { checkRelationshipValues } from '../../model/relationship-values.ts';
import { isRelationshipType, type RelationshipType, relationshipSpec } from '../../model/relationships.ts';
import type {
  Applied,
  FieldWarning,
  LoadContext,
  MappedNode,
  MappedRelationship,
  RowMapper,
} from '../mapping/apply.ts';
import { PROPERTY_NAME } from '../mapping/schema.ts';
import {
  cleanText,
  compileTransform,
  type TransformContext,
  type TransformFn,
  type Value,
} from '../mapping/transforms.ts';
import { normaliseDate, normaliseDateTime } from '../normalise/date.ts';
import { invalid, type Normalised, ok } from '../normalise/result.ts';
import type { SourceRecord } from '../read/record.ts';
import type { LabelEntry, Package, TypeEntry } from './schema.ts';

type AdminType = 'string' | 'int' | 'float' | 'boolean' | 'date' | 'datetime' | 'text';

export interface AdminColumn {
  /** The header cell as written ("age:int"), which is the record's field name. */
  header: string;
  role: 'id' | 'label' | 'start' | 'end' | 'type' | 'ignore' | 'property';
  /** Skein property name (camelCase) for property columns and named :ID columns. */
  property?: string;
  /** The name part of the header as written ("phoneNo" of "phoneNo:string"). */
  name: string;
  /** Id space of :ID, :START_ID and :END_ID columns ('' for the global space). */
  space: string;
  type: AdminType;
  array: boolean;
}

export interface AdminHeader {
  kind: 'nodes' | 'relationships';
  columns: AdminColumn[];
}

/** neo4j-admin's type names → how Skein keeps the value. Times, durations and points stay as written. */
const TYPES: Record<string, AdminType> = {
  string: 'string',
  char: 'string',
  int: 'int',
  long: 'int',
  short: 'int',
  byte: 'int',
  float: 'float',
  double: 'float',
  boolean: 'boolean',
  date: 'date',
  datetime: 'datetime',
  localdatetime: 'datetime',
  time: 'text',
  localtime: 'text',
  duration: 'text',
  point: 'text',
};

const ROLES: Record<string, AdminColumn['role']> = {
  id: 'id',
  label: 'label',
  start_id: 'start',
  end_id: 'end',
  type: 'type',
  ignore: 'ignore',
};

/** Written by the loader itself on nodes (id, names, search) and relationships (provenance, event key). */
const RESERVED_NODE = new Set(['id', 'names', 'search', 'nameKey']);
const RESERVED_REL = new Set(['extract', 'row', 'key', 'extracts', 'extractRows']);

/** "Phone No" → "phoneNo", "first_name" stays: header names as Skein property names. */
export function propertyName(name: string): string {
  if (PROPERTY_NAME.test(name)) return name;
  const words = name.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const camel = words
    .map((w, i) =>
      i === 0 ? w.charAt(0).toLowerCase() + w.slice(1) : w.charAt(0).toUpperCase() + w.slice(1),
    )
    .join('');
  return camel;
}

const HEADER = /^(.*?)(?::([A-Za-z_]+)(\[\])?(?:\(([^)]*)\))?)?$/;

/**
 * Reads a neo4j-admin header; issues name the file and column. A header with :ID is a node file, one
 * with :START_ID and :END_ID a relationship file; anything else is not this layout.
 */
export function parseAdminHeader(
  headers: readonly string[],
  where: string,
): { header?: AdminHeader; issues: string[] } {
  const issues: string[] = [];
  const columns: AdminColumn[] = [];
  for (const header of headers) {
    const match = HEADER.exec(header.trim());
    const name = (match?.[1] ?? '').trim();
    const typeName = match?.[2]?.toLowerCase();
    const array = match?.[3] !== undefined;
    const space = (match?.[4] ?? '').trim();
    const role = typeName === undefined ? 'property' : (ROLES[typeName] ?? 'property');
    const type = typeName === undefined || role !== 'property' ? 'string' : TYPES[typeName];
    if (type === undefined) {
      issues.push(
        `${where} column "${header}": type "${match?.[2]}" is not a neo4j-admin type (${Object.keys(TYPES).join(', ')}, or :IGNORE)`,
      );
      continue;
    }
    const column: AdminColumn = { header, role, name, space, type, array };
    if ((role === 'property' || role === 'id') && name.length > 0) {
      const property = propertyName(name);
      const reserved = role === 'id' ? RESERVED_NODE : new Set([...RESERVED_NODE, ...RESERVED_REL]);
      if (role === 'id' && reserved.has(property)) {
        // "id:ID" is the layout's most common header: the export's id is kept, as sourceId.
        column.property = 'sourceId';
      } else if (!PROPERTY_NAME.test(property)) {
        issues.push(
          `${where} column "${header}": "${name}" cannot be a property name (letters and digits, starting with a letter)`,
        );
      } else if (reserved.has(property)) {
        issues.push(
          `${where} column "${header}": "${property}" is written by the loader itself; rename the column or mark it :IGNORE`,
        );
      } else {
        column.property = property;
      }
    } else if (role === 'property') {
      issues.push(`${where} column "${header}": a property column needs a name before the ":"`);
    }
    columns.push(column);
  }
  const count = (role: AdminColumn['role']) => columns.filter((c) => c.role === role).length;
  let kind: AdminHeader['kind'] | undefined;
  if (count('id') > 0 && count('start') === 0 && count('end') === 0) kind = 'nodes';
  else if (count('start') === 1 && count('end') === 1 && count('id') === 0) kind = 'relationships';
  if (kind === undefined) {
    issues.push(
      `${where}: not in the neo4j-admin layout (a node file has one :ID column, a relationship file one :START_ID and one :END_ID); header: ${headers.join(', ')}`,
    );
  } else if (count('id') > 1) {
    issues.push(`${where}: more than one :ID column; neo4j-admin takes one`);
  } else if (count('label') > 1 || count('type') > 1) {
    issues.push(`${where}: more than one :LABEL or :TYPE column`);
  }
  return kind !== undefined && issues.length === 0 ? { header: { kind, columns }, issues } : { issues };
}

// ---- labels and types ---------------------------------------------------------------------------

export interface NodeKind {
  label: EntityLabel;
  /** Column holding the global key, and how it is read. */
  key: { column: AdminColumn; read: TransformFn } | undefined;
  nameColumns: AdminColumn[];
  nameRead: TransformFn;
  /** Per-column reader overriding the header type. */
  transforms: Map<string, TransformFn>;
  /** Constant properties from the labels table. */
  set: Record<string, Value>;
  /** Header name → property name, from the labels table's `rename`. */
  rename: Record<string, string>;
}

/** The Skein property a column becomes for nodes of this kind. */
function propertyOf(kind: NodeKind, column: AdminColumn): string {
  return (Object.hasOwn(kind.rename, column.name) ? kind.rename[column.name] : column.property) as string;
}

export type LabelResolution = { skip: true } | { ignore: true } | { label: EntityLabel; entry: LabelEntry };

/** A neo4j-admin label through the package's table; Skein's own label names map to themselves. */
export function resolveLabel(name: string, table: Package['labels']): LabelResolution | undefined {
  const entry = table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
  if (entry === undefined) return isEntityLabel(name) ? { label: name, entry: name } : undefined;
  if (entry === null) return { ignore: true };
  if (entry === 'skip') return { skip: true };
  const label = typeof entry === 'string' ? entry : entry.label;
  return isEntityLabel(label) ? { label, entry } : undefined;
}

export interface TypeTarget {
  type: RelationshipType;
  reverse: boolean;
  set: Record<string, Value>;
}

/** A type through the package's table: skipped, or the targets to try in order (see TypeEntrySchema). */
export type TypeResolution = { skip: true } | { targets: TypeTarget[] };

export function resolveType(name: string, table: Package['types']): TypeResolution | undefined {
  const entry: TypeEntry | undefined =
    table !== undefined && Object.hasOwn(table, name) ? table[name] : undefined;
  if (entry === undefined)
    return isRelationshipType(name) ? { targets: [{ type: name, reverse: false, set: {} }] } : undefined;
  if (entry === 'skip') return { skip: true };
  const targets: TypeTarget[] = [];
  for (const one of Array.isArray(entry) ? entry : [entry]) {
    const type = typeof one === 'string' ? one : one.type;
    if (!isRelationshipType(type)) return undefined;
    targets.push(
      typeof one === 'string'
        ? { type, reverse: false, set: {} }
        : { type, reverse: one.reverse === true, set: one.set ?? {} },
    );
  }
  return { targets };
}

/** Made by matching and investigators' decisions, never by loading. */
export const NOT_LOADABLE = new Set(['POSSIBLY_SAME_AS', 'SAME_AS', 'NOT_SAME_AS']);

// ---- values -------------------------------------------------------------------------------------

function typed(type: AdminType): (text: string) => Normalised<Value> {
  switch (type) {
    case 'int':
      return (text) =>
        /^[+-]?\d{1,15}$/.test(text)
          ? ok(Number.parseInt(text, 10))
          : invalid(`"${text}" is not a whole number`);
    case 'float':
      return (text) => {
        const value = Number(text);
        return text.length > 0 && Number.isFinite(value) ? ok(value) : invalid(`"${text}" is not a number`);
      };
    case 'boolean':
      return (text) => {
        const lower = text.toLowerCase();
        return lower === 'true'
          ? ok(true)
          : lower === 'false'
            ? ok(false)
            : invalid(`"${text}" is not true or false`);
      };
    case 'date':
      return (text) => normaliseDate(text);
    case 'datetime':
      return (text) => normaliseDateTime(text);
    default:
      return (text) => ok(text);
  }
}

interface ColumnReader {
  column: AdminColumn;
  read(text: string): Normalised<{ value: Value; search: string[] }>;
}

/**
 * A property column's reader: a transform from the label table, else the header type. An array
 * (`aliases:string[]`) is kept as its elements joined by "; " (Skein properties are single values),
 * and string elements are searchable.
 */
function columnReader(
  column: AdminColumn,
  transform: TransformFn | undefined,
  arrayDelimiter: string,
): ColumnReader {
  const one = (text: string): Normalised<{ value: Value; search: string[] }> => {
    if (transform !== undefined) {
      const result = transform(text);
      return result.ok ? ok({ value: result.value.value, search: result.value.search ?? [] }) : result;
    }
    const result = typed(column.type)(text);
    return result.ok ? ok({ value: result.value, search: [] }) : result;
  };
  if (!column.array) return { column, read: one };
  return {
    column,
    read(text) {
      const values: string[] = [];
      const search: string[] = [];
      for (const part of text.split(arrayDelimiter)) {
        const element = cleanText(part);
        if (element.length === 0) continue;
        const result = one(element);
        if (!result.ok) return result;
        values.push(String(result.value.value));
        search.push(...result.value.search);
        if (column.type === 'string' && transform === undefined) search.push(element);
      }
      return ok({ value: values.join('; '), search });
    },
  };
}

// ---- the index of a package's nodes -------------------------------------------------------------

/** Where a node's :ID was first seen and what it became. */
export type IndexEntry =
  | { at: string; alias: string; line: number; label: EntityLabel; id: string }
  | { at: string; alias: string; line: number; skipped: string }
  | { at: string; alias: string; line: number; rejected: string };

/** Id space + :ID → the node: every node file of a package, read before any file is loaded. */
export type AdminIndex = Map<string, IndexEntry>;

export const indexKey = (space: string, id: string) => `${space}\u001f${id}`;

export interface AdminSettings {
  pkg: Package;
  /** Key parts before the id space and :ID (the source, and for `ids: export` the export's hash). */
  idScope: string[];
  transformContext: TransformContext;
  arrayDelimiter: string;
}

interface CompiledNodes {
  apply(
    fields: Record<string, string>,
  ):
    | { ok: true; key: string; node: MappedNode; warnings: FieldWarning[] }
    | { ok: false; key: string | undefined; reason: string; skipped?: string };
}

/** Compiles the row reader of a node file; pure, so the index pass and the load agree row for row. */
export function compileNodeFile(
  header: AdminHeader,
  fileLabel: string | undefined,
  settings: AdminSettings,
): CompiledNodes {
  const idColumn = header.columns.find((c) => c.role === 'id') as AdminColumn;
  const labelColumn = header.columns.find((c) => c.role === 'label');
  const properties = header.columns.filter(
    (c) => (c.role === 'property' || c.role === 'id') && c.property !== undefined,
  );
  const kinds = new Map<string, NodeKind | { skip: true } | { ignore: true } | undefined>();
  const kindFor = (name: string) => {
    if (!kinds.has(name)) {
      const resolved = resolveLabel(name, settings.pkg.labels);
      kinds.set(
        name,
        resolved === undefined || !('label' in resolved) ? resolved : nodeKind(resolved, header, settings),
      );
    }
    return kinds.get(name);
  };
  const readers = new Map<EntityLabel, ColumnReader[]>();
  const readersFor = (kind: NodeKind) => {
    let list = readers.get(kind.label);
    if (list === undefined) {
      list = properties.map((c) =>
        columnReader(
          c,
          kind.transforms.get(c.name) ?? kind.transforms.get(c.property ?? ''),
          settings.arrayDelimiter,
        ),
      );
      readers.set(kind.label, list);
    }
    return list;
  };

  return {
    apply(fields) {
      const raw = cleanText(fields[idColumn.header] ?? '');
      const key = raw.length > 0 ? indexKey(idColumn.space, raw) : undefined;
      if (key === undefined)
        return { ok: false, key, reason: `column "${idColumn.header}": the :ID is empty` };
      const names = [
        ...(fileLabel !== undefined ? [fileLabel] : []),
        ...(labelColumn === undefined
          ? []
          : (fields[labelColumn.header] ?? '')
              .split(settings.arrayDelimiter)
              .map((l) => l.trim())
              .filter((l) => l.length > 0)),
      ];
      if (names.length === 0) {
        return {
          ok: false,
          key,
          reason: 'the node has no label (give the file a label in the package, or a :LABEL column)',
        };
      }
      let kind: NodeKind | undefined;
      for (const name of names) {
        const resolved = kindFor(name);
        if (resolved === undefined) {
          return {
            ok: false,
            key,
            reason: `label "${name}" is neither a Skein label nor in the package's labels table`,
          };
        }
        if ('skip' in resolved) {
          return {
            ok: false,
            key,
            skipped: name,
            reason: `label "${name}" is skipped by the package's labels table`,
          };
        }
        if ('ignore' in resolved) continue;
        if (kind !== undefined && kind.label !== resolved.label) {
          return {
            ok: false,
            key,
            reason: `labels ${names.join(';')} map to two Skein labels (${kind.label}, ${resolved.label}); map one of them to null`,
          };
        }
        kind = resolved;
      }
      if (kind === undefined)
        return { ok: false, key, reason: `labels ${names.join(';')} are all ignored by the labels table` };
      const props: Record<string, Value> = { ...kind.set };
      const search: string[] = [];
      const warnings: FieldWarning[] = [];
      for (const reader of readersFor(kind)) {
        const text = cleanText(fields[reader.column.header] ?? '');
        if (text.length === 0) continue;
        const result = reader.read(text);
        // A typed property is optional: an invalid value (born:date "31/02/1990") is left out with
        // a warning counted under its column, never the person. The :ID and the key stay row errors.
        if (!result.ok && !isKeyColumn(kind, reader.column)) {
          warnings.push({ column: reader.column.header, reason: result.reason });
          continue;
        }
        if (!result.ok)
          return { ok: false, key, reason: `column "${reader.column.header}": ${result.reason}` };
        props[propertyOf(kind, reader.column)] = result.value.value;
        search.push(...result.value.search);
      }
      let names_: string[] = [];
      const nameText = kind.nameColumns
        .map((c) => cleanText(fields[c.header] ?? ''))
        .filter((t) => t.length > 0)
        .join(' ');
      if (nameText.length > 0) {
        const name = kind.nameRead(nameText);
        if (!name.ok) return { ok: false, key, reason: name.reason };
        props.name = name.value.value;
        if (name.value.nameKey !== undefined) props.nameKey = name.value.nameKey;
        if (name.value.givenName !== undefined) props.givenName ??= name.value.givenName;
        if (name.value.familyName !== undefined) props.familyName ??= name.value.familyName;
        if (kind.label === 'Person' || kind.label === 'Organisation') names_ = [String(name.value.value)];
      }
      let id: string;
      if (kind.key !== undefined) {
        const text = cleanText(fields[kind.key.column.header] ?? '');
        if (text.length === 0)
          return {
            ok: false,
            key,
            reason: `column "${kind.key.column.header}": the ${kind.label}'s key is empty`,
          };
        const result = kind.key.read(text);
        if (!result.ok)
          return { ok: false, key, reason: `column "${kind.key.column.header}": ${result.reason}` };
        id = entityId(kind.label, [String(result.value.value)]);
        props[kind.key.column.property === undefined ? 'name' : propertyOf(kind, kind.key.column)] =
          result.value.value;
        if (props.name === undefined) props.name = result.value.value;
        search.push(...(result.value.search ?? []));
      } else {
        id = entityId(kind.label, [...settings.idScope, idColumn.space || '-', raw]);
      }
      if (search.length > 0) props.search = [...new Set(search)].join(' ');
      return { ok: true, key, node: { label: kind.label, id, props, names: names_ }, warnings };
    },
  };
}

/** The key column is read again (and its failure is the row's) when the node's id is made. */
function isKeyColumn(kind: NodeKind, column: AdminColumn): boolean {
  return kind.key?.column.header === column.header;
}

function nodeKind(
  resolved: { label: EntityLabel; entry: LabelEntry },
  header: AdminHeader,
  settings: AdminSettings,
): NodeKind {
  const entry = typeof resolved.entry === 'object' && resolved.entry !== null ? resolved.entry : undefined;
  const byName = (name: string) => header.columns.find((c) => c.name === name || c.property === name);
  const transforms = new Map<string, TransformFn>();
  for (const [name, spec] of Object.entries(entry?.properties ?? {}))
    transforms.set(name, compileTransform(spec, settings.transformContext));
  const personLike = resolved.label === 'Person' || resolved.label === 'Organisation';
  const nameColumns = (entry?.name ?? ['name']).map(byName).filter((c): c is AdminColumn => c !== undefined);
  const keyColumn = entry?.key === undefined ? undefined : byName(entry.key.property);
  return {
    label: resolved.label,
    key:
      keyColumn === undefined || entry?.key === undefined
        ? undefined
        : { column: keyColumn, read: compileTransform(entry.key.transform, settings.transformContext) },
    nameColumns,
    nameRead: compileTransform(personLike ? 'name' : 'text', settings.transformContext),
    transforms,
    set: entry?.set ?? {},
    rename: entry?.rename ?? {},
  };
}

// ---- relationship files -------------------------------------------------------------------------

/** Describes an index miss or a node that did not load, for the relationship row's reason. */
function endpoint(
  index: AdminIndex,
  column: AdminColumn,
  fields: Record<string, string>,
): { ok: true; label: EntityLabel; id: string } | { ok: false; reason: string } {
  const raw = cleanText(fields[column.header] ?? '');
  const which = column.role === 'start' ? 'start' : 'end';
  if (raw.length === 0)
    return { ok: false, reason: `column "${column.header}": the ${which} node's id is empty` };
  const entry = index.get(indexKey(column.space, raw));
  const space = column.space.length > 0 ? ` in id space ${column.space}` : '';
  if (entry === undefined) {
    return { ok: false, reason: `${which} node "${raw}"${space} is in no node file of the package` };
  }
  if ('skipped' in entry) {
    return {
      ok: false,
      reason: `${which} node "${raw}"${space} is a ${entry.skipped}, which the package skips (${entry.at})`,
    };
  }
  if ('rejected' in entry) {
    return {
      ok: false,
      reason: `${which} node "${raw}"${space} was rejected at ${entry.at}: ${entry.rejected}`,
    };
  }
  return { ok: true, label: entry.label, id: entry.id };
}

function stub(label: EntityLabel, id: string): MappedNode {
  return { label, id, props: {}, names: [] };
}

/** The row mapper of a relationship file: endpoints through the package's node index. */
export function compileRelationshipFile(
  header: AdminHeader,
  fileType: string | undefined,
  settings: AdminSettings,
  index: AdminIndex,
  load: LoadContext,
): RowMapper {
  const start = header.columns.find((c) => c.role === 'start') as AdminColumn;
  const end = header.columns.find((c) => c.role === 'end') as AdminColumn;
  const typeColumn = header.columns.find((c) => c.role === 'type');
  const readers = header.columns
    .filter((c) => c.role === 'property' && c.property !== undefined)
    .map((c) => columnReader(c, undefined, settings.arrayDelimiter));
  const extractShort = sha256(load.extractId).slice(0, 16);
  return {
    apply(record: SourceRecord): Applied {
      const fields = record.fields as Record<string, string>;
      const typeName =
        cleanText(typeColumn !== undefined ? (fields[typeColumn.header] ?? '') : '') || fileType;
      if (typeName === undefined || typeName.length === 0) {
        return {
          ok: false,
          reason: 'the relationship has no type (give the file a type in the package, or a :TYPE column)',
        };
      }
      const resolved = resolveType(typeName, settings.pkg.types);
      if (resolved === undefined)
        return {
          ok: false,
          reason: `type "${typeName}" is neither a Skein type nor in the package's types table`,
        };
      if ('skip' in resolved)
        return { ok: false, reason: `type "${typeName}" is skipped by the package's types table` };
      const a = endpoint(index, start, fields);
      if (!a.ok) return a;
      const b = endpoint(index, end, fields);
      if (!b.ok) return b;
      const fits = (target: TypeTarget) => {
        const [from, to] = target.reverse ? [b, a] : [a, b];
        const spec = relationshipSpec(target.type);
        return (
          (spec.from as readonly string[]).includes(from.label) &&
          (spec.to as readonly string[]).includes(to.label)
        );
      };
      const target = resolved.targets.find(fits);
      if (target === undefined) {
        const tried = resolved.targets
          .map((t) => {
            const spec = relationshipSpec(t.type);
            return `${t.type}${t.reverse ? ' (reversed)' : ''} goes from ${spec.from.join(' or ')} to ${spec.to.join(' or ')}`;
          })
          .join('; ');
        return {
          ok: false,
          reason: `${typeName} joins ${a.label} to ${b.label}, but ${tried}`,
        };
      }
      const [from, to] = target.reverse ? [b, a] : [a, b];
      const spec = relationshipSpec(target.type);
      const props: Record<string, Value> = { ...target.set };
      const warnings: FieldWarning[] = [];
      for (const reader of readers) {
        const text = cleanText(fields[reader.column.header] ?? '');
        if (text.length === 0) continue;
        const result = reader.read(text);
        // As on nodes: an invalid typed value drops that property with a warning, not the link.
        if (!result.ok) {
          warnings.push({ column: reader.column.header, reason: result.reason });
          continue;
        }
        props[reader.column.property as string] = result.value.value;
      }
      // Values the model gives a meaning to (a case role, an aggregate's count) are checked as a
      // mapped file's are, so nothing stored can make a later read fail.
      const refused = checkRelationshipValues(
        target.type,
        props as Record<string, string | number | boolean>,
      );
      if (refused !== undefined) return { ok: false, reason: `${typeName} as ${target.type}: ${refused}` };
      props.extract = load.extractId;
      props.row = record.line;
      const relationship: MappedRelationship = {
        group: `${target.type}|${from.label}|${to.label}`,
        type: target.type,
        fromLabel: from.label,
        from: from.id,
        toLabel: to.label,
        to: to.id,
        props,
      };
      if (spec.event) {
        relationship.key = `${extractShort}:${record.line}:0`;
        props.key = relationship.key;
      }
      return {
        ok: true,
        nodes: [stub(from.label, from.id), stub(to.label, to.id)],
        relationships: [relationship],
        warnings,
      };
    },
  };
}
