/** Request hardening: body size, per-user rate limits, CSRF, introspection in production, request ids. */
import { createServer, request as httpRequest } from 'node:http';
import { afterAll, describe, expect, it } from 'vitest';
import { createAuthenticator, signDevelopmentToken } from '../../src/serve/auth.ts';
import { createRateLimiter } from '../../src/serve/use-limits.ts';
import { createApp } from '../../src/serve/yoga.ts';
import { closeDriver } from '../support/db.ts';

afterAll(closeDriver);

const SECRET = 'hardening-test-secret-hardening-test';
const app = createApp({
  graphiql: false,
  authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
  // A frozen clock: on a loaded machine seven requests can take over a second, which would refill
  // a token mid-test (60 per minute) and turn the expected 429 into a 200.
  limits: { maxBodyBytes: 4_096, ratePerMinute: 60, burst: 5, now: () => 0 },
});

async function post(body: string, token: string, headers: Record<string, string> = {}) {
  return app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
    body,
  });
}

const token = (id: string) => signDevelopmentToken(SECRET, { id, roles: ['analyst'], jurisdictions: ['*'] });
const HEALTH = JSON.stringify({ query: '{ health { status } }' });

describe('hardening', () => {
  it('refuses a body over the size limit with 413', async () => {
    const big = JSON.stringify({ query: `{ health { status } } # ${'x'.repeat(5_000)}` });
    const response = await post(big, await token('big'), { 'content-length': String(big.length) });
    expect(response.status).toBe(413);
    expect(((await response.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('limits each user to their burst, then answers 429 with Retry-After; other users go on', async () => {
    const greedy = await token('greedy');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await post(HEALTH, greedy)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429, 429]);
    const limited = await post(HEALTH, greedy);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await post(HEALTH, await token('patient'))).status).toBe(200);
  });

  it('refills the bucket over time', () => {
    let now = 0;
    const limiter = createRateLimiter(60, 2, () => now);
    expect([limiter.take('a'), limiter.take('a'), limiter.take('a')]).toEqual([0, 0, 1000]);
    now += 1000;
    expect(limiter.take('a')).toBe(0);
  });

  it('requires a custom header on GET queries (CSRF)', async () => {
    const t = await token('csrf');
    const url = `http://skein.test/graphql?query=${encodeURIComponent('{ health { status } }')}`;
    const plain = await app.fetch(url, {
      headers: { authorization: `Bearer ${t}`, accept: 'application/json' },
    });
    expect(plain.status).toBe(403);
    const marked = await app.fetch(url, {
      headers: { authorization: `Bearer ${t}`, accept: 'application/json', 'x-skein-client': '1' },
    });
    expect(marked.status).toBe(200);
  });

  it('turns introspection off in production', async () => {
    const production = createApp({
      production: true,
      authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET }),
    });
    const response = await production.fetch('http://skein.test/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await token('prod')}` },
      body: JSON.stringify({ query: '{ __schema { types { name } } }' }),
    });
    expect(((await response.json()) as any).errors?.[0]?.message).toMatch(/introspection/i);
  });

  it('echoes the client request id, or makes one', async () => {
    const t = await token('ids');
    expect((await post(HEALTH, t, { 'x-request-id': 'case-42-req-1' })).headers.get('x-request-id')).toBe(
      'case-42-req-1',
    );
    expect((await post(HEALTH, t)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('over a socket, counts a chunked body against the limit and reads a body framed by its length as it is', async () => {
    const server = createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const send = (body: string, headers: Record<string, string>, token: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(
          {
            host: '127.0.0.1',
            port,
            path: '/graphql',
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => {
              text += c;
            });
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', reject);
        // Two writes: a chunked body arrives in pieces, no length declared.
        req.write(body.slice(0, 100));
        req.end(body.slice(100));
      });
    try {
      const big = JSON.stringify({ query: `{ health { status } } # ${'x'.repeat(5_000)}` });
      const chunked = await send(big, { 'transfer-encoding': 'chunked' }, await token('socket-chunked'));
      expect(chunked.status).toBe(413);
      expect(JSON.parse(chunked.body).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
      const framed = await send(
        HEALTH,
        { 'content-length': String(Buffer.byteLength(HEALTH)) },
        await token('socket-framed'),
      );
      expect(framed.status).toBe(200);
      expect(JSON.parse(framed.body).data.health.status).toBeDefined();
      const small = await send(HEALTH, { 'transfer-encoding': 'chunked' }, await token('socket-small'));
      expect(small.status).toBe(200);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
