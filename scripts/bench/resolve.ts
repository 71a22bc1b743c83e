/**
 * `npm run bench:resolve [-- --persons 3000] [--speed-records 1000000] [--no-speed] [--no-peer]`
 *
 * Entity resolution, measured on worlds of person and company records with the truth of who is
 * who (src/generate/resolution/records.ts):
 * - a development set (seeds 1-3, base variant), the worlds read while tuning, and a test set
 *   (seeds 11-15 across the base, noisy and eastern variants), only ever scored: pairwise precision,
 *   recall and F1 of rule matches (SAME_AS) and of all proposals at the default threshold, blocking
 *   recall (true pairs among candidates), B-cubed F1 of the clusters, look-alike pairs proposed;
 *   mean and spread over the test worlds;
 * - the peer: Splink 4 on DuckDB on the same records in the same run, when python3 has it
 *   (`pip install "splink>=4,<5" pandas`), scored the same way;
 * - speed and memory: a world of about `--speed-records` records blocked and scored, time and
 *   peak RSS (targets: 1,000,000 records < 2 min, 100,000 < 15 s, on 2 cores).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { addressKey, parseAddress } from '../../src/analyse/resolve/addresses.ts';
import { type BlockStats, forEachCandidate } from '../../src/analyse/resolve/blocking.ts';
import { clustersOf, scoreClusters, scorePairs } from '../../src/analyse/resolve/evaluate.ts';
import { prepareRecords } from '../../src/analyse/resolve/prepare.ts';
import { DEFAULTS, resolveRecords } from '../../src/analyse/resolve/resolve.ts';
import {
  generateResolutionWorld,
  RECORD_WORLD_VARIANTS,
  type RecordWorldVariant,
  type ResolutionWorld,
} from '../../src/generate/resolution/records.ts';
import { resolveSharded } from '../../src/jobs/resolve-shards.ts';
import { threadCpuSeconds } from './cpu.ts';

const f = (x: number) => x.toFixed(3);

const { values } = parseArgs({
  options: {
    persons: { type: 'string', default: '3000' },
    'speed-records': { type: 'string', default: '1000000' },
    'no-speed': { type: 'boolean', default: false },
    'no-peer': { type: 'boolean', default: false },
    /** Comma-separated sets to run: dev, test, stress (default all three). */
    sets: { type: 'string', default: 'dev,test,stress' },
    /** Resolver options as JSON, for ablations ('{"collective":false}', '{"unseenNamesakes":0.25}'). */
    options: { type: 'string', default: '{}' },
    /** Records stripped of their addresses: what the address evidence adds. */
    'no-addresses': { type: 'boolean', default: false },
    /** Only the speed part: `--speed --records 100000` (repeatable), default 100,000 and 1,000,000. */
    speed: { type: 'boolean', default: false },
    records: { type: 'string', multiple: true },
    /**
     * Threads of the speed run's first pass (jobs/resolve-shards.ts), repeatable: `--shards 1
     * --shards 2` measures both on the same world, one after the other.
     */
    shards: { type: 'string', multiple: true },
    /** Only blocking: candidates and blocking recall of every world (quick, for tuning blocking). */
    blocking: { type: 'boolean', default: false },
  },
});

const DEV: [number, RecordWorldVariant][] = [
  [1, 'base'],
  [2, 'base'],
  [3, 'base'],
];
const TEST: [number, RecordWorldVariant][] = [
  [11, 'base'],
  [12, 'noisy'],
  [13, 'eastern'],
  [14, 'noisy'],
  [15, 'eastern'],
];
/** Family names from the small pools only: namesakes far beyond a real register's, reported apart. */
const STRESS: [number, RecordWorldVariant][] = [
  [21, 'crowded'],
  [22, 'crowded'],
];

interface Row {
  world: string;
  records: number;
  sameAsPrecision: number;
  precision: number;
  recall: number;
  f1: number;
  blockingRecall: number;
  bCubedF1: number;
  /** Look-alike pairs joined by a rule (SAME_AS) and among proposals (POSSIBLY_SAME_AS, for a human). */
  lookalikesSameAs: number;
  lookalikes: number;
  candidatesByKind: Record<string, number>;
  /** Proposals per score band with the share of them that are true (the review band's numbers). */
  bands: { from: number; to: number; proposals: number; precision: number }[];
  seconds: number;
  digest: string;
  peer?: {
    precision: number;
    recall: number;
    f1: number;
    bCubedF1: number;
    lookalikes: number;
    seconds: number;
  };
}

function world(seed: number, variant: RecordWorldVariant, persons: number): ResolutionWorld {
  return generateResolutionWorld({
    seed,
    persons,
    companies: Math.round(persons / 10),
    ...RECORD_WORLD_VARIANTS[variant],
  });
}

/** The speed benchmark's world of about `target` records. */
function speedWorld(target: number): ResolutionWorld {
  return generateResolutionWorld({
    seed: 99,
    persons: Math.round(target / 3.1),
    companies: Math.round(target / 31),
    syntheticShare: 0.7,
  });
}

/**
 * The answer's digest: every rule match and proposal, in the resolver's order, with its score to the
 * bit. Two commits with one digest on one world gave the same answer (a speed change must keep it).
 */
function digestOf(result: ReturnType<typeof resolveRecords>): string {
  const hash = createHash('sha256');
  for (const m of result.certain) hash.update(`${m.a}|${m.b}|${m.rule}|${m.identifier}\n`);
  for (const m of result.proposed)
    hash.update(
      `${m.a}|${m.b}|${m.score.probability}|${m.score.matchWeight}|${JSON.stringify(m.score.contributions)}|${m.blockedBy}|${m.through?.join(',') ?? ''}\n`,
    );
  return hash.digest('hex').slice(0, 16);
}

function lookalikePairs(world: ResolutionWorld, pairs: readonly (readonly [string, string])[]): number {
  const apart = new Set(world.lookalikes.flatMap((l) => [`${l.a}|${l.b}`, `${l.b}|${l.a}`]));
  return pairs.filter(([a, b]) => apart.has(`${world.entityOf.get(a)}|${world.entityOf.get(b)}`)).length;
}

function blockingRecall(world: ResolutionWorld): number {
  return blockingOf(world).recall;
}

function blockingOf(world: ResolutionWorld): { recall: number; stats: BlockStats } {
  const { records } = prepareRecords(world.records);
  const byEntity = new Map<string, number>();
  let truePairs = 0;
  for (const record of records) {
    const entity = world.entityOf.get(record.id)!;
    const seen = byEntity.get(entity) ?? 0;
    truePairs += seen;
    byEntity.set(entity, seen + 1);
  }
  let found = 0;
  const stats = forEachCandidate(records, (i, j) => {
    if (world.entityOf.get(records[i]!.id) === world.entityOf.get(records[j]!.id)) found++;
  });
  return { recall: truePairs === 0 ? 1 : found / truePairs, stats };
}

function peer(world: ResolutionWorld): Row['peer'] | undefined {
  const dir = mkdtempSync(join(tmpdir(), 'skein-resolve-'));
  const file = join(dir, 'records.csv');
  const quote = (v: string | undefined) => (v === undefined ? '' : `"${v.replace(/"/g, '""')}"`);
  const lines = ['unique_id,name,dob,phone,document,tax,address,postcode'];
  for (const r of world.records) {
    if (r.kind !== 'Person') continue;
    const id = (kind: string) => r.identifiers.find((i) => i.kind === kind)?.value;
    // Splink is given the address cleaned as its users clean one (street and number, postcode
    // without spaces): the same parse Skein uses, so the peer is not handicapped by formats.
    const parsed = r.addresses?.[0] ? parseAddress(r.addresses[0]) : undefined;
    lines.push(
      [
        r.id,
        r.names[0],
        r.birthDate,
        id('phone'),
        id('document'),
        id('tax'),
        parsed ? addressKey(parsed) : undefined,
        parsed?.postcode,
      ]
        .map(quote)
        .join(','),
    );
  }
  writeFileSync(file, `${lines.join('\n')}\n`);
  try {
    const out = execFileSync(
      'python3',
      [join(import.meta.dirname, 'resolve-splink.py'), file, String(DEFAULTS.threshold)],
      {
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const { seconds, pairs } = JSON.parse(out.trim().split('\n').at(-1)!) as {
      seconds: number;
      pairs: [string, string][];
    };
    const persons = new Map([...world.entityOf].filter(([id]) => !id.includes(':C')));
    const ids = world.records.filter((r) => r.kind === 'Person').map((r) => r.id);
    const scored = scorePairs(pairs, persons);
    return {
      precision: scored.precision,
      recall: scored.recall,
      f1: scored.f1,
      bCubedF1: scoreClusters(clustersOf(ids, pairs), persons).f1,
      lookalikes: lookalikePairs(world, pairs),
      seconds,
    };
  } catch (error) {
    console.error(
      `peer: Splink unavailable or failed (${String(error).split('\n')[0]}); install with pip install "splink>=4,<5" pandas`,
    );
    return undefined;
  }
}

/** Score bands of proposals: under the review score (0.8) a proposal is stored, not queued. */
const BANDS = [DEFAULTS.threshold, 0.8, 0.9, 0.99, 1.000001];

function measure(seed: number, variant: RecordWorldVariant, persons: number, withPeer: boolean): Row {
  const w = world(seed, variant, persons);
  if (values['no-addresses']) for (const r of w.records) delete r.addresses;
  const started = performance.now();
  const result = resolveRecords(w.records, JSON.parse(values.options));
  const seconds = (performance.now() - started) / 1000;
  const certain = result.certain.map((m) => [m.a, m.b] as const);
  const all = [...certain, ...result.proposed.map((m) => [m.a, m.b] as const)];
  const scored = scorePairs(all, w.entityOf);
  const row: Row = {
    world: `${variant}#${seed}`,
    records: w.records.length,
    sameAsPrecision: scorePairs(certain, w.entityOf).precision,
    precision: scored.precision,
    recall: scored.recall,
    f1: scored.f1,
    blockingRecall: blockingRecall(w),
    bCubedF1: scoreClusters(
      clustersOf(
        w.records.map((r) => r.id),
        all,
      ),
      w.entityOf,
    ).f1,
    lookalikesSameAs: lookalikePairs(w, certain),
    lookalikes: lookalikePairs(w, all),
    candidatesByKind: result.stats.blocking.candidatesByKind,
    bands: BANDS.slice(0, -1).map((from, i) => {
      const to = BANDS[i + 1]!;
      const inBand = result.proposed.filter((m) => m.score.probability >= from && m.score.probability < to);
      const right = inBand.filter((m) => w.entityOf.get(m.a) === w.entityOf.get(m.b)).length;
      return {
        from,
        to,
        proposals: inBand.length,
        precision: inBand.length === 0 ? 1 : right / inBand.length,
      };
    }),
    seconds,
    digest: digestOf(result),
  };
  if (withPeer) {
    // Splink is given persons only: score Skein on the same persons for the side-by-side line.
    const p = peer(w);
    if (p) row.peer = p;
  }
  return row;
}

function table(title: string, rows: Row[]) {
  console.log(`\n${title}`);
  console.log(
    'world        records  SAME_AS-P  P      R      F1     block-R  B3-F1  look-alikes (SAME_AS/proposed)  s     | Splink P  R      F1     B3-F1  look-alikes  s',
  );
  for (const r of rows) {
    const p = r.peer;
    console.log(
      `${r.world.padEnd(12)} ${String(r.records).padStart(7)}  ${f(r.sameAsPrecision)}      ${f(r.precision)}  ${f(r.recall)}  ${f(r.f1)}  ${f(r.blockingRecall)}    ${f(r.bCubedF1)}  ${`${r.lookalikesSameAs}/${r.lookalikes}`.padStart(30)}  ${r.seconds.toFixed(1).padStart(4)}  | ${
        p
          ? `${f(p.precision)}     ${f(p.recall)}  ${f(p.f1)}  ${f(p.bCubedF1)}  ${String(p.lookalikes).padStart(11)}  ${p.seconds.toFixed(1)}`
          : 'n/a'
      }`,
    );
  }
  const keys = ['precision', 'recall', 'f1', 'blockingRecall', 'bCubedF1'] as const;
  const stats = keys.map((key) => {
    const xs = rows.map((r) => r[key]);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    return `${key} ${f(mean)} ± ${f(sd)} (min ${f(Math.min(...xs))})`;
  });
  console.log(`mean ± sd: ${stats.join('; ')}`);
  console.log(`answer digests: ${rows.map((r) => `${r.world} ${r.digest}`).join(', ')}`);
  console.log(
    `proposals by score band (share true): ${rows
      .map(
        (r) =>
          `${r.world} ${r.bands.map((b) => `[${b.from}, ${Math.min(b.to, 1)}) ${b.proposals} (${f(b.precision)})`).join(', ')}`,
      )
      .join('; ')}`,
  );
  const kinds = Object.keys(rows[0]?.candidatesByKind ?? {});
  console.log(
    `candidates by block kind (first kind that proposed a pair): ${rows
      .map((r) => `${r.world} ${kinds.map((k) => `${k} ${r.candidatesByKind[k]}`).join(', ')}`)
      .join('; ')}`,
  );
}

const persons = Number(values.persons);
console.log(
  `bench:resolve — ${new Date().toISOString()}, load average ${loadavg()[0]!.toFixed(2)}, threshold ${DEFAULTS.threshold}`,
);
if (values.blocking && values.records) {
  for (const target of values.records.map(Number)) {
    const w = speedWorld(target);
    const started = process.cpuUsage();
    const { recall, stats } = blockingOf(w);
    const used = process.cpuUsage(started);
    console.log(
      `blocking ${w.records.length} records: recall ${f(recall)}, ${stats.candidates} candidates, ${((used.user + used.system) / 1e6).toFixed(1)} s CPU (prepare + block), ${JSON.stringify(stats.candidatesByKind)}, oversized blocks ${JSON.stringify(stats.oversizedBlocks)}`,
    );
  }
} else if (values.blocking) {
  for (const [title, set] of [
    ['development', DEV],
    ['test', TEST],
    ['stress', STRESS],
  ] as const) {
    for (const [seed, variant] of set) {
      const w = world(seed, variant, persons);
      const { recall, stats } = blockingOf(w);
      console.log(
        `blocking ${title.padEnd(11)} ${`${variant}#${seed}`.padEnd(10)} recall ${f(recall)}  candidates ${stats.candidates}  ${JSON.stringify(stats.candidatesByKind)}`,
      );
    }
  }
} else if (!values.speed) {
  const sets = new Set(values.sets.split(','));
  if (sets.has('dev'))
    table(
      'development set (read while tuning)',
      DEV.map(([seed, variant]) => measure(seed, variant, persons, false)),
    );
  if (sets.has('test'))
    table(
      'test set (scored only)',
      TEST.map(([seed, variant]) => measure(seed, variant, persons, !values['no-peer'])),
    );
  if (sets.has('stress'))
    table(
      'stress set: family names from the pools only (scored only)',
      STRESS.map(([seed, variant]) => measure(seed, variant, persons, false)),
    );
}

/**
 * Blocks and scores a world of about `target` records. Resolution is synchronous: a timer would never
 * fire during it, so the peak is the kernel's high-water mark of this process (it includes generating
 * the world, so it bounds the resolver's from above).
 */
async function speed(target: number, shards: number) {
  // Let go once handed over: a sharded run drops the raw records once prepared, as the job's worker
  // does (jobs/resolve-worker.ts); one thread reads them from the caller's array.
  let w: ResolutionWorld | undefined = speedWorld(target);
  const count = w.records.length;
  const before = process.memoryUsage().rss;
  const load = loadavg()[0]!;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const phases: string[] = [];
  let last = { wall: started, cpu: process.cpuUsage(), threads: threadCpuSeconds() };
  /** Per phase, the least wall time two idle cores could take: its busiest thread, or half its CPU. */
  let idleWall = 0;
  const phase = (name: string) => {
    const used = process.cpuUsage(last.cpu);
    const wall = performance.now();
    const threads = threadCpuSeconds();
    let main = 0;
    let other = 0;
    for (const [tid, seconds] of threads) {
      const spent = seconds - (last.threads.get(tid) ?? 0);
      if (tid === process.pid) main = spent;
      else other = Math.max(other, spent);
    }
    const cpuSeconds = (used.user + used.system) / 1e6;
    const floor = Math.max(main, other, cpuSeconds / 2);
    idleWall += floor;
    phases.push(
      `${name} ${((wall - last.wall) / 1000).toFixed(1)} s wall / ${cpuSeconds.toFixed(1)} s CPU (main thread ${main.toFixed(1)}, busiest other ${other.toFixed(1)}; ≥ ${floor.toFixed(1)} s on 2 idle cores)`,
    );
    // Also as it ends: a run killed before its summary (the kernel's OOM killer on a full machine
    // took two million-record runs so) still says how far it got.
    console.log(
      `  phase done: ${phases.at(-1)}, RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB, load average ${loadavg()[0]!.toFixed(2)}`,
    );
    last = { wall, cpu: process.cpuUsage(), threads: threadCpuSeconds() };
  };
  let result: ReturnType<typeof resolveRecords>;
  if (shards > 1) {
    const sharded = resolveSharded(w.records, {}, new Date(), { shards }, phase);
    w = undefined;
    result = await sharded;
  } else result = resolveRecords(w.records, {}, new Date(), phase);
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  // On a shared machine wall time measures the neighbours too: CPU time is what the run cost
  // (all threads of the process).
  const cpuSeconds = (used.user + used.system) / 1e6;
  const peak = process.resourceUsage().maxRSS * 1024;
  console.log(
    `\nspeed: ${count} records blocked and scored on ${shards} thread${shards === 1 ? '' : 's'} in ${seconds.toFixed(1)} s wall, ${cpuSeconds.toFixed(1)} s CPU (${Math.round(count / seconds)} records/s wall, ${Math.round(count / cpuSeconds)} per CPU-second), ${result.stats.blocking.candidates} candidates, peak RSS ${Math.round(peak / 1e6)} MB (${Math.round(before / 1e6)} MB before resolving; the process's high-water mark so far), load average ${load.toFixed(2)} → ${loadavg()[0]!.toFixed(2)}`,
  );
  console.log(`  phases: ${phases.join('; ')}`);
  console.log(
    `  on 2 idle cores: at least ${idleWall.toFixed(1)} s wall (per phase the busiest thread's CPU or half the process's, summed)`,
  );
  console.log(`  candidates by block kind: ${JSON.stringify(result.stats.blocking.candidatesByKind)}`);
  console.log(`  answer digest ${digestOf(result)}`);
  console.log(
    `  proposals ${result.proposed.length} (${result.stats.collective} by collective evidence), rule matches ${result.certain.length}; collective pass: ${result.stats.collectivePass.below} pairs below the threshold, ${result.stats.collectivePass.compared} within reach compared again`,
  );
}

if (values.speed || !(values['no-speed'] || values.blocking)) {
  const targets = values.records?.map(Number) ?? [100_000, Number(values['speed-records'])];
  for (const target of targets)
    for (const shards of values.shards?.map(Number) ?? [1]) await speed(target, shards);
}
