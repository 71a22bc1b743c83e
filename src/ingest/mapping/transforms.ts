/**
 * Per-field transforms of a mapping, compiled once per load into plain functions (a million rows
 * call them a million times). Each wraps a normaliser and keeps its contract: a clean value or a
 * reason, never a guess. Besides the value a transform may hand on a name's match key and the
 * spellings worth finding in full-text search.
 */
import { normaliseAmount } from '../normalise/amount.ts';
import { normaliseCountry } from '../normalise/country.ts';
import { normaliseDate, normaliseDateTime } from '../normalise/date.ts';
import { normaliseEmail } from '../normalise/email.ts';
import { foldText } from '../normalise/fold.ts';
import { normaliseIban } from '../normalise/iban.ts';
import { monthNamed } from '../normalise/month-names.ts';
import { normaliseName } from '../normalise/name.ts';
import { normalisePhone, normaliseRawPhone } from '../normalise/phone.ts';
import { invalid, type Normalised, ok } from '../normalise/result.ts';
import type { Mapping, TransformSpec } from './schema.ts';

export type Value = string | number | boolean;

export interface Transformed {
  value: Value;
  /** Name transform: the match key (folded, tokens sorted), written as nameKey. */
  nameKey?: string;
  /** Name transform on "Family, Given": the parts, written when the mapping does not map them. */
  givenName?: string;
  familyName?: string;
  /** Identifier spellings for the full-text index (`search`): IBAN with spaces, E.164 without "+". */
  search?: string[];
}

export type TransformFn = (text: string) => Normalised<Transformed>;

export interface TransformContext {
  defaults: NonNullable<Mapping['defaults']>;
  jurisdiction: string | undefined;
  /** Entries each memoised transform keeps (default TRANSFORM_CACHE_SIZE): a bulk load, with a big heap, keeps more. */
  cacheSize?: number;
}

const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;

/** Printable ASCII with single inner spaces: already clean, the common case in a million-row file. */
const ALREADY_CLEAN = /^(?:[!-~]+(?: [!-~]+)*)?$/;

/** NFC, invisible characters removed, runs of whitespace collapsed: what every text value gets. */
export function cleanText(text: string): string {
  if (ALREADY_CLEAN.test(text)) return text;
  return text.normalize('NFC').replace(INVISIBLE, '').replace(/\s+/gu, ' ').trim();
}

const plain = (value: Value): Normalised<Transformed> => ok({ value });

/** Leading titles a statement prints before a name; only dropped when the mapping asks (stripTitle). */
const TITLES = /^(?:(?:MR|MRS|MS|MISS|MX|DR|PROF|SIR|DAME|MASTER|HERR|FRAU|DL|DNA|D-NA|D-L)\.?\s+)+/i;
/** A year, or a year and month (01-12): what registers publish for officers' birth dates. */
const PARTIAL_DATE = /^(?:1[89]|2[01])\d{2}(?:-(?:0[1-9]|1[0-2]))?$/;
/** Words of a date's text, each a candidate month name (with an abbreviation's dot). */
const WORD = /\p{L}+\.?/gu;

/** A phone number written with its country code ("+44…", "0044…"), readable without a default country. */
const INTERNATIONAL = /^\s*(?:\+|00)/;

const TRUE = new Set(['true', 'yes', 'y', '1']);
const FALSE = new Set(['false', 'no', 'n', '0']);

function ibanGroups(iban: string): string {
  return iban.replace(/(.{4})/g, '$1 ').trim();
}

function compileMap(values: Record<string, Value>, fallback: Value | undefined): TransformFn {
  const table = new Map(Object.entries(values).map(([from, to]) => [cleanText(from).toLowerCase(), to]));
  const listed = [...table.keys()].slice(0, 10).join(', ');
  return (text) => {
    const hit = table.get(text.toLowerCase());
    if (hit !== undefined) return plain(hit);
    if (fallback !== undefined) return plain(fallback);
    return invalid(
      `map: "${text}" is not one of the mapped values (${listed}${table.size > 10 ? ', …' : ''})`,
    );
  };
}

/**
 * Extracts repeat values heavily (a statement repeats its holder's phone and IBAN on every row), and
 * parsing a phone number costs ~50 µs: results are memoised per transform, in a bounded map that is
 * simply cleared when full (normalisers are pure, so a cached answer is the answer).
 */
export const TRANSFORM_CACHE_SIZE = 16_384;

/**
 * A copy of `text` that does not share memory with the string it came from. Readers hand out cells
 * as slices of a 256 KB chunk; caching such a slice would keep its whole chunk alive, and a cache
 * of thousands of them most of the file.
 */
function detach(text: string): string {
  return ` ${text}`.slice(1);
}

function detachResult(result: Normalised<Transformed>): Normalised<Transformed> {
  if (!result.ok) return { ok: false, reason: detach(result.reason) };
  const { value, nameKey, givenName, familyName, search } = result.value;
  const copy: Transformed = { value: typeof value === 'string' ? detach(value) : value };
  if (nameKey !== undefined) copy.nameKey = detach(nameKey);
  if (givenName !== undefined) copy.givenName = detach(givenName);
  if (familyName !== undefined) copy.familyName = detach(familyName);
  if (search !== undefined) copy.search = search.map(detach);
  return { ok: true, value: copy };
}

function memoise(fn: TransformFn, size: number): TransformFn {
  const cache = new Map<string, Normalised<Transformed>>();
  return (text) => {
    let result = cache.get(text);
    if (result === undefined) {
      result = detachResult(fn(text));
      if (cache.size >= size) cache.clear();
      cache.set(detach(text), result);
    }
    return result;
  };
}

/** Compiles a transform spec (or the default `text`) into a function over the cleaned cell text. */
export function compileTransform(spec: TransformSpec | undefined, context: TransformContext): TransformFn {
  const fn = compileUncached(spec, context);
  const type = spec === undefined ? 'text' : typeof spec === 'string' ? spec : spec.type;
  return MEMOISED.has(type) ? memoise(fn, context.cacheSize ?? TRANSFORM_CACHE_SIZE) : fn;
}

/** Transforms worth a cache: the costly parsers, on values that repeat (identifiers, names, dates). */
const MEMOISED = new Set(['phone', 'iban', 'name', 'email', 'country', 'date', 'datetime', 'compact']);

function compileUncached(spec: TransformSpec | undefined, context: TransformContext): TransformFn {
  const { defaults } = context;
  const type = spec === undefined ? 'text' : typeof spec === 'string' ? spec : spec.type;
  const options = typeof spec === 'object' ? spec : undefined;
  switch (type) {
    case 'text':
      return plain;
    case 'compact':
      // Identifiers written with spaces or dashes ("QQ 12 34 56 C", "LS6 2QT"): compared without them.
      return (text) => {
        const compact = text.replace(/[\s./-]+/g, '').toLocaleUpperCase();
        return compact.length > 0
          ? ok({ value: compact, search: [compact] })
          : invalid(`compact: "${text}" is only separators`);
      };
    case 'upper':
      return (text) => plain(text.toLocaleUpperCase());
    case 'lower':
      return (text) => plain(text.toLocaleLowerCase());
    case 'key':
      return (text) => {
        const folded = foldText(text);
        return folded.length > 0 ? plain(folded) : invalid(`key: "${text}" has no letters or digits`);
      };
    case 'iban':
      return (text) => {
        const result = normaliseIban(text);
        if (!result.ok) return result;
        const iban = result.value.iban;
        return ok({ value: iban, search: [iban, ibanGroups(iban)] });
      };
    case 'email':
      return (text) => {
        const result = normaliseEmail(text);
        return result.ok ? ok({ value: result.value, search: [result.value] }) : result;
      };
    case 'name': {
      const stripTitle = options?.type === 'name' && options.stripTitle === true;
      return (text) => {
        const result = normaliseName(stripTitle ? text.replace(TITLES, '') : text);
        if (!result.ok) return result;
        const { name, key, givenName, familyName } = result.value;
        return ok({
          value: name,
          nameKey: key,
          ...(givenName !== undefined ? { givenName } : {}),
          ...(familyName !== undefined ? { familyName } : {}),
        });
      };
    }
    case 'country':
      return (text) => {
        const result = normaliseCountry(text);
        return result.ok ? plain(result.value) : result;
      };
    case 'integer':
      return (text) => {
        const compact = text.replace(/[\s_']/g, '');
        if (!/^[+-]?\d{1,15}$/.test(compact)) return invalid(`integer: "${text}" is not a whole number`);
        return plain(Number.parseInt(compact, 10));
      };
    case 'number':
      return (text) => {
        const result = normaliseAmount(text, {
          ...(defaults.decimal !== undefined ? { decimal: defaults.decimal } : { defaultDecimal: '.' }),
          ...(defaults.thousands !== undefined ? { thousands: defaults.thousands } : {}),
        });
        return result.ok ? plain(result.value.amount) : result;
      };
    case 'boolean':
      return (text) => {
        const lower = text.toLowerCase();
        if (TRUE.has(lower)) return plain(true);
        if (FALSE.has(lower)) return plain(false);
        return invalid(`boolean: "${text}" is not one of true/false, yes/no, y/n, 1/0`);
      };
    case 'phone': {
      const phoneOptions = options?.type === 'phone' ? options : undefined;
      const defaultCountry = phoneOptions?.country ?? defaults.phoneCountry ?? context.jurisdiction;
      // 'possible' by default: real ranges newer than the metadata (+40 78…) must load; the API
      // tells valid from possible from raw by the number itself (normalise/phone.ts phoneStatus).
      const validate = phoneOptions?.validate ?? defaults.phoneValidate ?? 'possible';
      const keepRaw = (phoneOptions?.raw ?? defaults.phoneRaw ?? 'keep') === 'keep';
      return (text) => {
        const result = normalisePhone(text, { ...(defaultCountry ? { defaultCountry } : {}), validate });
        if (result.ok) {
          const { e164 } = result.value;
          return ok({ value: e164, search: [e164, e164.slice(1)] });
        }
        // Fictional, malformed or short numbers are still evidence: kept by their digits, unless
        // the mapping asks for strictness. A national number without a country stays an error:
        // that is the mapping's to fix, not the data's.
        if (!keepRaw || (!defaultCountry && !INTERNATIONAL.test(text))) return result;
        const raw = normaliseRawPhone(text);
        if (!raw.ok) return result;
        const { number, digits } = raw.value;
        return ok({ value: number, search: number === digits ? [number] : [number, digits] });
      };
    }
    case 'date':
    case 'datetime': {
      const given = options?.type === type ? (options as { format?: string }).format : undefined;
      const format = given ?? (type === 'date' ? defaults.dateFormat : defaults.datetimeFormat);
      const parse = type === 'date' ? normaliseDate : normaliseDateTime;
      // MMM (a month's name) is read here: the date normaliser knows numbers only.
      const months = format !== undefined && /MMMM?/.test(format);
      const numeric = months ? format?.replace(/MMMM?/, 'MM') : format;
      const locale = options?.type === type ? (options as { locale?: string }).locale : undefined;
      const partial = options?.type === 'date' && options.partial === true;
      return (text) => {
        if (partial && PARTIAL_DATE.test(text)) return plain(text);
        let input = text;
        if (months) {
          let found: { word: string; month: number } | undefined;
          for (const [word] of text.matchAll(WORD)) {
            const named = monthNamed(word, locale);
            if (named === undefined) continue;
            if ('ambiguous' in named)
              return invalid(
                `date: "${text}": "${word}" names different months in different languages; give the date transform a locale (e.g. locale: hr)`,
              );
            found = { word, month: named.month };
            break;
          }
          if (found === undefined)
            return invalid(
              `date: "${text}" has no month name${locale ? ` in ${locale}` : ''} (format ${format})`,
            );
          input = text.replace(found.word, String(found.month).padStart(2, '0'));
        }
        const result = parse(input, numeric !== undefined ? { format: numeric } : {});
        return result.ok
          ? plain(result.value)
          : invalid(months ? result.reason.replace(input, text) : result.reason);
      };
    }
    case 'amount': {
      const amountOptions = options?.type === 'amount' ? options : undefined;
      // A declared decimal applies to every value; without one each value is read as it shows
      // itself ("1.234.567,89", "1 234,56"), and only one that could be either ("1,234") takes '.'.
      const decimal = amountOptions?.decimal ?? defaults.decimal;
      const separators = decimal !== undefined ? { decimal } : { defaultDecimal: '.' as const };
      const thousands = amountOptions?.thousands ?? defaults.thousands;
      const absolute = amountOptions?.absolute === true;
      return (text) => {
        const result = normaliseAmount(text, {
          ...separators,
          ...(thousands !== undefined ? { thousands } : {}),
        });
        if (!result.ok) return result;
        return plain(absolute ? Math.abs(result.value.amount) : result.value.amount);
      };
    }
    case 'map': {
      if (options?.type !== 'map') throw new Error('mapping/transforms: map needs its values');
      return compileMap(options.values, options.default);
    }
    default:
      throw new Error(
        `mapping/transforms: unknown transform "${type}"; the mapping schema should have caught it`,
      );
  }
}
