/**
 * A world of person and company records with the truth of which records are one human or one
 * company, for measuring entity resolution. Variation as seized data has it: one person written by
 * several sources in other scripts (Cyrillic registers, Latin banks), by other romanisation systems,
 * with typos, swapped name order, titles, partial or swapped birth dates, middle names only some
 * sources know, married names; and look-alikes that must stay apart: a father and son of one name,
 * namesakes in one town, twins, two agencies of one trading name.
 */
import { alternatives, canonical, NAME_POOLS, ORIGIN_INFO, ORIGINS, type Origin } from '../pools/names.ts';
import { Rng } from '../rng.ts';
import { type GeneratedAddress, type Home, newHome, nextDoor, writeAddress } from './addresses.ts';
import { addContext, type ContextPerson } from './context.ts';
import { toCyrillic } from './cyrillic.ts';

export type { GeneratedAddress } from './addresses.ts';

export interface GeneratedIdentifier {
  kind: 'document' | 'tax' | 'insurance' | 'registration' | 'phone' | 'email' | 'account' | 'address';
  value: string;
}

export interface GeneratedRecord {
  id: string;
  kind: 'Person' | 'Organisation';
  source: string;
  names: string[];
  birthDate?: string;
  nationality?: string;
  identifiers: GeneratedIdentifier[];
  /** Homes as the source wrote them (most sources know one; an older record the former home). */
  addresses?: GeneratedAddress[];
  /**
   * Entity ids of the record's neighbours as its source saw them (context.ts): phones its phone
   * called, accounts it paid or was paid by, its employer. Absent when the source saw none.
   */
  context?: string[];
}

/**
 * `namesakes-in-town`: two people of one name living in one town, often in one street (next door):
 * address evidence must not merge them.
 */
export type LookalikeKind = 'father-son' | 'namesakes' | 'namesakes-in-town' | 'twins' | 'namesake-companies';

export interface ResolutionWorld {
  records: GeneratedRecord[];
  /** The true entity (person or company) of each record, by record id. */
  entityOf: Map<string, string>;
  /** Pairs of entities that look alike and must never be merged. */
  lookalikes: { a: string; b: string; kind: LookalikeKind }[];
}

export const RECORD_WORLD_DEFAULTS = {
  seed: 7,
  persons: 2_000,
  companies: 200,
  /** Share of persons who come with a look-alike. */
  lookalikeShare: 0.06,
  /** Chance that a record misspells the family name (half that for the given name). */
  typoRate: 0.08,
  /** Chance that a record of a source that records birth dates lacks one. */
  missingDateRate: 0.05,
  /** Origins drawn from, equally: the default is every origin of the name pools plus German. */
  origins: [...ORIGINS, 'DE'] as (Origin | 'DE')[],
  /**
   * Share of family names made up (Zipf over `persons / 4` names per origin) rather than drawn from
   * the pools, which hold 10 to 99 family names per origin. With pool names only, two people of one
   * origin share a full name about 100 times as often as in a population register (sum of squared
   * name shares ≈ 1/288 for a Bulgarian man, ≈ 1e-5 for full names in Britain); at 0.8 it is still
   * about 25 times as often, which keeps namesakes a real difficulty. Vietnamese family names are that
   * concentrated in life (Nguyễn ≈ 38 %) and stay pooled. `crowded` (below) keeps 0 as a stress.
   */
  syntheticShare: 0.8,
  /** Records carry context (context.ts): calls, counterparties, employer. */
  context: true,
};

/**
 * Generator variants for the benchmark's test set: worlds the resolver was not tuned on. `noisy`
 * doubles typos and triples missing dates; `eastern` draws people from Cyrillic-script and
 * diacritic-heavy origins only; `crowded` draws family names from the pools only.
 */
export const RECORD_WORLD_VARIANTS = {
  base: {},
  noisy: { typoRate: 0.16, missingDateRate: 0.15 },
  eastern: { origins: ['BG', 'UA', 'RO', 'PL', 'DE'] as (Origin | 'DE')[] },
  /** Family names from the small pools only: namesakes everywhere, a stress beyond real registers. */
  crowded: { syntheticShare: 0 },
} satisfies Record<string, Partial<typeof RECORD_WORLD_DEFAULTS>>;
export type RecordWorldVariant = keyof typeof RECORD_WORLD_VARIANTS;

type Noise = Pick<typeof RECORD_WORLD_DEFAULTS, 'typoRate' | 'missingDateRate'>;

const GERMAN = {
  male: ['Jürgen', 'Jörg', 'Günther', 'Uwe', 'Sören', 'Klaus'],
  female: ['Jürgen', 'Käthe', 'Björk', 'Hannelore', 'Uta', 'Gisela'],
  family: ['Müller', 'Weiß', 'Schröder', 'Köhler', 'Groß', 'Bäcker', 'Schäfer', 'Krüger', 'Fuß', 'Möller'],
};
const SOURCES = ['police', 'register', 'bank-a', 'bank-b', 'benefits', 'travel', 'phone'] as const;
type Source = (typeof SOURCES)[number];
const TITLES = ['MR', 'MRS', 'MS'];
/**
 * Chance that a source records a home address: banks and benefit agencies must (know-your-customer,
 * the claim's address), the police usually do, a register gives a service address for some officers,
 * a travel booking seldom, a seized phone's contact list never.
 */
const ADDRESS_RATE: Record<Source, number> = {
  police: 0.8,
  register: 0.6,
  'bank-a': 0.95,
  'bank-b': 0.95,
  benefits: 1,
  travel: 0.3,
  phone: 0,
};
/** Share of people who moved house (70 % within their town); an older record keeps the former home. */
const MOVED_RATE = 0.25;
const FORMER_HOME_RATE = 0.4;

interface Person {
  id: string;
  origin: Origin | 'DE';
  female: boolean;
  given: string;
  middle?: string;
  family: string;
  married?: string;
  birth: string;
  phone?: string;
  passport?: string;
  tax?: string;
  home: Home;
  /** The home before a move, which older records still carry. */
  former?: Home;
}

/** Family-name endings per origin for synthetic names: large worlds need more names than the pools hold. */
const ENDINGS: Record<Origin | 'DE', string[]> = {
  GB: ['son', 'ley', 'ford', 'wood', 'ton'],
  NL: ['sma', 'stra', 'man', 'ink', 'ens'],
  RO: ['escu', 'eanu', 'aru', 'ache', 'an'],
  PL: ['ski', 'czyk', 'ak', 'owicz', 'ek'],
  BG: ['ov', 'ev', 'ski', 'ova', 'ieva'],
  AL: ['aj', 'i', 'ku', 'llari', 'ja'],
  VN: ['anh', 'uong', 'ien', 'ao', 'inh'],
  UA: ['enko', 'uk', 'chuk', 'ko', 'ych'],
  DE: ['mann', 'er', 'berg', 'hof', 'ler'],
};
const SYLLABLES = [
  'ba',
  'ko',
  'mi',
  'ra',
  'de',
  'lu',
  'sa',
  'ti',
  've',
  'no',
  'gra',
  'sto',
  'pe',
  'ha',
  'zi',
  'mar',
  'vol',
  'dra',
];

/**
 * A family name: from the pool, or (with `syntheticShare`) one of a large Zipf-distributed set of
 * made-up names in the origin's style, so that a world of a million records has the spread of names a
 * population has rather than a few dozen names each carried by thousands.
 */
function familyName(rng: Rng, origin: Origin | 'DE', syntheticShare: number, distinct: number): string {
  if (origin === 'VN' || !rng.chance(syntheticShare)) {
    return origin === 'DE' ? rng.pick(GERMAN.family) : rng.pick(NAME_POOLS[origin].family);
  }
  // Skewed towards low ranks (common names), the commonest still about 1 % as "Smith" is.
  const rank = Math.floor(distinct * rng.next() ** 2);
  const stream = new Rng(rank * 7919 + origin.charCodeAt(0) * 31 + origin.charCodeAt(1));
  const stem = `${stream.pick(SYLLABLES)}${stream.pick(SYLLABLES)}`;
  const name = `${stem}${stream.pick(ENDINGS[origin])}`;
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function pickName(rng: Rng, origin: Origin | 'DE', female: boolean): { given: string; family: string } {
  if (origin === 'DE') {
    return { given: rng.pick(female ? GERMAN.female : GERMAN.male), family: rng.pick(GERMAN.family) };
  }
  const pool = NAME_POOLS[origin];
  return { given: rng.pick(female ? pool.female : pool.male), family: rng.pick(pool.family) };
}

function isoDate(rng: Rng, fromYear: number, toYear: number): string {
  const year = rng.range(fromYear, toYear);
  const month = rng.range(1, 12);
  const day = rng.range(1, 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** One-letter typo: a substitution, deletion or swap of neighbours, never on the first letter. */
function typo(rng: Rng, word: string): string {
  if (word.length < 4) return word;
  const at = rng.range(1, word.length - 2);
  const kind = rng.int(3);
  if (kind === 0) return word.slice(0, at) + word[at + 1] + word[at] + word.slice(at + 2);
  if (kind === 1) return word.slice(0, at) + word.slice(at + 1);
  const letters = 'aeinorstlu';
  return word.slice(0, at) + letters[rng.int(letters.length)] + word.slice(at + 1);
}

/** German spellings as Western systems write them without umlauts: "MUELLER", "WEISS". */
function germanAscii(word: string): string {
  return word.replace(/ä/g, 'ae').replace(/ö/g, 'oe').replace(/ü/g, 'ue').replace(/ß/g, 'ss');
}

function spelling(rng: Rng, entry: string): string {
  const others = alternatives(entry);
  return others.length > 0 && rng.chance(0.3) ? rng.pick(others) : canonical(entry);
}

function writeName(rng: Rng, person: Person, source: Source, noise: Noise): string {
  let given = spelling(rng, person.given);
  let family = person.married && rng.chance(0.5) ? person.married : spelling(rng, person.family);
  if (rng.chance(noise.typoRate)) family = typo(rng, family);
  else if (rng.chance(noise.typoRate / 2)) given = typo(rng, given);
  const middle = person.middle && rng.chance(0.5) ? ` ${canonical(person.middle)}` : '';
  if (person.origin === 'DE' && rng.chance(0.5)) {
    given = germanAscii(given);
    family = germanAscii(family);
  }
  const home = person.origin === 'BG' || person.origin === 'UA';
  if (home && (source === 'register' || source === 'police') && rng.chance(0.6)) {
    return `${toCyrillic(family)} ${toCyrillic(given)}${middle ? toCyrillic(middle) : ''}`;
  }
  if (source === 'bank-a' || source === 'bank-b') {
    const title = rng.chance(0.5) ? `${rng.pick(TITLES)} ` : '';
    return `${title}${given}${middle} ${family}`.toUpperCase();
  }
  if (source === 'register') return `${family.toUpperCase()}, ${given}${middle}`;
  if (rng.chance(0.15)) return `${family} ${given}${middle}`;
  if (rng.chance(0.05)) return `${given[0]}. ${family}`;
  return `${given}${middle} ${family}`;
}

function writeDate(rng: Rng, birth: string, source: Source, noise: Noise): string | undefined {
  // Banks, agencies and the police record a birth date (know-your-customer, identity checks); a
  // few records lack it all the same.
  if (rng.chance(noise.missingDateRate)) return undefined;
  if (source === 'register' && rng.chance(0.5)) return birth.slice(0, 7);
  if (rng.chance(0.04)) return birth.slice(0, 4);
  const [year, month, day] = birth.split('-');
  if (Number(day) <= 12 && rng.chance(0.03)) return `${year}-${day}-${month}`;
  return birth;
}

function personRecords(
  rng: Rng,
  person: Person,
  noise: Noise,
  recordsOut: GeneratedRecord[],
  entityOf: Map<string, string>,
) {
  const count = Math.min(SOURCES.length, 1 + Math.floor(rng.pareto(1, 1.6)));
  // A seized phone's contact list holds numbers: only people with a phone appear in it.
  const possible = person.phone ? SOURCES : SOURCES.filter((source) => source !== 'phone');
  const sources = [...possible].sort(() => rng.next() - 0.5).slice(0, Math.max(2, count));
  for (const source of sources) {
    const identifiers: GeneratedIdentifier[] = [];
    // A contact list entry is a number with a name: the phone source always has it.
    if (person.phone && (source === 'phone' || (source !== 'register' && rng.chance(0.7))))
      identifiers.push({ kind: 'phone', value: person.phone });
    if (person.passport && (source === 'police' || source === 'travel') && rng.chance(0.8)) {
      identifiers.push({ kind: 'document', value: person.passport });
    }
    if (person.tax && (source === 'register' || source === 'benefits'))
      identifiers.push({ kind: 'tax', value: person.tax });
    const addresses: GeneratedAddress[] = [];
    if (rng.chance(ADDRESS_RATE[source])) {
      const home = person.former && rng.chance(FORMER_HOME_RATE) ? person.former : person.home;
      addresses.push(writeAddress(rng, home, source, noise.typoRate));
    }
    const id = `${source}:${person.id}:${recordsOut.length}`;
    const birthDate = source === 'phone' ? undefined : writeDate(rng, person.birth, source, noise);
    const record: GeneratedRecord = {
      id,
      kind: 'Person',
      source,
      names: [writeName(rng, person, source, noise)],
      identifiers,
    };
    if (addresses.length > 0) record.addresses = addresses;
    if (birthDate) record.birthDate = birthDate;
    if (rng.chance(0.4))
      record.nationality = person.origin === 'DE' ? 'DE' : ORIGIN_INFO[person.origin].country;
    recordsOut.push(record);
    entityOf.set(id, person.id);
  }
}

let documentCounter = 0;
function newPerson(
  rng: Rng,
  id: string,
  origin: Origin | 'DE',
  names: { syntheticShare: number; distinct: number },
  overrides: Partial<Person> = {},
): Person {
  const female = rng.chance(0.5);
  const { given } = pickName(rng, origin, female);
  const family = familyName(rng, origin, names.syntheticShare, names.distinct);
  const country = origin === 'DE' ? 'DE' : ORIGIN_INFO[origin].country;
  const person: Person = {
    id,
    origin,
    female,
    given,
    family,
    birth: isoDate(rng, 1950, 2006),
    home: newHome(rng),
    ...overrides,
  };
  if (rng.chance(MOVED_RATE)) {
    person.former = person.home;
    person.home = rng.chance(0.7) ? newHome(rng, person.former) : newHome(rng);
  }
  if (rng.chance(0.7)) person.phone = `+${rng.range(30, 49)}${rng.range(100000000, 999999999)}`;
  if (rng.chance(0.5))
    person.passport = `passport|${country}|${country}${(++documentCounter).toString(36).toUpperCase().padStart(7, '0')}`;
  if (rng.chance(0.3)) person.tax = `${country}|T${rng.range(10_000_000, 99_999_999)}`;
  if (rng.chance(0.15)) {
    const middle = pickName(rng, origin, female).given;
    if (middle !== person.given) person.middle = middle;
  }
  if (female && rng.chance(0.1)) person.married = canonical(pickName(rng, origin, false).family);
  return person;
}

const LEGAL_FORMS: Record<string, string[]> = {
  GB: ['Ltd', 'Limited', 'LTD.', 'Ltd.'],
  DE: ['GmbH', 'GMBH', 'G.m.b.H.'],
  RO: ['S.R.L.', 'SRL', 's.r.l.'],
  NL: ['B.V.', 'BV', 'b.v.'],
};
const TRADES = [
  'Staffing',
  'Logistics',
  'Cleaning',
  'Recruitment',
  'Car Wash',
  'Transport',
  'Nails',
  'Build',
];
const STEMS = [
  'Albion',
  'Dunmore',
  'Carpathia',
  'Oranje',
  'Danube',
  'Rhine',
  'Summit',
  'Northgate',
  'Victoria',
  'Kestrel',
];

function companyRecords(
  rng: Rng,
  id: string,
  name: string,
  country: string,
  recordsOut: GeneratedRecord[],
  entityOf: Map<string, string>,
) {
  const registration = `company|${country}|${rng.range(1_000_000, 9_999_999)}`;
  const account = `${country}${rng.range(10, 99)}BANK${rng.range(10_000_000, 99_999_999)}`;
  for (const source of ['register', 'bank-a', 'benefits', 'police'].slice(0, rng.range(2, 4))) {
    const form = rng.pick(LEGAL_FORMS[country] ?? ['Ltd']);
    let written = rng.chance(0.5) ? `${name} ${form}` : `${name.toUpperCase()} ${form.toUpperCase()}`;
    if (rng.chance(0.05)) written = typo(rng, written);
    const identifiers: GeneratedIdentifier[] = [];
    if (source === 'register' || rng.chance(0.3))
      identifiers.push({ kind: 'registration', value: registration });
    if (source === 'bank-a' || rng.chance(0.3)) identifiers.push({ kind: 'account', value: account });
    const recordId = `${source}:${id}:${recordsOut.length}`;
    recordsOut.push({ id: recordId, kind: 'Organisation', source, names: [written], identifiers });
    entityOf.set(recordId, id);
  }
}

export function generateResolutionWorld(
  options: Partial<typeof RECORD_WORLD_DEFAULTS> = {},
): ResolutionWorld {
  const settings = { ...RECORD_WORLD_DEFAULTS, ...options };
  const rng = new Rng(settings.seed);
  documentCounter = settings.seed * 1_000_003;
  const records: GeneratedRecord[] = [];
  const entityOf = new Map<string, string>();
  const lookalikes: ResolutionWorld['lookalikes'] = [];
  const origins = settings.origins;
  const names = {
    syntheticShare: settings.syntheticShare,
    distinct: Math.max(10, Math.round(settings.persons / 4)),
  };
  let next = 0;
  const people: ContextPerson[] = [];
  while (next < settings.persons) {
    const origin = rng.pick(origins);
    const person = newPerson(rng, `P${next++}`, origin, names);
    people.push(person);
    personRecords(rng, person, settings, records, entityOf);
    if (!rng.chance(settings.lookalikeShare) || next >= settings.persons) continue;
    const kind = rng.pick(['father-son', 'namesakes', 'namesakes-in-town', 'twins'] as const);
    const other = newPerson(rng, `P${next++}`, origin, names);
    if (kind === 'father-son') {
      // The father is born early enough for a son 20 to 35 years younger to be born by 2006.
      const year = Math.min(Number(person.birth.slice(0, 4)), 1970);
      person.birth = `${year}${person.birth.slice(4)}`;
      Object.assign(other, {
        given: person.given,
        family: person.family,
        female: person.female,
        middle: undefined,
        married: undefined,
        birth: `${year + rng.range(20, 35)}${isoDate(rng, 2000, 2000).slice(4)}`,
        home: person.home,
        former: person.former,
      });
    } else if (kind === 'namesakes' || kind === 'namesakes-in-town') {
      Object.assign(other, {
        given: person.given,
        family: person.family,
        female: person.female,
        middle: undefined,
        married: undefined,
      });
      // In one town: next door (one street, mostly one postcode) or another street of the town.
      if (kind === 'namesakes-in-town') {
        other.home = rng.chance(0.5) ? nextDoor(rng, person.home) : newHome(rng, person.home);
        other.former = undefined;
      }
    } else {
      let given = other.given;
      while (given === person.given) given = pickName(rng, origin, rng.chance(0.5)).given;
      Object.assign(other, {
        given,
        family: person.family,
        married: undefined,
        birth: person.birth,
        home: person.home,
        former: person.former,
        phone: person.phone,
      });
    }
    personRecords(rng, other, settings, records, entityOf);
    people.push(other);
    lookalikes.push({ a: person.id, b: other.id, kind });
  }
  // A register refuses a name already registered (the UK's "same as" rule, Germany's
  // Firmenunterscheidbarkeit): registered names are unique per country. Only a trading name reused by
  // another agency (the look-alikes below) repeats.
  const registered = new Set<string>();
  for (let c = 0; c < settings.companies; c++) {
    const country = rng.pick(Object.keys(LEGAL_FORMS));
    let name = `${rng.pick(STEMS)} ${rng.pick(TRADES)}`;
    while (registered.has(`${country}|${name}`)) {
      const stem = `${rng.pick(SYLLABLES)}${rng.pick(SYLLABLES)}${rng.pick(['a', 'on', 'ex', 'ia', 'or'])}`;
      name = `${stem.charAt(0).toUpperCase()}${stem.slice(1)} ${rng.pick(TRADES)}`;
    }
    registered.add(`${country}|${name}`);
    companyRecords(rng, `C${c}`, name, country, records, entityOf);
    if (rng.chance(settings.lookalikeShare * 2)) {
      // Another agency of the same trading name: other registration number, other account.
      companyRecords(rng, `C${c}b`, name, country, records, entityOf);
      lookalikes.push({ a: `C${c}`, b: `C${c}b`, kind: 'namesake-companies' });
    }
  }
  if (settings.context) {
    const companies = [...new Set([...entityOf.values()].filter((id) => id.startsWith('C')))];
    addContext(settings.seed, people, companies, records, entityOf, lookalikes);
  }
  return { records, entityOf, lookalikes };
}
