import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { serveViewer } from '../../../src/serve/static.ts';

const get = (path: string, method = 'GET') => {
  const url = new URL(path, 'http://skein.test');
  return [new Request(url, { method }), url] as const;
};

describe('the viewer’s static files', () => {
  const root = mkdtempSync(join(tmpdir(), 'skein-static-'));
  const dist = join(root, 'dist');
  mkdirSync(join(dist, 'assets'), { recursive: true });
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Skein</title>');
  writeFileSync(join(dist, 'assets/index-abc.js'), 'console.log(1)');
  writeFileSync(join(dist, '..', 'secret.txt'), 'not for the web');

  it('serves the page at / with a same-origin content security policy', async () => {
    const response = await serveViewer(...get('/'), dist);
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response?.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response?.headers.get('cache-control')).toBe('no-cache');
    expect(await response?.text()).toContain('<title>Skein</title>');
  });

  it('serves hashed assets as immutable scripts', async () => {
    const response = await serveViewer(...get('/assets/index-abc.js'), dist);
    expect(response?.status).toBe(200);
    expect(response?.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response?.headers.get('cache-control')).toContain('immutable');
  });

  it('never leaves dist, and 404s what is not there', async () => {
    expect((await serveViewer(...get('/assets/..%2F..%2Fsecret.txt'), dist))?.status).toBe(404);
    expect((await serveViewer(...get('/assets/missing.js'), dist))?.status).toBe(404);
  });

  it('leaves other paths (GraphQL, exports, health) to the rest of the server', async () => {
    expect(await serveViewer(...get('/graphql'), dist)).toBeUndefined();
    expect(await serveViewer(...get('/export/network/x.gexf'), dist)).toBeUndefined();
    expect(await serveViewer(...get('/', 'POST'), dist)).toBeUndefined();
  });

  it('answers 503 with the command to run when the viewer is not built', async () => {
    const response = await serveViewer(...get('/'), join(dist, 'nowhere'));
    expect(response?.status).toBe(503);
    expect(await response?.text()).toContain('npm run build:viewer');
  });
});
