/**
 * Entity-resolution truth: for each person, every record a source wrote about them (which extract,
 * the source's own id for the record, the name and birth date exactly as written, and the noise
 * applied), and the look-alikes they must never be merged with. Collected while a household or planted group is written, then streamed out, so memory
 * holds one group at a time.
 */
import { ChunkWriter } from '../extracts/chunk-writer.ts';
import type { Person } from '../world/types.ts';

export interface IdentityRecord {
  mapping: string;
  localId: string;
  name: string;
  birthDate: string;
  noise: string[];
}

export interface IdentityEntry {
  person: Person;
  records: IdentityRecord[];
}

export class IdentityLog {
  private current = new Map<string, IdentityEntry & { keys: Set<string> }>();
  private readonly out: ChunkWriter | undefined;
  persons = 0;
  noisyPersons = 0;

  constructor(path: string | undefined) {
    if (path) this.out = new ChunkWriter(path);
  }

  record(
    person: Person,
    mapping: string,
    localId: string,
    name: string,
    birthDate: string,
    noise: readonly string[],
  ): void {
    let entry = this.current.get(person.id);
    if (!entry) {
      entry = { person, records: [], keys: new Set() };
      this.current.set(person.id, entry);
    }
    const key = `${mapping}\u0000${localId}`;
    if (entry.keys.has(key)) return;
    entry.keys.add(key);
    entry.records.push({ mapping, localId, name, birthDate, noise: [...noise] });
  }

  /** Stream out (and forget) the entries of the persons `keep` selects; drop the rest. */
  flush(keep: (person: Person) => boolean): IdentityEntry[] {
    const kept: IdentityEntry[] = [];
    for (const entry of this.current.values()) {
      if (!keep(entry.person)) continue;
      kept.push({ person: entry.person, records: entry.records });
      if (entry.records.length < 2) continue;
      this.persons++;
      const noisy = entry.records.some((r) => r.noise.length > 0);
      if (noisy) this.noisyPersons++;
      // `lookAlikes`: people this one must never be merged with (a son of one name, a twin).
      const line: Record<string, unknown> = {
        personId: entry.person.id,
        duplicate: noisy,
        records: entry.records,
      };
      if (entry.person.lookAlikes) line.lookAlikes = entry.person.lookAlikes;
      this.out?.writeLine(JSON.stringify(line), '\n');
    }
    this.current.clear();
    return kept;
  }

  close(): void {
    this.out?.close();
  }
}
