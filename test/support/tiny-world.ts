/**
 * The demo world for end-to-end tests: the tiny fixture loaded through the loader as its manifest
 * lists it, then one detection run, so networks, members and indicator matches exist as in use.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type RunSummary, startDetection } from '../../src/jobs/detect.ts';
import { runLoad } from '../../src/jobs/load.ts';
import { cleanDatabase } from './db.ts';

export const TINY_FIXTURE = resolve(import.meta.dirname, '../fixtures/tiny');

interface Manifest {
  extracts: { file: string; mapping: string; jurisdiction: string }[];
}

/** Cleans the database and loads every extract of the tiny fixture as its manifest lists it. */
export async function loadTinyExtracts(): Promise<void> {
  await cleanDatabase();
  const manifest = JSON.parse(readFileSync(join(TINY_FIXTURE, 'manifest.json'), 'utf8')) as Manifest;
  const rejectsDir = resolve(import.meta.dirname, '../../.skein/test-rejects/e2e');
  for (const extract of manifest.extracts) {
    await runLoad({
      file: join(TINY_FIXTURE, extract.file),
      mapping: extract.mapping,
      jurisdiction: extract.jurisdiction,
      rejectsFile: join(rejectsDir, `${extract.file}.rejects.jsonl`),
    });
  }
}

export async function loadTinyWorld(): Promise<RunSummary> {
  await loadTinyExtracts();
  const { done } = await startDetection({ seed: 42 });
  return done;
}
