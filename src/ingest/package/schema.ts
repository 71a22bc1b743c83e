/**
 * The source-package file: one YAML (or JSON) file naming the several files of one source (a police
 * export's nodes and relationship files, a telecom's calls split over three files) and how each is
 * read. Shape checks live here (zod); checks that need the model or the files live in parse.ts and
 * plan.ts so their errors can name the offending key.
 */
import { z } from 'zod';
import { isJurisdictionCode, JURISDICTION_RULE } from '../../model/jurisdiction.ts';
import { InputSchema, PROPERTY_NAME, SOURCE_NAME, TransformSchema } from '../mapping/schema.ts';

const PACKAGE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/;
/** File aliases name the files in joins, in Extract mapping names ("police/persons") and in errors. */
export const FILE_ALIAS = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const CountryCode = z.string().refine(isJurisdictionCode, JURISDICTION_RULE);
const Constant = z.union([z.string().max(1000), z.number(), z.boolean()]);

/**
 * A neo4j-admin label → a Skein label. A string names the label; "skip" rejects rows of that label
 * (counted and written to the rejects file, so nothing is lost unseen); null ignores the label on
 * nodes that carry another (Person;Suspect).
 */
const LabelObject = z.strictObject({
  label: z.string().min(1).max(50),
  /**
   * A property that identifies the node everywhere (a phone number, an IBAN), with its transform;
   * without it the node is identified by its :ID within the export (see `ids`).
   */
  key: z
    .strictObject({ property: z.string().min(1).max(100), transform: TransformSchema.optional() })
    .optional(),
  /** Properties joined (with a space) into the Skein name, read with the name transform for persons and organisations. */
  name: z.array(z.string().min(1).max(100)).min(1).max(5).optional(),
  /** Transforms for properties, by header name (phone, email, iban, date...); others keep their header type. */
  properties: z.record(z.string().max(100), TransformSchema).optional(),
  /** Header names → Skein property names (POLE's `reg` is a Vehicle's `plate`, `last_outcome` an Offence's `outcome`). */
  rename: z
    .record(z.string().max(100), z.string().regex(PROPERTY_NAME, 'a camelCase property name'))
    .optional(),
  /** Constant properties every such node gets (Weapon as Item {kind: 'weapon'}); the row's values win. */
  set: z.record(z.string().max(64), Constant).optional(),
});
export const LabelEntrySchema = z.union([
  z.literal('skip'),
  z.null(),
  z.string().min(1).max(50),
  LabelObject,
]);
export type LabelEntry = z.infer<typeof LabelEntrySchema>;

/** A neo4j-admin relationship type → a Skein type; "skip" rejects its rows (counted, in the rejects file). */
const TypeObject = z.strictObject({
  type: z.string().min(1).max(50),
  /** The admin relationship points the other way round from Skein's (PHONE_OF: Phone → Person is HAS_PHONE reversed). */
  reverse: z.boolean().optional(),
  /** Constant properties every such relationship gets (RELATED_TO {kind: 'family'}). */
  set: z.record(z.string().max(64), Constant).optional(),
});
const TypeTarget = z.union([z.string().min(1).max(50), TypeObject]);
/**
 * A list tries each target in turn and takes the first whose endpoint labels fit the row's nodes:
 * POLE's PARTY_TO joins a person to a crime (INVOLVED_IN) where Skein's joins a party to a report.
 */
export const TypeEntrySchema = z.union([z.literal('skip'), TypeTarget, z.array(TypeTarget).min(1).max(5)]);
export type TypeEntry = z.infer<typeof TypeEntrySchema>;

const JoinMember = z.strictObject({
  /** The alias of the file whose rows join this file's. */
  file: z.string().regex(FILE_ALIAS),
  /** Its key column. */
  key: z.string().min(1).max(200),
  /** Without a row of that file the joined row is rejected (default); false: the row goes on without it. */
  required: z.boolean().optional(),
});

/**
 * One event from several files: each row of this (base) file is joined by `key` with one row of each
 * file in `with`, reached in the base file's mapping as `<name>.<column>` ("caller.phone").
 */
const JoinSchema = z.strictObject({
  key: z.string().min(1).max(200),
  with: z
    .record(z.string().regex(/^[a-z][A-Za-z0-9_]{0,30}$/, 'a short camelCase name'), JoinMember)
    .refine((v) => Object.keys(v).length >= 1 && Object.keys(v).length <= 10, 'join 1 to 10 files'),
});
export type JoinSpec = z.infer<typeof JoinSchema>;

const FileSchema = z.strictObject({
  /** Relative to the package file's folder (or absolute). */
  path: z.string().min(1).max(1000),
  /**
   * A mapping file (relative path or shipped name) or an inline mapping (name, skein and input may be
   * left out). Without a mapping the file is read in the neo4j-admin layout, or joined into another file.
   */
  mapping: z.union([z.string().min(1).max(1000), z.record(z.string(), z.unknown())]).optional(),
  /** neo4j-admin node files: the label of every row (as `--nodes=Person=persons.csv`), added to any :LABEL column. */
  label: z.string().min(1).max(100).optional(),
  /** neo4j-admin relationship files without a :TYPE column: the type of every row. */
  type: z.string().min(1).max(100).optional(),
  join: JoinSchema.optional(),
});
export type PackageFile = z.infer<typeof FileSchema>;

export const PackageSchema = z.strictObject({
  /** Package format version. */
  skein: z.literal(1),
  package: z.string().regex(PACKAGE_NAME, 'letters, digits, dot, dash and underscore, at most 100'),
  description: z.string().max(2000).optional(),
  source: z.string().regex(SOURCE_NAME, 'printable text without "|", at most 100 characters').optional(),
  jurisdiction: CountryCode.optional(),
  /**
   * How far a neo4j-admin :ID identifies a node: `export` (default) — only within these files, as
   * neo4j-admin promises (two exports' "17" are different people); `source` — across every export
   * of the source (a police system's stable person numbers).
   */
  ids: z.enum(['export', 'source']).optional(),
  /** How files without a mapping of their own are read (neo4j-admin files, joined files): CSV, "," by default. */
  input: InputSchema.partial({ format: true }).optional(),
  /** neo4j-admin array values (`tags:string[]`) are split on this (default ";"). */
  arrayDelimiter: z.string().length(1).optional(),
  labels: z.record(z.string().min(1).max(100), LabelEntrySchema).optional(),
  types: z.record(z.string().min(1).max(100), TypeEntrySchema).optional(),
  /**
   * The package's files by alias, loaded in this order (relationships and joins resolve whatever the
   * order). Left out, the files are given on the command line (neo4j-admin layout only).
   */
  files: z
    .record(z.string().regex(FILE_ALIAS, 'letters, digits, - and _, starting with a letter'), FileSchema)
    .refine((v) => Object.keys(v).length >= 1 && Object.keys(v).length <= 100, 'list 1 to 100 files')
    .optional(),
});
export type Package = z.infer<typeof PackageSchema>;
