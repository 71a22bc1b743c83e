/**
 * The server's import folder (SKEIN_IMPORT_DIR), the only place the loadExtract mutation reads.
 * Loaders of several jurisdictions share it, so it is split by jurisdiction: a file under `GB/`
 * is GB's, loads only as a GB extract, and only loaders holding GB (or '*') may name it. Files
 * outside a jurisdiction folder are for '*' loaders only. Every decision that does not depend on
 * the file system (the folder named, the jurisdiction asked) is made before the file is touched;
 * every one that does (missing, a directory, a symbolic link leading out of the folder or into
 * another jurisdiction's) gets one neutral answer, so an error never tells which files exist.
 */
import { createHash, randomUUID } from 'node:crypto';
import { realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, normalize, relative, sep } from 'node:path';
import { holdsAllJurisdictions, holdsJurisdiction, isJurisdictionCode } from '../model/jurisdiction.ts';

/** Why a file may not be loaded: the API maps `code` to its error code. */
export class ImportFileError extends Error {
  constructor(
    readonly code: 'BAD_USER_INPUT' | 'FORBIDDEN' | 'NOT_FOUND',
    message: string,
  ) {
    super(message);
    this.name = 'ImportFileError';
  }
}

/** The jurisdiction folder a path inside the import folder lies in (its first segment), if any. */
export function jurisdictionFolder(relativePath: string): string | undefined {
  const first = relativePath.split(/[\\/]/)[0] ?? '';
  return isJurisdictionCode(first) ? first : undefined;
}

/** The requested path, normalised and relative; only text is checked here. */
function relativeName(requested: string): string {
  const name = normalize(requested.trim()).replace(/^(\.[\\/])+/, '');
  if (name === '' || name === '.' || isAbsolute(requested) || name === '..' || name.startsWith(`..${sep}`)) {
    throw new ImportFileError(
      'BAD_USER_INPUT',
      '"file" must be a path inside the import folder, relative to it (e.g. GB/statements.csv).',
    );
  }
  return name;
}

/**
 * Decides, from the path's text alone, whether a user of `jurisdictions` may load it as an extract
 * of `jurisdiction`: a file in a jurisdiction folder loads only as that jurisdiction, and only
 * for users who hold it; a file outside one only for '*'.
 */
export function checkImportAccess(
  requested: string,
  jurisdiction: string | null,
  jurisdictions: readonly string[],
): string {
  const name = relativeName(requested);
  const folder = jurisdictionFolder(name);
  const all = holdsAllJurisdictions(jurisdictions);
  if (folder === undefined) {
    if (!all) {
      throw new ImportFileError(
        'FORBIDDEN',
        `Files outside a jurisdiction folder may be loaded only by users of every jurisdiction; put the file under ${jurisdictions[0] ?? 'XX'}/ in the import folder.`,
      );
    }
    return name;
  }
  if (!holdsJurisdiction(jurisdictions, folder)) {
    throw new ImportFileError(
      'FORBIDDEN',
      `Files under ${folder}/ belong to jurisdiction ${folder}, which you do not hold; load files under ${jurisdictions.map((j) => `${j}/`).join(', ')}.`,
    );
  }
  if (jurisdiction !== folder) {
    throw new ImportFileError(
      'FORBIDDEN',
      `Files under ${folder}/ load as extracts of ${folder}; pass jurisdiction "${folder}" (or move the file).`,
    );
  }
  return name;
}

export interface ImportFile {
  /** The real path to read (symbolic links resolved, inside the folder). */
  path: string;
  /** The name the user gave, normalised: the only name errors and summaries show. */
  name: string;
  /** The import folder's real path. */
  root: string;
}

/**
 * The file to read for an allowed name: it must exist, be a regular file, and its real path must
 * stay inside the folder and in the same jurisdiction folder as the name. One message otherwise.
 */
export function resolveImportFile(root: string, name: string): ImportFile {
  const missing = () =>
    new ImportFileError(
      'NOT_FOUND',
      `No loadable file "${name}" in the import folder (a regular file inside it; links may not lead out of it or into another jurisdiction's folder).`,
    );
  let realRoot: string;
  let path: string;
  try {
    realRoot = realpathSync(root);
    path = realpathSync(join(realRoot, name));
    if (!statSync(path).isFile()) throw missing();
  } catch {
    throw missing();
  }
  const inside = relative(realRoot, path);
  if (inside === '' || isAbsolute(inside) || inside === '..' || inside.startsWith(`..${sep}`))
    throw missing();
  if (jurisdictionFolder(inside) !== jurisdictionFolder(name)) throw missing();
  return { path, name, root: realRoot };
}

/**
 * A rejects file of its own for every load, in a folder per user: two loads of one file (a GB
 * dry run and an IE load, or two users' runs) never overwrite each other's rejects.
 */
export function rejectsFileFor(root: string, userId: string, fileName: string): string {
  const slug = `${userId.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 48)}-${createHash('sha256')
    .update(userId)
    .digest('hex')
    .slice(0, 8)}`;
  return join(root, 'rejects', slug, `${randomUUID()}-${basename(fileName)}.rejects.jsonl`);
}

/** Replaces every server path in a message by its name inside the import folder. */
export function withoutServerPaths(message: string, file: ImportFile, extraRoots: readonly string[]): string {
  let out = message.split(file.path).join(file.name);
  for (const root of [file.root, ...extraRoots]) out = out.split(`${root}${sep}`).join('');
  return out;
}
