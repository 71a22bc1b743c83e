/**
 * The generator: plan the planted groups, build the background population tables, then stream
 * household after household (planted networks and hard negatives interleaved) into the extract
 * writers, and finish with manifest.json and ground-truth.json. Deterministic for (options).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeHousehold } from './background/household.ts';
import { Population } from './background/population.ts';
import type { ManifestEntry } from './extracts/file.ts';
import { MAPPINGS, openExtracts } from './extracts/index.ts';
import { TypologyExtracts } from './extracts/typology-extracts.ts';
import { careHome } from './negatives/care-home.ts';
import { bigEmployer, payrollBureau } from './negatives/employers.ts';
import { largeFamily } from './negatives/large-family.ts';
import { studentResidence } from './negatives/student-residence.ts';
import type { MalformedRow } from './noise/malformed.ts';
import { type PlannedGroup, personsOf, plan } from './plan.ts';
import { labourBenefit, type PlantedNetwork } from './planted/labour-benefit.ts';
import { moneyMule } from './planted/money-mule.ts';
import { sexualExploitation } from './planted/sexual-exploitation.ts';
import { isVariantKind, planTypologies, runVariantGroup, variantPersons } from './planted/typologies.ts';
import { rngFor } from './rng.ts';
import type { GroundTruth, GroupBuilder } from './truth/ground-truth.ts';
import { IdentityLog } from './truth/identities.ts';
import { GroupSpool, writeGroundTruth } from './truth/write.ts';
import { applyAltLayouts } from './variants/layouts.ts';
import { isVariant, VARIANT_NAMES, variantSet } from './variants.ts';
import { makePeriod } from './world/calendar.ts';
import { DEFAULTS, type GenerateOptions, scaleFor } from './world/options.ts';
import { World } from './world/world.ts';

export const GENERATOR_VERSION = 1;

/** Background name-noise rate of the `noisy` variant (default 0.04). */
const NOISY_BACKGROUND = 0.12;

/** The ground truth without its (possibly large) group lists, as returned to callers. */
export type GroundTruthSummary = Omit<GroundTruth, 'networks' | 'hardNegatives'> & {
  networks: number;
  hardNegatives: number;
};

export interface GenerateResult {
  manifest: Manifest;
  truth: GroundTruthSummary;
  rows: number;
  seconds: number;
  tableBytes: number;
}

export interface Manifest {
  format: 'skein-extracts/1';
  generator: Record<string, unknown>;
  population: { background: number; planted: number; households: number };
  extracts: ManifestEntry[];
  groundTruth: string;
}

function validate(options: GenerateOptions): void {
  const fail = (msg: string) => {
    throw new Error(`generate: ${msg}`);
  };
  if (!Number.isInteger(options.seed) || options.seed < 0)
    fail(`--seed must be a non-negative integer, got ${options.seed}`);
  if (!Number.isInteger(options.people) || options.people < 100)
    fail(`--people must be an integer >= 100, got ${options.people}`);
  if (options.people > 5_000_000)
    fail('--people is limited to 5,000,000 (id spaces); split larger worlds into several seeds');
  if (!Number.isInteger(options.months) || options.months < 1 || options.months > 24)
    fail(`--months must be 1..24, got ${options.months}`);
  if (!/^\d{4}-\d{2}-01$/.test(options.start))
    fail(`--start must be the first of a month (YYYY-MM-01), got ${options.start}`);
  for (const m of options.only ?? [])
    if (!MAPPINGS.includes(m)) fail(`--only ${m} is not an extract; use one of ${MAPPINGS.join(', ')}`);
  for (const v of options.variants ?? [])
    if (!isVariant(v)) fail(`--variants ${v} is not a variant; use any of ${VARIANT_NAMES.join(', ')}`);
  if (options.variants?.includes('typologies') && options.only)
    fail('--variants typologies writes two extracts of its own and cannot be combined with --only');
  if (options.transactions !== undefined && !options.only?.length)
    fail('--transactions needs --only <extract> (e.g. --only bank-a)');
}

export function generate(input: Partial<GenerateOptions> & { out: string }): GenerateResult {
  // The tiny fixture covers one month so every file stays at a few hundred rows.
  const options: GenerateOptions = {
    ...DEFAULTS,
    ...(input.tiny && input.months === undefined ? { months: 1 } : {}),
    ...input,
  };
  validate(options);
  const started = performance.now();
  const scale = scaleFor(options);
  const period = makePeriod(options.start, options.months);
  mkdirSync(options.out, { recursive: true });

  // The plan needs the household count, which needs the background size: estimate with a first plan.
  const draft = plan(rngFor(options.seed, 'plan'), scale, 1000, options.tiny, options.people);
  const variants = variantSet(options.variants);
  // The `typologies` variant's groups come from their own rng stream: the others keep their plan.
  const typologies = variants.has('typologies');
  const planExtra = (households: number) =>
    typologies
      ? planTypologies(rngFor(options.seed, 'plan-typologies'), scale, households, options.tiny)
      : [];
  const plantedEstimate =
    draft.reduce((sum, g) => sum + personsOf(g), 0) +
    planExtra(1000).reduce((sum, g) => sum + variantPersons(g), 0);
  const background = options.people - plantedEstimate;
  if (background < 50)
    throw new Error(
      `generate: --people ${options.people} leaves only ${background} background persons next to ${plantedEstimate} planted ones; raise --people or lower --networks/--negatives`,
    );
  const population = new Population(
    options.seed,
    background,
    period.start,
    variants.has('noisy') ? NOISY_BACKGROUND : undefined,
  );
  const groups = plan(
    rngFor(options.seed, 'plan'),
    scale,
    population.households,
    options.tiny,
    options.people,
  );
  if (typologies) groups.push(...planExtra(population.households));
  groups.sort((a, b) => a.position - b.position || (a.linkTo ? 1 : 0) - (b.linkTo ? 1 : 0));

  const malformed: MalformedRow[] = [];
  const identitiesFile = options.identities && !options.only ? 'ground-truth-identities.jsonl' : null;
  const log = new IdentityLog(identitiesFile ? join(options.out, identitiesFile) : undefined);
  // A missing extract is generated and discarded, like --only: the world is the same, the data less.
  const writeOnly =
    options.only ??
    (variants.has('no-benefits')
      ? MAPPINGS.filter((m) => m !== 'benefits-claims' && m !== 'benefits-payments')
      : undefined);
  const writers = openExtracts(options.out, options.seed, writeOnly, malformed, {
    seed: options.seed,
    periodStart: period.start,
    log,
  });
  // Arrests and job adverts exist only in the `typologies` variant (and not with --only).
  const typologyExtracts =
    typologies && !options.only
      ? new TypologyExtracts(options.out, options.seed, malformed, {
          seed: options.seed,
          periodStart: period.start,
          log,
        })
      : undefined;
  const world = new World(options, scale, period, background, writers, log);
  world.population = population;

  // Group truths go to disk as they finish, so memory does not grow with the number of groups.
  const groupFiles = {
    network: new GroupSpool(join(options.out, '.networks.tmp')),
    'hard-negative': new GroupSpool(join(options.out, '.negatives.tmp')),
  };
  // Only networks a later money-mule chain links to are kept: holding every finished network (and
  // its group truth) made memory grow with the number of groups.
  const linkTargets = new Set(groups.flatMap((g) => (g.linkTo ? [g.linkTo] : [])));
  const written = new Map<string, PlantedNetwork>();
  const runGroup = (g: PlannedGroup) => {
    let builder: GroupBuilder;
    if (isVariantKind(g.typology)) {
      if (!typologyExtracts)
        throw new Error('generate: the typologies variant cannot be combined with --only');
      builder = runVariantGroup(world, typologyExtracts!, g).builder;
    } else if (g.kind === 'network') {
      let network: PlantedNetwork;
      if (g.typology === 'labour-benefit') network = labourBenefit(world, g.id, g.size);
      else if (g.typology === 'sexual-exploitation') network = sexualExploitation(world, g.id, g.size);
      else network = moneyMule(world, g.id, g.size, g.linkTo ? written.get(g.linkTo) : undefined);
      if (linkTargets.has(g.id)) written.set(g.id, network);
      builder = network.group;
    } else {
      const make = {
        'large-family': largeFamily,
        'big-employer': bigEmployer,
        'student-residence': studentResidence,
        'care-home': careHome,
        'payroll-bureau': payrollBureau,
      }[g.typology as 'large-family'];
      builder = make(world, g.id, g.size);
    }
    const members = builder.personIds();
    groupFiles[g.kind].add(builder.finish(log.flush((p) => members.has(p.id))));
  };

  let next = 0;
  let truncated = false;
  let lastReport = started;
  const target = options.transactions;
  const targetMapping = options.only?.[0];
  for (let h = 0; h < population.households; h++) {
    while (next < groups.length && groups[next]!.position <= h) runGroup(groups[next++]!);
    writeHousehold(world, population, h);
    const household = population.household(h);
    log.flush((p) => p.index >= household.first && p.index < household.first + household.size);
    if (target !== undefined && targetMapping && writers.rowsOf(targetMapping) >= target) {
      truncated = h < population.households - 1;
      break;
    }
    const now = performance.now();
    if (options.progress && now - lastReport > 1000) {
      lastReport = now;
      options.progress({
        people: household.first + household.size,
        of: background,
        rows: writers.rows(),
        seconds: (now - started) / 1000,
      });
    }
  }
  if (!truncated) while (next < groups.length) runGroup(groups[next++]!);

  const rows = writers.rows() + (typologyExtracts?.rows() ?? 0);
  let extracts = [...writers.close(), ...(typologyExtracts?.close() ?? [])];
  if (variants.has('layout-alt')) extracts = applyAltLayouts(options.out, extracts, malformed);
  log.close();
  const generator = {
    name: 'skein-generate',
    version: GENERATOR_VERSION,
    seed: options.seed,
    people: options.people,
    months: options.months,
    start: options.start,
    tiny: options.tiny,
    only: options.only ?? null,
    transactions: options.transactions ?? null,
    // Only when asked, so the default world's manifest and truth stay byte for byte as they were.
    ...(variants.size > 0 ? { variants: [...variants].sort() } : {}),
  };
  malformed.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const truth: GroundTruthSummary = {
    format: 'skein-ground-truth/1',
    generator,
    period: { from: period.start, to: period.end },
    truncated,
    networks: groupFiles.network.count,
    hardNegatives: groupFiles['hard-negative'].count,
    malformed,
    identities: { file: identitiesFile, persons: log.persons, duplicates: log.noisyPersons },
  };
  const manifest: Manifest = {
    format: 'skein-extracts/1',
    generator,
    population: { background, planted: world.plantedCount, households: population.households },
    extracts,
    groundTruth: 'ground-truth.json',
  };
  writeGroundTruth(
    join(options.out, 'ground-truth.json'),
    truth,
    groupFiles.network,
    groupFiles['hard-negative'],
  );
  writeFileSync(join(options.out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return {
    manifest,
    truth,
    rows,
    seconds: (performance.now() - started) / 1000,
    tableBytes: population.tableBytes,
  };
}
