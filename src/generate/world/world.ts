/**
 * The run's shared state handed to every module: options, seed, period, writers, identity log,
 * fixed counterparties, and the allocator for planted persons (indexes after the background).
 */
import type { Population } from '../background/population.ts';
import type { Writers } from '../extracts/index.ts';
import type { Phone } from '../ids/phone.ts';
import type { Origin } from '../pools/names.ts';
import { type Key, type Rng, rngFor } from '../rng.ts';
import type { IdentityLog } from '../truth/identities.ts';
import { type Variant, variantSet } from '../variants.ts';
import { openAccount } from './accounts.ts';
import type { Period } from './calendar.ts';
import type { GenerateOptions, Scale } from './options.ts';
import { systemOrg } from './orgs.ts';
import { synthPerson } from './people.ts';
import type { Account, Address, Bank, Organisation, Person } from './types.ts';

export class World {
  readonly seed: number;
  readonly period: Period;
  readonly benefitsAgency: Organisation;
  readonly travelOperator: Organisation;
  readonly utilities: Map<string, Organisation> = new Map();
  private nextPlanted: number;
  private nextPlantedOrg = 0;
  private nextAddress = 0;
  /** The background population (set by generate): variants draw fraud victims from it. */
  population?: Population;
  readonly variants: ReadonlySet<Variant>;
  /** Infrastructure shared between planted groups (the `shared-infra` variant), by key. */
  private readonly sharedThings = new Map<string, unknown>();

  constructor(
    readonly options: GenerateOptions,
    readonly scale: Scale,
    period: Period,
    readonly background: number,
    readonly out: Writers,
    readonly log: IdentityLog,
  ) {
    this.seed = options.seed;
    this.variants = variantSet(options.variants);
    this.period = period;
    this.nextPlanted = background;
    this.benefitsAgency = systemOrg(this.seed, 1, 'BENEFITS AGENCY', 'GB', period.start);
    this.travelOperator = systemOrg(this.seed, 2, 'Carpați Travel S.R.L.', 'RO', period.start, 'company');
  }

  rng(...keys: Key[]): Rng {
    return rngFor(this.seed, ...keys);
  }

  /** A fixed counterparty (utility, merchant with an account) by name. */
  counterparty(name: string, country: 'GB' | 'NL' | 'RO'): Organisation {
    let org = this.utilities.get(name);
    if (!org) {
      org = systemOrg(this.seed, 10 + this.utilities.size, name, country, this.period.start, 'company');
      this.utilities.set(name, org);
    }
    return org;
  }

  /** A thing shared by several planted groups: made by the first that asks, returned to the rest. */
  shared<T>(key: string, make: () => T): T {
    if (!this.sharedThings.has(key)) this.sharedThings.set(key, make());
    return this.sharedThings.get(key) as T;
  }

  get plantedCount(): number {
    return this.nextPlanted - this.background;
  }

  /** Index for a new planted or hard-negative person. */
  allocate(): number {
    return this.nextPlanted++;
  }

  plantedAddressId(): string {
    this.nextAddress++;
    return `ADR-X${String(this.nextAddress).padStart(6, '0')}`;
  }

  plantedOrgIndex(): number {
    return this.nextPlantedOrg++;
  }

  newPerson(spec: {
    origin: Origin;
    gender?: 'M' | 'F';
    age: readonly [number, number];
    family?: string;
    address: Address;
    residence: string;
    noise: number;
    phoneChance?: number;
    telcoChance?: number;
  }): Person {
    const noise = this.variants.has('noisy') ? Math.min(0.6, spec.noise * 3) : spec.noise;
    return synthPerson(
      this.seed,
      this.allocate(),
      { ...spec, noise, phoneSpace: 'planted' },
      this.period.start,
    );
  }

  /** Open an account for a planted person (or a planted organisation). */
  accountFor(
    holder: Person | Organisation,
    bank: Bank,
    options: {
      opened?: string;
      branchTown?: string;
      kycPhone?: Phone;
      online?: boolean;
      country?: 'GB' | 'NL' | 'RO';
    } = {},
  ): Account {
    const isPerson = (holder as Person).given !== undefined;
    const country =
      options.country ??
      (bank === 'A'
        ? 'GB'
        : bank === 'B'
          ? 'NL'
          : isPerson
            ? ((holder as Person).address.country as 'GB')
            : ((holder as Organisation).country as 'GB'));
    const index = isPerson ? (holder as Person).index : 4_000_000 + this.plantedOrgIndex();
    const account = openAccount({
      holder: isPerson
        ? { kind: 'person', person: holder as Person }
        : { kind: 'org', org: holder as Organisation },
      country,
      bank,
      space: 'planted',
      index,
      before: this.period.start,
      branchTown: options.branchTown ?? holder.address.town,
      seed: this.seed,
      ...(options.opened ? { opened: options.opened } : {}),
      ...(options.online !== undefined ? { online: options.online } : {}),
    });
    if (options.kycPhone) account.kycPhone = options.kycPhone;
    return account;
  }
}
