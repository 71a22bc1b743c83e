/** Legitimate benefit claims of a GB household, their payments, and the matching bank credits. */
import type { Claim, SchemeCode } from '../extracts/benefits.ts';
import { fullName, nameFor } from '../noise/names.ts';
import type { Rng } from '../rng.ts';
import { paymentDates } from '../world/benefit-schedule.ts';
import { addDays, ageOn } from '../world/calendar.ts';
import { cents } from '../world/text.ts';
import type { Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import type { Household } from './population.ts';

export function householdClaims(
  world: World,
  rng: Rng,
  hh: Household,
  members: Person[],
  employed: (p: Person) => boolean,
  landlord?: string,
): void {
  if (hh.country !== 'GB') return;
  const start = world.period.start;
  const adults = members.filter((p) => ageOn(p.birthDate, start) >= 18);
  const children = members.filter((p) => ageOn(p.birthDate, start) < 18);
  if (adults.length === 0) return;
  const claims: Claim[] = [];
  const make = (
    claimant: Person,
    scheme: SchemeCode,
    amount: number,
    frequency: Claim['frequency'],
    extra: Partial<Claim> = {},
  ) => {
    let payee = claimant.account;
    let relationship: Claim['payeeRelationship'] = 'SELF';
    if (!payee || rng.chance(0.05)) {
      const other = adults.find((a) => a !== claimant && a.account);
      if (other?.account) {
        payee = other.account;
        relationship = hh.flatshare ? 'OTHER' : 'PARTNER';
      }
    }
    if (!payee) return;
    const payeePerson = payee.holder.kind === 'person' ? payee.holder.person : claimant;
    const claim: Claim = {
      ref: world.out.benefits.nextClaimRef(scheme),
      scheme,
      claimant,
      address: hh.address,
      start: rng.chance(0.12) ? addDays(start, rng.int(60)) : addDays(start, -rng.range(60, 2000)),
      amount: cents(amount),
      frequency,
      payee,
      payeeName: fullName(nameFor(world.seed, payeePerson, 'payee')).toUpperCase(),
      payeeRelationship: relationship,
      householdSize: hh.size,
      ...extra,
    };
    if (claimant.phone) claim.phone = claimant.phone;
    if (claimant.email) claim.email = claimant.email;
    const doc = claimant.documents[0];
    if (doc && rng.chance(0.7)) claim.document = doc;
    claims.push(claim);
  };
  if (children.length > 0) {
    const claimant = adults.find((a) => a.gender === 'F') ?? adults[0]!;
    make(claimant, 'CB', 4 * (25.6 + 16.95 * (children.length - 1)), 'FOUR_WEEKLY');
  }
  for (const adult of adults) {
    const age = ageOn(adult.birthDate, start);
    if (age < 66 && !employed(adult) && rng.chance(0.55)) {
      const housing = hh.tenure !== 'own' && adult === adults[0];
      make(
        adult,
        'UC',
        rng.range(380, 920) + (housing ? hh.rent * 0.6 : 0),
        'MONTHLY',
        housing ? { landlord: landlord ?? '', rent: hh.rent } : {},
      );
    }
    if (age >= 66 && rng.chance(0.25)) make(adult, 'PC', 4 * rng.range(40, 190), 'FOUR_WEEKLY');
    if (rng.chance(0.03)) make(adult, 'PIP', 4 * rng.range(28, 180), 'FOUR_WEEKLY');
  }
  for (const claim of claims) postClaim(world, rng, claim);
}

/** Write a claim, its payments in the period, and the credits on the payee's bank statement. */
export function postClaim(world: World, rng: Rng, claim: Claim): void {
  world.out.benefits.claim(claim);
  const agency = world.benefitsAgency.account!;
  for (const date of paymentDates(world, rng, claim)) {
    const reference = world.out.benefits.payment(claim, date, agency.iban);
    world.out.post({
      date,
      time: 2 * 3600 + rng.int(3600),
      from: agency,
      to: claim.payee,
      amount: claim.amount,
      currency: 'GBP',
      kind: 'benefit',
      reference,
      mayCorrupt: true,
    });
  }
}
