/** Request checks of /export that answer before any database read (the e2e tests cover the rest). */
import { describe, expect, it } from 'vitest';
import { handleExport } from '../../../src/serve/export-route.ts';
import { DEVELOPMENT_VIEWER, type Viewer } from '../../../src/serve/viewer.ts';

const call = (path: string, method = 'GET', viewer: Viewer = DEVELOPMENT_VIEWER) => {
  const url = new URL(path, 'http://skein.test');
  return handleExport(new Request(url, { method }), url, viewer);
};

describe('/export requests', () => {
  it('reads with GET only', async () => {
    const response = await call('/export/network/x.gexf', 'POST');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
  });

  it('names the two subjects when the path is neither', async () => {
    const response = await call('/export/case/x.gexf');
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('/export/network/<network id>.<format>');
  });

  it('lists the formats when the suffix is unknown', async () => {
    const response = await call('/export/network/run-1%2Fnet-2.pdf');
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('.i2-entities.csv');
  });

  it('checks depth and page size of a neighbourhood', async () => {
    expect((await call('/export/neighbourhood/phone%3A%2B44.gexf?depth=4')).status).toBe(400);
    expect((await call('/export/neighbourhood/phone%3A%2B44.gexf?limitPerNode=0')).status).toBe(400);
  });

  it('needs the analyst role', async () => {
    const response = await call('/export/network/x.gexf', 'GET', {
      id: 'u',
      roles: ['loader'],
      jurisdictions: ['*'],
    });
    expect(response.status).toBe(403);
  });
});
