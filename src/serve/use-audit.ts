/**
 * Records every GraphQL operation in the audit trail before its response leaves: who, when, which
 * operation with which arguments (secrets removed), which entity ids it returned, and the outcome.
 * Operations that touch only public fields (health, version) are not recorded: load balancers poll
 * them every few seconds and they reveal no data.
 *
 * Fails closed (docs/security.md "Audit trail"): a response that carries data leaves only once its
 * record is durable; when the append fails, the data is withheld and the answer is the error
 * AUDIT_UNAVAILABLE (HTTP 503). A response without data (refused, invalid) reveals nothing, so it
 * is sent as it is and the failed append is logged.
 */
import { decodeGlobalID } from '@pothos/plugin-relay';
import { type DocumentNode, Kind, type OperationDefinitionNode } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { createGraphQLError } from 'graphql-yoga';
import { labelOfId } from '../model/ids.ts';
import { type AuditEntry, appendAudit, MAX_ENTITY_IDS } from '../store/audit.ts';
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

/**
 * Appends in flight per request: the response waits for its record (see onResultProcess). Resolves
 * to true when the response must be withheld (it carries data and its record was not written).
 */
const pending = new WeakMap<Request, Promise<boolean>>();

export const AUDIT_UNAVAILABLE_MESSAGE =
  'The audit trail could not record this request, so its result is withheld. Try again shortly; ' +
  'if it persists, the graph database is unavailable or the audit trail needs an administrator.';

/** What a withheld response becomes: one error, HTTP 503, no data. */
export function auditUnavailable() {
  return {
    errors: [
      createGraphQLError(AUDIT_UNAVAILABLE_MESSAGE, {
        extensions: { code: 'AUDIT_UNAVAILABLE', http: { status: 503 } },
      }),
    ],
  };
}

export interface AuditOptions {
  /** Where records go; the store's trail by default (tests inject a failing one). */
  append?: (entry: AuditEntry) => Promise<unknown>;
}

export function useAudit(options: AuditOptions = {}): Plugin<Record<string, unknown>, Context> {
  const append = options.append ?? appendAudit;
  return {
    async onResultProcess({ request, setResult }) {
      if (await pending.get(request)) setResult(auditUnavailable());
    },
    // Operations refused before execution (invalid, too deep, too costly) are recorded too.
    onValidate({ params, context }) {
      return ({ result }) => {
        if (result.length === 0) return;
        const request = (context as { request?: Request }).request;
        if (!request) return;
        const appended = append({
          actor: viewerOf(request)?.id ?? 'anonymous',
          jurisdictions: viewerOf(request)?.jurisdictions ?? [],
          action: 'graphql',
          operation: `invalid ${operationOf(params.documentAST, null)?.name?.value ?? ''}`.trim(),
          args: '{}',
          entityIds: [],
          outcome: `INVALID: ${result[0]?.message ?? ''}`.slice(0, 500),
        }).then(
          () => false,
          (error: unknown) => {
            // An invalid operation returns no data: nothing to withhold, but the gap is logged.
            log.error({ err: error }, 'audit: record of a refused operation could not be written');
            return false;
          },
        );
        pending.set(request, appended);
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
          const carriesData = single?.data !== undefined && single.data !== null;
          const appended = append({
            actor: context.viewer.id,
            jurisdictions: context.viewer.jurisdictions,
            action: 'graphql',
            operation:
              `${operation?.operation ?? 'query'} ${args.operationName ?? operation?.name?.value ?? ''}`.trim() +
              ` [${fields.join(', ')}]`,
            args: JSON.stringify(redact(args.variableValues ?? {})),
            entityIds: [...entityIdsIn(single?.data)],
            outcome: codes.length === 0 ? 'ok' : codes.join(','),
          }).then(
            () => false,
            (error: unknown) => {
              // Never silently: logged always; the data it would have carried is withheld.
              log.error(
                { err: error, requestId: context.requestId, actor: context.viewer.id, withheld: carriesData },
                'audit: record could not be written',
              );
              return carriesData;
            },
          );
          pending.set(context.request, appended);
        },
      };
    },
  };
}
