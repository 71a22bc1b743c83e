/** Tokens (issue 19, leak 11): they must expire, within the maximum lifetime, and name jurisdictions. */
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthenticationError, checkLifetime, createAuthenticator } from '../../../src/serve/auth.ts';

const SECRET = 'unit-auth-secret-unit-auth-secret-!!';
const authenticate = createAuthenticator({ mode: 'jwt', secret: SECRET, maxLifetimeSeconds: 3_600 });
const now = () => Math.floor(Date.now() / 1000);

async function sign(claims: Record<string, unknown>, times: { iat?: number; exp?: number }) {
  let jwt = new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice');
  if (times.iat !== undefined) jwt = jwt.setIssuedAt(times.iat);
  if (times.exp !== undefined) jwt = jwt.setExpirationTime(times.exp);
  return jwt.sign(new TextEncoder().encode(SECRET));
}

async function refusal(token: string): Promise<string> {
  const request = new Request('http://skein.test/graphql', { headers: { authorization: `Bearer ${token}` } });
  try {
    await authenticate(request);
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    return (error as Error).message;
  }
  return 'accepted';
}

const GB = { roles: ['analyst'], jurisdictions: ['GB'] };

describe('token checks', () => {
  it('accepts a token that expires within the maximum lifetime', async () => {
    const viewer = await authenticate(
      new Request('http://skein.test/graphql', {
        headers: { authorization: `Bearer ${await sign(GB, { iat: now(), exp: now() + 600 })}` },
      }),
    );
    expect(viewer).toEqual({ id: 'alice', roles: ['analyst'], jurisdictions: ['GB'] });
  });

  it('refuses a token with an empty jurisdiction list', async () => {
    const token = await sign({ roles: ['analyst'], jurisdictions: [] }, { iat: now(), exp: now() + 600 });
    expect(await refusal(token)).toMatch(/"jurisdictions" claim is empty/);
  });

  it('refuses a token without exp', async () => {
    expect(await refusal(await sign(GB, { iat: now() }))).toMatch(/no expiry \(exp claim\)/);
    expect(await refusal(await sign(GB, {}))).toMatch(/no expiry/);
  });

  it('refuses a token that lives longer than the maximum, counted from iat or from now', async () => {
    expect(await refusal(await sign(GB, { iat: now(), exp: now() + 7_200 }))).toMatch(
      /lifetime exceeds the maximum of 3600 s/,
    );
    expect(await refusal(await sign(GB, { exp: now() + 7_200 }))).toMatch(/lifetime exceeds/);
    // An iat in the future does not stretch the window.
    expect(await refusal(await sign(GB, { iat: now() + 86_400, exp: now() + 86_400 + 600 }))).toMatch(
      /lifetime exceeds/,
    );
  });

  it('checkLifetime measures exp − iat, and exp − now without iat', () => {
    expect(() => checkLifetime({ iat: 1_000, exp: 4_600 }, 3_600, 2_000)).not.toThrow();
    expect(() => checkLifetime({ iat: 1_000, exp: 4_601 }, 3_600, 2_000)).toThrow(/lifetime/);
    expect(() => checkLifetime({ exp: 5_600 }, 3_600, 2_000)).not.toThrow();
    expect(() => checkLifetime({ exp: 5_601 }, 3_600, 2_000)).toThrow(/lifetime/);
  });
});
