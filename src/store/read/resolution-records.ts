/**
 * The records entity resolution compares: every Person and Organisation node the scope may see, as
 * the scope's extracts recorded it (names and spellings, birth date, nationality, registration
 * number), with the identifiers its visible links reach — phones, e-mails, accounts, addresses and
 * identity documents — and its context (the phones it called, the accounts it paid, its employers). Read page by page on the indexed id, like the projection, so a million
 * records never sit in one result. The shape matches analyse/resolve's ResolutionRecord; the store
 * does not import analysis code, the job joins the two.
 */
import { cypher } from '../cypher.ts';
import { executeRead } from '../run.ts';
import { plainProps } from './facts.ts';
import type { ReadScope } from './scope.ts';

type Props = Record<string, unknown>;

export interface StoredRecordIdentifier {
  kind: 'document' | 'registration' | 'phone' | 'email' | 'account' | 'address';
  value: string;
}

export interface StoredRecord {
  id: string;
  kind: 'Person' | 'Organisation';
  source: string;
  names: string[];
  birthDate?: string;
  nationality?: string;
  identifiers: StoredRecordIdentifier[];
  /**
   * The addresses the record is registered at, with their parts as the viewer may read them, so
   * resolution compares them by postcode, street and town rather than by node id alone.
   */
  addresses?: StoredRecordAddress[];
  /**
   * Context, as entity ids the viewer may read (resolution's context evidence): the phones the
   * record's phones called or were called by, the accounts its accounts paid or were paid by
   * (PAID either way), the organisations that employ it. Every link on the way passes need-to-know:
   * a call only an IE extract recorded is no context for a GB-only run.
   */
  context?: string[];
}

export interface StoredRecordAddress {
  id: string;
  line: string;
  postcode?: string;
  town?: string;
  country?: string;
}

export const RESOLUTION_READ_DEFAULTS = {
  pageSize: 5_000,
  /**
   * Neighbours read per record and kind (phones called, counterparty accounts, employers), the
   * first by id: a switchboard calling thousands of numbers is no one's private context.
   */
  maxContext: 200,
};

const RECORD_PAGE = `
MATCH (n:__LABEL__) WHERE n.id > $after AND VISIBLE(n)
WITH n ORDER BY n.id LIMIT toInteger($limit)
OPTIONAL MATCH (n)-[r:HAS_PHONE|HAS_EMAIL|HOLDS|HAS_DOCUMENT|REGISTERED_AT]->(x)
WHERE REL_VISIBLE(r) AND VISIBLE(x)
WITH n, collect(CASE WHEN x IS NULL THEN null ELSE {type: type(r), id: x.id, props: PROPS(x)} END) AS linked
WITH n, linked,
  COLLECT { MATCH (n)-[h:HAS_PHONE]->(p:Phone)-[c:CALLED]-(q:Phone)
    WHERE q <> p AND REL_VISIBLE(h) AND VISIBLE(p) AND REL_VISIBLE(c) AND VISIBLE(q)
    WITH DISTINCT q.id AS id ORDER BY id LIMIT toInteger($maxContext) RETURN id } AS called,
  COLLECT { MATCH (n)-[h:HOLDS]->(a:Account)-[t:PAID]-(b:Account)
    WHERE b <> a AND REL_VISIBLE(h) AND VISIBLE(a) AND REL_VISIBLE(t) AND VISIBLE(b)
    WITH DISTINCT b.id AS id ORDER BY id LIMIT toInteger($maxContext) RETURN id } AS paid,
  COLLECT { MATCH (o:Organisation)-[w:EMPLOYS]->(n)
    WHERE REL_VISIBLE(w) AND VISIBLE(o)
    WITH DISTINCT o.id AS id ORDER BY id LIMIT toInteger($maxContext) RETURN id } AS employers
OPTIONAL MATCH (e:Extract)-[:MENTIONS]->(n) WHERE $scope.all OR e.id IN $scope.extracts
WITH n, linked, called + paid + employers AS context, e ORDER BY e.loadedAt, e.id
RETURN n.id AS id, PROPS(n) AS props, linked, context, collect(e.source)[0] AS source
ORDER BY id`;

const LINK_KIND: Record<string, StoredRecordIdentifier['kind']> = {
  HAS_PHONE: 'phone',
  HAS_EMAIL: 'email',
  HOLDS: 'account',
  REGISTERED_AT: 'address',
};

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

function identifiersOf(
  kind: StoredRecord['kind'],
  props: Props,
  linked: readonly Props[],
): StoredRecordIdentifier[] {
  const out: StoredRecordIdentifier[] = [];
  for (const link of linked) {
    if (link === null) continue;
    const type = String(link.type);
    if (type === 'HAS_DOCUMENT') {
      // Type, issuing country and number: the same number issued by two countries is two documents.
      const doc = plainProps(link.props as never) as Props;
      const number = text(doc.number);
      if (number)
        out.push({
          kind: 'document',
          value: `${text(doc.type) ?? 'document'}|${text(doc.country) ?? ''}|${number}`,
        });
    } else if (LINK_KIND[type]) out.push({ kind: LINK_KIND[type]!, value: String(link.id) });
  }
  const registration = text(props.registrationNumber);
  if (kind === 'Organisation' && registration) {
    out.push({ kind: 'registration', value: `company|${text(props.country) ?? ''}|${registration}` });
  }
  return out;
}

/** Addresses among the visible links, with the parts the viewer may read. */
function addressesOf(linked: readonly Props[]): StoredRecordAddress[] {
  const out: StoredRecordAddress[] = [];
  for (const link of linked) {
    if (link === null || link.type !== 'REGISTERED_AT') continue;
    const props = plainProps(link.props as never) as Props;
    const line = text(props.line) ?? text(props.name);
    if (!line) continue;
    const address: StoredRecordAddress = { id: String(link.id), line };
    const postcode = text(props.postcode);
    const town = text(props.city) ?? text(props.town);
    const country = text(props.country);
    if (postcode) address.postcode = postcode;
    if (town) address.town = town;
    if (country) address.country = country;
    out.push(address);
  }
  return out.sort((x, y) => (x.id < y.id ? -1 : x.id > y.id ? 1 : 0));
}

/** Every record of one label the scope may see, in id order, a page at a time. */
export async function* resolutionRecords(
  label: StoredRecord['kind'],
  scope: ReadScope,
  options: Partial<typeof RESOLUTION_READ_DEFAULTS> = {},
): AsyncGenerator<StoredRecord[]> {
  const limit = options.pageSize ?? RESOLUTION_READ_DEFAULTS.pageSize;
  const maxContext = options.maxContext ?? RESOLUTION_READ_DEFAULTS.maxContext;
  let after = '';
  for (;;) {
    const rows = await executeRead(cypher(RECORD_PAGE, { label }), { after, limit, maxContext, scope });
    if (rows.length === 0) return;
    const page: StoredRecord[] = rows.map((row) => {
      const props = plainProps(row.props as never) as Props;
      const names = [text(props.name), ...((props.names as string[] | undefined) ?? [])].filter(
        (name, index, all): name is string => name !== undefined && all.indexOf(name) === index,
      );
      const record: StoredRecord = {
        id: String(row.id),
        kind: label,
        source: String(row.source ?? ''),
        names,
        identifiers: identifiersOf(label, props, row.linked as Props[]),
      };
      const addresses = addressesOf(row.linked as Props[]);
      if (addresses.length > 0) record.addresses = addresses;
      const birthDate = text(props.birthDate);
      if (birthDate) record.birthDate = birthDate;
      const nationality = text(props.nationality);
      if (nationality) record.nationality = nationality;
      const context = [...new Set((row.context as unknown[]).map(String))].sort();
      if (context.length > 0) record.context = context;
      return record;
    });
    yield page;
    after = page[page.length - 1]!.id;
    if (rows.length < limit) return;
  }
}
