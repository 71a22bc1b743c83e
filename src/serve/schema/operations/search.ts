/**
 * `search(text, types)`: full-text over names and identifiers. A phone in any format or an IBAN with
 * or without spaces is recognised and its exact entity ranked first; the rest by relevance.
 */

import { normaliseEmail } from '../../../ingest/normalise/email.ts';
import { normaliseIban } from '../../../ingest/normalise/iban.ts';
import { normalisePhone, normaliseRawPhone } from '../../../ingest/normalise/phone.ts';
import { entityId } from '../../../model/ids.ts';
import { ENTITY_LABELS, type EntityLabel, entityLabels, isEntityLabel } from '../../../model/labels.ts';
import type { EntityRecord } from '../../../store/read/entities.ts';
import { listExtracts } from '../../../store/read/extracts.ts';
import { type SearchHit, searchEntities } from '../../../store/read/search.ts';
import { builder } from '../../builder.ts';
import { expectedError } from '../../errors.ts';
import { EntityInterface } from '../entity.ts';
import { IdentityRef } from '../identity.ts';
import { offsetConnection } from '../pagination.ts';

export const EntityTypeEnum = builder.enumType('EntityType', { values: ENTITY_LABELS });

/** Ids the text may name exactly: phone (in each loaded jurisdiction's national format), IBAN, e-mail. */
export async function exactCandidates(text: string): Promise<string[]> {
  const ids = new Set<string>();
  const compact = text.trim();
  const iban = normaliseIban(compact);
  if (iban.ok) ids.add(entityId('Account', [iban.value.iban]));
  const email = normaliseEmail(compact);
  if (email.ok) ids.add(entityId('Email', [email.value]));
  if (/^[+0-9 ()./-]{6,}$/.test(compact)) {
    const international = normalisePhone(compact, { validate: 'possible' });
    if (international.ok) ids.add(entityId('Phone', [international.value.e164]));
    const countries = new Set(
      (await listExtracts(null)).map((e) => String(e.props.jurisdiction ?? '')).filter(Boolean),
    );
    for (const country of countries) {
      const national = normalisePhone(compact, { defaultCountry: country, validate: 'possible' });
      if (national.ok) ids.add(entityId('Phone', [national.value.e164]));
    }
    // A raw number (fictional, malformed, a short code) is stored as the digits written.
    const raw = normaliseRawPhone(compact);
    if (raw.ok) ids.add(entityId('Phone', [raw.value.number]));
  }
  return [...ids];
}

/** `types` and `labels` together (null: every label); an unknown label name is the caller's mistake. */
function chosenLabels(
  types: readonly EntityLabel[] | null | undefined,
  labels: readonly string[] | null | undefined,
): EntityLabel[] | null {
  if ((types === null || types === undefined) && (labels === null || labels === undefined)) return null;
  const chosen = new Set<EntityLabel>(types ?? []);
  for (const label of labels ?? []) {
    if (!isEntityLabel(label)) {
      throw expectedError(
        'BAD_USER_INPUT',
        `"labels": "${label.slice(0, 60)}" is not an entity label; use one of ${entityLabels().join(', ')}.`,
        { argument: 'labels' },
      );
    }
    chosen.add(label);
  }
  return [...chosen];
}

/**
 * The hit behind each node of a page (edges hold only the node): identity and matched records.
 * Keyed by the node object itself, made fresh for each search, so nothing outlives the request.
 */
const hitOf = new WeakMap<EntityRecord, SearchHit>();

builder.queryField('search', (t) =>
  t.connection(
    {
      type: EntityInterface,
      authScopes: { analyst: true },
      description:
        'Full-text search over names and identifiers, most relevant first (exact identifier matches before everything else). Accents and case are folded ("Societe Generale" finds "Société Générale", "weiss" finds "Weiß"); typos within one edit are tolerated for words of four letters or more.',
      args: {
        text: t.arg.string({ required: true }),
        types: t.arg({ type: [EntityTypeEnum], required: false, description: 'Only these entity types.' }),
        labels: t.arg.stringList({
          required: false,
          description:
            'Only these labels, by name: a core label or one the model extension declares (e.g. Vessel). With `types`, either may match.',
        }),
        identities: t.arg.boolean({
          required: false,
          defaultValue: true,
          description:
            'One hit per identity (records joined by SAME_AS, as you may know them): the hit is its best-ranked record, `records` every record of it that matched, and `totalCount` counts hits after folding. False: one hit per record.',
        }),
      },
      resolve: async (_root, args, ctx) => {
        if (args.text.length > 500) {
          throw expectedError('BAD_USER_INPUT', '"text" is longer than 500 characters.', {
            argument: 'text',
          });
        }
        const labels = chosenLabels(args.types as EntityLabel[] | null | undefined, args.labels);
        const exactIds = await exactCandidates(args.text);
        const scope = await ctx.scope();
        return offsetConnection(args, async (skip, limit) => {
          const result = await searchEntities({
            text: args.text,
            exactIds,
            labels,
            skip,
            limit,
            scope,
            identities: args.identities !== false,
          });
          for (const hit of result.hits) hitOf.set(hit.entity, hit);
          return { items: result.hits.map((h) => h.entity), total: result.total };
        });
      },
    },
    {},
    {
      fields: (edge) => ({
        identity: edge.field({
          type: IdentityRef,
          nullable: true,
          description: 'The identity of the hit, when its record belongs to one (null when alone).',
          resolve: (e) => hitOf.get(e.node)?.identity ?? null,
        }),
        records: edge.field({
          type: [EntityInterface],
          description:
            'The records this hit stands for that matched the text, best first: the node alone, or every matching record of its identity.',
          resolve: (e) => hitOf.get(e.node)?.records ?? [e.node],
        }),
      }),
    },
  ),
);
