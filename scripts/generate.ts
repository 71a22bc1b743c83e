/**
 * `npm run generate -- --seed 7 --people 20000 --out .skein/demo`: write a synthetic investigation
 * (extracts, manifest.json, ground-truth.json). See src/generate/LAYOUTS.md for the file layouts.
 */
import { parseArgs } from 'node:util';
import { generate } from '../src/generate/generate.ts';
import { VARIANTS } from '../src/generate/variants.ts';
import { DEFAULTS } from '../src/generate/world/options.ts';

const USAGE = `Usage: npm run generate -- [options]
  --seed N            seed (default ${DEFAULTS.seed}); same seed and options give the same bytes
  --people N          persons in the world (default ${DEFAULTS.people}; 100 .. 5,000,000)
  --months N          months of activity (default ${DEFAULTS.months})
  --start YYYY-MM-01  first day (default ${DEFAULTS.start})
  --out DIR           output folder (default .skein/demo)
  --tiny              the small fixture world: one network per typology, one of each hard negative
  --networks N        planted networks per typology (default: scales with --people)
  --negatives N       hard negatives per kind (default: scales with --people)
  --only a,b          write only these extracts (mapping names, e.g. bank-a)
  --transactions N    with --only: stop once the first of them has N rows (loader benchmarks)
  --no-identities     skip ground-truth-identities.jsonl
  --variants a,b      typology, layout and noise variants (none by default; docs/generator.md):
${Object.entries(VARIANTS)
  .map(([name, what]) => `                        ${name}: ${what}`)
  .join('\n')}
  --quiet             no progress output`;

const { values } = parseArgs({
  options: {
    seed: { type: 'string' },
    people: { type: 'string' },
    months: { type: 'string' },
    start: { type: 'string' },
    out: { type: 'string' },
    tiny: { type: 'boolean' },
    networks: { type: 'string' },
    negatives: { type: 'string' },
    only: { type: 'string' },
    transactions: { type: 'string' },
    'no-identities': { type: 'boolean' },
    variants: { type: 'string' },
    quiet: { type: 'boolean' },
    help: { type: 'boolean' },
  },
});

if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const int = (name: string, value: string | undefined): number | undefined => {
  if (value === undefined) return undefined;
  const n = Number(value.replaceAll('_', ''));
  if (!Number.isInteger(n)) {
    console.error(`generate: --${name} must be an integer, got "${value}"\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};

const options = {
  out: values.out ?? '.skein/demo',
  ...(values.seed !== undefined ? { seed: int('seed', values.seed)! } : {}),
  ...(values.people !== undefined ? { people: int('people', values.people)! } : {}),
  ...(values.months !== undefined ? { months: int('months', values.months)! } : {}),
  ...(values.start !== undefined ? { start: values.start } : {}),
  ...(values.tiny ? { tiny: true } : {}),
  ...(values.networks !== undefined ? { networks: int('networks', values.networks)! } : {}),
  ...(values.negatives !== undefined ? { negatives: int('negatives', values.negatives)! } : {}),
  ...(values.only ? { only: values.only.split(',').map((s) => s.trim()) } : {}),
  ...(values.transactions !== undefined ? { transactions: int('transactions', values.transactions)! } : {}),
  ...(values['no-identities'] ? { identities: false } : {}),
  ...(values.variants ? { variants: values.variants.split(',').map((s) => s.trim()) } : {}),
  ...(values.quiet
    ? {}
    : {
        progress: (p: { people: number; of: number; rows: number; seconds: number }) =>
          process.stderr.write(
            `\rgenerate: ${p.people}/${p.of} people, ${p.rows} rows, ${Math.round(p.rows / p.seconds)} rows/s   `,
          ),
      }),
};

try {
  const result = generate(options);
  if (!values.quiet) process.stderr.write('\n');
  const { manifest, truth } = result;
  console.log(
    `generate: wrote ${result.rows} rows in ${result.seconds.toFixed(1)} s (${Math.round(result.rows / result.seconds)} rows/s) to ${options.out}`,
  );
  for (const e of manifest.extracts)
    console.log(
      `  ${e.file.padEnd(28)} ${String(e.rows).padStart(9)} rows  ${e.jurisdiction}  mapping ${e.mapping}`,
    );
  console.log(
    `  networks ${truth.networks}, hard negatives ${truth.hardNegatives}, malformed rows ${truth.malformed.length}, people ${manifest.population.background + manifest.population.planted}${truth.truncated ? ' (truncated at --transactions)' : ''}`,
  );
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
