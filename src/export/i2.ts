/**
 * IBM i2 Analyst's Notebook: an entities CSV and a links CSV with fixed columns, so one saved
 * import specification maps every Skein export (File > Import > with a specification that reads
 * "Entity ID" as the identity, "Icon" as the entity type and "Label" as the label; links join
 * "From Entity ID" to "To Entity ID"). Columns are documented in README "Viewer and exports".
 * Properties without a fixed column go to "Other Attributes" as `name=value; …`; provenance is
 * both spread over columns and written as one readable "Provenance" text.
 */
import { csvTable } from './csv.ts';
import {
  cellText,
  type ExportNode,
  edgeProvenanceText,
  type GraphExport,
  nodeProvenanceText,
  type Value,
} from './types.ts';

/** i2 standard-palette icon (entity type) per Skein label; rename in the import spec if yours differ. */
export const I2_ICONS: Record<string, string> = {
  Person: 'Person',
  Organisation: 'Organisation',
  Account: 'Bank Account',
  Phone: 'Telephone',
  Email: 'E-mail Address',
  Address: 'Address',
  IdentityDocument: 'Passport',
  Location: 'Place',
  Route: 'Route',
  Journey: 'Journey',
  BenefitClaim: 'Benefit Claim',
  Case: 'Case',
  Vehicle: 'Vehicle',
  Item: 'Exhibit',
  Offence: 'Crime',
  Report: 'Document',
};

/** Entity attribute columns: [column, property]. */
const ENTITY_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['Given Name', 'givenName'],
  ['Family Name', 'familyName'],
  ['Birth Date', 'birthDate'],
  ['Nationality', 'nationality'],
  ['Gender', 'gender'],
  ['IBAN', 'iban'],
  ['Bank', 'bank'],
  ['BIC', 'bic'],
  ['Currency', 'currency'],
  ['Number', 'number'],
  ['E-mail Address', 'address'],
  ['Address Line', 'line'],
  ['Postcode', 'postcode'],
  ['City', 'city'],
  ['Country', 'country'],
  ['Kind', 'kind'],
  ['Document Type', 'type'],
  ['Scheme', 'scheme'],
  ['Amount', 'amount'],
  ['Date', 'date'],
  ['Registration Number', 'registrationNumber'],
  ['Plate', 'plate'],
  ['VIN', 'vin'],
  ['Make', 'make'],
  ['Model', 'model'],
  ['Colour', 'colour'],
  ['IMEI', 'imei'],
  ['Reference', 'reference'],
  ['Network Role', 'networkRole'],
  ['Centrality', 'centrality'],
];

export const I2_ENTITY_COLUMNS = [
  'Entity ID',
  'Entity Type',
  'Icon',
  'Label',
  ...ENTITY_ATTRIBUTES.map(([column]) => column),
  'Other Attributes',
  'Source Extract IDs',
  'Source Names',
  'Source Jurisdictions',
  'Source SHA-256',
  'Source First Rows',
  'Provenance',
] as const;

const LINK_ATTRIBUTES: readonly (readonly [string, string])[] = [
  ['Amount', 'amount'],
  ['Currency', 'currency'],
  ['Kind', 'kind'],
  ['Reference', 'reference'],
  ['Seconds', 'seconds'],
  ['Role', 'role'],
  ['Start', 'from'],
  ['End', 'to'],
];

export const I2_LINK_COLUMNS = [
  'Link ID',
  'From Entity ID',
  'To Entity ID',
  'Link Type',
  'Label',
  'Direction',
  'Date',
  'Time',
  ...LINK_ATTRIBUTES.map(([column]) => column),
  'Other Attributes',
  'Source Extract ID',
  'Source Row',
  'Source Name',
  'Source SHA-256',
  'Provenance',
] as const;

function others(props: Record<string, Value>, fixed: ReadonlySet<string>): string {
  return Object.keys(props)
    .filter((key) => !fixed.has(key) && props[key] !== null && props[key] !== undefined)
    .sort()
    .map((key) => `${key}=${cellText(props[key] as Value)}`)
    .join('; ');
}

const ENTITY_FIXED = new Set(['name', ...ENTITY_ATTRIBUTES.map(([, prop]) => prop)]);
const LINK_FIXED = new Set(['at', ...LINK_ATTRIBUTES.map(([, prop]) => prop)]);

function entityRow(node: ExportNode): string[] {
  return [
    node.id,
    node.label,
    I2_ICONS[node.label] ?? node.label,
    node.name,
    ...ENTITY_ATTRIBUTES.map(([, prop]) => cellText(node.props[prop] as Value | undefined)),
    others(node.props, ENTITY_FIXED),
    node.provenance.map((p) => p.extractId).join('; '),
    node.provenance.map((p) => p.extractName).join('; '),
    node.provenance.map((p) => p.jurisdiction ?? '').join('; '),
    node.provenance.map((p) => p.sha256).join('; '),
    node.provenance.map((p) => String(p.firstRow)).join('; '),
    nodeProvenanceText(node.provenance),
  ];
}

/** `2024-01-03T10:15:00Z` → ['2024-01-03', '10:15:00']; a date alone has no time. */
export function splitDateTime(at: Value | undefined): [string, string] {
  if (typeof at !== 'string' || at.length < 10) return ['', ''];
  const time = at.length > 11 ? at.slice(11, 19) : '';
  return [at.slice(0, 10), time];
}

export function toI2Entities(graph: GraphExport): string {
  return csvTable(I2_ENTITY_COLUMNS, graph.nodes.map(entityRow));
}

export function toI2Links(graph: GraphExport): string {
  const rows = graph.edges.map((edge) => {
    const [date, time] = splitDateTime(edge.props.at ?? edge.props.from);
    const amount = typeof edge.props.amount === 'number' ? ` ${edge.props.amount}` : '';
    return [
      edge.id,
      edge.from,
      edge.to,
      edge.type,
      `${edge.type}${amount}${edge.props.currency ? ` ${edge.props.currency}` : ''}`,
      'Directed',
      date,
      time,
      ...LINK_ATTRIBUTES.map(([, prop]) => cellText(edge.props[prop] as Value | undefined)),
      others(edge.props, LINK_FIXED),
      edge.provenance?.extractId ?? '',
      edge.provenance?.row === null || edge.provenance?.row === undefined ? '' : String(edge.provenance.row),
      edge.provenance?.extractName ?? '',
      edge.provenance?.sha256 ?? '',
      edgeProvenanceText(edge.provenance),
    ];
  });
  return csvTable(I2_LINK_COLUMNS, rows);
}
