/**
 * The indicator registry: every indicator Skein runs, by id.
 * `runIndicators` runs all of them (or a chosen subset) with per-indicator parameter overrides.
 */
import type { HGraph, IndicatorDefinition, IndicatorMatch } from '../types.ts';
import adultServicesSpend from './adult-services-spend.ts';
import agencyCohabitation from './agency-cohabitation.ts';
import arrestedUnderControl from './arrested-under-control.ts';
import arrivalThenClaim from './arrival-then-claim.ts';
import cashOut from './cash-out.ts';
import cashWithoutIncome from './cash-without-income.ts';
import childBenefitElsewhere from './child-benefit-elsewhere.ts';
import claimantNotHolder from './claimant-not-holder.ts';
import controlledAccounts from './controlled-accounts.ts';
import controller from './controller.ts';
import crowdedAddress from './crowded-address.ts';
import escortedOpenings from './escorted-openings.ts';
import fanInBeneficiary from './fan-in-beneficiary.ts';
import fanInFanOut from './fan-in-fan-out.ts';
import ghostPayroll from './ghost-payroll.ts';
import groupTravelPayer from './group-travel-payer.ts';
import heldDocuments from './held-documents.ts';
import hubPhone from './hub-phone.ts';
import layeringChain from './layering-chain.ts';
import lumpSumAfterTrip from './lump-sum-after-trip.ts';
import medicalTravelPayer from './medical-travel-payer.ts';
import minorCrowdedAddress from './minor-crowded-address.ts';
import minorThirdPartyTravel from './minor-third-party-travel.ts';
import multiAddressClaims from './multi-address-claims.ts';
import passThrough from './pass-through.ts';
import pooledWages from './pooled-wages.ts';
import rapidPassThrough from './rapid-pass-through.ts';
import recruitmentAds from './recruitment-ads.ts';
import residentialUtilitySpike from './residential-utility-spike.ts';
import roundTrip from './round-trip.ts';
import scatteredCash from './scattered-cash.ts';
import sharedBenefitAccount from './shared-benefit-account.ts';
import sharedContact from './shared-contact.ts';
import strawDirector from './straw-director.ts';
import structuring from './structuring.ts';
import thirdPartyRent from './third-party-rent.ts';

// biome-ignore lint/suspicious/noExplicitAny: the registry holds indicators with different parameter types.
type AnyIndicator = IndicatorDefinition<any>;

export const INDICATORS: readonly AnyIndicator[] = [
  sharedBenefitAccount,
  claimantNotHolder,
  pooledWages,
  rapidPassThrough,
  fanInBeneficiary,
  sharedContact,
  crowdedAddress,
  multiAddressClaims,
  agencyCohabitation,
  ghostPayroll,
  thirdPartyRent,
  groupTravelPayer,
  arrivalThenClaim,
  heldDocuments,
  controlledAccounts,
  escortedOpenings,
  scatteredCash,
  adultServicesSpend,
  controller,
  strawDirector,
  hubPhone,
  // Money-laundering typologies (issue #15): other people's money, not only wages and benefits.
  passThrough,
  fanInFanOut,
  layeringChain,
  roundTrip,
  structuring,
  cashOut,
  // Children (issue #18 item 3): minors moved, housed or claimed for by others.
  minorThirdPartyTravel,
  minorCrowdedAddress,
  childBenefitElsewhere,
  // Under-recognised typologies (issue #18 item 5): organ removal, online recruitment, forced criminality.
  medicalTravelPayer,
  lumpSumAfterTrip,
  recruitmentAds,
  residentialUtilitySpike,
  cashWithoutIncome,
  arrestedUnderControl,
];

export const INDICATORS_BY_ID: ReadonlyMap<string, AnyIndicator> = new Map(INDICATORS.map((i) => [i.id, i]));

export function getIndicator(id: string): AnyIndicator {
  const indicator = INDICATORS_BY_ID.get(id);
  if (!indicator) {
    throw new Error(
      `analyse/indicators: unknown indicator "${id}"; known indicators are ${[...INDICATORS_BY_ID.keys()].join(', ')}`,
    );
  }
  return indicator;
}

export interface RunIndicatorsOptions {
  /** Only these indicators (default: all). */
  only?: readonly string[];
  /** Parameter overrides per indicator id. */
  params?: Readonly<Record<string, Record<string, unknown>>>;
}

export interface IndicatorRun {
  matches: IndicatorMatch[];
  /** Milliseconds per indicator. */
  timings: Record<string, number>;
}

export function runIndicators(graph: HGraph, options: RunIndicatorsOptions = {}): IndicatorRun {
  for (const id of Object.keys(options.params ?? {})) getIndicator(id);
  const chosen = options.only ? options.only.map(getIndicator) : INDICATORS;
  const matches: IndicatorMatch[] = [];
  const timings: Record<string, number> = {};
  for (const indicator of chosen) {
    const started = performance.now();
    matches.push(...indicator.match(graph, options.params?.[indicator.id]));
    timings[indicator.id] = Math.round(performance.now() - started);
  }
  return { matches, timings };
}
