/**
 * Request hardening before GraphQL sees a byte: a body larger than the limit is refused with 413
 * (by its declared length, and by counting bytes while the body is read, for chunked bodies that
 * declare none), and each user gets a token bucket of requests (429 with Retry-After when it is
 * empty), so one client or one runaway script cannot starve the others. In development mode every
 * request is the same development user, so there the bucket belongs to the client's address.
 */
import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { viewerOf } from './use-authentication.ts';
import { DEVELOPMENT_VIEWER } from './viewer.ts';

export interface Limits {
  maxBodyBytes: number;
  /** Sustained requests per minute per user; 0 turns rate limiting off. */
  ratePerMinute: number;
  burst: number;
  /** The rate limiter's clock (tests freeze it, so a slow machine refilling no token mid-test). */
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updated: number;
}

/** A token bucket per key; `take` answers how long to wait (0 = go ahead). */
export function createRateLimiter(ratePerMinute: number, burst: number, now: () => number = Date.now) {
  const buckets = new Map<string, Bucket>();
  const perMs = ratePerMinute / 60_000;
  return {
    take(key: string): number {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: burst, updated: t };
      bucket.tokens = Math.min(burst, bucket.tokens + (t - bucket.updated) * perMs);
      bucket.updated = t;
      buckets.set(key, bucket);
      if (buckets.size > 100_000) buckets.clear(); // bounded memory under a flood of identities
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return Math.ceil((1 - bucket.tokens) / perMs);
    },
  };
}

function json(
  fetchAPI: { Response: typeof Response },
  status: number,
  code: string,
  message: string,
  headers: Record<string, string> = {},
) {
  return new fetchAPI.Response(JSON.stringify({ errors: [{ message, extensions: { code } }] }), {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

function tooLarge(maxBodyBytes: number) {
  return createGraphQLError(`Request body over ${maxBodyBytes} bytes.`, {
    extensions: { code: 'PAYLOAD_TOO_LARGE', http: { status: 413 } },
  });
}

/** The same request with a body that errors as soon as more than `maxBodyBytes` have arrived. */
function countingRequest(request: Request, maxBodyBytes: number): Request {
  if (!request.body) return request;
  let bytes = 0;
  const body = request.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        bytes += chunk.byteLength;
        if (bytes > maxBodyBytes) controller.error(tooLarge(maxBodyBytes));
        else controller.enqueue(chunk);
      },
    }),
  );
  return new Request(request.url, {
    method: request.method,
    headers: request.headers,
    signal: request.signal,
    body,
    duplex: 'half',
  } as RequestInit);
}

/**
 * True when the body cannot be longer than its declared length, already checked against the limit
 * in onRequest: a request Node's HTTP server parsed (serverContext.req, an IncomingMessage) with a
 * Content-Length and no Transfer-Encoding — Node reads exactly that many bytes as the body (more
 * are the next request on the connection, fewer an aborted request). Counting such a body through
 * a TransformStream cost more server CPU per request than the rest of the size check and rate
 * limit together (bench:api --cpu-prof, 2026-12-07). Requests without a socket (the app's own
 * fetch, as tests drive it) and chunked bodies are still counted.
 */
function framedByLength(request: Request, serverContext: unknown): boolean {
  const req = (serverContext as { req?: { headers?: Record<string, unknown> } } | undefined)?.req;
  if (req?.headers === undefined) return false;
  return (
    req.headers['transfer-encoding'] === undefined &&
    typeof req.headers['content-length'] === 'string' &&
    request.headers.get('transfer-encoding') === null &&
    request.headers.get('content-length') !== null
  );
}

/** The address the request came from (node's socket), for development mode's per-client bucket. */
function clientAddress(request: Request, serverContext: unknown): string {
  const socket = (serverContext as { req?: { socket?: { remoteAddress?: string } } } | undefined)?.req
    ?.socket;
  return socket?.remoteAddress ?? request.headers.get('x-forwarded-for')?.split(',')[0]?.trim() ?? 'local';
}

export function useLimits(limits: Limits): Plugin {
  const limiter =
    limits.ratePerMinute > 0 ? createRateLimiter(limits.ratePerMinute, limits.burst, limits.now) : undefined;
  return {
    onRequest({ request, url, endResponse, fetchAPI, serverContext }) {
      const length = Number(request.headers.get('content-length') ?? 0);
      if (length > limits.maxBodyBytes) {
        endResponse(
          json(fetchAPI, 413, 'PAYLOAD_TOO_LARGE', `Request body over ${limits.maxBodyBytes} bytes.`),
        );
        return;
      }
      if (!limiter || !(url.pathname.startsWith('/graphql') || url.pathname.startsWith('/export'))) return;
      const viewer = viewerOf(request);
      const key =
        viewer && viewer !== DEVELOPMENT_VIEWER
          ? `user:${viewer.id}`
          : `address:${clientAddress(request, serverContext)}`;
      const waitMs = limiter.take(key);
      if (waitMs > 0) {
        endResponse(
          json(
            fetchAPI,
            429,
            'RATE_LIMITED',
            'Too many requests; slow down and retry after the indicated time.',
            {
              'retry-after': String(Math.ceil(waitMs / 1000)),
            },
          ),
        );
      }
    },
    // A declared length is only a claim: whichever parser yoga chose reads a body that stops at
    // the limit (yoga's own limit is 25 MB and answers with another code) — unless Node's HTTP
    // server framed the body by that length (framedByLength), then nothing to count.
    onRequestParse({ request, requestParser, setRequestParser, serverContext }) {
      if (!requestParser || framedByLength(request, serverContext)) return;
      setRequestParser((request) => requestParser(countingRequest(request, limits.maxBodyBytes)));
    },
  };
}
