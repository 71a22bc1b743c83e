/**
 * Generator variants (issue #15 item 1): opt-in changes to the planted typologies, the layouts and the
 * noise, so detection can be scored on worlds that do not look like the ones it was tuned on. No
 * variant is on by default: without `--variants` the output is byte for byte the demo's.
 */

export const VARIANTS = {
  'shared-infra':
    'rings share infrastructure: labour rings in threes share one recruiter and one transport payer, ' +
    'sexual-exploitation rings in twos share a hotel and an ad-site account their facilitators pay',
  'mule-fraud':
    'money-mule chains fed by many unrelated fraud victims (background people, not members): ' +
    'victim -> mule -> mule -> cash-out and collector within hours, amounts shrinking by fees',
  'hidden-controller':
    'controllers never touch money: a front holds the accounts; the controller shows only through ' +
    'calls, documents held and travel paid',
  'sx-low-money':
    'sexual exploitation with little money evidence: no deposits or transfers from victims, flats and ' +
    'journeys paid in cash; the work phone and the seizure are the evidence',
  'layout-alt':
    'other column sets and header names for bank-a and telecom (files albion-transactions.csv and ' +
    'kestrel-cdr-export.csv, mappings bank-a-v2 and telecom-v2)',
  'no-benefits': 'the benefits agency sent nothing: no benefit-claims.csv or benefit-payments.csv',
  'child-victims':
    'children among the victims (issue #18): in a labour-benefit ring of six victims or more, the last ' +
    'is 15 to 17 years old when the period starts',
  typologies:
    'adds organ-removal, online-recruitment and forced-criminality networks (NET-OR, NET-OL, NET-FC) with ' +
    'their hard negatives (medical tourists, a recruitment agency, a bakery, a cash business), and two ' +
    'extracts: police-arrests.csv (mapping arrests) and job-ads.csv (mapping job-ads)',
  noisy:
    'three times the name noise (typos, transliterations, swaps, missing birth dates; at most 0.6 of a ' +
    "planted person's records)",
} as const;

export type Variant = keyof typeof VARIANTS;

export const VARIANT_NAMES = Object.keys(VARIANTS) as Variant[];

export function isVariant(name: string): name is Variant {
  return Object.hasOwn(VARIANTS, name);
}

/** The variants of a run as a set (empty for the default world). */
export function variantSet(variants: readonly string[] | undefined): ReadonlySet<Variant> {
  return new Set((variants ?? []).filter(isVariant));
}
