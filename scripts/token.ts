/**
 * `npm run token -- --sub alice --roles analyst,investigator --jurisdictions GB,RO [--ttl 8h]`
 * Issues a development token signed with SKEIN_JWT_SECRET (HS256), for local use with
 * SKEIN_AUTH=jwt. Production tokens come from your identity provider, never from this command.
 */
import { parseArgs } from 'node:util';
import { config } from '../src/config.ts';
import { signDevelopmentToken, viewerFromClaims } from '../src/serve/auth.ts';

const { values } = parseArgs({
  options: {
    sub: { type: 'string', default: 'dev-analyst' },
    roles: { type: 'string', default: 'analyst' },
    jurisdictions: { type: 'string', default: '*' },
    ttl: { type: 'string', default: '8h' },
  },
});

const secret = config().auth.secret;
if (!secret) {
  console.error('token: set SKEIN_JWT_SECRET (32+ characters) to the secret the server verifies with');
  process.exit(2);
}
const split = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
let viewer: ReturnType<typeof viewerFromClaims>;
try {
  viewer = viewerFromClaims({
    sub: values.sub,
    roles: split(values.roles),
    jurisdictions: split(values.jurisdictions),
  });
} catch (error) {
  console.error(`token: ${(error as Error).message}`);
  process.exit(2);
}
const auth = config().auth;
console.log(
  await signDevelopmentToken(secret, viewer, {
    expiresIn: values.ttl,
    ...(auth.issuer ? { issuer: auth.issuer } : {}),
    ...(auth.audience ? { audience: auth.audience } : {}),
  }),
);
