/** Generator options, their defaults, and the scale-dependent counts derived from them. */

export interface GenerateOptions {
  seed: number;
  people: number;
  /** Simulated months of activity from `start`. */
  months: number;
  start: string;
  out: string;
  /** The small committed fixture: one network of each typology, small sizes. */
  tiny: boolean;
  /** Write only these extracts (mapping names); the others are generated but discarded. */
  only?: string[];
  /** Stop once the first `only` extract has this many rows (loader benchmark). */
  transactions?: number;
  /** Planted networks per typology (default: scales with people). */
  networks?: number;
  /** Hard negatives per kind (default: scales with people). */
  negatives?: number;
  /** Write ground-truth-identities.jsonl (entity-resolution truth; large at scale). */
  identities: boolean;
  /** Typology, layout and noise variants (src/generate/variants.ts); none by default. */
  variants?: string[];
  progress?: (info: Progress) => void;
}

export interface Progress {
  people: number;
  of: number;
  rows: number;
  seconds: number;
}

export const DEFAULTS: Omit<GenerateOptions, 'out'> = {
  seed: 7,
  people: 20_000,
  months: 6,
  start: '2024-01-01',
  tiny: false,
  identities: true,
};

export interface Scale {
  networksPerTypology: number;
  negativesPerKind: number;
  /** Network size bounds. */
  minSize: number;
  maxSize: number;
}

export function scaleFor(options: GenerateOptions): Scale {
  if (options.tiny) {
    return {
      networksPerTypology: options.networks ?? 1,
      negativesPerKind: options.negatives ?? 1,
      minSize: 5,
      maxSize: 8,
    };
  }
  const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));
  return {
    networksPerTypology: options.networks ?? clamp(Math.round(options.people / 6000), 2, 150),
    negativesPerKind: options.negatives ?? clamp(Math.round(options.people / 10_000), 1, 60),
    minSize: 5,
    maxSize: options.people >= 5000 ? 80 : 20,
  };
}
