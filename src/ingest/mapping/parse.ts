/**
 * Reads a mapping file (YAML or JSON), validates its shape (schema.ts) and its meaning against the
 * model (labels, relationship types and their endpoints, entity references, property names). Every
 * problem is reported at once, each naming the mapping file and the path of the bad key, because an
 * analyst fixing a mapping wants the whole list, not one error per attempt.
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, extname, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { currentExtension } from '../../model/extension.ts';
import { isEntityLabel } from '../../model/labels.ts';
import { isRelationshipType, relationshipSpec } from '../../model/relationships.ts';
import { compileExpression, type ExpressionEnvironment, ExpressionError } from './expression.ts';
import {
  type ConditionSpec,
  ENTITY_NAME,
  type FieldSpec,
  type Mapping,
  MappingSchema,
  PROPERTY_NAME,
} from './schema.ts';

/** Mapping files are small; a bigger one is a mistake (or an attack), not a mapping. */
const MAX_MAPPING_BYTES = 1_000_000;

/** Shipped mappings for known layouts live here and can be named instead of given as a path. */
export const SHIPPED_MAPPINGS_DIR = resolve(import.meta.dirname, '../mappings');

/** Node properties the loader writes itself. */
/**
 * Labels whose keys are usually identifiers meaningful everywhere: for them the default scope
 * (`source`) would silently split one phone or account into one node per source, which resolution
 * (people and companies only) would never join again. The mapping must say which it is.
 */
const SCOPE_REQUIRED: ReadonlyMap<string, string> = new Map([
  ['Account', 'an IBAN'],
  ['Phone', 'an E.164 number'],
  ['Email', 'an address'],
  ['IdentityDocument', 'a document type, number and issuing country'],
]);

const RESERVED_NODE_PROPERTIES = new Set(['id', 'names', 'search']);
/** Relationship properties the loader writes itself (provenance and event identity). */
const RESERVED_RELATIONSHIP_PROPERTIES = new Set(['extract', 'row', 'key']);
/** Made by matching and by investigators' decisions, never by loading an extract. */
const NOT_LOADABLE = new Set(['POSSIBLY_SAME_AS', 'SAME_AS', 'NOT_SAME_AS']);

export class MappingError extends Error {
  constructor(
    readonly file: string,
    readonly issues: string[],
  ) {
    super(
      `mapping ${file} is invalid:\n${issues.map((i) => `  - ${i}`).join('\n')}\n` +
        'See the mapping format in README "Loading extracts".',
    );
    this.name = 'MappingError';
  }
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`,
    )
    .join('');
}

/** The mapping's lookup tables as expressions read them (keys trimmed and lower-cased). */
export function expressionEnvironment(mapping: Mapping): ExpressionEnvironment {
  return {
    lookups: new Map(
      Object.entries(mapping.lookups ?? {}).map(([name, table]) => [
        name,
        new Map(Object.entries(table).map(([from, to]) => [from.trim().toLowerCase(), to])),
      ]),
    ),
  };
}

/** The record fields a field reads; an expression that does not parse reads none (crossCheck reports it). */
export function fieldColumns(field: FieldSpec, env?: ExpressionEnvironment): string[] {
  if (typeof field === 'string') return [field];
  if (field.expr !== undefined) {
    try {
      return compileExpression(field.expr, env ?? { lookups: new Map() }).columns;
    } catch {
      return [];
    }
  }
  return field.column !== undefined ? [field.column] : (field.columns ?? []);
}

/** Every column a condition (with its any/all/not branches) reads. */
export function conditionColumns(when: ConditionSpec | undefined): string[] {
  if (when === undefined) return [];
  if (Array.isArray(when)) return when.flatMap(conditionColumns);
  if ('any' in when) return when.any.flatMap(conditionColumns);
  if ('all' in when) return when.all.flatMap(conditionColumns);
  if ('not' in when) return conditionColumns(when.not);
  const other = when.sameNameAs ?? when.notSameNameAs;
  return other === undefined ? [when.column] : [when.column, other];
}

/** Checks expressions, multi-column maps and entity references of one field. */
function checkField(
  field: FieldSpec,
  at: string,
  mapping: Mapping,
  env: ExpressionEnvironment,
  issues: string[],
  allowEntity: boolean,
): void {
  if (typeof field === 'string') return;
  if (field.expr !== undefined) {
    try {
      compileExpression(field.expr, env);
    } catch (error) {
      if (!(error instanceof ExpressionError)) throw error;
      issues.push(`${at}.expr: ${error.message}`);
    }
  }
  if (field.entity !== undefined) {
    const entity = Object.hasOwn(mapping.entities, field.entity) ? mapping.entities[field.entity] : undefined;
    if (!allowEntity) {
      issues.push(`${at}.entity: only relationship properties can take a value from another entity`);
    } else if (entity === undefined) {
      issues.push(
        `${at}.entity: no entity "${field.entity}"; declared entities are ${Object.keys(mapping.entities).join(', ')}`,
      );
    } else if (!Object.hasOwn(entity.properties ?? {}, field.property ?? '')) {
      issues.push(
        `${at}.property: entity "${field.entity}" has no property "${field.property}"; it has ${Object.keys(entity.properties ?? {}).join(', ') || 'none'}`,
      );
    }
  }
  const transform = field.transform;
  if (typeof transform === 'object' && transform.type === 'map' && field.columns !== undefined) {
    // A map over several columns is keyed by their values joined with "|": "transfer|out".
    for (const key of Object.keys(transform.values)) {
      const parts = key.split('|').length;
      if (parts !== field.columns.length) {
        issues.push(
          `${at}.transform.values."${key}": a map over ${field.columns.length} columns (${field.columns.join(', ')}) is keyed by ${field.columns.length} values joined with "|", e.g. "${field.columns.map((c) => `<${c}>`).join('|')}"`,
        );
      }
    }
    if (field.separator !== undefined) {
      issues.push(`${at}.separator: a map over several columns keys them with "|"; remove separator`);
    }
  }
}

/**
 * A label or type of the model extension takes only the properties it declares (`name` always, as
 * the display name): a typo in a mapping is caught before a load, not found in the graph later.
 */
function declaresProperty(labelOrType: string, property: string): boolean {
  const extension = currentExtension();
  const spec =
    extension.labels.find((l) => l.name === labelOrType) ??
    extension.relationships.find((r) => r.name === labelOrType);
  return spec === undefined || property === 'name' || Object.hasOwn(spec.properties, property);
}

/** Checks the meaning of a shape-valid mapping; returns issues as "path: message". */
function crossCheck(mapping: Mapping): string[] {
  const issues: string[] = [];
  const env = expressionEnvironment(mapping);
  const entityNames = Object.keys(mapping.entities);
  if (entityNames.length === 0) issues.push('entities: map at least one entity');
  if (entityNames.length > 50) issues.push('entities: at most 50 entities per mapping');
  for (const [name, entity] of Object.entries(mapping.entities)) {
    const at = `entities.${name}`;
    if (!ENTITY_NAME.test(name))
      issues.push(`${at}: entity names are letters, digits, - and _ (start with a letter)`);
    if (!isEntityLabel(entity.label)) {
      issues.push(`${at}.label: "${entity.label}" is not a label of the model (see src/model/labels.ts)`);
    }
    for (const [property, field] of Object.entries(entity.properties ?? {})) {
      if (!PROPERTY_NAME.test(property)) {
        issues.push(`${at}.properties.${property}: property names are camelCase letters and digits`);
      } else if (RESERVED_NODE_PROPERTIES.has(property)) {
        issues.push(`${at}.properties.${property}: "${property}" is written by the loader itself; rename it`);
      } else if (!declaresProperty(entity.label, property)) {
        issues.push(
          `${at}.properties.${property}: ${entity.label} (model extension) declares no property "${property}"`,
        );
      }
      checkField(field, `${at}.properties.${property}`, mapping, env, issues, false);
    }
    entity.key.forEach((field, i) => {
      checkField(field, `${at}.key[${i}]`, mapping, env, issues, false);
    });
    if (entity.scope === undefined && SCOPE_REQUIRED.has(entity.label)) {
      issues.push(
        `${at}.scope: say how far the key of this ${entity.label} is meaningful — \`scope: global\` when the value is the same thing in every source (${SCOPE_REQUIRED.get(entity.label)}: one node for every source that records it), \`scope: source\` when it is this source's own`,
      );
    }
    if (entity.each !== undefined && mapping.input.format !== 'jsonl') {
      issues.push(`${at}.each: only JSON lines have lists; remove it or use input.format jsonl`);
    }
  }
  (mapping.required ?? []).forEach((field, i) => {
    checkField(field, `required[${i}]`, mapping, env, issues, false);
  });
  if (mapping.repeat !== undefined && mapping.input.format !== 'jsonl') {
    issues.push('repeat: only JSON lines have lists to repeat over; remove it or use input.format jsonl');
  }
  (mapping.relationships ?? []).forEach((rel, index) => {
    const at = `relationships[${index}]`;
    if (!isRelationshipType(rel.type)) {
      issues.push(
        `${at}.type: "${rel.type}" is not a relationship type of the model (see src/model/relationships.ts)`,
      );
      return;
    }
    if (NOT_LOADABLE.has(rel.type)) {
      issues.push(`${at}.type: ${rel.type} is made by matching and investigators' decisions, not by loading`);
      return;
    }
    const spec = relationshipSpec(rel.type);
    for (const end of ['from', 'to'] as const) {
      const entity = mapping.entities[rel[end]];
      if (entity === undefined || !Object.hasOwn(mapping.entities, rel[end])) {
        issues.push(`${at}.${end}: no entity "${rel[end]}"; declared entities are ${entityNames.join(', ')}`);
      } else if (isEntityLabel(entity.label) && !(spec[end] as readonly string[]).includes(entity.label)) {
        issues.push(
          `${at}.${end}: ${rel.type} goes ${end} ${spec[end].join(' or ')}, but "${rel[end]}" is a ${entity.label}`,
        );
      }
    }
    if (rel.key !== undefined && !spec.event) {
      issues.push(
        `${at}.key: only event relationships (PAID, CASH, CALLED) take a key; ${rel.type} merges on its endpoints`,
      );
    }
    if (Array.isArray(rel.key)) {
      rel.key.forEach((field, i) => {
        checkField(field, `${at}.key[${i}]`, mapping, env, issues, false);
      });
    }
    if (rel.each !== undefined && mapping.input.format !== 'jsonl') {
      issues.push(`${at}.each: only JSON lines have lists; remove it or use input.format jsonl`);
    }
    // An endpoint made once per list element pairs with the relationship's element: same list.
    for (const end of ['from', 'to'] as const) {
      const each = Object.hasOwn(mapping.entities, rel[end]) ? mapping.entities[rel[end]]?.each : undefined;
      if (
        each !== undefined &&
        (rel.each === undefined || rel.each.path !== each.path || rel.each.as !== each.as)
      ) {
        issues.push(
          `${at}.each: "${rel[end]}" is made once per element of ${each.path}; give the relationship each: { path: ${each.path}, as: ${each.as} } too`,
        );
      }
    }
    for (const [property, field] of Object.entries(rel.properties ?? {})) {
      if (!PROPERTY_NAME.test(property)) {
        issues.push(`${at}.properties.${property}: property names are camelCase letters and digits`);
      } else if (RESERVED_RELATIONSHIP_PROPERTIES.has(property)) {
        issues.push(`${at}.properties.${property}: "${property}" is written by the loader itself; rename it`);
      } else if (!declaresProperty(rel.type, property)) {
        issues.push(
          `${at}.properties.${property}: ${rel.type} (model extension) declares no property "${property}"`,
        );
      }
      checkField(field, `${at}.properties.${property}`, mapping, env, issues, true);
    }
  });
  return issues;
}

/** Every column the mapping reads (the loader checks them against the CSV header). */
export function mappedColumns(mapping: Mapping): string[] {
  const env = expressionEnvironment(mapping);
  const columns = new Set<string>();
  const addFields = (fields: readonly FieldSpec[]) => {
    for (const f of fields) for (const c of fieldColumns(f, env)) columns.add(c);
  };
  for (const entity of Object.values(mapping.entities)) {
    addFields(entity.key);
    addFields(Object.values(entity.properties ?? {}));
    for (const c of conditionColumns(entity.when)) columns.add(c);
  }
  addFields(mapping.required ?? []);
  for (const rel of mapping.relationships ?? []) {
    addFields(Array.isArray(rel.key) ? rel.key : []);
    addFields(Object.values(rel.properties ?? {}));
    for (const c of conditionColumns(rel.when)) columns.add(c);
  }
  return [...columns];
}

/** Parses and validates mapping text; `file` names the source in error messages. */
/**
 * YAML (a superset of JSON, so one parser reads both) into plain data, for mapping and package files.
 * Aliases are capped (no "billion laughs"); duplicate keys are errors (a silently overridden column
 * would load the wrong data). Syntax errors are a MappingError with their line.
 */
export function readYaml(text: string, file: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, merge: true });
  if (doc.errors.length > 0) {
    throw new MappingError(
      file,
      doc.errors.map(
        (e) => `(syntax) ${e.message.split('\n')[0]}${e.linePos ? ` at line ${e.linePos[0].line}` : ''}`,
      ),
    );
  }
  try {
    return doc.toJS({ maxAliasCount: 100 });
  } catch (error) {
    throw new MappingError(file, [`(syntax) ${error instanceof Error ? error.message : String(error)}`]);
  }
}

export function parseMapping(text: string, file: string): Mapping {
  if (text.length > MAX_MAPPING_BYTES) {
    throw new MappingError(file, [
      `(file): larger than ${MAX_MAPPING_BYTES} bytes; a mapping is a few dozen lines`,
    ]);
  }
  const result = MappingSchema.safeParse(readYaml(text, file));
  if (!result.success) {
    throw new MappingError(
      file,
      result.error.issues.map((issue) => `${formatPath(issue.path)}: ${describeIssue(issue)}`),
    );
  }
  const issues = crossCheck(result.data);
  if (issues.length > 0) throw new MappingError(file, issues);
  return result.data;
}

function describeIssue(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a typo?)`;
  }
  return issue.message;
}

/** Reads a mapping from a path, or by name from the shipped mappings (src/ingest/mappings/<name>.yaml). */
export function loadMapping(pathOrName: string): { mapping: Mapping; file: string } {
  const file = resolveMappingPath(pathOrName);
  const size = statSync(file).size;
  if (size > MAX_MAPPING_BYTES) {
    throw new MappingError(file, [`(file): ${size} bytes; a mapping is a few dozen lines`]);
  }
  return { mapping: parseMapping(readFileSync(file, 'utf8'), file), file };
}

export function resolveMappingPath(pathOrName: string): string {
  return resolveShipped(pathOrName, SHIPPED_MAPPINGS_DIR, 'mapping', basename(pathOrName));
}

/**
 * A path, or the name of a shipped file (`bank-a` → `<dir>/bank-a.yaml`, `.yml` or `.json`): the one
 * lookup of mapping and package files. `shownAs` names the file in the error when neither exists.
 */
export function resolveShipped(pathOrName: string, dir: string, what: string, shownAs = pathOrName): string {
  const looksLikeName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(pathOrName) && extname(pathOrName) === '';
  if (looksLikeName) {
    for (const ext of ['.yaml', '.yml', '.json']) {
      const candidate = resolve(dir, `${pathOrName}${ext}`);
      if (exists(candidate)) return candidate;
    }
  }
  const file = resolve(pathOrName);
  if (!exists(file)) {
    throw new MappingError(shownAs, [
      `(file): not found as a path or as a shipped ${what} name (see ${dir})`,
    ]);
  }
  return file;
}

/** True when the path is a readable regular file. */
export function exists(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
