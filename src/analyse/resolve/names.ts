/**
 * Name variants for record linkage. One human's name reaches Skein through several romanisation
 * systems (a Bulgarian register writes "Мария Стоянова", a Bulgarian passport "Mariya Stoyanova",
 * ICAO 9303 gives "mariia stoianova") and through German spelling rules ("Müller", "MUELLER",
 * "Weiß", "WEISS"). Rather than guess which system a source used, every name is folded by each
 * system and compared on all of them; a final "skeleton" folds the differences the systems still
 * leave (y/j/i, kh/h, doubled letters, ae/oe/ue) so that the variants of one name meet in one key.
 */
import anyAsciiImport from 'any-ascii';
import doubleMetaphoneImport from 'talisman/phonetics/double-metaphone.js';
import { foldText } from '../../model/fold.ts';
import { cjsDefault } from '../cjs.ts';

const anyAscii = cjsDefault(anyAsciiImport) as (text: string) => string;
const doubleMetaphone = cjsDefault(doubleMetaphoneImport) as (word: string) => [string, string];

/** Titles and legal noise that statements print before a name; they never identify anyone. */
const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'herr', 'frau', 'dl', 'dna', 'sr', 'sra']);

/** German spelling: umlauts written out (ä → ae). Applied before folding, which would drop them to a. */
function germanSpelling(text: string): string {
  return text.replace(/[äÄ]/g, 'ae').replace(/[öÖ]/g, 'oe').replace(/[üÜ]/g, 'ue');
}

/**
 * Bulgarian Streamlined System (the official romanisation since 2009): щ → sht, ъ → a, х → h,
 * й → y, ю → yu, я → ya. Only the letters where it differs from the other systems.
 */
const BULGARIAN: Record<string, string> = { щ: 'sht', ъ: 'a', х: 'h', й: 'y', ю: 'yu', я: 'ya', ц: 'ts' };
function bulgarianSpelling(text: string): string {
  return text.toLowerCase().replace(/[щъхйюяц]/g, (letter) => BULGARIAN[letter] ?? letter);
}

/**
 * Romanian romanisation of Moldovan Cyrillic (ш → ş, ч → ci, ж → j): names of Moldovan records
 * written by Romanian authorities.
 */
const ROMANIAN: Record<string, string> = {
  ш: 'ș',
  ч: 'ci',
  ж: 'j',
  ц: 'ț',
  х: 'h',
  й: 'i',
  ю: 'iu',
  я: 'ia',
};
function romanianSpelling(text: string): string {
  return text.toLowerCase().replace(/[шчжцхйюя]/g, (letter) => ROMANIAN[letter] ?? letter);
}

/**
 * Ukrainian national romanisation (2010): г → h, ґ → g, и → y, х → kh, є → ie, ї → i, й → i:
 * "Богдан" is "Bohdan" in a Ukrainian passport, "Bogdan" under ICAO's Russian-based letters.
 */
const UKRAINIAN: Record<string, string> = { г: 'h', ґ: 'g', и: 'y', х: 'kh', є: 'ie', ї: 'i', й: 'i' };
function ukrainianSpelling(text: string): string {
  return text.toLowerCase().replace(/[гґихєїй]/g, (letter) => UKRAINIAN[letter] ?? letter);
}

/**
 * Scholarly and Czech/Slovak/Croatian letters with carons (ISO 9: "Ševčenko") written as English
 * digraphs ("Shevchenko") before folding, which would drop the caron and lose the h.
 */
const CARONS: Record<string, string> = { š: 'sh', č: 'ch', ž: 'zh', Š: 'sh', Č: 'ch', Ž: 'zh' };
function caronSpelling(text: string): string {
  return text.replace(/[šč žŠČŽ]/g, (letter) => CARONS[letter] ?? letter);
}

/** Folded, titles dropped: the tokens of one spelling. */
function tokensOf(folded: string): string[] {
  return folded.split(' ').filter((token) => token.length > 0 && !TITLES.has(token));
}

/**
 * The skeleton of a folded token: the romanisation differences folded away. "iordanka" and
 * "yordanka" → "iordanka"; "mariia" and "mariya" → "maria"; "mueller" and "muller" → "muler";
 * "stoyanov" and "stoianov" → "stoianov". Comparing, never display.
 */
export function skeleton(token: string): string {
  return token
    .replace(/sh(ch|t)/g, 'sh')
    .replace(/kh/g, 'h')
    .replace(/t[sz]/g, 'c')
    .replace(/[yj]/g, 'i')
    .replace(/([aou])e/g, '$1')
    .replace(/ph/g, 'f')
    .replace(/w/g, 'v')
    .replace(/(.)\1+/g, '$1');
}

/**
 * A Latin name read back through the romanisations it may have passed: the Cyrillic letter behind a
 * Latin spelling depends on who wrote it. Romanian and French write ж as "j" ("Jana", "Jivko") where
 * ICAO and the Bulgarian system write "zh" ("Zhana", "Zhivko"); the Ukrainian system writes г as
 * "h" ("Ihor", "Olha", "Halyna") where Russian-based ones write "g" ("Igor", "Olga", "Galina"); French
 * writes г before e/i as "gu" ("Gueorgui") and Romanian as "gh" ("Gheorghi"); Russian е at the start
 * is "ye" in BGN/PCGN and "e" in ICAO ("Yekaterina", "Ekaterina"). Each reading rewrites a folded
 * token as the other system would have written it, and both spellings are compared. The relation is
 * not folded into the skeleton, which would make it transitive: "Jana" reads as "Zhana" and (j as й)
 * as "Yana", but "Zhana" and "Yana" are two names and stay two.
 */
const READINGS: readonly ((token: string) => string)[] = [
  (token) => token.replace(/j/g, 'zh'),
  // An h of its own (not the second letter of sh, ch, zh, kh, gh, th, ph).
  (token) => token.replace(/(?<![sczkgtpd])h/g, 'g'),
  (token) => token.replace(/g[uh](?=[eiy])/g, 'g'),
  (token) => token.replace(/^[yi]e/, 'e'),
];

/**
 * Ukrainian and Russian forms of one given name that no romanisation turns into each other (Микола
 * and Николай, Катерина and Екатерина, Олена and Елена): one person is written in either by a
 * Ukrainian passport and a Russian-language record. A short table of the common forms, read as
 * skeletons, mapped to the Russian one. No library lists them (any-ascii and talisman only
 * transliterate).
 */
const NATIONAL_FORMS: readonly [string, string][] = [
  ['Mykola', 'Nikolai'],
  ['Kateryna', 'Ekaterina'],
  ['Olena', 'Elena'],
  ['Oleksandr', 'Aleksandr'],
  ['Oleksandra', 'Aleksandra'],
  ['Oleksii', 'Aleksei'],
  ['Volodymyr', 'Vladimir'],
  ['Dmytro', 'Dmitri'],
  ['Mykhailo', 'Mikhail'],
  ['Petro', 'Pyotr'],
  ['Pavlo', 'Pavel'],
  ['Yevhen', 'Evgeni'],
  ['Tetiana', 'Tatiana'],
  ['Svitlana', 'Svetlana'],
  ['Fedir', 'Fyodor'],
  ['Hryhorii', 'Grigori'],
  ['Andrii', 'Andrei'],
  ['Serhii', 'Sergei'],
];
const nationalForm = new Map(
  NATIONAL_FORMS.map(([ukrainian, russian]) => [
    skeleton(ukrainian.toLowerCase()),
    skeleton(russian.toLowerCase()),
  ]),
);

export interface NameForms {
  /** Every token of every spelling, as written after folding (for initials and display of reasons). */
  tokens: string[];
  /** Skeleton tokens of every spelling, unique and sorted. */
  skeletons: string[];
  /** Whole-name keys (sorted skeleton tokens joined), one per spelling: equal keys = same name in any order. */
  keys: string[];
  /** Skeleton tokens of each spelling in written order ("|"-joined), for where a token stands. */
  ordered: string[];
  /** Double Metaphone codes of the skeleton tokens: blocking keys tolerant of one-letter typos. */
  phonetic: string[];
  /**
   * Pairs of phonetic codes of two different words of one spelling ("MNTN|TMTR"): a block key that
   * survives a typo in either word without grouping everyone who shares one word's sound.
   */
  phoneticPairs: string[];
}

/**
 * An id per name forms object that preparing shares between records (prepare.ts), unique in the
 * process: comparisons memoise their answer per pair of ids (compare.ts). Kept under a symbol and not
 * enumerable, so a copy of the forms (`{ ...forms }`, `structuredClone`) has none and is compared
 * afresh: an id always names the one object it was given to, whose content never changes.
 */
const NAME_ID = Symbol('nameId');
let nextNameId = 0;
/** Largest id stored: pair caches keep ids in 32 bits. */
const MAX_NAME_ID = 0xffff_fffe;

/** Gives `forms` its id (once); forms read-only from then on. */
export function stampNameId(forms: NameForms): void {
  if (nextNameId > MAX_NAME_ID || Object.hasOwn(forms, NAME_ID)) return;
  Object.defineProperty(forms, NAME_ID, { value: nextNameId++, enumerable: false });
}

/** The id stampNameId gave `forms`, or -1 (not shared by a preparer, or a copy). */
export function nameIdOf(forms: NameForms): number {
  return (forms as NameForms & { [NAME_ID]?: number })[NAME_ID] ?? -1;
}

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;

/**
 * The spellings of one name under every romanisation system Skein knows. A name in plain ASCII has
 * one (every system leaves it as it is), which is most names and the fast path.
 */
export function spellings(name: string): string[] {
  if (PRINTABLE_ASCII.test(name)) {
    const folded = foldText(name);
    return folded.length > 0 ? [folded] : [];
  }
  const forms = new Set<string>();
  for (const variant of [
    name,
    anyAscii(name),
    germanSpelling(name),
    bulgarianSpelling(name),
    romanianSpelling(name),
    ukrainianSpelling(name),
    caronSpelling(name),
  ]) {
    const folded = foldText(variant);
    if (folded.length > 0) forms.add(folded);
  }
  return [...forms];
}

/** Skeleton and phonetic codes of one folded token. */
interface TokenForms {
  skeleton: string;
  phonetic: string[];
}

/**
 * Memoises the work per distinct name and token for one resolution run: a million records carry far
 * fewer distinct names, and transliteration and Double Metaphone are the costly part of preparing them.
 */
export class NameFormsCache {
  private readonly spellingsOf = new Map<string, string[]>();
  private readonly tokenForms = new Map<string, TokenForms>();

  private readonly readingsOf = new Map<string, string[]>();

  /**
   * Skeletons of a folded token under each reading (READINGS, then the national form of the
   * token's skeleton), one per reading, the token's own skeleton where a reading changes nothing.
   */
  readings(token: string): string[] {
    let found = this.readingsOf.get(token);
    if (!found) {
      const own = this.token(token).skeleton;
      found = READINGS.map((read) => {
        const written = read(token);
        return written === token ? own : skeleton(written);
      });
      found.push(nationalForm.get(own) ?? own);
      this.readingsOf.set(token, found);
    }
    return found;
  }

  spellings(name: string): string[] {
    let found = this.spellingsOf.get(name);
    if (!found) {
      found = spellings(name);
      this.spellingsOf.set(name, found);
    }
    return found;
  }

  token(token: string): TokenForms {
    let found = this.tokenForms.get(token);
    if (!found) {
      const skeletal = skeleton(token);
      const phonetic: string[] = [];
      if (skeletal.length >= 2) {
        const [primary, secondary] = doubleMetaphone(skeletal);
        if (primary) phonetic.push(primary);
        if (secondary && secondary !== primary) phonetic.push(secondary);
      }
      found = { skeleton: skeletal, phonetic };
      this.tokenForms.set(token, found);
    }
    return found;
  }
}

/** All the forms resolution compares for a set of names (a record may carry several spellings). */
export function nameForms(names: readonly string[], cache = new NameFormsCache()): NameForms {
  const tokens = new Set<string>();
  const skeletons = new Set<string>();
  const keys = new Set<string>();
  const ordered = new Set<string>();
  const phonetic = new Set<string>();
  const phoneticPairs = new Set<string>();
  for (const name of names) {
    for (const spelling of cache.spellings(name)) {
      const parts = tokensOf(spelling);
      if (parts.length === 0) continue;
      const skeletal: string[] = [];
      const codes: string[][] = [];
      for (const part of parts) {
        tokens.add(part);
        const forms = cache.token(part);
        skeletal.push(forms.skeleton);
        skeletons.add(forms.skeleton);
        codes.push(forms.phonetic);
        for (const code of forms.phonetic) phonetic.add(code);
      }
      for (let i = 0; i < codes.length; i++) {
        for (let j = i + 1; j < codes.length; j++) {
          for (const x of codes[i]!)
            for (const y of codes[j]!) if (x !== y) phoneticPairs.add(x < y ? `${x}|${y}` : `${y}|${x}`);
        }
      }
      keys.add([...skeletal].sort().join(' '));
      ordered.add(skeletal.join('|'));
      // The spelling read through the other systems: compared and blocked on like a spelling, but
      // no phonetic codes (Double Metaphone already hears "zh" and "j" alike) and no written tokens.
      for (let reading = 0; reading <= READINGS.length; reading++) {
        const read = parts.map((part) => cache.readings(part)[reading]!);
        if (read.every((token, k) => token === skeletal[k])) continue;
        for (const token of read) skeletons.add(token);
        keys.add([...read].sort().join(' '));
        ordered.add(read.join('|'));
      }
    }
  }
  return {
    tokens: [...tokens].sort(),
    skeletons: [...skeletons].sort(),
    keys: [...keys].sort(),
    ordered: [...ordered].sort(),
    phonetic: [...phonetic].sort(),
    phoneticPairs: [...phoneticPairs].sort(),
  };
}
