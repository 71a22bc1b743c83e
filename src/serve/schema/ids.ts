/**
 * Ids at the API boundary. Clients may pass either a Relay global id (from `id` fields) or Skein's
 * own readable entity id (`phone:+447700900123`, from `entityId` fields); anything else is a
 * BAD_USER_INPUT error that says which forms are accepted.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { labelOfId } from '../../model/ids.ts';
import type { EntityLabel } from '../../model/labels.ts';
import { expectedError } from '../errors.ts';

export interface ParsedId {
  id: string;
  label: EntityLabel;
}

export function parseEntityId(input: string, argument = 'id'): ParsedId {
  const direct = labelOfId(input);
  if (direct !== undefined && direct !== 'Extract') return { id: input, label: direct };
  try {
    const { id } = decodeGlobalID(input);
    const label = labelOfId(id);
    if (label !== undefined && label !== 'Extract') return { id, label };
  } catch {
    // not a global id either: fall through to the error
  }
  throw expectedError(
    'BAD_USER_INPUT',
    `"${argument}" is not an entity id: pass a global id from an \`id\` field or an entity id such as "person:…" from an \`entityId\` field.`,
    { argument },
  );
}
