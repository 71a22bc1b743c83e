/**
 * Company names: the legal form is written a dozen ways ("Ltd", "Limited", "L.T.D.", "S.R.L.", "SRL",
 * "GmbH") and says little about identity, so it is taken off the name before comparison and kept as
 * a canonical form of its own. Two companies of one trading name are told apart by their
 * registration numbers and accounts, not by their names.
 */
import { foldText } from '../../model/fold.ts';

/** Folded spellings (dots and spaces removed) → canonical legal form. */
const LEGAL_FORMS: Record<string, string> = {
  ltd: 'ltd',
  limited: 'ltd',
  plc: 'plc',
  llp: 'llp',
  llc: 'llc',
  inc: 'inc',
  incorporated: 'inc',
  corp: 'corp',
  corporation: 'corp',
  gmbh: 'gmbh',
  ag: 'ag',
  kg: 'kg',
  ug: 'ug',
  ev: 'ev',
  srl: 'srl',
  sa: 'sa',
  sas: 'sas',
  sarl: 'sarl',
  spa: 'spa',
  bv: 'bv',
  nv: 'nv',
  oy: 'oy',
  ab: 'ab',
  as: 'as',
  aps: 'aps',
  sp: 'sp',
  spzoo: 'spzoo',
  zoo: 'spzoo',
  ood: 'ood',
  eood: 'eood',
  ad: 'ad',
  ooo: 'ooo',
  doo: 'doo',
  sro: 'sro',
  kft: 'kft',
  zrt: 'zrt',
  ltda: 'ltda',
  sl: 'sl',
  company: 'co',
  co: 'co',
};

export interface StrippedName {
  name: string;
  form: string | undefined;
}

/**
 * "Albion Staffing Ltd." → {name: "albion staffing", form: "ltd"}; "S.R.L. Transcarpatia" →
 * {name: "transcarpatia", form: "srl"}. Legal forms are found as whole words at either end, with the
 * dots of abbreviations ("S.R.L.", "B.V.") joined first. A name that is only a legal form keeps it.
 */
export function stripLegalForm(name: string): StrippedName {
  const joined = name.replace(/\b((?:\p{L}\.){2,})/gu, (dotted) => dotted.replace(/\./g, ''));
  const tokens = foldText(joined).split(' ').filter(Boolean);
  let form: string | undefined;
  // "sp z o o" (Polish) is four tokens; join known multi-token forms first.
  const text = tokens
    .join(' ')
    .replace(/\bsp z o o\b/g, 'spzoo')
    .replace(/\bs a\b/g, 'sa');
  const parts = text.split(' ').filter(Boolean);
  while (parts.length > 1 && LEGAL_FORMS[parts[parts.length - 1]!] !== undefined) {
    form ??= LEGAL_FORMS[parts.pop()!];
  }
  while (parts.length > 1 && LEGAL_FORMS[parts[0]!] !== undefined) {
    form ??= LEGAL_FORMS[parts.shift()!];
  }
  return { name: parts.join(' '), form };
}
