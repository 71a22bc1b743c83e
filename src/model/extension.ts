/**
 * Declared model extensions: a YAML (or JSON) file that adds node labels, relationship types and
 * their properties to the core model (model/core.ts), e.g. a Vessel that Persons OPERATE. The
 * allow-lists in labels.ts and relationships.ts grow only from this file, never from row data: a
 * label or type reaches Cypher text only if it is in the core or in the installed extension, and
 * every name is checked against a strict pattern here first.
 *
 * The file is `model.extension.yaml` in the import folder (next to the mappings loaded from it),
 * or the file SKEIN_MODEL_EXTENSION names. It is read once per process, on first use of the model,
 * so the loader, the API and the analysis all see the same model. Tests install one directly.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { config } from '../config.ts';
import {
  CORE_ENTITY_LABELS,
  CORE_ID_PREFIX,
  CORE_RELATIONSHIPS,
  SYSTEM_LABELS,
  SYSTEM_RELATIONSHIPS,
} from './core.ts';

const LABEL_NAME = /^[A-Z][A-Za-z0-9]{1,39}$/;
const TYPE_NAME = /^[A-Z][A-Z0-9_]{1,39}$/;
const PROPERTY_NAME = /^[a-z][A-Za-z0-9]{0,39}$/;
const ID_PREFIX = /^[a-z][a-z0-9-]{1,23}$/;
const MAX_BYTES = 256 * 1024;

/** Written by the loader itself (provenance, identity, search): an extension cannot declare them. */
export const RESERVED_PROPERTIES: ReadonlySet<string> = new Set([
  'id',
  'names',
  'search',
  'extract',
  'extracts',
  'extractRows',
  'row',
  'key',
  'factKey',
  'label',
  'labels',
]);

export const PROPERTY_TYPES = ['string', 'number', 'integer', 'boolean', 'date', 'datetime'] as const;
export type PropertyType = (typeof PROPERTY_TYPES)[number];

const Property = z
  .object({
    type: z.enum(PROPERTY_TYPES).default('string'),
    description: z.string().max(500).optional(),
  })
  .strict();

const Label = z
  .object({
    description: z.string().max(500).optional(),
    idPrefix: z.string().optional(),
    properties: z.record(z.string(), Property).default({}),
    /**
     * Detection: actors (persons, organisations) linked to one node of this label through any of
     * `via` are tied to each other with weight / (k − 1), as actors sharing a phone are.
     */
    projection: z
      .object({ shared: z.number().min(0).max(20), via: z.array(z.string()).min(1) })
      .strict()
      .optional(),
  })
  .strict();

const Relationship = z
  .object({
    description: z.string().max(500).optional(),
    from: z.array(z.string()).min(1),
    to: z.array(z.string()).min(1),
    event: z.boolean().default(false),
    distinct: z.string().optional(),
    properties: z.record(z.string(), Property).default({}),
    /** Detection: a tie of this weight between the actors at its two ends. */
    projection: z
      .object({ weight: z.number().min(0).max(20) })
      .strict()
      .optional(),
  })
  .strict();

const ExtensionFile = z
  .object({
    version: z.literal(1),
    description: z.string().max(2000).optional(),
    labels: z.record(z.string(), Label).default({}),
    relationships: z.record(z.string(), Relationship).default({}),
  })
  .strict();

export interface ExtensionProperty {
  type: PropertyType;
  description?: string;
}

export interface ExtensionLabelSpec {
  name: string;
  description: string;
  idPrefix: string;
  properties: Record<string, ExtensionProperty>;
  projection?: { shared: number; via: string[] };
}

export interface ExtensionRelationshipSpec {
  name: string;
  description: string;
  from: string[];
  to: string[];
  event: boolean;
  distinct?: string;
  properties: Record<string, ExtensionProperty>;
  projection?: { weight: number };
}

/** A validated extension, as the model serves it. */
export interface ModelExtension {
  /** The file it came from, for messages ("(inline)" when installed by code). */
  source: string;
  labels: ExtensionLabelSpec[];
  relationships: ExtensionRelationshipSpec[];
}

export class ExtensionError extends Error {
  constructor(
    readonly source: string,
    readonly issues: string[],
  ) {
    super(
      `model/extension: ${source} is not a valid model extension:\n${issues.map((i) => `  - ${i}`).join('\n')}\n` +
        'Fix the file (docs/model.md "Extensions" lists every key), or remove it to run with the core model.',
    );
    this.name = 'ExtensionError';
  }
}

const CORE_LABEL_SET: ReadonlySet<string> = new Set([...CORE_ENTITY_LABELS, ...SYSTEM_LABELS]);
const CORE_TYPE_SET: ReadonlySet<string> = new Set([
  ...Object.keys(CORE_RELATIONSHIPS),
  ...SYSTEM_RELATIONSHIPS,
]);

/** Parses and checks an extension's text; throws ExtensionError listing every problem. */
export function parseExtension(text: string, source = '(inline)'): ModelExtension {
  let raw: unknown;
  try {
    raw = text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (error) {
    throw new ExtensionError(source, [`(file): not YAML or JSON: ${(error as Error).message}`]);
  }
  return validateExtension(raw, source);
}

/** Checks a parsed extension object (shape with zod, then names and cross-references). */
export function validateExtension(raw: unknown, source = '(inline)'): ModelExtension {
  const shaped = ExtensionFile.safeParse(raw ?? {});
  if (!shaped.success) {
    throw new ExtensionError(
      source,
      shaped.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${describe(issue)}`),
    );
  }
  const file = shaped.data;
  const issues: string[] = [];
  const labelNames = Object.keys(file.labels);
  const typeNames = Object.keys(file.relationships);
  if (labelNames.length > 50) issues.push('labels: at most 50 labels');
  if (typeNames.length > 100) issues.push('relationships: at most 100 relationship types');

  const prefixes = new Map<string, string>(Object.entries(CORE_ID_PREFIX).map(([l, p]) => [p, l]));
  const labels: ExtensionLabelSpec[] = [];
  for (const [name, spec] of Object.entries(file.labels)) {
    const at = `labels.${name}`;
    if (!LABEL_NAME.test(name)) {
      issues.push(`${at}: label names are PascalCase letters and digits (2–40), e.g. Vessel`);
      continue;
    }
    if (CORE_LABEL_SET.has(name)) {
      issues.push(
        `${at}: ${name} is a core label already; extend it with relationships, or choose another name`,
      );
      continue;
    }
    const idPrefix = spec.idPrefix ?? name.toLowerCase();
    if (!ID_PREFIX.test(idPrefix)) {
      issues.push(
        `${at}.idPrefix: "${idPrefix}" must be lower-case letters, digits and - (2–24), e.g. vessel`,
      );
    } else if (prefixes.has(idPrefix)) {
      issues.push(`${at}.idPrefix: "${idPrefix}" is already the id prefix of ${prefixes.get(idPrefix)}`);
    } else prefixes.set(idPrefix, name);
    checkProperties(at, spec.properties, issues);
    labels.push({
      name,
      description: spec.description ?? `${name} (declared in the model extension).`,
      idPrefix,
      properties: spec.properties,
      ...(spec.projection ? { projection: spec.projection } : {}),
    });
  }

  const known = new Set([...CORE_ENTITY_LABELS, ...labels.map((l) => l.name)]);
  const relationships: ExtensionRelationshipSpec[] = [];
  for (const [name, spec] of Object.entries(file.relationships)) {
    const at = `relationships.${name}`;
    if (!TYPE_NAME.test(name)) {
      issues.push(`${at}: relationship types are UPPER_SNAKE_CASE (2–40), e.g. OPERATES`);
      continue;
    }
    if (CORE_TYPE_SET.has(name)) {
      issues.push(`${at}: ${name} is a core relationship type already; choose another name`);
      continue;
    }
    for (const end of ['from', 'to'] as const) {
      for (const label of spec[end]) {
        if (!known.has(label)) {
          issues.push(
            `${at}.${end}: "${label}" is neither a core label nor declared under labels (${[...known].join(', ')})`,
          );
        }
      }
    }
    checkProperties(at, spec.properties, issues);
    if (spec.distinct !== undefined) {
      if (spec.event) issues.push(`${at}.distinct: events are told apart by their key; remove distinct`);
      else if (!Object.hasOwn(spec.properties, spec.distinct)) {
        issues.push(`${at}.distinct: "${spec.distinct}" must be one of its declared properties`);
      }
    }
    if (spec.projection && spec.event) {
      issues.push(
        `${at}.projection: only structural relationships tie actors directly; remove it from an event`,
      );
    }
    relationships.push({
      name,
      description: spec.description ?? `${name} (declared in the model extension).`,
      from: spec.from,
      to: spec.to,
      event: spec.event,
      ...(spec.distinct !== undefined ? { distinct: spec.distinct } : {}),
      properties: spec.properties,
      ...(spec.projection ? { projection: spec.projection } : {}),
    });
  }

  // A shared-identifier projection needs relationships that actually reach the label.
  const types = new Map<string, { from: readonly string[]; to: readonly string[] }>([
    ...Object.entries(CORE_RELATIONSHIPS),
    ...relationships.map((r) => [r.name, r] as const),
  ]);
  for (const label of labels) {
    for (const via of label.projection?.via ?? []) {
      const spec = types.get(via);
      if (spec === undefined) issues.push(`labels.${label.name}.projection.via: no relationship type ${via}`);
      else if (!spec.to.includes(label.name)) {
        issues.push(`labels.${label.name}.projection.via: ${via} does not lead to ${label.name}`);
      }
    }
  }
  if (issues.length > 0) throw new ExtensionError(source, issues);
  return { source, labels, relationships };
}

function checkProperties(at: string, properties: Record<string, ExtensionProperty>, issues: string[]): void {
  const names = Object.keys(properties);
  if (names.length > 100) issues.push(`${at}.properties: at most 100 properties`);
  for (const property of names) {
    if (!PROPERTY_NAME.test(property)) {
      issues.push(`${at}.properties.${property}: property names are camelCase letters and digits`);
    } else if (RESERVED_PROPERTIES.has(property)) {
      issues.push(`${at}.properties.${property}: "${property}" is written by the loader itself; rename it`);
    }
  }
}

function describe(issue: { code: string; message: string; keys?: string[] }): string {
  if (issue.code === 'unrecognized_keys' && issue.keys) {
    return `unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')} (a typo?)`;
  }
  return issue.message;
}

/** Reads and validates an extension file. */
export function readExtensionFile(file: string): ModelExtension {
  if (!existsSync(file)) {
    throw new ExtensionError(file, ['(file): not found; check SKEIN_MODEL_EXTENSION or create the file']);
  }
  const size = statSync(file).size;
  if (size > MAX_BYTES) throw new ExtensionError(file, [`(file): ${size} bytes; at most ${MAX_BYTES}`]);
  return parseExtension(readFileSync(file, 'utf8'), file);
}

const EMPTY: ModelExtension = { source: '(none)', labels: [], relationships: [] };

let installed: ModelExtension | undefined;

/**
 * The extension in force: the one installed by code, else the configured file (read once), else
 * none. A broken file stops the process at first use with the file's problems listed.
 */
export function currentExtension(): ModelExtension {
  if (installed === undefined) {
    const file = config().modelExtension;
    installed = file === null ? EMPTY : readExtensionFile(file);
  }
  return installed;
}

/** Installs an extension for this process (tests, tools); `null` goes back to the core model only. */
export function installExtension(extension: ModelExtension | null): void {
  installed = extension ?? EMPTY;
  for (const listener of listeners) listener();
}

const listeners: Array<() => void> = [];

/** Called whenever a new extension is installed: caches derived from the model clear themselves. */
export function onExtensionChange(listener: () => void): void {
  listeners.push(listener);
}
