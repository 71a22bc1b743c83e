/**
 * Talks to Skein on the page's own origin: GraphQL (POST /graphql) for lists, details and search,
 * and /export/… for the subgraphs the view draws and the files it downloads. In `jwt` mode a
 * bearer token is needed: the page asks once and keeps it for the tab (sessionStorage).
 */
import type { GraphExport } from '../../export/types.ts';

const TOKEN_KEY = 'skein.token';

export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Every request names its client (the API's CSRF protection accepts requests that carry it). */
function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const all = { ...extra, 'x-skein-client': 'viewer' };
  return token ? { ...all, authorization: `Bearer ${token}` } : all;
}

/** On 401, asks for a token once and retries; the page never stores it beyond the tab. */
async function authorised(request: () => Promise<Response>): Promise<Response> {
  let response = await request();
  if (response.status === 401) {
    const token = window.prompt('Skein needs your access token (Bearer JWT from your identity provider):');
    if (token) {
      sessionStorage.setItem(TOKEN_KEY, token.trim());
      response = await request();
    }
  }
  return response;
}

export async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const response = await authorised(() =>
    fetch('/graphql', {
      method: 'POST',
      headers: headers({ 'content-type': 'application/json', accept: 'application/json' }),
      body: JSON.stringify({ query, variables }),
    }),
  );
  const body = (await response.json().catch(() => ({}))) as { data?: T; errors?: { message: string }[] };
  if (body.errors && body.errors.length > 0) {
    throw new ApiError(body.errors.map((e) => e.message).join('; '), response.status);
  }
  if (!response.ok || !body.data)
    throw new ApiError(`GraphQL request failed (${response.status})`, response.status);
  return body.data;
}

export interface Subject {
  kind: 'network' | 'neighbourhood';
  id: string;
  depth?: number;
}

/** The export path of a subject in a format, with the entities expanded in the view. */
export function exportPath(subject: Subject, suffix: string, expanded: readonly string[] = []): string {
  const params = new URLSearchParams();
  if (subject.kind === 'neighbourhood') params.set('depth', String(subject.depth ?? 1));
  for (const id of expanded) params.append('expand', id);
  const query = params.toString();
  return `/export/${subject.kind}/${encodeURIComponent(`${subject.id}.${suffix}`)}${query ? `?${query}` : ''}`;
}

/** Most entities of a view packaged by id (they travel in the URL); a network goes by its id. */
export const CASE_PACKAGE_MAX_ENTITIES = 200;

export interface CasePackageForm {
  authority: string;
  /** Comma-separated ISO codes as typed ("gb, ie"). */
  jurisdictions: string;
  minors: boolean;
  pdf: boolean;
}

/**
 * The route that makes a case package (docs/case-packages.md): of the network, or of the entities of
 * a neighbourhood view. Null when a view has more entities than one URL should carry.
 */
export function casePackagePath(
  subject: Subject,
  entityIds: readonly string[],
  form: CasePackageForm,
): string | null {
  const params = new URLSearchParams();
  if (subject.kind !== 'network') {
    if (entityIds.length === 0 || entityIds.length > CASE_PACKAGE_MAX_ENTITIES) return null;
    for (const id of entityIds) params.append('entity', id);
  }
  params.set('for', form.authority.trim());
  params.set(
    'jurisdictions',
    form.jurisdictions
      .split(',')
      .map((j) => j.trim().toUpperCase())
      .filter((j) => j.length > 0)
      .join(','),
  );
  if (form.minors) params.set('minors', 'true');
  if (!form.pdf) params.set('pdf', 'false');
  const target =
    subject.kind === 'network' ? `network/${encodeURIComponent(`${subject.id}.zip`)}` : 'entities.zip';
  return `/export/case-package/${target}?${params.toString()}`;
}

export async function fetchSubgraph(path: string): Promise<GraphExport> {
  const response = await authorised(() => fetch(path, { headers: headers() }));
  if (!response.ok)
    throw new ApiError(`${(await response.text()).trim()} (${response.status})`, response.status);
  return (await response.json()) as GraphExport;
}

/** Saves a blob under a file name (a temporary link; nothing leaves the browser). */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Downloads an export with the token, under the name the server gives it. */
export async function download(path: string): Promise<void> {
  const response = await authorised(() => fetch(path, { headers: headers() }));
  if (!response.ok)
    throw new ApiError(`${(await response.text()).trim()} (${response.status})`, response.status);
  const disposition = response.headers.get('content-disposition') ?? '';
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'skein-export';
  saveBlob(await response.blob(), name);
}
