/**
 * The mapping file: how one source layout (a bank's statement export, a phone-extraction report)
 * becomes canonical entities and relationships. An analyst writes one per layout and reuses it.
 * Shape checks live here (zod); cross-checks that need the model (labels, relationship endpoints,
 * entity references) live in parse.ts so their errors can name the offending path.
 */
import { z } from 'zod';
import { isJurisdictionCode, JURISDICTION_RULE } from '../../model/jurisdiction.ts';
import { compileDateFormat } from '../normalise/date.ts';
import { checkMonthLocale } from '../normalise/month-names.ts';
import { encodingNamed, TEXT_ENCODINGS } from '../read/decode.ts';

/** A column (CSV header name) or JSON field; dotted paths reach into nested JSON objects. */
const ColumnName = z.string().min(1).max(200);

/** Property, entity and mapping names end up in ids, reports and (as map keys) in parameters. */
export const PROPERTY_NAME = /^[a-z][A-Za-z0-9_]{0,63}$/;
export const ENTITY_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const MAPPING_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** Source names scope local ids ("person:Albion Bank plc|C0001"): any printable text without "|". */
export const SOURCE_NAME = /^[^|\p{Cc}]{1,100}$/u;

const Constant = z.union([z.string().max(1000), z.number(), z.boolean()]);
const CountryCode = z.string().refine(isJurisdictionCode, JURISDICTION_RULE);
const DecimalSeparator = z.enum(['.', ',']);
const ThousandsSeparator = z.enum([',', '.', ' ', "'", '']);
/**
 * Date patterns as the date normaliser reads them ("DD/MM/YYYY HH:mm"), plus MMM (or MMMM) for a
 * month's name in any of the languages of normalise/month-names.ts ("05-MAR-2024" is DD-MMM-YYYY,
 * "7 марта 2024 г." D MMM YYYY г.); an unusable one is a mapping error.
 */
/** A string option checked by a normaliser's own compile step: its message is the mapping error. */
const checkedBy = (check: (value: string) => unknown, min: number, max: number) =>
  z
    .string()
    .min(min)
    .max(max)
    .superRefine((value, context) => {
      try {
        check(value);
      } catch (error) {
        context.addIssue({ code: 'custom', message: error instanceof Error ? error.message : String(error) });
      }
    });

const DatePattern = checkedBy((format) => compileDateFormat(format.replace(/MMMM?/, 'MM')), 1, 40);

/** A language for month names (normalise/month-names.ts). */
const MonthLocale = checkedBy(checkMonthLocale, 2, 20);

/** Transforms by name; phone, date, datetime and amount also take options in the object form. */
export const SIMPLE_TRANSFORMS = [
  'text',
  'compact',
  'upper',
  'lower',
  'key',
  'iban',
  'email',
  'name',
  'country',
  'integer',
  'number',
  'boolean',
  'phone',
  'date',
  'datetime',
  'amount',
] as const;
export type SimpleTransform = (typeof SIMPLE_TRANSFORMS)[number];

const TransformObject = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('phone'),
    /** Country of numbers written without an international prefix (else defaults.phoneCountry, else the jurisdiction). */
    country: CountryCode.optional(),
    /** 'possible' accepts numbers outside allocated ranges (new ranges; synthetic data). */
    validate: z.enum(['valid', 'possible']).optional(),
    /** 'keep' (default): a phone-like value that fails validation is kept by its digits; 'reject': a row error. */
    raw: z.enum(['keep', 'reject']).optional(),
  }),
  z.strictObject({
    type: z.literal('name'),
    /** Drops leading titles (MR, MRS, MS, MISS, DR…) that statements print before the name. */
    stripTitle: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('date'),
    format: DatePattern.optional(),
    /** Also accepts a year ("1975") or a year and month ("1975-06"), kept as written: registers publish those. */
    partial: z.boolean().optional(),
    /** The language of MMM's month names, when a name means different months in two languages ("listopad"). */
    locale: MonthLocale.optional(),
  }),
  z.strictObject({
    type: z.literal('datetime'),
    format: DatePattern.optional(),
    locale: MonthLocale.optional(),
  }),
  z.strictObject({
    type: z.literal('amount'),
    decimal: DecimalSeparator.optional(),
    thousands: ThousandsSeparator.optional(),
    /** Stores the absolute value: statements that sign debits negative while direction is a column. */
    absolute: z.boolean().optional(),
  }),
  z.strictObject({
    type: z.literal('map'),
    /** Source value (trimmed, compared case-insensitively) → stored value. */
    values: z
      .record(z.string().max(200), Constant)
      .refine((v) => Object.keys(v).length <= 500, 'at most 500 values'),
    /** Used for values not listed; without it an unlisted value is a row error. */
    default: Constant.optional(),
  }),
]);

export const TransformSchema = z.union([z.enum(SIMPLE_TRANSFORMS), TransformObject]);
export type TransformSpec = z.infer<typeof TransformSchema>;

const FieldObject = z
  .strictObject({
    column: ColumnName.optional(),
    /** Several columns joined with `separator` (given + family name, street + house number). */
    columns: z.array(ColumnName).min(1).max(20).optional(),
    separator: z.string().max(10).optional(),
    /** A constant, the same for every row. */
    value: Constant.optional(),
    /** A value of the load itself: its jurisdiction or source (CLI --jurisdiction, --source). */
    var: z.enum(['jurisdiction', 'source']).optional(),
    /** A derived value: an expression over the row's fields (expression.ts has the grammar). */
    expr: z.string().min(1).max(500).optional(),
    /**
     * Relationship properties only: a property of another entity of the same row (the postcode of
     * the address a rent payment is for), as that entity stored it.
     */
    entity: z.string().min(1).max(64).optional(),
    property: z.string().min(1).max(64).optional(),
    /** Prepended to a non-empty value before the transform ("+" for international digits without it). */
    prefix: z.string().max(20).optional(),
    transform: TransformSchema.optional(),
    /** Used when the column is empty. */
    default: Constant.optional(),
    /** An empty value is a row error instead of an absent property. */
    required: z.boolean().optional(),
    /**
     * An invalid value in an optional field (a property, a key of an optional entity): `drop` (the
     * default) leaves it out with a warning and loads the row; `reject` rejects the row (a payment's
     * amount). Keys of other entities and required fields always reject.
     */
    invalid: z.enum(['drop', 'reject']).optional(),
  })
  .refine(
    (f) =>
      [f.column, f.columns, f.value, f.var, f.expr, f.entity].filter((x) => x !== undefined).length === 1,
    'give exactly one of column, columns, value, var, expr or entity (with property)',
  )
  .refine((f) => (f.entity === undefined) === (f.property === undefined), 'entity and property go together');

/** A field: a column name as shorthand, or an object with a source and a transform. */
export const FieldSchema = z.union([ColumnName, FieldObject]);
export type FieldSpec = z.infer<typeof FieldSchema>;

/** Patterns are short: a long one is a mistake, and length bounds the work of compiling it. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * JavaScript regular expressions backtrack: a nested quantifier ("(a+)+") or a back-reference can
 * take exponential time on a crafted cell, stalling a load. Those constructs are refused; what is
 * left (alternations, classes, single quantifiers, \b) is what telling names apart needs.
 */
function checkPattern(pattern: string, context: z.RefinementCtx): void {
  const problem = patternProblem(pattern);
  if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
}

export function patternProblem(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'iu');
  } catch (error) {
    return `not a valid pattern: ${error instanceof Error ? error.message : String(error)}`;
  }
  if (/\\[1-9]|\\k</.test(pattern))
    return 'back-references (\\1, \\k<…>) are not allowed: they can make matching slow';
  if (/\(\?<?[=!]/.test(pattern))
    return 'look-arounds ((?=…), (?!…), (?<=…)) are not allowed; use not: {matches: …}';
  if (hasNestedRepetition(pattern)) {
    return 'a repeated group containing a repetition ("(a+)+") can make matching take forever; simplify it';
  }
  return undefined;
}

/** Whether a group repeated by +, * or {n,} contains a repetition at any depth. */
function hasNestedRepetition(pattern: string): boolean {
  // Escapes and character classes are single characters for this purpose.
  const text = pattern.replace(/\\./g, 'x').replace(/\[(?:[^\]\\]|\\.)*\]/g, 'x');
  const open: boolean[] = [];
  let inner = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const next = text[i + 1] ?? '';
    const repeats = next === '+' || next === '*' || (next === '{' && /^\{\d*,\d*\}/.test(text.slice(i + 1)));
    if (c === '(') {
      open.push(inner);
      inner = false;
    } else if (c === ')') {
      if (repeats && inner) return true;
      inner = (open.pop() ?? false) || inner || repeats;
    } else if (repeats) inner = true;
  }
  return false;
}

const ConditionObject = z
  .strictObject({
    column: ColumnName,
    equals: z.union([z.string().max(200), z.number()]).optional(),
    in: z
      .array(z.union([z.string().max(200), z.number()]))
      .min(1)
      .max(200)
      .optional(),
    notIn: z
      .array(z.union([z.string().max(200), z.number()]))
      .min(1)
      .max(200)
      .optional(),
    present: z.boolean().optional(),
    /** Compares the amount-normalised value's sign: statements with one signed amount column. */
    sign: z.enum(['positive', 'negative']).optional(),
    contains: z.string().min(1).max(200).optional(),
    notContains: z.string().min(1).max(200).optional(),
    /** A regular expression, case-insensitive, searched anywhere in the value (anchor with ^ and $). */
    matches: z.string().min(1).max(MAX_PATTERN_LENGTH).superRefine(checkPattern).optional(),
    /** Compares two name columns by their match keys ("PEROV ELENA" and "Elena Perov" are the same name). */
    sameNameAs: ColumnName.optional(),
    notSameNameAs: ColumnName.optional(),
  })
  .refine(
    (c) =>
      [
        c.equals,
        c.in,
        c.notIn,
        c.present,
        c.sign,
        c.contains,
        c.notContains,
        c.matches,
        c.sameNameAs,
        c.notSameNameAs,
      ].filter((x) => x !== undefined).length === 1,
    'give exactly one of equals, in, notIn, present, sign, contains, notContains, matches, sameNameAs or notSameNameAs',
  );

export type ColumnCondition = z.infer<typeof ConditionObject>;
/** A test on one column, or `any` (OR), `all` (AND) and `not` over conditions, nested at will. */
export type ConditionNode =
  | ColumnCondition
  | { any: ConditionNode[] }
  | { all: ConditionNode[] }
  | { not: ConditionNode };

const ConditionNodeSchema: z.ZodType<ConditionNode> = z.lazy(() =>
  z.union([
    ConditionObject,
    z.strictObject({ any: z.array(ConditionNodeSchema).min(1).max(50) }),
    z.strictObject({ all: z.array(ConditionNodeSchema).min(1).max(50) }),
    z.strictObject({ not: ConditionNodeSchema }),
  ]),
);

/** A row-level condition; a list means all must hold. Values compare trimmed and case-insensitively. */
export const ConditionSchema = z.union([ConditionNodeSchema, z.array(ConditionNodeSchema).min(1).max(50)]);
export type ConditionSpec = ConditionNode | ConditionNode[];

const Properties = z.record(z.string(), FieldSchema);

/** A list inside a JSON line, and the name its elements go by: `{ path: payments, as: p }`. */
export const EachSchema = z.strictObject({
  path: ColumnName,
  as: z.string().regex(/^[a-z][A-Za-z0-9_]{0,30}$/, 'a short camelCase name'),
});

export const EntitySchema = z.strictObject({
  label: z.string().min(1).max(50),
  /** The fields whose normalised values identify the entity (its natural key). */
  key: z.array(FieldSchema).min(1).max(8),
  /**
   * How far the key is meaningful: global (an IBAN, a phone number: the same everywhere), source
   * (a customer number of this bank: the same across this source's extracts) or extract (only within
   * this file). Person defaults to source, everything else to global.
   */
  scope: z.enum(['global', 'source', 'extract']).optional(),
  /**
   * Rows whose key for this entity is incomplete (a key field empty) leave the entity and its
   * relationships out; without it such a row is rejected. An invalid key value is rejected either way.
   */
  optional: z.boolean().optional(),
  /** One entity per element of a list (JSON lines), e.g. the account of each payment of a claim. */
  each: EachSchema.optional(),
  when: ConditionSchema.optional(),
  properties: Properties.optional(),
});
export type EntitySpec = z.infer<typeof EntitySchema>;

export const RelationshipSchema = z.strictObject({
  type: z.string().min(1).max(50),
  from: z.string().min(1).max(64),
  to: z.string().min(1).max(64),
  /**
   * Event types only (PAID, CASH, CALLED): fields forming a natural key of the event (a transaction
   * reference, date + amount), so the same payment in two statements becomes one relationship.
   * Without it every row is its own event. `content` (rows with no natural id: bank and call
   * records): the event's normalised content plus its occurrence number among identical events of
   * the file, so two identical payments on one statement stay two and a re-run adds nothing.
   */
  key: z.union([z.array(FieldSchema).min(1).max(8), z.literal('content')]).optional(),
  /** One relationship per element of a list, with the row's fields too: a claim's payments → PAID events. */
  each: EachSchema.optional(),
  when: ConditionSchema.optional(),
  properties: Properties.optional(),
});
export type RelationshipSpecMapping = z.infer<typeof RelationshipSchema>;

export const InputSchema = z.strictObject({
  format: z.enum(['csv', 'jsonl']),
  /** CSV field delimiter: one character, "\t" for tabs. */
  delimiter: z.string().min(1).max(2).optional(),
  quote: z.string().length(1).optional(),
  /** One of TEXT_ENCODINGS, or an alias of one (cp1251, iso-8859-1, utf-16). */
  encoding: z
    .preprocess((v) => (typeof v === 'string' ? (encodingNamed(v) ?? v) : v), z.enum(TEXT_ENCODINGS))
    .optional(),
});

export const DefaultsSchema = z.strictObject({
  /** Country for phone numbers written without an international prefix; else the jurisdiction. */
  phoneCountry: CountryCode.optional(),
  phoneValidate: z.enum(['valid', 'possible']).optional(),
  phoneRaw: z.enum(['keep', 'reject']).optional(),
  dateFormat: DatePattern.optional(),
  datetimeFormat: DatePattern.optional(),
  decimal: DecimalSeparator.optional(),
  thousands: ThousandsSeparator.optional(),
});

export const MappingSchema = z.strictObject({
  /** Mapping format version. */
  skein: z.literal(1),
  name: z.string().regex(MAPPING_NAME, 'letters, digits, dot, dash and underscore, at most 100'),
  description: z.string().max(2000).optional(),
  /** Default source and jurisdiction of extracts in this layout (CLI options override). */
  source: z.string().regex(SOURCE_NAME, 'printable text without "|", at most 100 characters').optional(),
  jurisdiction: CountryCode.optional(),
  input: InputSchema,
  defaults: DefaultsSchema.optional(),
  /**
   * Row checks: fields that must be present and valid in every row (a row failing one is rejected),
   * whether or not an entity or relationship of that row uses them.
   */
  required: z.array(FieldSchema).max(50).optional(),
  /**
   * JSON lines: map the entities once per element of a list ("passengers"); inside the mapping the
   * element's fields are reached as `<as>.<field>`.
   */
  repeat: z
    .strictObject({
      path: ColumnName,
      as: z.string().regex(/^[a-z][A-Za-z0-9_]{0,30}$/, 'a short camelCase name'),
    })
    .optional(),
  /** Tables for lookup() in expressions: `cityCountry: { Londra: GB, Paris: FR }`. */
  lookups: z
    .record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'table names are letters, digits and _'),
      z
        .record(z.string().max(200), Constant)
        .refine((v) => Object.keys(v).length <= 10_000, 'at most 10000 values'),
    )
    .refine((v) => Object.keys(v).length <= 50, 'at most 50 tables')
    .optional(),
  entities: z.record(z.string(), EntitySchema),
  relationships: z.array(RelationshipSchema).max(100).optional(),
});
export type Mapping = z.infer<typeof MappingSchema>;
