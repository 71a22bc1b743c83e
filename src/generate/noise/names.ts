/**
 * How one person's name and birth date come out in one source: the person's canonical spelling,
 * plus, with probability `person.noise`, one deliberate error investigators meet in real extracts.
 * Deterministic per (seed, person, source), so every row of one source agrees with itself.
 */
import { alternatives, canonical } from '../pools/names.ts';
import { toCyrillic } from '../resolution/cyrillic.ts';
import { hashFor, rngFor } from '../rng.ts';
import type { Person } from '../world/types.ts';

export type NameNoise =
  | 'typo'
  | 'translit'
  | 'swap'
  | 'missing-dob'
  | 'middle-dropped'
  | 'cyrillic'
  | 'maiden-name'
  | 'partial-dob';

export interface SourceName {
  given: string;
  middle: string;
  family: string;
  birthDate: string;
  noise: NameNoise[];
}

const VOWELS = 'aeiou';

function typo(text: string, pick: number): string {
  if (text.length < 4) return `${text}${text.slice(-1)}`;
  const at = 1 + (pick % (text.length - 2));
  switch (pick % 4) {
    case 0: // transpose
      return text.slice(0, at) + text[at + 1] + text[at] + text.slice(at + 2);
    case 1: // drop
      return text.slice(0, at) + text.slice(at + 1);
    case 2: // double
      return text.slice(0, at) + text[at] + text.slice(at);
    default: {
      const ch = text[at]!.toLowerCase();
      const idx = VOWELS.indexOf(ch);
      const replacement = idx >= 0 ? VOWELS[(idx + 1) % 5]! : 'e';
      return text.slice(0, at) + replacement + text.slice(at + 1);
    }
  }
}

function translit(entry: string, pick: number): string | undefined {
  const alts = alternatives(entry);
  return alts.length > 0 ? alts[pick % alts.length] : undefined;
}

/**
 * The Romanian partner's file (FollowTheMoney) is written from the partner's own registers: a
 * Bulgarian or Ukrainian person as their native register writes them (Cyrillic), a married woman
 * under the family name of her older documents, and birth dates as precise as the register keeps
 * them (FtM dates may be "1969-12" or "1969"). Drawn on streams of their own, so every other source
 * and every other draw is unchanged.
 */
function partnerVariation(seed: number, person: Person, out: SourceName): SourceName {
  const rng = rngFor(seed, 'partner-name', person.index);
  if (person.maiden && rng.chance(0.5)) {
    out.family = canonical(person.maiden);
    out.noise.push('maiden-name');
  }
  if ((person.origin === 'BG' || person.origin === 'UA') && rng.chance(0.5)) {
    out.given = toCyrillic(out.given);
    out.middle = out.middle ? toCyrillic(out.middle) : '';
    out.family = toCyrillic(out.family);
    out.noise.push('cyrillic');
  }
  const precision = rng.next();
  if (out.birthDate && precision < 0.3) {
    out.birthDate = out.birthDate.slice(0, precision < 0.1 ? 4 : 7);
    out.noise.push('partial-dob');
  }
  return out;
}

export function nameFor(seed: number, person: Person, source: string): SourceName {
  const out = sourceNoise(seed, person, source);
  if (source === 'ftm') return partnerVariation(seed, person, out);
  // A passport outlives a marriage: a travel booking copies the name it still carries.
  if (source === 'travel' && person.maiden && rngFor(seed, 'travel-maiden', person.index).chance(0.5)) {
    out.family = canonical(person.maiden);
    out.noise.push('maiden-name');
  }
  return out;
}

function sourceNoise(seed: number, person: Person, source: string): SourceName {
  const out: SourceName = {
    given: canonical(person.given),
    middle: person.middle ? canonical(person.middle) : '',
    family: canonical(person.family),
    birthDate: person.birthDate,
    noise: [],
  };
  if (person.noise <= 0) return out;
  const gate = hashFor(seed, 'noise-gate', person.index, source) / 4294967296;
  if (gate >= person.noise) return out;
  const rng = rngFor(seed, 'noise', person.index, source);
  const kind = rng.weighted<NameNoise>([
    ['typo', 3],
    ['translit', 3],
    ['swap', 2],
    ['missing-dob', 2],
    ['middle-dropped', 1],
  ]);
  const pick = rng.nextUint32();
  switch (kind) {
    case 'translit': {
      const family = translit(person.family, pick);
      const given = translit(person.given, pick >>> 3);
      if (family && (pick & 1 || !given)) out.family = family;
      else if (given) out.given = given;
      else {
        out.family = typo(out.family, pick);
        out.noise.push('typo');
        return out;
      }
      break;
    }
    case 'typo':
      if (pick & 1) out.family = typo(out.family, pick >>> 1);
      else out.given = typo(out.given, pick >>> 1);
      break;
    case 'swap':
      [out.given, out.family] = [out.family, out.given];
      break;
    case 'missing-dob':
      out.birthDate = '';
      break;
    case 'middle-dropped':
      if (!out.middle) {
        out.family = typo(out.family, pick);
        out.noise.push('typo');
        return out;
      }
      out.middle = '';
      break;
  }
  out.noise.push(kind);
  return out;
}

/** `Given Middle Family` in natural order. */
export function fullName(name: SourceName): string {
  return [name.given, name.middle, name.family].filter(Boolean).join(' ');
}
