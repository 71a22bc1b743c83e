/**
 * File exports over HTTP, beside /graphql (a yoga plugin, so they share the server, the viewer
 * identity and its need-to-know scope):
 *
 *   GET /export/network/<network id>.<format>
 *   GET /export/neighbourhood/<entity id>.<format>?depth=1..3&limitPerNode=1..500
 *
 * <format> is a suffix of src/export/formats.ts (gexf, graphml, i2-entities.csv, i2-links.csv,
 * ftm.jsonl, nodes.csv, edges.csv, json). Ids are URL-encoded (network ids contain a slash, entity
 * ids a colon); a raw slash in a network id is accepted too. The file comes as an attachment with
 * a name an investigator can keep.
 *
 * `?expand=<entity id>` (repeatable, at most 50) adds the neighbourhood (one hop, `expandLimit`
 * links per entity, default 25) of entities the investigator expanded in the viewer, so the file
 * holds what the view showed, re-read from the store with the viewer's own scope.
 *
 * Need-to-know as in the API, decided by the store: a network of a run the viewer may not see is
 * answered exactly as a missing one (404, same text), in every format.
 *
 * Every export is written to the audit trail (who, what, which entities left) before it is sent.
 */
import type { Plugin } from 'graphql-yoga';
import { FORMAT_SUFFIXES, splitFileName } from '../export/formats.ts';
import { mergeGraphs } from '../export/merge.ts';
import { fileStem, type GraphExport } from '../export/types.ts';
import { appendAudit, MAX_ENTITY_IDS } from '../store/audit.ts';
import { StoreError } from '../store/errors.ts';
import { neighbourhoodSubgraph, networkSubgraph } from '../store/read/subgraph.ts';
import { CASE_PACKAGE_PREFIX, handleCasePackage } from './case-package/route.ts';
import { createContext } from './context.ts';
import { log } from './log.ts';
import { AUDIT_UNAVAILABLE_MESSAGE } from './use-audit.ts';
import { viewerOf } from './use-authentication.ts';
import { hasRole, type Viewer } from './viewer.ts';

export const EXPORT_PREFIX = '/export/';

function problem(status: number, message: string): Response {
  return new Response(`${message}\n`, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function intParam(url: URL, name: string, fallback: number, min: number, max: number): number | string {
  const raw = url.searchParams.get(name);
  if (raw === null || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    return `"${name}" must be an integer from ${min} to ${max}, got "${raw}"`;
  }
  return value;
}

/** Answers one /export/… request for an authenticated viewer (useAuthentication ran before). */
export async function handleExport(request: Request, url: URL, viewer: Viewer): Promise<Response> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return new Response('exports are read with GET\n', { status: 405, headers: { allow: 'GET, HEAD' } });
  }
  if (url.pathname.startsWith(CASE_PACKAGE_PREFIX)) return handleCasePackage(request, url, viewer);
  const rest = url.pathname.slice(EXPORT_PREFIX.length);
  const slash = rest.indexOf('/');
  const kind = rest.slice(0, slash);
  if (slash < 0 || (kind !== 'network' && kind !== 'neighbourhood')) {
    return problem(
      404,
      'Use /export/network/<network id>.<format> or /export/neighbourhood/<entity id>.<format>.',
    );
  }
  let name: string;
  try {
    name = decodeURIComponent(rest.slice(slash + 1));
  } catch {
    return problem(400, 'The id in the path is not valid URL encoding; encode it with encodeURIComponent.');
  }
  const split = splitFileName(name);
  if (!split)
    return problem(
      400,
      `Unknown export format in "${name}"; end the path with .${FORMAT_SUFFIXES.join(', .')}`,
    );
  const context = createContext(request, viewer);
  if (!hasRole(context.viewer, 'analyst')) return problem(403, 'Exports need the analyst role.');
  // Parameters are checked before the scope is read: reading it asks the store (which loads are
  // complete, store/read/scope.ts), and a bad request needs no database.
  const depth = intParam(url, 'depth', 1, 1, 3);
  const limitPerNode = intParam(url, 'limitPerNode', 50, 1, 500);
  if (kind !== 'network') {
    if (typeof depth === 'string') return problem(400, depth);
    if (typeof limitPerNode === 'string') return problem(400, limitPerNode);
  }
  const scope = await context.scope();
  let graph: GraphExport | null;
  if (kind === 'network') {
    graph = await networkSubgraph(split.stem, { scope });
  } else if (typeof depth === 'string' || typeof limitPerNode === 'string') {
    return problem(400, String(depth));
  } else {
    graph = await neighbourhoodSubgraph(split.stem, {
      scope,
      depth,
      limitPerNode,
      since: url.searchParams.get('since'),
      until: url.searchParams.get('until'),
      identities: url.searchParams.get('identities') === 'true',
    });
  }
  const audit = (outcome: string, entityIds: string[]) =>
    appendAudit({
      actor: viewer.id,
      jurisdictions: viewer.jurisdictions,
      action: 'export',
      operation: `${kind} ${split.stem}.${split.format.suffix}`,
      args: JSON.stringify([...url.searchParams]),
      entityIds: entityIds.slice(0, MAX_ENTITY_IDS),
      outcome,
    }).then(
      () => true,
      (error: unknown) => {
        log.error({ err: error }, 'audit: export record could not be written');
        return false;
      },
    );
  // Fails closed like GraphQL (use-audit.ts): no file leaves without its durable record.
  const withheld = () => problem(503, `audit unavailable (AUDIT_UNAVAILABLE): ${AUDIT_UNAVAILABLE_MESSAGE}`);
  if (!graph) {
    await audit('NOT_FOUND', []); // carries no data: a failed record is logged, the 404 is sent
    return problem(404, `No ${kind} "${split.stem}" (or you may not see it).`);
  }
  const expand = url.searchParams.getAll('expand');
  if (expand.length > 50) return problem(400, 'At most 50 "expand" entities per export.');
  const expandLimit = intParam(url, 'expandLimit', 25, 1, 500);
  if (typeof expandLimit === 'string') return problem(400, expandLimit);
  const expansions: GraphExport[] = [];
  for (const id of expand) {
    const around = await neighbourhoodSubgraph(id, { scope, depth: 1, limitPerNode: expandLimit });
    if (around) expansions.push(around);
  }
  if (expansions.length > 0) graph = mergeGraphs(graph, ...expansions);
  const body = split.format.render(graph);
  if (
    !(await audit(
      'OK',
      graph.nodes.map((n) => n.id),
    ))
  )
    return withheld();
  const file = `${fileStem(graph.title)}.${split.format.suffix}`;
  return new Response(request.method === 'HEAD' ? null : body, {
    status: 200,
    headers: {
      'content-type': split.format.contentType,
      'content-disposition': `attachment; filename="${file}"`,
      'cache-control': 'no-store',
      'x-skein-nodes': String(graph.nodes.length),
      'x-skein-edges': String(graph.edges.length),
    },
  });
}

export function useExportRoute(): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      if (!url.pathname.startsWith(EXPORT_PREFIX)) return;
      const viewer = viewerOf(request);
      if (!viewer) {
        endResponse(problem(401, 'Exports need an authenticated request (Authorization: Bearer <token>).'));
        return;
      }
      try {
        endResponse(await handleExport(request, url, viewer));
      } catch (error) {
        if (error instanceof StoreError && error.code === 'SERVICE_UNAVAILABLE') {
          endResponse(problem(503, 'The graph database is not reachable; try again shortly.'));
          return;
        }
        log.error({ err: error, path: url.pathname }, 'export failed');
        endResponse(problem(500, 'Unexpected error while exporting; see the server log.'));
      }
    },
  };
}
