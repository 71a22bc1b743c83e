/**
 * Deterministic node ids from natural keys: loading the same fact twice must find the same node,
 * so an id is a pure function of the label and the normalised key parts. Ids stay readable
 * ("phone:+447700900123") because investigators quote them in case files.
 */
import { createHash } from 'node:crypto';
import { CORE_ID_PREFIX, type CoreEntityLabel } from './core.ts';
import { currentExtension } from './extension.ts';
import type { EntityLabel } from './labels.ts';

/** The id prefix of a label: the core's (model/core.ts) or the one its extension declares. */
export function idPrefix(label: EntityLabel | 'Extract'): string {
  if (Object.hasOwn(CORE_ID_PREFIX, label)) return CORE_ID_PREFIX[label as keyof typeof CORE_ID_PREFIX];
  const declared = currentExtension().labels.find((spec) => spec.name === label);
  if (declared === undefined) throw new Error(`model/ids: ${label} is not a label of the model`);
  return declared.idPrefix;
}

/** Long keys (addresses, routes) are hashed past this length so ids stay short and index-friendly. */
const MAX_READABLE_KEY = 80;

export function entityId(label: EntityLabel | 'Extract', keyParts: readonly string[]): string {
  if (keyParts.length === 0 || keyParts.some((part) => part.length === 0)) {
    throw new Error(
      `model/ids: ${label} needs every natural-key part non-empty, got [${keyParts.join(', ')}]`,
    );
  }
  const key = keyParts.join('|');
  const readable = key.length <= MAX_READABLE_KEY ? key : `${key.slice(0, 40)}~${sha256(key).slice(0, 16)}`;
  return `${idPrefix(label)}:${readable}`;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

const CORE_LABEL_OF_PREFIX = new Map<string, CoreEntityLabel | 'Extract'>(
  Object.entries(CORE_ID_PREFIX).map(([label, prefix]) => [prefix, label as CoreEntityLabel | 'Extract']),
);

/** The extension's prefixes, made again when another extension is installed. */
let extensionPrefixes:
  | { of: ReturnType<typeof currentExtension>; labels: Map<string, EntityLabel> }
  | undefined;

/**
 * The label an id was derived for, from its prefix; undefined for ids Skein did not make. Asked of
 * every string in a GraphQL result (the audit's entity ids), so it is a map look-up.
 */
export function labelOfId(id: string): EntityLabel | 'Extract' | undefined {
  const colon = id.indexOf(':');
  if (colon <= 0) return undefined;
  const prefix = id.slice(0, colon);
  const core = CORE_LABEL_OF_PREFIX.get(prefix);
  if (core !== undefined) return core;
  const extension = currentExtension();
  if (extensionPrefixes?.of !== extension) {
    extensionPrefixes = {
      of: extension,
      labels: new Map(extension.labels.map((spec) => [spec.idPrefix, spec.name as EntityLabel])),
    };
  }
  return extensionPrefixes.labels.get(prefix);
}
