/**
 * The zip of a case package (fflate). The same files give the same bytes: the files go in the order
 * given, at one compression level, with one fixed modification time and no extra fields, so a
 * package can be rebuilt and compared, and its signature depends on nothing but its content.
 */
import { unzipSync, zipSync } from 'fflate';

export interface BundleFile {
  name: string;
  data: Uint8Array;
}

/**
 * 2000-01-01 00:00 in local time: zip stores local DOS times, and fflate reads a Date's local
 * fields, so a date built from local fields writes the same bytes in every time zone.
 */
function fixedTime(): Date {
  return new Date(2000, 0, 1, 0, 0, 0);
}

export function zipBundle(files: readonly BundleFile[]): Uint8Array {
  const names = new Set<string>();
  const input: Record<string, [Uint8Array, { level: 6; mtime: Date }]> = {};
  for (const file of files) {
    if (names.has(file.name)) throw new Error(`export/case-package: two files named ${file.name} in one zip`);
    names.add(file.name);
    input[file.name] = [file.data, { level: 6, mtime: fixedTime() }];
  }
  return zipSync(input);
}

/** Most bytes a package may unpack to: a zip from outside is not trusted to be small (a zip bomb). */
export const MAX_UNZIPPED_BYTES = 2 * 1024 ** 3;

/** The files of a zip by name; throws (with fflate's reason) when it is not a readable zip. */
export function unzipBundle(zip: Uint8Array, maxBytes = MAX_UNZIPPED_BYTES): Map<string, Uint8Array> {
  let files: Record<string, Uint8Array>;
  let declared = 0;
  try {
    files = unzipSync(zip, {
      filter: (file) => {
        declared += file.originalSize;
        if (declared > maxBytes) {
          throw new Error(`its files declare more than ${maxBytes} bytes unpacked; refusing to unpack it`);
        }
        return true;
      },
    });
  } catch (error) {
    throw new Error(`export/case-package: the zip cannot be read (${(error as Error).message})`);
  }
  return new Map(Object.entries(files));
}
