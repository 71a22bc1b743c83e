/**
 * The `typologies` variant's groups (issue #18 item 5): organ removal, online recruitment and
 * forced criminality networks, each with hard negatives of its own, planned on an rng stream of
 * their own so the default groups keep their sizes and places in the household stream.
 */
import type { TypologyExtracts } from '../extracts/typology-extracts.ts';
import {
  bakery,
  cashBusiness,
  medicalTourists,
  recruitmentAgency,
} from '../negatives/typology-look-alikes.ts';
import type { PlannedGroup } from '../plan.ts';
import type { Rng } from '../rng.ts';
import type { GroupBuilder } from '../truth/ground-truth.ts';
import type { Scale } from '../world/options.ts';
import type { World } from '../world/world.ts';
import { forcedCriminality } from './forced-criminality.ts';
import type { PlantedNetwork } from './labour-benefit.ts';
import { onlineRecruitment } from './online-recruitment.ts';
import { organRemoval } from './organ-removal.ts';

export const VARIANT_TYPOLOGIES = ['organ-removal', 'online-recruitment', 'forced-criminality'] as const;
export const VARIANT_NEGATIVES = [
  'medical-tourists',
  'recruitment-agency',
  'bakery',
  'cash-business',
] as const;
export type VariantKind = (typeof VARIANT_TYPOLOGIES)[number] | (typeof VARIANT_NEGATIVES)[number];

const PREFIX: Record<VariantKind, string> = {
  'organ-removal': 'NET-OR',
  'online-recruitment': 'NET-OL',
  'forced-criminality': 'NET-FC',
  'medical-tourists': 'NEG-MED',
  'recruitment-agency': 'NEG-AGY',
  bakery: 'NEG-BAK',
  'cash-business': 'NEG-CSH',
};

/** Sizes: these networks are small in the cases (Eurojust 2021): 5 to 16 people. */
const SIZE: Record<VariantKind, readonly [number, number]> = {
  'organ-removal': [5, 12],
  'online-recruitment': [6, 16],
  'forced-criminality': [5, 14],
  'medical-tourists': [4, 8],
  'recruitment-agency': [6, 14],
  bakery: [4, 8],
  'cash-business': [3, 5],
};

export function planTypologies(rng: Rng, scale: Scale, households: number, tiny: boolean): PlannedGroup[] {
  const groups: PlannedGroup[] = [];
  const add = (kind: VariantKind, network: boolean, count: number) => {
    for (let k = 0; k < count; k++) {
      const [lo, hi] = SIZE[kind];
      groups.push({
        id: `${PREFIX[kind]}-${String(k + 1).padStart(2, '0')}`,
        kind: network ? 'network' : 'hard-negative',
        typology: kind,
        size: tiny ? lo : rng.range(lo, hi),
        position: rng.int(Math.max(1, households)),
      });
    }
  };
  for (const kind of VARIANT_TYPOLOGIES) add(kind, true, scale.networksPerTypology);
  for (const kind of VARIANT_NEGATIVES) add(kind, false, scale.negativesPerKind);
  return groups;
}

/** Persons a planned group of this variant adds (an estimate for the background's size). */
export function variantPersons(group: PlannedGroup): number {
  return group.size + 2;
}

export function isVariantKind(typology: string): typology is VariantKind {
  return (
    (VARIANT_TYPOLOGIES as readonly string[]).includes(typology) ||
    (VARIANT_NEGATIVES as readonly string[]).includes(typology)
  );
}

/** Writes one group of the variant; networks return their PlantedNetwork, negatives their builder. */
export function runVariantGroup(
  world: World,
  extracts: TypologyExtracts,
  g: PlannedGroup,
): { network?: PlantedNetwork; builder: GroupBuilder } {
  switch (g.typology as VariantKind) {
    case 'organ-removal': {
      const network = organRemoval(world, g.id, g.size);
      return { network, builder: network.group };
    }
    case 'online-recruitment': {
      const network = onlineRecruitment(world, extracts, g.id, g.size);
      return { network, builder: network.group };
    }
    case 'forced-criminality': {
      const network = forcedCriminality(world, extracts, g.id, g.size);
      return { network, builder: network.group };
    }
    case 'medical-tourists':
      return { builder: medicalTourists(world, g.id, g.size) };
    case 'recruitment-agency':
      return { builder: recruitmentAgency(world, extracts, g.id, g.size) };
    case 'bakery':
      return { builder: bakery(world, g.id, g.size) };
    case 'cash-business':
      return { builder: cashBusiness(world, g.id, g.size) };
  }
}
