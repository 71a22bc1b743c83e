/** How each source writes a person's name (on top of the per-source noise from noise/names.ts). */
import { nameFor, type SourceName } from '../noise/names.ts';
import { ageOn } from '../world/calendar.ts';
import { ascii, upper } from '../world/text.ts';
import type { Person } from '../world/types.ts';

export function title(person: Person, on: string): string {
  if (person.gender === 'M') return 'MR';
  return ageOn(person.birthDate, on) > 30 && person.index % 3 !== 0 ? 'MRS' : 'MS';
}

export function sourceName(seed: number, person: Person, mapping: string): SourceName {
  return nameFor(seed, person, mapping);
}

/** Dutch particles (`de`, `van der`) go after the given name in a sorted name: `Vries, Jan de`. */
export function dutchSorted(name: SourceName): string {
  const match = /^((?:van der|van den|van de|van|de|den|der|ter|te) )(.+)$/i.exec(name.family);
  const given = [name.given, name.middle].filter(Boolean).join(' ');
  if (match) return `${match[2]}, ${given} ${match[1]!.trim()}`;
  return `${name.family}, ${given}`;
}

/** `POPESCU, Ion Vasile` (registry). */
export function surnameFirst(name: SourceName): string {
  return `${upper(name.family)}, ${ascii([name.given, name.middle].filter(Boolean).join(' '))}`;
}

/** `POPESCU ION` (passport machine-readable order). */
export function mrz(name: SourceName): string {
  return upper(`${name.family} ${name.given}`);
}

/** `J SMITH`: how a payer's bank passes on a payee or payer name. */
export function initialAndFamily(name: SourceName): string {
  return upper(`${name.given.charAt(0)} ${name.family}`);
}
