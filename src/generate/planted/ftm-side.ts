/** The Romanian partner's view of a network: its people there, a recruitment company, accounts and inflows. */
import type { Rng } from '../rng.ts';
import type { GroupBuilder } from '../truth/ground-truth.ts';
import { dayOf } from '../world/activity.ts';
import type { Person } from '../world/types.ts';
import type { World } from '../world/world.ts';
import { plantedAddress, plantedCompany } from './common.ts';

export function writeFtmSide(
  world: World,
  rng: Rng,
  group: GroupBuilder,
  parties: {
    recruiter?: Person;
    beneficiary: Person;
    victims: readonly Person[];
    senders: readonly Person[];
  },
): void {
  const ftm = world.out.ftm;
  const beneficiaryId = ftm.person(parties.beneficiary);
  const beneficiaryAccount = ftm.account(parties.beneficiary.account!);
  ftm.ownership(beneficiaryId, beneficiaryAccount, parties.beneficiary.account!.opened);
  if (parties.recruiter) {
    const recruiterId = ftm.person(parties.recruiter);
    const recruiterAccount = ftm.account(parties.recruiter.account!);
    ftm.ownership(recruiterId, recruiterAccount, parties.recruiter.account!.opened);
    const company = plantedCompany(world, rng, 'RECRUITMENT', plantedAddress(world, rng, 'RO'), 'RO');
    group.org(company, 'recruitment-company');
    const companyId = ftm.company(company);
    ftm.directorship(recruiterId, companyId, company.incorporated);
    ftm.ownership(beneficiaryId, companyId, company.incorporated, '100');
    for (const victim of parties.victims.slice(0, Math.ceil(parties.victims.length / 2))) {
      ftm.employment(companyId, ftm.person(victim), company.incorporated, 'muncitor');
    }
  }
  for (let m = 0; m < world.period.months; m++) {
    for (const sender of parties.senders) {
      if (!sender.account) continue;
      ftm.payment(`${group.truth.id}:${sender.id}:${m}`, {
        payer: ftm.person(sender),
        beneficiary: beneficiaryId,
        payerAccount: ftm.account(sender.account),
        beneficiaryAccount,
        amount: rng.range(400, 3000),
        currency: sender.account.currency === 'GBP' ? 'GBP' : 'EUR',
        date: dayOf(world, rng, m, 26, 28),
        purpose: rng.pick(['ajutor familie', 'transfer', 'investitie']),
      });
    }
  }
}
