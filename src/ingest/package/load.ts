/**
 * Loads a source package: several files of one source through one package file. Each file is loaded
 * as its own Extract by the single-file loader (ingest/load.ts), so accounting (read = loaded +
 * rejected), rejects files, checkpoints, resuming and idempotency are exactly a single file's; what
 * the package adds is read before anything is written:
 *
 * - every neo4j-admin node file is indexed (id space + :ID → Skein node), so relationship files
 *   resolve their ends against any node file whatever the load order;
 * - every join's member files are indexed by key, and the base file is mapped once dry, so each
 *   member row's fate (joined into a loaded event, or why not) is known before its file loads;
 * - labels and types the tables do not map are one error listing them all, before any write.
 *
 * An Extract's identity is its file's content and the package's (the package file, its mappings,
 * source, jurisdiction and every file's content): running the package again changes nothing; after
 * a kill, completed files stay complete and the interrupted one resumes after its checkpoint.
 */
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { sha256 } from '../../model/ids.ts';
import { JURISDICTION_RULE, normaliseJurisdiction } from '../../model/jurisdiction.ts';
import {
  type CodeMapping,
  extractIdOf,
  type LoadHooks,
  type LoadOptions,
  type LoadSummary,
  loadExtract,
} from '../load.ts';
import { compileMapping, type LoadContext, type RowMapper } from '../mapping/apply.ts';
import { MappingError, mappedColumns } from '../mapping/parse.ts';
import type { Mapping } from '../mapping/schema.ts';
import { readCsvHeader } from '../read/csv.ts';
import { sha256File } from '../read/hash.ts';
import { MalformedFileError } from '../read/record.ts';
import { openRecords, type SourceOptions } from '../source.ts';
import {
  type AdminHeader,
  type AdminIndex,
  type AdminSettings,
  compileNodeFile,
  compileRelationshipFile,
  parseAdminHeader,
  resolveLabel,
  resolveType,
} from './admin.ts';
import { type JoinMemberPlan, type JoinPlan, joinedBaseMapper, joinedMemberMapper } from './join.ts';
import { loadPackageFile, type ParsedPackage } from './parse.ts';
import { FILE_ALIAS, type PackageFile } from './schema.ts';

export interface PackageLoadOptions {
  /** A package file path, a shipped package name (src/ingest/mappings/packages), or a parsed package. */
  package: string | ParsedPackage;
  /** The files of a package that lists none (the shipped neo4j-admin package): from the command line. */
  files?: string[];
  jurisdiction?: string;
  source?: string;
  dryRun?: boolean;
  batchSize?: number;
  retryForMs?: number;
}

export interface PackageHooks extends LoadHooks {
  /** Called before each file is loaded. */
  onFile?: (alias: string, file: string) => void;
}

export interface PackageFileSummary extends LoadSummary {
  alias: string;
  /** How the file was read: mapped, joined into another file, neo4j-admin nodes or relationships. */
  kind: FileKind;
}

export interface PackageSummary {
  package: string;
  source: string;
  jurisdiction: string | null;
  files: PackageFileSummary[];
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
}

/** Loads one file; the CLI passes the audited runner (jobs/load.ts runLoad). */
export type LoadOne = (options: LoadOptions, hooks: LoadHooks) => Promise<LoadSummary>;

type FileKind = 'mapped' | 'joined' | 'nodes' | 'relationships';

interface PlannedFile {
  alias: string;
  path: string;
  name: string;
  entry: PackageFile;
  sha: string;
  kind: FileKind;
  mapping?: Mapping;
  admin?: AdminHeader;
  sourceOptions: SourceOptions;
  mappingSha: string;
  extractId: string;
  makeMapper?: (context: LoadContext) => Promise<RowMapper>;
  columns: string[];
}

/** An alias from a file name: "persons_header.csv" → "persons_header". */
function aliasFor(file: string, taken: Set<string>): string {
  let alias = basename(file)
    .replace(/\.[^.]*$/, '')
    .replace(/[^A-Za-z0-9_-]+/g, '-');
  if (!/^[A-Za-z]/.test(alias)) alias = `f${alias}`;
  alias = alias.slice(0, 60);
  let unique = alias;
  for (let n = 2; taken.has(unique); n++) unique = `${alias}-${n}`;
  if (!FILE_ALIAS.test(unique))
    throw new Error(`ingest/package: cannot name file ${file}; list it in a package file`);
  taken.add(unique);
  return unique;
}

function fileEntries(
  parsed: ParsedPackage,
  given: readonly string[] | undefined,
): { alias: string; path: string; entry: PackageFile }[] {
  const listed = parsed.pkg.files;
  if (listed !== undefined) {
    if (given !== undefined && given.length > 0) {
      throw new MappingError(parsed.file, [
        'files: the package lists its files; give none on the command line (or write a package without "files")',
      ]);
    }
    return Object.entries(listed).map(([alias, entry]) => ({
      alias,
      path: resolve(parsed.dir, entry.path),
      entry,
    }));
  }
  if (given === undefined || given.length === 0) {
    throw new MappingError(parsed.file, [
      'files: the package lists no files; give the files on the command line',
    ]);
  }
  const taken = new Set<string>();
  return given.map((path) => ({ alias: aliasFor(path, taken), path: resolve(path), entry: { path } }));
}

function checkFile(path: string): void {
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
  } catch {
    throw new MalformedFileError(
      path,
      undefined,
      undefined,
      'not found or not a readable file (listed in the package)',
    );
  }
}

function packageSourceOptions(parsed: ParsedPackage): SourceOptions {
  const input = parsed.pkg.input ?? {};
  return {
    format: input.format ?? 'csv',
    delimiter: input.delimiter ?? ',',
    ...(input.quote !== undefined ? { quote: input.quote } : {}),
    ...(input.encoding !== undefined ? { encoding: input.encoding } : {}),
  };
}

function mappingSourceOptions(mapping: Mapping): SourceOptions {
  return {
    format: mapping.input.format,
    ...(mapping.input.delimiter !== undefined ? { delimiter: mapping.input.delimiter } : {}),
    ...(mapping.input.quote !== undefined ? { quote: mapping.input.quote } : {}),
    ...(mapping.input.encoding !== undefined ? { encoding: mapping.input.encoding } : {}),
  };
}

/** A value detached from the reader's chunk (see mapping/transforms.ts detach), so an index does not pin the file. */
function detachFields(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields))
    out[key] = typeof value === 'string' ? ` ${value}`.slice(1) : value;
  return out;
}

async function headerOf(file: PlannedFile): Promise<string[]> {
  if (file.sourceOptions.format !== 'csv') return [];
  return (
    await readCsvHeader(file.path, {
      delimiter: file.sourceOptions.delimiter ?? ',',
      ...(file.sourceOptions.quote !== undefined ? { quote: file.sourceOptions.quote } : {}),
      ...(file.sourceOptions.encoding !== undefined ? { encoding: file.sourceOptions.encoding } : {}),
    })
  ).columns;
}

/** Plans every file; throws MappingError or MalformedFileError before anything is written. */
export async function planPackage(options: PackageLoadOptions): Promise<{
  parsed: ParsedPackage;
  source: string;
  jurisdiction: string | undefined;
  files: PlannedFile[];
}> {
  const parsed = typeof options.package === 'string' ? loadPackageFile(options.package) : options.package;
  const { pkg } = parsed;
  const source = (options.source ?? pkg.source ?? pkg.package).trim();
  const givenJurisdiction = options.jurisdiction ?? pkg.jurisdiction;
  let jurisdiction: string | undefined;
  if (givenJurisdiction !== undefined && givenJurisdiction !== '') {
    const code = normaliseJurisdiction(givenJurisdiction);
    if (code === null)
      throw new Error(`ingest/package: jurisdiction "${givenJurisdiction}" must be ${JURISDICTION_RULE}`);
    jurisdiction = code;
  }
  const entries = fileEntries(parsed, options.files);
  const joinedInto = new Map<string, { base: string; as: string }>();
  for (const { alias, entry } of entries) {
    for (const [as, member] of Object.entries(entry.join?.with ?? {}))
      joinedInto.set(member.file, { base: alias, as });
  }
  const issues: string[] = [];
  const files: PlannedFile[] = [];
  for (const { alias, path, entry } of entries) {
    checkFile(path);
    const mapping = parsed.mappings.get(alias);
    const file: PlannedFile = {
      alias,
      path,
      name: basename(path),
      entry,
      sha: await sha256File(path),
      kind: mapping !== undefined ? 'mapped' : joinedInto.has(alias) ? 'joined' : 'nodes',
      sourceOptions: mapping !== undefined ? mappingSourceOptions(mapping) : packageSourceOptions(parsed),
      mappingSha: '',
      extractId: '',
      columns: [],
      ...(mapping !== undefined ? { mapping } : {}),
    };
    if (file.kind === 'nodes') {
      const { header, issues: headerIssues } = parseAdminHeader(
        await headerOf(file),
        `files.${alias} (${file.name})`,
      );
      issues.push(...headerIssues);
      if (header !== undefined) {
        file.kind = header.kind;
        file.admin = header;
        file.columns = header.columns.map((c) => c.header);
        if (header.kind === 'nodes' && entry.type !== undefined)
          issues.push(`files.${alias}.type: ${file.name} is a node file; give it a label, not a type`);
        if (header.kind === 'relationships' && entry.label !== undefined)
          issues.push(
            `files.${alias}.label: ${file.name} is a relationship file; give it a type, not a label`,
          );
      }
    }
    files.push(file);
  }
  if (issues.length > 0) throw new MappingError(parsed.file, issues);

  // Identity: the package as a whole, so a changed file or mapping makes new extracts, never a mix.
  const packageSha = sha256(
    JSON.stringify({
      pkg,
      source,
      jurisdiction: jurisdiction ?? null,
      mappings: [...parsed.mappings],
      files: files.map((f) => [f.alias, f.sha]),
    }),
  );
  for (const file of files) {
    file.mappingSha = sha256(`${packageSha}|${file.alias}`);
    file.extractId = extractIdOf(file.sha, file.mappingSha);
  }
  const exportTag = sha256(
    files
      .filter((f) => f.kind === 'nodes')
      .map((f) => f.sha)
      .sort() // the export, not the order its files are listed in
      .join('|'),
  ).slice(0, 12);
  const settings: AdminSettings = {
    pkg,
    idScope: pkg.ids === 'source' ? [source] : [source, exportTag],
    transformContext: { defaults: {}, jurisdiction },
    arrayDelimiter: pkg.arrayDelimiter ?? ';',
  };
  const index = await indexNodes(parsed, files, settings);
  await checkRelationshipTypes(parsed, files);
  const byAlias = new Map(files.map((f) => [f.alias, f]));
  for (const file of files) {
    const context = (load: LoadContext) => {
      if (load.extractId !== file.extractId) {
        throw new Error(
          `ingest/package: ${file.alias} loads as ${load.extractId}, planned as ${file.extractId}; please report`,
        );
      }
      return load;
    };
    if (file.kind === 'nodes') {
      const compiled = compileNodeFile(file.admin as AdminHeader, file.entry.label, settings);
      file.makeMapper = async (load) => {
        context(load);
        return nodeMapper(compiled, index, file);
      };
    } else if (file.kind === 'relationships') {
      file.makeMapper = async (load) =>
        compileRelationshipFile(file.admin as AdminHeader, file.entry.type, settings, index, context(load));
    } else if (file.kind === 'mapped' && file.entry.join === undefined) {
      const mapping = file.mapping as Mapping;
      file.columns = mapping.input.format === 'csv' ? mappedColumns(mapping) : [];
      file.makeMapper = async (load) => compileMapping(mapping, context(load));
    }
  }
  for (const base of files.filter((f) => f.entry.join !== undefined)) {
    await planJoin(parsed, base, byAlias, source, jurisdiction);
  }
  return { parsed, source, jurisdiction, files };
}

/** The load-time mapper of a node file: the index pass's verdict, row for row (a second :ID is a duplicate). */
function nodeMapper(
  compiled: ReturnType<typeof compileNodeFile>,
  index: AdminIndex,
  file: PlannedFile,
): RowMapper {
  return {
    apply(record) {
      const result = compiled.apply(record.fields as Record<string, string>);
      if (!result.ok) return { ok: false, reason: result.reason };
      const first = index.get(result.key);
      if (first !== undefined && (first.alias !== file.alias || first.line !== record.line)) {
        const [space, id] = result.key.split('\u001f');
        return {
          ok: false,
          reason: `duplicate :ID "${id}"${space ? ` in id space ${space}` : ''}: the node is the one at ${first.at}`,
        };
      }
      return { ok: true, nodes: [result.node], relationships: [], warnings: result.warnings };
    },
  };
}

async function indexNodes(
  parsed: ParsedPackage,
  files: PlannedFile[],
  settings: AdminSettings,
): Promise<AdminIndex> {
  const index: AdminIndex = new Map();
  const unknown = new Map<string, string>();
  for (const file of files.filter((f) => f.kind === 'nodes')) {
    const compiled = compileNodeFile(file.admin as AdminHeader, file.entry.label, settings);
    const labelColumn = file.admin?.columns.find((c) => c.role === 'label');
    for (const name of file.entry.label !== undefined ? [file.entry.label] : []) {
      if (resolveLabel(name, settings.pkg.labels) === undefined && !unknown.has(name))
        unknown.set(name, `files.${file.alias}.label`);
    }
    for await (const record of openRecords(file.path, file.sourceOptions)) {
      const fields = record.fields as Record<string, string>;
      if (labelColumn !== undefined) {
        for (const raw of (fields[labelColumn.header] ?? '').split(settings.arrayDelimiter)) {
          const name = raw.trim();
          if (
            name.length > 0 &&
            !unknown.has(name) &&
            resolveLabel(name, settings.pkg.labels) === undefined
          ) {
            unknown.set(name, `${file.name} line ${record.line}`);
          }
        }
      }
      const result = compiled.apply(fields);
      if (result.key === undefined || index.has(result.key)) continue;
      const at = `${file.name} line ${record.line}`;
      const where = { at, alias: file.alias, line: record.line };
      index.set(
        ` ${result.key}`.slice(1),
        result.ok
          ? { ...where, label: result.node.label, id: result.node.id }
          : result.skipped !== undefined
            ? { ...where, skipped: result.skipped }
            : { ...where, rejected: result.reason },
      );
    }
  }
  if (unknown.size > 0) {
    throw new MappingError(
      parsed.file,
      [...unknown].map(
        ([name, at]) =>
          `labels: "${name}" (first at ${at}) is not a Skein label; map it in the package's labels table to a label of the model, to "skip" (its rows are rejected and counted) or to null (ignored beside another label)`,
      ),
    );
  }
  return index;
}

async function checkRelationshipTypes(parsed: ParsedPackage, files: PlannedFile[]): Promise<void> {
  const unknown = new Map<string, string>();
  for (const file of files.filter((f) => f.kind === 'relationships')) {
    if (file.entry.type !== undefined && resolveType(file.entry.type, parsed.pkg.types) === undefined) {
      unknown.set(file.entry.type, `files.${file.alias}.type`);
    }
    const typeColumn = file.admin?.columns.find((c) => c.role === 'type');
    if (typeColumn === undefined) continue;
    for await (const record of openRecords(file.path, file.sourceOptions)) {
      const name = String(record.fields[typeColumn.header] ?? '').trim();
      if (name.length > 0 && !unknown.has(name) && resolveType(name, parsed.pkg.types) === undefined) {
        unknown.set(name, `${file.name} line ${record.line}`);
      }
    }
  }
  if (unknown.size > 0) {
    throw new MappingError(
      parsed.file,
      [...unknown].map(
        ([name, at]) =>
          `types: "${name}" (first at ${at}) is not a Skein relationship type; map it in the package's types table to a type of the model or to "skip" (its rows are rejected and counted)`,
      ),
    );
  }
}

async function planJoin(
  parsed: ParsedPackage,
  base: PlannedFile,
  byAlias: Map<string, PlannedFile>,
  source: string,
  jurisdiction: string | undefined,
): Promise<void> {
  const join = base.entry.join;
  const mapping = base.mapping;
  if (join === undefined || mapping === undefined) return;
  const plan: JoinPlan = {
    alias: base.alias,
    fileName: base.name,
    key: join.key,
    extractId: base.extractId,
    members: [],
    outcomes: new Map(),
  };
  const issues: string[] = [];
  const memberColumns = new Map<string, Set<string>>();
  for (const [as, spec] of Object.entries(join.with)) {
    const file = byAlias.get(spec.file) as PlannedFile;
    const member: JoinMemberPlan = {
      as,
      alias: file.alias,
      fileName: file.name,
      key: spec.key,
      required: spec.required !== false,
      extractId: file.extractId,
      rows: new Map(),
    };
    plan.members.push(member);
    const header = new Set(await headerOf(file));
    memberColumns.set(as, header);
    if (file.sourceOptions.format === 'csv' && !header.has(spec.key)) {
      issues.push(`files.${base.alias}.join.with.${as}.key: ${file.name} has no column "${spec.key}"`);
      continue;
    }
    for await (const record of openRecords(file.path, file.sourceOptions)) {
      const value = record.fields[spec.key];
      const key =
        typeof value === 'string' ? value.trim() : value === undefined || value === null ? '' : String(value);
      if (key.length > 0 && !member.rows.has(key))
        member.rows.set(key, { line: record.line, fields: detachFields(record.fields) });
    }
    file.columns = [spec.key];
    file.makeMapper = async () => joinedMemberMapper(plan, member);
  }
  // The base mapping reads "<as>.<column>" from members: those columns are checked against the member's header.
  const columns: string[] = [];
  for (const column of mapping.input.format === 'csv' ? mappedColumns(mapping) : []) {
    const dot = column.indexOf('.');
    const header = dot > 0 ? memberColumns.get(column.slice(0, dot)) : undefined;
    if (header === undefined) columns.push(column);
    else if (header.size > 0 && !header.has(column.slice(dot + 1))) {
      issues.push(
        `files.${base.alias}.mapping reads "${column}", but ${column.slice(0, dot)}'s file has no column "${column.slice(dot + 1)}"`,
      );
    }
  }
  if (mapping.input.format === 'csv' && !columns.includes(join.key)) columns.push(join.key);
  if (issues.length > 0) throw new MappingError(parsed.file, issues);
  base.columns = columns;
  const load: LoadContext = { extractId: base.extractId, source, jurisdiction };
  const dry = joinedBaseMapper(plan, compileMapping(mapping, load), true);
  for await (const record of openRecords(base.path, base.sourceOptions)) {
    if (record.parseError === undefined) dry.apply(record);
  }
  base.makeMapper = async (context) => joinedBaseMapper(plan, compileMapping(mapping, context), false);
}

/** Plans, then loads every file of the package in its order; see the module comment. */
export async function loadPackage(
  options: PackageLoadOptions,
  hooks: PackageHooks = {},
  run: LoadOne = loadExtract,
): Promise<PackageSummary> {
  const { parsed, source, jurisdiction, files } = await planPackage(options);
  const summaries: PackageFileSummary[] = [];
  for (const file of files) {
    const makeMapper = file.makeMapper;
    if (makeMapper === undefined)
      throw new Error(`ingest/package: no mapper planned for ${file.alias}; please report`);
    const code: CodeMapping = {
      kind: 'code',
      name: `${parsed.pkg.package}/${file.alias}`,
      sha256: file.mappingSha,
      ...(jurisdiction !== undefined ? { jurisdiction } : {}),
      sourceOptions: file.sourceOptions,
      columns: file.columns,
      makeMapper,
    };
    hooks.onFile?.(file.alias, file.path);
    const summary = await run(
      {
        file: file.path,
        mapping: code,
        source,
        ...(jurisdiction !== undefined ? { jurisdiction } : {}),
        ...(options.dryRun !== undefined ? { dryRun: options.dryRun } : {}),
        ...(options.batchSize !== undefined ? { batchSize: options.batchSize } : {}),
        ...(options.retryForMs !== undefined ? { retryForMs: options.retryForMs } : {}),
      },
      hooks,
    );
    summaries.push({ ...summary, alias: file.alias, kind: file.kind });
  }
  const total = (key: 'rowsRead' | 'rowsLoaded' | 'rowsRejected') =>
    summaries.reduce((sum, s) => sum + s[key], 0);
  return {
    package: parsed.pkg.package,
    source,
    jurisdiction: jurisdiction ?? null,
    files: summaries,
    rowsRead: total('rowsRead'),
    rowsLoaded: total('rowsLoaded'),
    rowsRejected: total('rowsRejected'),
  };
}
