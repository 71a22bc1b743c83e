/**
 * The leak suite's way in: the real app (production hardening, JWT authentication, rate limiting
 * off so hundreds of probes are not throttled; the body limit stays), tokens for the suite's users,
 * and the checks every answer goes through — IE-only markers, and the normalisation that lets a
 * GB viewer's answers before and after IE's data be compared byte for byte.
 */
import { SignJWT } from 'jose';
import { config } from '../../../src/config.ts';
import { createAuthenticator, signDevelopmentToken } from '../../../src/serve/auth.ts';
import type { Viewer } from '../../../src/serve/viewer.ts';
import { createApp } from '../../../src/serve/yoga.ts';

export const SECRET = 'leak-suite-secret-leak-suite-secret-!!';

export const app = createApp({
  graphiql: false,
  production: true,
  authenticate: createAuthenticator({ mode: 'jwt', secret: SECRET } as never),
  limits: { ...config().limits, ratePerMinute: 0 },
});

// ---- users ----------------------------------------------------------------------------------------

export const GB_ANALYST: Viewer = { id: 'gb-analyst', roles: ['analyst'], jurisdictions: ['GB'] };
export const GB_INVESTIGATOR: Viewer = {
  id: 'gb-investigator',
  roles: ['analyst', 'investigator'],
  jurisdictions: ['GB'],
};
export const GB_LOADER: Viewer = { id: 'gb-loader', roles: ['analyst', 'loader'], jurisdictions: ['GB'] };
export const GB_ADMIN: Viewer = { id: 'gb-admin', roles: ['admin'], jurisdictions: ['GB'] };
// IE users' ids carry the marker: an IE actor or author named in a GB answer is a leak.
export const IE_ANALYST: Viewer = { id: 'ie-analyst-IEONLY', roles: ['analyst'], jurisdictions: ['IE'] };
export const IE_INVESTIGATOR: Viewer = {
  id: 'ie-investigator-IEONLY',
  roles: ['analyst', 'investigator'],
  jurisdictions: ['IE'],
};
export const IE_LOADER: Viewer = {
  id: 'ie-loader-IEONLY',
  roles: ['analyst', 'loader'],
  jurisdictions: ['IE'],
};
export const IE_LOADER_2: Viewer = {
  id: 'ie-loader-2-IEONLY',
  roles: ['analyst', 'loader'],
  jurisdictions: ['IE'],
};
/** Sees everything: the suite's own look at the truth (never a subject of the checks). */
export const ALL_ADMIN: Viewer = { id: 'suite-admin', roles: ['admin'], jurisdictions: ['*'] };

const tokens = new Map<string, Promise<string>>();
export function tokenOf(viewer: Viewer): Promise<string> {
  const key = JSON.stringify(viewer);
  let token = tokens.get(key);
  if (!token) {
    token = signDevelopmentToken(SECRET, viewer, { expiresIn: '2h' });
    tokens.set(key, token);
  }
  return token;
}

/** A token without `exp` (weakness: such tokens never expire). */
export function tokenWithoutExpiry(viewer: Viewer): Promise<string> {
  return new SignJWT({ roles: [...viewer.roles], jurisdictions: [...viewer.jurisdictions] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.id)
    .setIssuedAt()
    .sign(new TextEncoder().encode(SECRET));
}

// ---- requests -------------------------------------------------------------------------------------

export interface Answer {
  status: number;
  text: string;
  body: { data?: any; errors?: any[] };
}

export async function gqlWithToken(
  token: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  const response = await app.fetch('http://skein.test/graphql', {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  let body: Answer['body'] = {};
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON (a proxy page, a crash): the text is kept for the checks
  }
  return { status: response.status, text, body };
}

export async function gql(
  viewer: Viewer,
  query: string,
  variables: Record<string, unknown> = {},
): Promise<Answer> {
  return gqlWithToken(await tokenOf(viewer), query, variables);
}

export interface FileAnswer {
  status: number;
  text: string;
  headers: Record<string, string>;
}

export async function getPath(viewer: Viewer | null, path: string): Promise<FileAnswer> {
  const response = await app.fetch(`http://skein.test${path}`, {
    headers: viewer ? { authorization: `Bearer ${await tokenOf(viewer)}` } : {},
  });
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'content-disposition', 'x-skein-nodes', 'x-skein-edges']) {
    const value = response.headers.get(name);
    if (value !== null) headers[name] = value;
  }
  return { status: response.status, text: await response.text(), headers };
}

// ---- markers --------------------------------------------------------------------------------------

/**
 * Every value only IE's extracts and users hold (test/fixtures/leaks/ie/*, the IE users and their
 * annotations, roles, searches). Text markers all contain "ieonly" (any case); the others are the
 * IE-only identifiers, amounts, call durations and dates, listed one by one.
 */
export const MARKERS: readonly { text: string; ignoreCase: boolean; what: string }[] = [
  {
    text: 'ieonly',
    ignoreCase: true,
    what: 'an IE-only text (names, bank, BIC, branch, notes, users, files)',
  },
  { text: 'IE29AIBK93115212345678', ignoreCase: false, what: 'IE-only account' },
  { text: 'IE95AIBK93115299887766', ignoreCase: false, what: 'IE-only account' },
  { text: 'IE70BOFI90001712345678', ignoreCase: false, what: 'IE-only account' },
  { text: '353871234567', ignoreCase: false, what: 'IE-only phone' },
  { text: '353861112223', ignoreCase: false, what: 'IE-only phone' },
  { text: '353851239876', ignoreCase: false, what: 'IE-only phone (second CDR)' },
  { text: '353871119999', ignoreCase: false, what: 'IE-only phone (second CDR)' },
  { text: '353831230001', ignoreCase: false, what: 'phone of the file outside the import folder' },
  { text: '7654321.99', ignoreCase: false, what: 'IE-only payment amount' },
  { text: '1234567.89', ignoreCase: false, what: 'IE-only payment amount' },
  { text: '2345678.91', ignoreCase: false, what: 'IE-only payment amount' },
  { text: '3456789.12', ignoreCase: false, what: 'IE-only payment amount' },
  { text: '4567891.23', ignoreCase: false, what: 'IE-only payment amount' },
  { text: '5678912.34', ignoreCase: false, what: 'IE-only payment amount' },
  { text: '6789123.45', ignoreCase: false, what: 'IE-only payment amount' },
  { text: '4242424', ignoreCase: false, what: 'IE-only call duration' },
  { text: '4343434', ignoreCase: false, what: 'IE-only call duration' },
  { text: '4545454', ignoreCase: false, what: 'IE-only call duration' },
  { text: '4646464', ignoreCase: false, what: 'IE-only call duration' },
  { text: '1911-11-1', ignoreCase: false, what: 'IE-only opening date / birth date' },
  { text: '1912-12-12', ignoreCase: false, what: 'IE-only birth date' },
  { text: '1913-01-13', ignoreCase: false, what: 'IE-only birth date' },
  { text: '2019-0', ignoreCase: false, what: 'IE-only event or registration date (GB has none before 2020)' },
  { text: 'EUR', ignoreCase: false, what: 'IE-only currency' },
  { text: 'Dublin', ignoreCase: true, what: 'IE-only city' },
  { text: 'Murch', ignoreCase: true, what: 'IE-only spelling of the shared person' },
  { text: 'Garda', ignoreCase: true, what: 'IE-only source name' },
  { text: 'sean.', ignoreCase: true, what: 'IE-only e-mail' },
  // Issue #14's model and values (test/fixtures/leaks/ie/ie-IEONLY-police.csv, -payments, -partial).
  { text: '8765432.1', ignoreCase: false, what: 'IE-only aggregated payment amount' },
  { text: '9876543.21', ignoreCase: false, what: 'IE-only undated aggregated payment amount' },
  { text: '918273', ignoreCase: false, what: 'IE-only transfer count of an aggregate' },
  { text: '928374', ignoreCase: false, what: 'IE-only transfer count of an undated aggregate' },
  { text: '359999990001234', ignoreCase: false, what: 'IMEI of the IE-only seized item' },
  { text: '7777.25', ignoreCase: false, what: 'IE-only tonnage of the shared vessel (extension property)' },
  {
    text: '"beneficiary"',
    ignoreCase: false,
    what: "IE's capacity of the shared account in the shared report",
  },
  { text: '1914-04-1', ignoreCase: false, what: 'birth or opening date of the partial (refused) IE load' },
];

/**
 * The markers found in `text` with a little context each. `echoes` are the request's own argument
 * values: an error naming the id the caller sent tells them nothing new, so echoes are removed first.
 */
export function markersIn(text: string, echoes: readonly string[] = []): string[] {
  let scanned = text;
  for (const echo of [...echoes].sort((a, b) => b.length - a.length)) {
    if (echo.length >= 3) {
      scanned = scanned.split(echo).join('«echo»');
      scanned = scanned.split(JSON.stringify(echo).slice(1, -1)).join('«echo»');
    }
  }
  const found: string[] = [];
  for (const marker of MARKERS) {
    const haystack = marker.ignoreCase ? scanned.toLowerCase() : scanned;
    const needle = marker.ignoreCase ? marker.text.toLowerCase() : marker.text;
    const at = haystack.indexOf(needle);
    if (at >= 0) {
      found.push(`${marker.what}: …${scanned.slice(Math.max(0, at - 60), at + needle.length + 60)}…`);
    }
  }
  return found;
}

// ---- normalisation for the before/after comparison -------------------------------------------------

/**
 * Parts of an answer that change with time or per request and say nothing about IE: each listed
 * with its reason. Everything else must be identical before and after IE's data is loaded.
 */
export const IGNORED: readonly { what: string; pattern: RegExp; reason: string }[] = [
  {
    what: 'Query.health.neo4j.latencyMs',
    pattern: /"latencyMs":\d+/g,
    reason: 'a round-trip time, different on every call',
  },
  {
    what: 'export JSON generatedAt',
    pattern: /"generatedAt":"[^"]*"/g,
    reason: 'the time the file was made',
  },
  {
    what: 'GraphML header comment "generated by Skein at <time>"',
    pattern: /generated by Skein at [0-9T:.\-Z]+/g,
    reason: 'the time the file was made',
  },
];

/**
 * Whole fields left out of the comparison (still scanned for markers): answers that grow with
 * every request by design, GB's own probes included.
 */
export const IGNORED_FIELDS: readonly { field: string; reason: string }[] = [
  {
    field: 'Query.auditTrail',
    reason:
      "every request (the suite's own GB probes too) appends records; checked instead by markers and by the leak 8 test",
  },
  {
    field: 'Query.verifyAuditTrail',
    reason: '`records` counts every audited request, GB probes included (it grows between the two rounds)',
  },
];

/** `text` with the phase's symbolic values (run, network, job ids) named, and ignored parts blanked. */
export function normalise(text: string, refs: Record<string, string>): string {
  let out = text;
  const entries = Object.entries(refs).sort((a, b) => b[1].length - a[1].length);
  for (const [name, value] of entries) {
    if (value.length === 0) continue;
    out = out.split(value).join(`{${name}}`);
    const encoded = encodeURIComponent(value);
    if (encoded !== value) out = out.split(encoded).join(`{${name}}`);
  }
  for (const ignored of IGNORED) out = out.replace(ignored.pattern, `«${ignored.what}»`);
  return out;
}

// ---- readable failures ----------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function parse(text: string): Json | undefined {
  try {
    return JSON.parse(text) as Json;
  } catch {
    return undefined;
  }
}

function short(value: Json | undefined): string {
  const text = value === undefined ? '(absent)' : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}...` : text;
}

function jsonDiff(a: Json | undefined, b: Json | undefined, path: string, out: string[]): void {
  if (out.length >= 12) return;
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  const bothObjects =
    a !== null &&
    b !== null &&
    typeof a === 'object' &&
    typeof b === 'object' &&
    Array.isArray(a) === Array.isArray(b);
  if (!bothObjects) {
    out.push(`${path || '(root)'}: ${short(a)} -> ${short(b)}`);
    return;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const key of keys) {
    jsonDiff(
      (a as Record<string, Json>)[key],
      (b as Record<string, Json>)[key],
      Array.isArray(a) ? `${path}[${key}]` : path ? `${path}.${key}` : key,
      out,
    );
  }
}

/** What changed between two answers: JSON paths with both values, or the lines only one of them has. */
export function describeChange(before: string, after: string): string {
  if (before === after) return '';
  const a = parse(before);
  const b = parse(after);
  const out: string[] = [];
  if (a !== undefined && b !== undefined) {
    jsonDiff(a, b, '', out);
  } else {
    const one = new Set(before.split('\n'));
    const two = new Set(after.split('\n'));
    for (const line of two) if (!one.has(line) && out.length < 12) out.push(`+ ${line.slice(0, 300)}`);
    for (const line of one) if (!two.has(line) && out.length < 24) out.push(`- ${line.slice(0, 300)}`);
  }
  return out.length > 0 ? out.join('\n') : 'the answers differ in order only';
}

// ---- minors (issue #18) ---------------------------------------------------------------------------

/**
 * What only a user holding the `minors` role (or admin) may read about GB's child
 * (test/fixtures/leaks/gb/gb-minors.csv): the surname, the birth date, the passport number and the
 * identifiers only she holds (her phone, e-mail address and account: their ids are their numbers),
 * in any case and inside any id. Her records' ids are keyed by the register's reference, not the
 * passport. Where she touches the network (the shared address) stays visible (docs/security.md).
 */
export const MINOR_SECRETS = [
  'minnowby',
  '2014-07-07',
  'mn7000007',
  '7700900707',
  'kit.minnow@example.org',
  'gb91mnwb60161331926819',
] as const;

/** The child's details found in `text` with a little context each. */
export function minorSecretsIn(text: string): string[] {
  const haystack = text.toLowerCase();
  return MINOR_SECRETS.flatMap((secret) => {
    const at = haystack.indexOf(secret);
    return at < 0 ? [] : [`${secret}: …${text.slice(Math.max(0, at - 60), at + secret.length + 60)}…`];
  });
}
