/**
 * Serves the investigators' viewer (built by `npm run build:viewer` into src/serve/viewer/dist) from
 * the API's own origin: `/` is the page, `/assets/*` its hashed scripts and styles. Nothing is
 * fetched from elsewhere at run time. Without a build, `/` answers 503 and says how to make one.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Plugin } from 'graphql-yoga';
import { config } from '../config.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

/** Only scripts from this origin; the page talks to /graphql and /export on the same origin. */
const CSP =
  "default-src 'self'; script-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'";

export function viewerDist(): string {
  return join(config().projectRoot, 'src/serve/viewer/dist');
}

const MISSING = `<!doctype html><meta charset="utf-8"><title>Skein viewer not built</title>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>The viewer is not built</h1>
<p>Skein's API is running (<a href="/graphql">/graphql</a>), but the investigators' page has not been built yet.</p>
<p>Run <code>npm run build:viewer</code> (or start Skein with <code>npm start</code>, which builds it) and reload.</p>`;

async function fileResponse(path: string, immutable: boolean, method: string): Promise<Response | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return undefined;
  } catch {
    return undefined;
  }
  const body = method === 'HEAD' ? null : await readFile(path);
  return new Response(body, {
    status: 200,
    headers: {
      'content-type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      'content-security-policy': CSP,
      'x-content-type-options': 'nosniff',
    },
  });
}

/** The response for a viewer path, or undefined when the path is not the viewer's. */
export async function serveViewer(
  request: Request,
  url: URL,
  dist = viewerDist(),
): Promise<Response | undefined> {
  if (request.method !== 'GET' && request.method !== 'HEAD') return undefined;
  const path = url.pathname;
  if (path === '/' || path === '/index.html') {
    const page = await fileResponse(join(dist, 'index.html'), false, request.method);
    return (
      page ??
      new Response(MISSING, {
        status: 503,
        headers: { 'content-type': 'text/html; charset=utf-8', 'retry-after': '60' },
      })
    );
  }
  if (!path.startsWith('/assets/')) return undefined;
  let relative: string;
  try {
    relative = decodeURIComponent(path.slice(1));
  } catch {
    return new Response('bad path\n', { status: 400 });
  }
  const root = resolve(dist);
  const file = resolve(root, relative);
  // Never outside dist (../ or an encoded separator).
  if (!file.startsWith(root + sep)) return new Response('not found\n', { status: 404 });
  return (await fileResponse(file, true, request.method)) ?? new Response('not found\n', { status: 404 });
}

export function useViewer(dist?: string): Plugin {
  return {
    async onRequest({ request, url, endResponse }) {
      const response = await serveViewer(request, url, dist);
      if (response) endResponse(response);
    },
  };
}
