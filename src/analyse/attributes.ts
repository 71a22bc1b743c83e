/**
 * The attributes the analysis reads: of the store's properties, only these reach the analysis
 * graph (jobs/graph-builder.ts) — the rest (provenance lists such as `extracts` and `extractRows`,
 * row numbers, `names`, load stamps, free text nobody matches) would take most of the heap of a
 * big run for nothing (issue 16: 7.9 GB for 3.25M relationships with every property held).
 *
 * One list for every label and type: a name read on one label is kept on all of them, which costs
 * little and cannot drop a value a pattern reads under another label. Derived by recording every
 * attribute read during whole analyses of the dev worlds (`scripts/bench/detect-slim.ts --probe`)
 * and by reading the sources; `scripts/bench/detect-slim.ts` and test/integration/analyse/slim.test.ts
 * check that the slim graph gives the analysis of the full one. A new pattern that reads a property
 * not listed here sees it as absent: add the name here.
 */
export const ANALYSIS_ATTRIBUTES: ReadonlySet<string> = new Set([
  'address',
  'advertiser',
  'amount',
  'at',
  'bank',
  'bic',
  'birthDate',
  'branch',
  'category',
  'city',
  'count',
  'country',
  'currency',
  'date',
  'depart',
  'description',
  'device',
  'direction',
  'end',
  'familyName',
  'from',
  'givenName',
  'holderName',
  'iban',
  'imei',
  'introducer',
  'kind',
  'line',
  'minor',
  'mode',
  'name',
  'nationality',
  'opened',
  'phone',
  'propertyType',
  'reference',
  'role',
  'scheme',
  'score',
  'start',
  'title',
  'to',
  'town',
  // A node's own kind (an identity document's, a location's); a relationship's is its type.
  'type',
]);
