/** Which planted networks and hard negatives a run contains, their sizes and where they are written. */
import type { VariantKind } from './planted/typologies.ts';
import type { Rng } from './rng.ts';
import type { Scale } from './world/options.ts';

export const TYPOLOGIES = ['labour-benefit', 'sexual-exploitation', 'money-mule'] as const;
export const NEGATIVE_KINDS = [
  'large-family',
  'big-employer',
  'student-residence',
  'care-home',
  'payroll-bureau',
] as const;
export type Typology = (typeof TYPOLOGIES)[number];
export type NegativeKind = (typeof NEGATIVE_KINDS)[number];

export interface PlannedGroup {
  id: string;
  kind: 'network' | 'hard-negative';
  /** VariantKind: the `typologies` variant's groups (planted/typologies.ts). */
  typology: Typology | NegativeKind | VariantKind;
  size: number;
  /** Household position after which the group is written (interleaved with the background). */
  position: number;
  /** Money-mule chains: the THB network whose proceeds they launder. */
  linkTo?: string;
}

const PREFIX: Record<Typology | NegativeKind, string> = {
  'labour-benefit': 'NET-LB',
  'sexual-exploitation': 'NET-SX',
  'money-mule': 'NET-MM',
  'large-family': 'NEG-FAM',
  'big-employer': 'NEG-EMP',
  'student-residence': 'NEG-STU',
  'care-home': 'NEG-CARE',
  'payroll-bureau': 'NEG-PAY',
};

function negativeSize(rng: Rng, kind: NegativeKind, tiny: boolean, people: number): number {
  if (tiny)
    return {
      'large-family': 9,
      'big-employer': 10,
      'student-residence': 8,
      'care-home': 6,
      'payroll-bureau': 5,
    }[kind];
  const cap = (n: number) => Math.max(5, Math.min(n, Math.round(people / 60)));
  switch (kind) {
    case 'large-family':
      return rng.range(9, 14);
    case 'big-employer':
      return cap(rng.range(40, 300));
    case 'student-residence':
      return cap(rng.range(30, 120));
    case 'care-home':
      return cap(rng.range(20, 60));
    case 'payroll-bureau':
      return cap(rng.range(8, 30));
  }
}

/** Persons a group adds beyond its nominal size (parents of students, staff, fraud victims...). */
export function personsOf(group: PlannedGroup): number {
  switch (group.typology) {
    case 'money-mule':
      return group.size + 4;
    case 'student-residence':
      return group.size * 2;
    case 'care-home':
      return group.size + Math.round(group.size / 3) + 2;
    case 'big-employer':
    case 'payroll-bureau':
      return group.size + 1;
    default:
      return group.size;
  }
}

export function plan(
  rng: Rng,
  scale: Scale,
  households: number,
  tiny: boolean,
  people: number,
): PlannedGroup[] {
  const groups: PlannedGroup[] = [];
  const slot = () => rng.int(Math.max(1, households));
  for (const typology of TYPOLOGIES) {
    for (let k = 0; k < scale.networksPerTypology; k++) {
      // Many small networks, a few large ones: sizes skewed towards the minimum.
      const u = scale.networksPerTypology === 1 ? 0.5 : k / (scale.networksPerTypology - 1);
      const size = Math.round(
        scale.minSize + (scale.maxSize - scale.minSize) * u ** 1.6 * (0.8 + 0.2 * rng.next()),
      );
      groups.push({
        id: `${PREFIX[typology]}-${String(k + 1).padStart(2, '0')}`,
        kind: 'network',
        typology,
        size,
        position: slot(),
      });
    }
  }
  for (const kind of NEGATIVE_KINDS) {
    for (let k = 0; k < scale.negativesPerKind; k++) {
      groups.push({
        id: `${PREFIX[kind]}-${String(k + 1).padStart(2, '0')}`,
        kind: 'hard-negative',
        typology: kind,
        size: negativeSize(rng, kind, tiny, people),
        position: slot(),
      });
    }
  }
  // Each money-mule chain launders for a trafficking network written before it.
  const thb = groups.filter((g) => g.typology === 'labour-benefit' || g.typology === 'sexual-exploitation');
  groups
    .filter((g) => g.typology === 'money-mule')
    .forEach((mule, i) => {
      const linked = thb[i % thb.length]!;
      mule.linkTo = linked.id;
      if (mule.position <= linked.position) mule.position = Math.min(households, linked.position + 1);
    });
  return groups.sort((a, b) => a.position - b.position || (a.linkTo ? 1 : 0) - (b.linkTo ? 1 : 0));
}
