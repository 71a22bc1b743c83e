/**
 * Custom scalars: a bad date, country code or JSON value is refused while the request is parsed
 * (BAD_USER_INPUT naming the value), before any resolver runs. Values stay strings on the wire.
 * Output is never refused: stored values are serialised as they are, so old data cannot break reads.
 */
import { GraphQLError, Kind, type ValueNode, valueFromASTUntyped } from 'graphql';
import { JURISDICTION_RULE, normaliseJurisdiction } from '../../model/jurisdiction.ts';
import { builder } from '../builder.ts';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d)(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;

function bad(scalar: string, value: unknown, rule: string): GraphQLError {
  return new GraphQLError(`${scalar} cannot represent ${JSON.stringify(value)}: ${rule}.`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** A real calendar day (2024-02-30 is not one). */
function realDay(year: string, month: string, day: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

/** "2024-03-01" (a real day) or null. */
export function parseIsoDate(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const m = DATE.exec(value);
  return m && realDay(m[1]!, m[2]!, m[3]!) ? value : null;
}

/** "2024-03-01T10:00:00Z" (offset and seconds optional), or a date alone (that day), or null. */
export function parseIsoDateTime(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  if (parseIsoDate(value)) return value;
  const m = DATE_TIME.exec(value);
  return m && realDay(m[1]!, m[2]!, m[3]!) ? value : null;
}

const stringLiteral = (node: ValueNode) => (node.kind === Kind.STRING ? node.value : undefined);

function stringScalar(
  name: string,
  description: string,
  rule: string,
  parse: (value: unknown) => string | null,
) {
  return builder.scalarType(name as 'Date', {
    description,
    serialize: (value) => String(value),
    parseValue: (value) => {
      const parsed = parse(value);
      if (parsed === null) throw bad(name, value, rule);
      return parsed;
    },
    parseLiteral: (node) => {
      const parsed = parse(stringLiteral(node));
      if (parsed === null) throw bad(name, stringLiteral(node) ?? node.kind, rule);
      return parsed;
    },
  });
}

export const DATE_RULE = 'an ISO 8601 calendar date such as 2024-03-01';
export const DATE_TIME_RULE =
  'an ISO 8601 date-time such as 2024-03-01T10:00:00Z (a date alone, such as 2024-03-01, means that day)';

stringScalar('Date', `A calendar day: ${DATE_RULE}.`, DATE_RULE, parseIsoDate);
stringScalar(
  'DateTime',
  `A moment: ${DATE_TIME_RULE}. Served as stored (UTC, with Z, for times Skein records).`,
  DATE_TIME_RULE,
  parseIsoDateTime,
);
stringScalar(
  'CountryCode',
  `A jurisdiction: ${JURISDICTION_RULE}. Input is trimmed and upper-cased ("gb" is GB).`,
  JURISDICTION_RULE,
  (value) => (typeof value === 'string' ? normaliseJurisdiction(value) : null),
);

builder.scalarType('JSON', {
  description:
    'A JSON value (object, list, number, string, boolean or null), served as JSON, not as a string.',
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: (node, variables) => valueFromASTUntyped(node, variables),
});
