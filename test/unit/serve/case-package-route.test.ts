/**
 * Case package requests that are answered before any database read or key: the route's checks, the
 * recipient's checks and the jurisdictions a package is read with, and the page's path builder
 * against the route's parser (the API tests make real packages).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT, parseConfig } from '../../../src/config.ts';
import {
  CasePackageError,
  checkRecipient,
  readJurisdictionsOf,
  recipientViewer,
} from '../../../src/serve/case-package/build.ts';
import { handleExport } from '../../../src/serve/export-route.ts';
import { casePackagePath } from '../../../src/serve/viewer/api.ts';
import { DEVELOPMENT_VIEWER, type Viewer } from '../../../src/serve/viewer.ts';

const call = (path: string, method = 'GET') => {
  const url = new URL(path, 'http://skein.test');
  return handleExport(new Request(url, { method }), url, DEVELOPMENT_VIEWER);
};

const viewer = (jurisdictions: string[], roles: Viewer['roles'] = ['analyst']): Viewer => ({
  id: 'u',
  roles,
  jurisdictions,
});

describe('/export/case-package requests', () => {
  it('makes packages with GET only: a HEAD would disclose and send nothing', async () => {
    const response = await call('/export/case-package/network/x.zip?for=A&jurisdictions=GB', 'HEAD');
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET');
  });

  it('names the two subjects when the path is neither, and checks its parameters', async () => {
    const wrong = await call('/export/case-package/network/x.gexf?for=A&jurisdictions=GB');
    expect(wrong.status).toBe(404);
    expect(await wrong.text()).toContain('/export/case-package/network/<network id>.zip');
    const noAuthority = await call('/export/case-package/network/x.zip?jurisdictions=GB');
    expect(noAuthority.status).toBe(400);
    expect(await noAuthority.text()).toContain('?for=');
    expect((await call('/export/case-package/network/x.zip?for=A&jurisdictions=GB&minors=yes')).status).toBe(
      400,
    );
    expect((await call('/export/case-package/entities.zip?for=A&jurisdictions=GB')).status).toBe(400);
  });
});

describe('case package recipients', () => {
  it('takes ISO codes, sorted and de-duplicated, and refuses "*", none and nonsense', () => {
    expect(checkRecipient({ name: ' NCA ', jurisdictions: ['ie', 'GB', 'IE'], minors: false })).toEqual({
      name: 'NCA',
      jurisdictions: ['GB', 'IE'],
      minors: false,
    });
    for (const jurisdictions of [['*'], [], ['Great Britain']]) {
      expect(() => checkRecipient({ name: 'X', jurisdictions, minors: false })).toThrow(CasePackageError);
    }
    expect(() => checkRecipient({ name: ' ', jurisdictions: ['GB'], minors: false })).toThrow(/name the/);
  });

  it('reads with the jurisdictions maker and recipient share, and minors only when entitled', () => {
    const both = { name: 'JIT', jurisdictions: ['GB', 'IE'], minors: true };
    expect(readJurisdictionsOf(viewer(['GB']), both)).toEqual(['GB']);
    expect(readJurisdictionsOf(viewer(['*']), both)).toEqual(['GB', 'IE']);
    expect(readJurisdictionsOf(viewer(['RO']), both)).toEqual([]);
    expect(recipientViewer(viewer(['GB', 'IE', 'RO']), both)).toEqual({
      id: 'u',
      roles: ['analyst', 'minors'],
      jurisdictions: ['GB', 'IE'],
    });
    expect(recipientViewer(viewer(['*']), { ...both, minors: false }).roles).toEqual(['analyst']);
  });
});

describe("the page's case package path", () => {
  const form = { authority: ' Garda NPSB ', jurisdictions: 'gb, ie', minors: true, pdf: false };

  it('names a network by its encoded id, with the form as parameters', () => {
    const path = casePackagePath({ kind: 'network', id: 'run-1/net-2' }, [], form)!;
    const url = new URL(path, 'http://skein.test');
    expect(url.pathname).toBe('/export/case-package/network/run-1%2Fnet-2.zip');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      for: 'Garda NPSB',
      jurisdictions: 'GB,IE',
      minors: 'true',
      pdf: 'false',
    });
  });

  it('lists the entities of a neighbourhood view, up to a limit', () => {
    const ids = ['person:a|1', 'phone:+44'];
    const url = new URL(casePackagePath({ kind: 'neighbourhood', id: 'person:a|1' }, ids, form)!, 'http://x');
    expect(url.pathname).toBe('/export/case-package/entities.zip');
    expect(url.searchParams.getAll('entity')).toEqual(ids);
    const many = Array.from({ length: 201 }, (_, i) => `phone:+${i}`);
    expect(casePackagePath({ kind: 'neighbourhood', id: 'x' }, many, form)).toBeNull();
  });
});

describe('case package settings', () => {
  it('resolve the key from the project folder and default the Chromium path', () => {
    expect(parseConfig({}).casePackages).toEqual({ keyFile: null, chromiumPath: '/usr/bin/chromium' });
    const settings = parseConfig({ SKEIN_CASE_PACKAGE_KEY: 'keys/k.pem', SKEIN_CHROMIUM_PATH: '/opt/c' });
    expect(settings.casePackages).toEqual({
      keyFile: join(PROJECT_ROOT, 'keys/k.pem'),
      chromiumPath: '/opt/c',
    });
  });
});
