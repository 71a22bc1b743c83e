/**
 * Records every GraphQL operation in the audit trail before its response leaves: who, when, which
 * operation with which arguments (secrets removed), which entity ids it returned, and the outcome.
 * Operations that touch only public fields (health, version) are not recorded: load balancers poll
 * them every few seconds and they reveal no data.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { labelOfId } from '../model/ids.ts';
import { appendAudit, MAX_ENTITY_IDS } from '../store/audit.ts';
import type { Context } from './context.ts';
import { log } from './log.ts';
import { viewerOf } from './use-authentication.ts';

const PUBLIC_FIELDS = new Set(['health', 'version', '__typename', '__schema', '__type']);
const SECRET = /pass(word)?|secret|token|credential|api[-_]?key|authori[sz]ation/i;

/** Arguments with anything that looks like a secret replaced, as JSON. */
export function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET.test(k) ? '[removed]' : redact(v)]),
    );
  }
  return value;
}

/** Entity ids anywhere in a result: Skein ids, and Relay global ids of entities. */
export function entityIdsIn(data: unknown, out = new Set<string>()): Set<string> {
  if (out.size >= MAX_ENTITY_IDS) return out;
  if (typeof data === 'string') {
    if (labelOfId(data) !== undefined) out.add(data);
  } else if (Array.isArray(data)) {
    for (const item of data) entityIdsIn(item, out);
  } else if (data && typeof data === 'object') {
    for (const [key, value] of Object.entries(data)) {
      if (key === 'id' && typeof value === 'string' && labelOfId(value) === undefined) {
        try {
          const { id } = decodeGlobalID(value);
          if (labelOfId(id) !== undefined) out.add(id);
        } catch {
          // not a global id
        }
      }
      entityIdsIn(value, out);
    }
  }
  return out;
}

function operationOf(
  document: DocumentNode,
  name: string | null | undefined,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return name ? operations.find((o) => o.name?.value === name) : operations[0];
}

function rootFields(operation: OperationDefinitionNode): string[] {
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

/** Appends in flight per request: the response waits for its record (see onResultProcess). */
const pending = new WeakMap<Request, Promise<unknown>>();

export function useAudit(): Plugin<Record<string, unknown>, Context> {
  return {
    async onResultProcess({ request }) {
      await pending.get(request);
    },
    // Operations refused before execution (invalid, too deep, too costly) are recorded too.
    onValidate({ params, context }) {
      return ({ result }) => {
        if (result.length === 0) return;
        const request = (context as { request?: Request }).request;
        if (!request) return;
        const append = appendAudit({
          actor: viewerOf(request)?.id ?? 'anonymous',
          jurisdictions: viewerOf(request)?.jurisdictions ?? [],
          action: 'graphql',
          operation: `invalid ${operationOf(params.documentAST, null)?.name?.value ?? ''}`.trim(),
          args: '{}',
          entityIds: [],
          outcome: `INVALID: ${result[0]?.message ?? ''}`.slice(0, 500),
        }).catch((error: unknown) => log.error({ err: error }, 'audit: record could not be written'));
        pending.set(request, append);
      };
    },
    onExecute({ args }) {
      const operation = operationOf(args.document, args.operationName);
      const fields = operation ? rootFields(operation) : [];
      if (fields.length > 0 && fields.every((f) => PUBLIC_FIELDS.has(f))) return;
      const context = args.contextValue as unknown as Context;
      return {
        onExecuteDone({ result }) {
          const single =
            'data' in (result as object)
              ? (result as { data?: unknown; errors?: readonly { extensions?: { code?: unknown } }[] })
              : undefined;
          const codes = [
            ...new Set((single?.errors ?? []).map((e) => String(e.extensions?.code ?? 'ERROR'))),
          ];
          const append = appendAudit({
            actor: context.viewer.id,
            jurisdictions: context.viewer.jurisdictions,
            action: 'graphql',
            operation:
              `${operation?.operation ?? 'query'} ${args.operationName ?? operation?.name?.value ?? ''}`.trim() +
              ` [${fields.join(', ')}]`,
            args: JSON.stringify(redact(args.variableValues ?? {})),
            entityIds: [...entityIdsIn(single?.data)],
            outcome: codes.length === 0 ? 'ok' : codes.join(','),
          }).catch((error: unknown) => {
            // The database that holds the trail is the one the query needed: it failed already or
            // will be reported by /ready. Never lose the fact silently.
            log.error(
              { err: error, requestId: context.requestId, actor: context.viewer.id },
              'audit: record could not be written',
            );
          });
          pending.set(context.request, append);
        },
      };
    },
  };
}
