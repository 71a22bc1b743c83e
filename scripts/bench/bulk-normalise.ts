/**
 * The normalising half of a bulk load alone (ingest/bulk writeBulkImport: read, map on worker
 * threads, merge, import files), no database: its CPU per row split by thread (the merging main
 * thread against the workers), wall time and peak RSS, and a checksum of the files it wrote, so a
 * change to the loader can be measured and shown to write the same files. Run with
 * `node --cpu-prof` for a profile of the main thread (workers: --workers 0 maps on the main thread).
 *
 *   npx tsx scripts/bench/bulk-normalise.ts --file .skein/bench/bank-1000000.csv [--workers 2]
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBulkImport } from '../../src/ingest/bulk/load.ts';
import { BENCH_MAPPING, BENCH_MAPPING_NAMED } from './bank-csv.ts';
import { threadCpuSeconds } from './cpu.ts';

/**
 * The files' bytes, by name, hashed in name order; the Extract node's times and rejects file are
 * left out (they change with every run and --dir).
 */
export function importChecksum(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.csv')) continue;
    let text = readFileSync(join(dir, name), 'utf8');
    if (name.includes('-Extract'))
      text = text
        .replace(/"\d{4}-\d\d-\d\dT[\d:.]+Z"/g, '"<time>"')
        .replace(/"[^"]*\.rejects\.jsonl"/g, '"<rejects>"');
    hash.update(`${name}\n${text}`);
  }
  return hash.digest('hex').slice(0, 16);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      file: { type: 'string' },
      workers: { type: 'string' },
      dir: { type: 'string', default: '.skein/bench/bulk-normalise' },
      'no-checksum': { type: 'boolean', default: false },
    },
  });
  if (values.file === undefined) throw new Error('bench/bulk-normalise: --file <bank csv> is required');
  const file = resolve(values.file);
  const dir = resolve(values.dir);
  const before = threadCpuSeconds();
  const own = process.cpuUsage();
  const load = loadavg()[0] ?? 0;
  // The main thread's memory by kind, highest seen (sampled each second): live heap against typed arrays.
  const peak = { heapUsedMb: 0, arrayBuffersMb: 0, rssMb: 0 };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peak.heapUsedMb = Math.max(peak.heapUsedMb, Math.round(m.heapUsed / 1e6));
    peak.arrayBuffersMb = Math.max(peak.arrayBuffersMb, Math.round(m.arrayBuffers / 1e6));
    peak.rssMb = Math.max(peak.rssMb, Math.round(m.rss / 1e6));
  }, 1000);
  const result = await writeBulkImport({
    extracts: [
      {
        file,
        mapping: file.includes('bank-named-') ? BENCH_MAPPING_NAMED : BENCH_MAPPING,
        rejectsFile: `${dir}.rejects.jsonl`,
      },
    ],
    dir,
    ...(values.workers !== undefined ? { workers: Number(values.workers) } : {}),
  });
  clearInterval(sampler);
  const cpu = process.cpuUsage(own);
  const after = threadCpuSeconds();
  const rows = result.summaries[0]?.rowsRead ?? 0;
  const main = (after.get(process.pid) ?? 0) - (before.get(process.pid) ?? 0);
  const all = (cpu.user + cpu.system) / 1e6;
  const out = {
    rows,
    loadAverage: Number(load.toFixed(2)),
    seconds: Number(result.seconds.toFixed(1)),
    rowsPerSecond: Math.round(rows / result.seconds),
    cpuMsPerRow: Number(((all * 1000) / rows).toFixed(4)),
    mainThreadCpuMsPerRow: Number(((main * 1000) / rows).toFixed(4)),
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    mainThreadPeaks: peak,
    nodes: result.nodes,
    relationships: result.relationships,
    files: result.files.length,
    checksum: values['no-checksum'] ? undefined : importChecksum(dir),
  };
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
