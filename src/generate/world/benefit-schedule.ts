/** When a claim is paid inside the simulated period. */
import type { Claim } from '../extracts/benefits.ts';
import type { Rng } from '../rng.ts';
import { addDays, isoToDay } from './calendar.ts';
import type { World } from './world.ts';

const STEP: Record<Claim['frequency'], number> = { WEEKLY: 7, FORTNIGHTLY: 14, FOUR_WEEKLY: 28, MONTHLY: 30 };

export function paymentDates(world: World, rng: Rng, claim: Claim): string[] {
  const step = STEP[claim.frequency];
  const firstPossible = Math.max(isoToDay(claim.start) + 14, world.period.startDay);
  const last = Math.min(claim.end ? isoToDay(claim.end) : world.period.endDay - 1, world.period.endDay - 1);
  const dates: string[] = [];
  let day = firstPossible + rng.int(step);
  while (day <= last) {
    dates.push(addDays(world.period.start, day - world.period.startDay));
    day += step;
  }
  return dates;
}
