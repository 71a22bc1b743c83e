/**
 * Latin spellings of a name written in another script, for full-text search: an analyst types
 * "Ivanov" or "Papadakis" for a record that a Bulgarian or Greek source wrote "Иванов" or
 * "Παπαδάκης". The full-text index folds accents (Lucene's ASCII folding) but does not transliterate,
 * so a record keyed by a customer or national number, whose name is only in Cyrillic, was found
 * only by typing Cyrillic. Three spellings are added to what a mention may be searched by (they are
 * part of the extract's facts, so need-to-know applies to them as to the name):
 * - the passport spelling (ICAO 9303 for Cyrillic, ELOT 743 for Greek: model/fold.ts) — "iordanka";
 * - any-ascii's, close to the English-language press (BGN/PCGN-like) — "yordanka", and Latin
 *   syllables for Chinese, Japanese and Korean ("Wang Xiao Ming"), consonants for Arabic;
 * - Bulgaria's official Streamlined System where it differs (ъ → a, щ → sht) — "Petar", not "Petier".
 * Latin names get none: the index's folding already finds "Müller" from "muller".
 */
import anyAsciiImport from 'any-ascii';
import { foldText } from './fold.ts';

const anyAscii = ((anyAsciiImport as unknown as { default?: (s: string) => string }).default ??
  anyAsciiImport) as unknown as (text: string) => string;

/** A letter of a script other than Latin: the name needs Latin spellings to be found. */
const NON_LATIN_LETTER = /(?!\p{Script=Latin})\p{L}/u;

/** Bulgarian Streamlined System (official since 2009) where it differs from ICAO 9303. */
const BULGARIAN_STREAMLINED: Readonly<Record<string, string>> = {
  ъ: 'a',
  Ъ: 'A',
  щ: 'sht',
  Щ: 'Sht',
  х: 'h',
  Х: 'H',
  й: 'y',
  Й: 'Y',
  ю: 'yu',
  Ю: 'Yu',
  я: 'ya',
  Я: 'Ya',
};

/**
 * any-ascii's output made searchable: Chinese syllables written together ("WangXiaoMing") split
 * where a capital starts one; the quote marks it writes for the hard and soft signs ("Pet\"r")
 * dropped, which would otherwise split a word in two.
 */
const searchable = (text: string) => text.replace(/["'`]/g, '').replace(/([a-z])([A-Z])/g, '$1 $2');

/** Folded Latin spellings of `name` (distinct, none equal to the name itself); [] for a Latin name. */
export function searchSpellings(name: string): string[] {
  if (!NON_LATIN_LETTER.test(name)) return [];
  const forms = new Set<string>();
  for (const variant of [
    foldText(name),
    foldText(searchable(anyAscii(name))),
    foldText(name.replace(/[ъЪщЩхХйЙюЮяЯ]/g, (letter) => BULGARIAN_STREAMLINED[letter] ?? letter)),
  ]) {
    // A form still in the other script (foldText leaves Arabic as it is) adds nothing.
    if (variant.length > 0 && !NON_LATIN_LETTER.test(variant)) forms.add(variant);
  }
  return [...forms];
}
