/**
 * Text folding for matching keys: the same name written with or without accents, in upper or lower
 * case, or in Cyrillic or Greek letters must fold to the same Latin text. Folding loses information on
 * purpose (it is for comparing, never for display).
 *
 * Cyrillic follows ICAO Doc 9303 (the transliteration printed in passports' machine-readable zones),
 * because identity documents are the strongest evidence Skein matches names against. Greek follows
 * ELOT 743 (the scheme used in Greek passports).
 */

/** Letters that Unicode decomposition (NFKD) does not turn into a base letter plus marks. */
const LATIN_SPECIAL: Record<string, string> = {
  ß: 'ss',
  ẞ: 'ss',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  ø: 'o',
  Ø: 'o',
  ł: 'l',
  Ł: 'l',
  đ: 'd',
  Đ: 'd',
  ð: 'd',
  Ð: 'd',
  þ: 'th',
  Þ: 'th',
  ı: 'i',
  ħ: 'h',
  Ħ: 'h',
  ŧ: 't',
  Ŧ: 't',
  ŋ: 'n',
  Ŋ: 'n',
  ĸ: 'k',
  ſ: 's',
  ƒ: 'f',
};

const CYRILLIC: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'i',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: 'ie',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'iu',
  я: 'ia',
  // Ukrainian, Belarusian
  є: 'ie',
  і: 'i',
  ї: 'i',
  ґ: 'g',
  ў: 'u',
  // Serbian, Macedonian
  ђ: 'd',
  ј: 'j',
  љ: 'lj',
  њ: 'nj',
  ћ: 'c',
  џ: 'dz',
  ѓ: 'g',
  ќ: 'k',
  ѕ: 'dz',
};

const GREEK: Record<string, string> = {
  α: 'a',
  β: 'v',
  γ: 'g',
  δ: 'd',
  ε: 'e',
  ζ: 'z',
  η: 'i',
  θ: 'th',
  ι: 'i',
  κ: 'k',
  λ: 'l',
  μ: 'm',
  ν: 'n',
  ξ: 'x',
  ο: 'o',
  π: 'p',
  ρ: 'r',
  σ: 's',
  ς: 's',
  τ: 't',
  υ: 'y',
  φ: 'f',
  χ: 'ch',
  ψ: 'ps',
  ω: 'o',
};

/** Greek letter pairs written as one Latin sound (ELOT 743): "Παπαδοπούλου" → "papadopoulou". */
const GREEK_DIGRAPHS = /ου/g;

const TRANSLITERATION: Record<string, string> = { ...LATIN_SPECIAL, ...CYRILLIC, ...GREEK };
const NEEDS_TRANSLITERATION = new RegExp(`[${Object.keys(TRANSLITERATION).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]+/gu;

/**
 * Folds text for comparison: compatibility-decomposed, lower-cased, marks removed, Cyrillic, Greek and
 * special Latin letters transliterated, every run of punctuation or space turned into one space.
 * "Ión POPESCU" → "ion popescu"; "Иван Петров" → "ivan petrov"; "Łukasz Müßig" → "lukasz mussig".
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(COMBINING_MARKS, '')
    .replace(GREEK_DIGRAPHS, 'ou')
    .replace(NEEDS_TRANSLITERATION, (letter) => TRANSLITERATION[letter] ?? letter)
    .replace(NOT_LETTER_OR_DIGIT, ' ')
    .trim();
}
