/**
 * Reads a source-package file (YAML or JSON), validates its shape (schema.ts) and what can be checked
 * without the files: the labels and types tables against the model, joins against the listed files,
 * each file's mapping. Every problem is reported at once, each naming the package file and key.
 */
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { isEntityLabel } from '../../model/labels.ts';
import { isRelationshipType } from '../../model/relationships.ts';
import {
  exists,
  loadMapping,
  MappingError,
  parseMapping,
  readYaml,
  resolveShipped,
  SHIPPED_MAPPINGS_DIR,
} from '../mapping/parse.ts';
import type { Mapping } from '../mapping/schema.ts';
import { NOT_LOADABLE } from './admin.ts';
import { type Package, PackageSchema } from './schema.ts';

/** Shipped packages (the neo4j-admin layout's tables) live here and can be named instead of given as a path. */
export const SHIPPED_PACKAGES_DIR = resolve(SHIPPED_MAPPINGS_DIR, 'packages');

const MAX_PACKAGE_BYTES = 1_000_000;

export interface ParsedPackage {
  pkg: Package;
  /** The package file (for messages) and the folder its relative paths start from. */
  file: string;
  dir: string;
  /** Each file's parsed mapping, by alias (files without one are neo4j-admin or joined files). */
  mappings: Map<string, Mapping>;
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.length === 0
    ? '(top level)'
    : path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('');
}

function crossCheck(pkg: Package): string[] {
  const issues: string[] = [];
  for (const [name, entry] of Object.entries(pkg.labels ?? {})) {
    if (entry === null || entry === 'skip') continue;
    const label = typeof entry === 'string' ? entry : entry.label;
    if (!isEntityLabel(label)) {
      issues.push(
        `labels.${name}: "${label}" is not a label of the model (see src/model/labels.ts), "skip" or null`,
      );
    }
    if (typeof entry === 'object') {
      for (const [from, to] of Object.entries(entry.rename ?? {})) {
        if (['id', 'names', 'search', 'nameKey', 'name'].includes(to))
          issues.push(
            `labels.${name}.rename.${from}: "${to}" is written by the loader itself (use \`name\` to choose the name columns)`,
          );
      }
    }
  }
  for (const [name, entry] of Object.entries(pkg.types ?? {})) {
    if (entry === 'skip') continue;
    const list = Array.isArray(entry) ? entry : [entry];
    list.forEach((one, i) => {
      const at = Array.isArray(entry) ? `types.${name}[${i}]` : `types.${name}`;
      const type = typeof one === 'string' ? one : one.type;
      if (!isRelationshipType(type)) {
        issues.push(
          `${at}: "${type}" is not a relationship type of the model (see src/model/relationships.ts) or "skip"`,
        );
      } else if (NOT_LOADABLE.has(type)) {
        issues.push(`${at}: ${type} is made by matching and investigators' decisions, not by loading`);
      }
    });
  }
  const files = pkg.files ?? {};
  const joinedInto = new Map<string, string>();
  for (const [alias, file] of Object.entries(files)) {
    if (file.join === undefined) continue;
    if (file.mapping === undefined)
      issues.push(`files.${alias}.join: a joining file needs a mapping (it maps the joined rows)`);
    for (const [as, member] of Object.entries(file.join.with)) {
      const at = `files.${alias}.join.with.${as}.file`;
      if (!Object.hasOwn(files, member.file)) {
        issues.push(
          `${at}: no file "${member.file}"; the package's files are ${Object.keys(files).join(', ')}`,
        );
      } else if (member.file === alias) {
        issues.push(`${at}: a file cannot join itself`);
      } else if (joinedInto.has(member.file)) {
        issues.push(
          `${at}: "${member.file}" is already joined into "${joinedInto.get(member.file)}"; a file joins one other`,
        );
      } else {
        joinedInto.set(member.file, alias);
        const memberFile = files[member.file];
        if (memberFile?.mapping !== undefined || memberFile?.join !== undefined) {
          issues.push(
            `${at}: "${member.file}" is joined into "${alias}", so it takes no mapping or join of its own`,
          );
        }
      }
    }
  }
  return issues;
}

/** A file's mapping: a path (relative to the package), a shipped mapping's name, or inline. */
function fileMapping(
  pkg: Package,
  alias: string,
  spec: string | Record<string, unknown>,
  file: string,
  dir: string,
): Mapping {
  if (typeof spec === 'string') {
    const local = resolve(dir, spec);
    return loadMapping(isAbsolute(spec) || exists(local) ? local : spec).mapping;
  }
  const inline = {
    skein: 1,
    name: `${pkg.package}-${alias}`,
    input: { format: 'csv', ...(pkg.input ?? {}) },
    ...spec,
  };
  return parseMapping(JSON.stringify(inline), `${file} files.${alias}.mapping`);
}

export function parsePackage(text: string, file: string): ParsedPackage {
  if (text.length > MAX_PACKAGE_BYTES)
    throw new MappingError(file, [`(file): larger than ${MAX_PACKAGE_BYTES} bytes`]);
  const result = PackageSchema.safeParse(readYaml(text, file));
  if (!result.success) {
    throw new MappingError(
      file,
      result.error.issues.map((issue) => {
        const keys = (issue as { keys?: string[] }).keys;
        const message =
          issue.code === 'unrecognized_keys' && keys
            ? `unknown key${keys.length > 1 ? 's' : ''} ${keys.map((k) => `"${k}"`).join(', ')} (a typo?)`
            : issue.message;
        return `${formatPath(issue.path)}: ${message}`;
      }),
    );
  }
  const pkg = result.data;
  const issues = crossCheck(pkg);
  if (issues.length > 0) throw new MappingError(file, issues);
  const dir = dirname(file);
  const mappings = new Map<string, Mapping>();
  const mappingIssues: string[] = [];
  for (const [alias, entry] of Object.entries(pkg.files ?? {})) {
    if (entry.mapping === undefined) continue;
    try {
      mappings.set(alias, fileMapping(pkg, alias, entry.mapping, file, dir));
    } catch (error) {
      if (!(error instanceof MappingError)) throw error;
      mappingIssues.push(...error.issues.map((issue) => `files.${alias}.mapping (${error.file}): ${issue}`));
    }
  }
  if (mappingIssues.length > 0) throw new MappingError(file, mappingIssues);
  return { pkg, file, dir, mappings };
}

/** Reads a package from a path, or by name from the shipped packages (src/ingest/mappings/packages/<name>.yaml). */
export function loadPackageFile(pathOrName: string): ParsedPackage {
  const file = resolvePackagePath(pathOrName);
  const size = statSync(file).size;
  if (size > MAX_PACKAGE_BYTES)
    throw new MappingError(file, [`(file): ${size} bytes; a package is a few dozen lines`]);
  return parsePackage(readFileSync(file, 'utf8'), file);
}

function resolvePackagePath(pathOrName: string): string {
  return resolveShipped(pathOrName, SHIPPED_PACKAGES_DIR, 'package');
}
