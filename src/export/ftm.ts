/**
 * FollowTheMoney entities as JSON lines (`{"id", "schema", "properties": {prop: [values]}}`), the
 * format of Aleph and OpenSanctions, limited to what Skein's own FtM loader (src/ingest/ftm) reads
 * back, so an export re-imports cleanly:
 *
 * - Person → Person; Organisation → Company / Organization / PublicBody; Account → BankAccount;
 *   Address → Address; IdentityDocument → Passport or Identification (with `holder`); Vehicle →
 *   Vehicle (with `owner` and `operator` from OWNS and USES);
 * - phones and e-mails become `phone` / `email` of their holder, addresses `addressEntity`;
 * - PAID → Payment, HOLDS and OWNS → Ownership, DIRECTS → Directorship, EMPLOYS → Employment,
 *   RELATED_TO → Family or Associate, CALLED → Call (by numbers, with caller/receiver when known).
 *
 * FtM has no schema the loader maps to benefit claims, journeys, routes, places, cases, cash
 * withdrawals, seized items, offences, reports or the labels a model extension declares: those are
 * counted in `skipped` (they are in every other format). A Vehicle line is FtM's own Vehicle, which
 * Aleph reads and Skein's FtM loader reads back (by plate, with owners and operators). Provenance: things
 * carry `publisher` (the sources) and `notes` (extract, hash, first row); intervals carry
 * `recordId` (`<extract id>#<row>`) and `description`; every line also lists its extract ids in the
 * top-level `datasets`, as FtM statement exports do. A person or organisation of an identity lists
 * its other records in the top-level `referents` (as OpenSanctions does) and its identity in `notes`.
 */
import { createHash } from 'node:crypto';
import {
  cellText,
  type ExportEdge,
  type ExportNode,
  edgeProvenanceText,
  type GraphExport,
  nodeProvenanceText,
  type Value,
} from './types.ts';

export interface FtmEntity {
  id: string;
  schema: string;
  properties: Record<string, string[]>;
  datasets: string[];
  /**
   * The other records of its identity (SAME_AS the viewer may read), as OpenSanctions lists the
   * source entities grouped into one: FtM has no property for "the same as".
   */
  referents?: string[];
}

export interface FtmExport {
  entities: FtmEntity[];
  /** What FtM (as Skein loads it) cannot carry: label or relationship type → count. */
  skipped: Record<string, number>;
}

const ORGANISATION_SCHEMA: Record<string, string> = {
  company: 'Company',
  'public body': 'PublicBody',
  agency: 'PublicBody',
};

/** A short FtM id for an interval (edge ids can be long): sha1 of the Skein key, like FtM's make_id. */
function intervalId(edge: ExportEdge): string {
  return `skein-${createHash('sha1').update(`${edge.type}\u001f${edge.id}`).digest('hex')}`;
}

function text(value: Value | undefined): string | undefined {
  const t = cellText(value);
  return t.length > 0 ? t : undefined;
}

class Props {
  readonly values: Record<string, string[]> = {};
  add(prop: string, value: Value | undefined): this {
    const t = text(value);
    if (t === undefined) return this;
    const list = this.values[prop] ?? [];
    if (!list.includes(t)) list.push(t);
    this.values[prop] = list;
    return this;
  }
}

function thingSchema(node: ExportNode): string | undefined {
  switch (node.label) {
    case 'Person':
      return 'Person';
    case 'Organisation':
      return ORGANISATION_SCHEMA[String(node.props.kind ?? '')] ?? 'Organization';
    case 'Account':
      return 'BankAccount';
    case 'Address':
      return 'Address';
    case 'IdentityDocument':
      return node.props.type === 'passport' ? 'Passport' : 'Identification';
    case 'Vehicle':
      return 'Vehicle';
    default:
      return undefined;
  }
}

function thingProps(node: ExportNode, props: Props): void {
  const p = node.props;
  switch (node.label) {
    case 'Person':
      props.add('name', node.name).add('firstName', p.givenName).add('lastName', p.familyName);
      props.add('birthDate', p.birthDate).add('nationality', p.nationality).add('gender', p.gender);
      for (const alias of Array.isArray(p.names) ? p.names : []) props.add('alias', alias);
      break;
    case 'Organisation':
      props
        .add('name', node.name)
        .add('jurisdiction', p.country)
        .add('registrationNumber', p.registrationNumber);
      props.add('incorporationDate', p.incorporatedOn);
      break;
    case 'Account':
      props.add('iban', p.iban).add('accountNumber', p.number).add('bankName', p.bank).add('bic', p.bic);
      props.add('currency', p.currency).add('country', p.country);
      break;
    case 'Address':
      props
        .add('full', p.line ?? node.name)
        .add('postalCode', p.postcode)
        .add('city', p.city);
      props.add('country', p.country);
      break;
    case 'IdentityDocument':
      props.add('number', p.number).add('country', p.country).add('type', p.type);
      break;
    case 'Vehicle':
      props.add('name', node.name).add('registrationNumber', p.plate).add('country', p.country);
      props.add('model', [p.make, p.model].filter((v) => typeof v === 'string').join(' ') || undefined);
      props.add('type', p.kind);
      if (typeof p.vin === 'string') props.add('notes', `VIN ${p.vin}`);
      if (typeof p.colour === 'string') props.add('notes', `colour ${p.colour}`);
      break;
  }
  for (const source of node.provenance) props.add('publisher', source.source);
  props.add('notes', `Skein ${node.id}; ${nodeProvenanceText(node.provenance)}`);
  if (typeof node.props.identity === 'string') props.add('notes', `Skein ${node.props.identity}`);
}

export function toFtmEntities(graph: GraphExport): FtmExport {
  const skipped: Record<string, number> = {};
  const skip = (what: string) => {
    skipped[what] = (skipped[what] ?? 0) + 1;
  };
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const things = new Map<string, { node: ExportNode; schema: string; props: Props }>();
  for (const node of graph.nodes) {
    const schema = thingSchema(node);
    if (schema === undefined) {
      if (node.label !== 'Phone' && node.label !== 'Email') skip(node.label);
      continue;
    }
    const props = new Props();
    thingProps(node, props);
    things.set(node.id, { node, schema, props });
  }
  const intervals: FtmEntity[] = [];
  const datasetsOf = (edge: ExportEdge) => (edge.provenance ? [edge.provenance.extractId] : []);
  const interval = (edge: ExportEdge, schema: string, props: Props) => {
    if (edge.provenance) {
      props.add('recordId', `${edge.provenance.extractId}#${edge.provenance.row ?? ''}`);
    }
    props.add('description', `Skein ${edge.type} ${edge.id}; ${edgeProvenanceText(edge.provenance)}`);
    intervals.push({ id: intervalId(edge), schema, properties: props.values, datasets: datasetsOf(edge) });
  };
  const phoneNumber = (id: string) => text(byId.get(id)?.props.number) ?? id.replace(/^phone:/, '');
  for (const edge of graph.edges) {
    const from = things.get(edge.from);
    const to = things.get(edge.to);
    const p = edge.props;
    switch (edge.type) {
      case 'HAS_PHONE':
        if (from) from.props.add('phone', phoneNumber(edge.to));
        else skip(edge.type);
        break;
      case 'HAS_EMAIL':
        if (from) from.props.add('email', byId.get(edge.to)?.props.address ?? edge.to.replace(/^email:/, ''));
        else skip(edge.type);
        break;
      case 'REGISTERED_AT':
        if (from && to) from.props.add('addressEntity', edge.to);
        else skip(edge.type);
        break;
      case 'HAS_DOCUMENT':
        if (from && to) to.props.add('holder', edge.from);
        else skip(edge.type);
        break;
      case 'PAID':
        if (!from || !to || typeof p.amount !== 'number' || typeof p.at !== 'string') skip(edge.type);
        else {
          const props = new Props().add('payerAccount', edge.from).add('beneficiaryAccount', edge.to);
          props
            .add('amount', p.amount)
            .add('currency', p.currency)
            .add('date', p.at)
            .add('purpose', p.reference);
          interval(edge, 'Payment', props);
        }
        break;
      case 'OWNS':
      case 'USES':
        // A vehicle's owners and drivers are its own properties in FtM.
        if (to?.schema === 'Vehicle' && from) {
          to.props.add(edge.type === 'OWNS' ? 'owner' : 'operator', edge.from);
          break;
        }
        if (edge.type === 'USES' || !from || !to) {
          skip(edge.type);
          break;
        }
        {
          const props = new Props().add('owner', edge.from).add('asset', edge.to).add('percentage', p.share);
          interval(edge, 'Ownership', props.add('startDate', p.from).add('endDate', p.to));
        }
        break;
      case 'HOLDS':
        if (!from || !to) skip(edge.type);
        else {
          const props = new Props().add('owner', edge.from).add('asset', edge.to).add('percentage', p.share);
          interval(edge, 'Ownership', props.add('startDate', p.from).add('endDate', p.to));
        }
        break;
      case 'DIRECTS':
        if (!from || !to) skip(edge.type);
        else {
          const props = new Props()
            .add('director', edge.from)
            .add('organization', edge.to)
            .add('role', p.role);
          interval(edge, 'Directorship', props.add('startDate', p.from).add('endDate', p.to));
        }
        break;
      case 'EMPLOYS':
        if (!from || !to) skip(edge.type);
        else {
          const props = new Props().add('employer', edge.from).add('employee', edge.to).add('role', p.role);
          interval(edge, 'Employment', props.add('startDate', p.from).add('endDate', p.to));
        }
        break;
      case 'RELATED_TO':
        if (!from || !to) skip(edge.type);
        else if (p.kind === 'associate') {
          interval(edge, 'Associate', new Props().add('person', edge.from).add('associate', edge.to));
        } else {
          const props = new Props().add('person', edge.from).add('relative', edge.to);
          interval(edge, 'Family', props.add('relationship', p.relationship ?? p.kind));
        }
        break;
      case 'CALLED': {
        const props = new Props().add('callerNumber', phoneNumber(edge.from));
        props.add('receiverNumber', phoneNumber(edge.to)).add('date', p.at).add('duration', p.seconds);
        interval(edge, 'Call', props);
        break;
      }
      default:
        skip(edge.type);
    }
  }
  const entities: FtmEntity[] = [...things.values()].map(({ node, schema, props }) => {
    const records = node.props.identityRecords;
    const referents = Array.isArray(records) ? records.map(String).filter((id) => id !== node.id) : [];
    return {
      id: node.id,
      schema,
      properties: props.values,
      datasets: node.provenance.map((source) => source.extractId),
      ...(referents.length > 0 ? { referents } : {}),
    };
  });
  return { entities: [...entities, ...intervals], skipped };
}

export function toFtmJsonLines(graph: GraphExport): string {
  return toFtmEntities(graph)
    .entities.map((entity) => JSON.stringify(entity))
    .join('\n')
    .concat('\n');
}
