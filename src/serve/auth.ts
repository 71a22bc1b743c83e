/**
 * Who is calling. In `jwt` mode every request to /graphql and /export carries a bearer token from
 * the identity provider, verified with jose against an HS256 secret or RS256/ES256 public keys
 * (a JWKS file or URL). Claims: `sub` (who), `roles` (analyst, investigator, loader, admin, minors) and
 * `jurisdictions` (ISO 3166-1 alpha-2 codes whose extracts the user may see, or "*"), and `exp`.
 * A token must expire, and within the maximum lifetime (SKEIN_JWT_MAX_LIFETIME_SECONDS): a leaked
 * token that never expires is a key to the whole graph. An empty jurisdiction list is refused
 * rather than read as "nothing" or, worse, "everything" somewhere downstream.
 * In `dev` mode every request is the development viewer.
 */
import { readFileSync } from 'node:fs';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
} from 'jose';
import type { Config } from '../config.ts';
import { isJurisdictionGrant } from '../model/jurisdiction.ts';
import { DEVELOPMENT_VIEWER, ROLES, type Role, type Viewer } from './viewer.ts';

export class AuthenticationError extends Error {
  readonly status = 401;
  constructor(message: string) {
    super(message);
    this.name = 'AuthenticationError';
  }
}

export type Authenticate = (request: Request) => Promise<Viewer>;

/** Claims → Viewer; anything malformed is an AuthenticationError naming the claim. */
export function viewerFromClaims(claims: JWTPayload): Viewer {
  if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
    throw new AuthenticationError('token has no subject (sub claim)');
  }
  const roles = claims.roles;
  if (!Array.isArray(roles) || roles.some((r) => !(ROLES as readonly unknown[]).includes(r))) {
    throw new AuthenticationError(`token "roles" claim must be a list of ${ROLES.join(', ')}`);
  }
  const jurisdictions = claims.jurisdictions;
  if (!Array.isArray(jurisdictions) || jurisdictions.some((j) => !isJurisdictionGrant(j))) {
    throw new AuthenticationError(
      'token "jurisdictions" claim must be a list of ISO 3166-1 alpha-2 codes or "*"',
    );
  }
  if (jurisdictions.length === 0) {
    throw new AuthenticationError(
      'token "jurisdictions" claim is empty: list the ISO 3166-1 alpha-2 codes the user may see, or "*" for all',
    );
  }
  return { id: claims.sub, roles: roles as Role[], jurisdictions: jurisdictions as string[] };
}

/** Twelve hours: a working day and then some; identity providers issue shorter tokens. */
export const DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 12 * 60 * 60;

/**
 * Refuses a token without `exp`, or one that lives longer than `maxLifetimeSeconds`: counted from
 * `iat` when the token has one, and never less than from now (an `iat` in the future would
 * otherwise stretch the window).
 */
export function checkLifetime(
  claims: JWTPayload,
  maxLifetimeSeconds: number,
  nowSeconds: number = Math.floor(Date.now() / 1000),
): void {
  if (typeof claims.exp !== 'number') {
    throw new AuthenticationError('token has no expiry (exp claim): issue tokens that expire');
  }
  const from = typeof claims.iat === 'number' ? Math.min(claims.iat, nowSeconds) : nowSeconds;
  if (claims.exp - from > maxLifetimeSeconds) {
    throw new AuthenticationError(
      `token lifetime exceeds the maximum of ${maxLifetimeSeconds} s (SKEIN_JWT_MAX_LIFETIME_SECONDS): issue shorter-lived tokens`,
    );
  }
}

function keyFor(auth: Config['auth']): Uint8Array | JWTVerifyGetKey {
  if (auth.secret) return new TextEncoder().encode(auth.secret);
  if (auth.jwksFile) return createLocalJWKSet(JSON.parse(readFileSync(auth.jwksFile, 'utf8')));
  if (auth.jwksUrl) return createRemoteJWKSet(new URL(auth.jwksUrl));
  throw new Error('auth: jwt mode needs SKEIN_JWT_SECRET, SKEIN_JWKS_FILE or SKEIN_JWKS_URL');
}

export function createAuthenticator(auth: Config['auth']): Authenticate {
  if (auth.mode === 'dev') return async () => DEVELOPMENT_VIEWER;
  const key = keyFor(auth);
  const algorithms = auth.secret ? ['HS256'] : ['RS256', 'ES256'];
  const maxLifetime = auth.maxLifetimeSeconds ?? DEFAULT_MAX_TOKEN_LIFETIME_SECONDS;
  return async (request) => {
    const header = request.headers.get('authorization');
    if (!header) throw new AuthenticationError('missing bearer token: send "Authorization: Bearer <token>"');
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match?.[1])
      throw new AuthenticationError('malformed Authorization header: expected "Bearer <token>"');
    try {
      const { payload } = await jwtVerify(match[1], key as Uint8Array, {
        algorithms,
        ...(auth.issuer ? { issuer: auth.issuer } : {}),
        ...(auth.audience ? { audience: auth.audience } : {}),
      });
      checkLifetime(payload, maxLifetime);
      return viewerFromClaims(payload);
    } catch (error) {
      if (error instanceof AuthenticationError) throw error;
      const code = (error as { code?: string }).code;
      if (code === 'ERR_JWT_EXPIRED') throw new AuthenticationError('token expired: get a new one');
      if (code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED')
        throw new AuthenticationError('token signature is not valid');
      throw new AuthenticationError(`token rejected: ${(error as Error).message}`);
    }
  };
}

/** Signs a development token (HS256) — for `npm run token` and tests, never for production keys. */
export async function signDevelopmentToken(
  secret: string,
  viewer: Viewer,
  options: { expiresIn?: string; issuer?: string; audience?: string } = {},
): Promise<string> {
  const { SignJWT } = await import('jose');
  let jwt = new SignJWT({ roles: [...viewer.roles], jurisdictions: [...viewer.jurisdictions] })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(viewer.id)
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '8h');
  if (options.issuer) jwt = jwt.setIssuer(options.issuer);
  if (options.audience) jwt = jwt.setAudience(options.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
