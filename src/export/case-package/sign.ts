/**
 * Ed25519 signatures of case packages (node:crypto). The signature is detached — a file beside the
 * zip — and covers the zip's bytes exactly. Its file is the 64-byte signature in base64 and one
 * newline, nothing else: `readSignature` accepts only that exact text (base64 decoders skip stray
 * characters and ignore the spare bits of the last one, so a lenient reader would let a changed
 * signature file verify).
 */
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  sign,
  verify,
} from 'node:crypto';
import { readFileSync } from 'node:fs';
import { sha256Hex } from './hash.ts';

const SIGNATURE_BYTES = 64;

function ed25519(key: KeyObject, what: string, file: string): KeyObject {
  if (key.asymmetricKeyType !== 'ed25519') {
    throw new Error(
      `export/case-package: ${file} holds a ${key.asymmetricKeyType ?? 'symmetric'} ${what}, not Ed25519; make one with npm run case-package-key`,
    );
  }
  return key;
}

export function loadPrivateKey(file: string): KeyObject {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(
      `export/case-package: cannot read the signing key ${file} (${(error as Error).message}); set SKEIN_CASE_PACKAGE_KEY to an Ed25519 private key PEM (npm run case-package-key makes one)`,
    );
  }
  return ed25519(createPrivateKey(pem), 'private key', file);
}

export function loadPublicKey(file: string): KeyObject {
  const pem = readFileSync(file, 'utf8');
  return ed25519(createPublicKey(pem), 'public key', file);
}

/** SHA-256 of the public key's DER (SubjectPublicKeyInfo): what the manifest names the signer by. */
export function publicKeyFingerprint(key: KeyObject): string {
  const publicKey = key.type === 'private' ? createPublicKey(key) : key;
  return sha256Hex(publicKey.export({ type: 'spki', format: 'der' }));
}

export function generateSigningKeys(): { privatePem: string; publicPem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
}

/** The signature file's text for `data`. */
export function signBundle(data: Uint8Array, key: KeyObject): string {
  return `${sign(null, data, key).toString('base64')}\n`;
}

/** The signature bytes of a signature file, or null when the file is not exactly one. */
export function readSignature(text: Uint8Array): Buffer | null {
  const asText = Buffer.from(text).toString('latin1');
  if (!/^[A-Za-z0-9+/]{86}==\n$/.test(asText)) return null;
  const bytes = Buffer.from(asText.slice(0, -1), 'base64');
  if (bytes.length !== SIGNATURE_BYTES || `${bytes.toString('base64')}\n` !== asText) return null;
  return bytes;
}

export function verifyBundle(data: Uint8Array, signatureFile: Uint8Array, key: KeyObject): boolean {
  const signature = readSignature(signatureFile);
  if (!signature) return false;
  return verify(null, data, key, signature);
}
