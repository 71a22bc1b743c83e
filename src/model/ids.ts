/**
 * Deterministic node ids from natural keys: loading the same fact twice must find the same node,
 * so an id is a pure function of the label and the normalised key parts. Ids stay readable
 * ("phone:+447700900123") because investigators quote them in case files.
 */
import { createHash } from 'node:crypto';
import type { EntityLabel } from './labels.ts';

export const ID_PREFIX: Record<EntityLabel | 'Extract', string> = {
  Person: 'person',
  Organisation: 'org',
  Account: 'account',
  Phone: 'phone',
  Email: 'email',
  Address: 'address',
  IdentityDocument: 'doc',
  Location: 'location',
  Route: 'route',
  Journey: 'journey',
  BenefitClaim: 'claim',
  Case: 'case',
  Extract: 'extract',
};

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
  return `${ID_PREFIX[label]}:${readable}`;
}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The label an id was derived for, from its prefix; undefined for ids Skein did not make. */
export function labelOfId(id: string): EntityLabel | 'Extract' | undefined {
  const prefix = id.slice(0, id.indexOf(':'));
  const entry = Object.entries(ID_PREFIX).find(([, p]) => p === prefix);
  return entry?.[0] as EntityLabel | 'Extract' | undefined;
}
