/**
 * E-mail addresses to the lower-cased form that keys an Email node. Lower-casing the local part is
 * technically lossy (RFC 5321 lets servers distinguish case) but no real provider does, and the
 * same address written twice must meet in one node.
 */
import { domainToASCII } from 'node:url';
import { invalid, type Normalised, ok } from './result.ts';

const MAX_LENGTH = 254;
const LOCAL_PART = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/;

/** Accepts "a@b.example", "mailto:a@b.example" and "Name <a@b.example>"; international domains become punycode. */
export function normaliseEmail(input: string): Normalised<string> {
  let text = input.trim().normalize('NFC');
  if (text.length === 0) return invalid('email: empty');
  const angle = /^[^<>]*<([^<>]+)>$/.exec(text);
  if (angle?.[1] !== undefined) text = angle[1].trim();
  text = text.replace(/^mailto:/i, '').toLowerCase();
  const at = text.lastIndexOf('@');
  if (at <= 0 || at === text.length - 1)
    return invalid(`email: "${input.trim()}" needs one "@" between a name and a domain`);
  const local = text.slice(0, at);
  const domainText = text.slice(at + 1);
  if (local.length > 64) return invalid(`email: "${input.trim()}" has a name part longer than 64 characters`);
  if (!LOCAL_PART.test(local)) return invalid(`email: "${input.trim()}" has an invalid name part "${local}"`);
  const domain = domainToASCII(domainText);
  if (domain === '') return invalid(`email: "${input.trim()}" has an invalid domain "${domainText}"`);
  const labels = domain.split('.');
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) {
    return invalid(`email: "${input.trim()}" has an invalid domain "${domainText}"`);
  }
  const tld = labels[labels.length - 1] ?? '';
  if (!/^([a-z]{2,63}|xn--[a-z0-9-]+)$/.test(tld)) {
    return invalid(`email: "${input.trim()}" has an invalid top-level domain "${tld}"`);
  }
  const address = `${local}@${domain}`;
  if (address.length > MAX_LENGTH)
    return invalid(`email: "${input.trim()}" is longer than ${MAX_LENGTH} characters`);
  return ok(address);
}
