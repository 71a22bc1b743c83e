/** All extract writers of one run, opened together (or as null writers when `--only` leaves them out). */
import type { MalformedRow } from '../noise/malformed.ts';
import type { Txn } from '../world/types.ts';
import { BANK_A_HEADER, BANK_A_SPEC, BankAWriter } from './bank-a.ts';
import { BANK_B_HEADER, BANK_B_SPEC, BankBWriter } from './bank-b.ts';
import { BenefitsWriter, CLAIMS_HEADER, CLAIMS_SPEC, PAYMENTS_HEADER, PAYMENTS_SPEC } from './benefits.ts';
import type { WriterContext } from './context.ts';
import { ExtractFile, type ExtractSpec, type ManifestEntry } from './file.ts';
import { FTM_SPEC, FtmWriter } from './ftm.ts';
import { REGISTRY_HEADER, REGISTRY_SPEC, RegistryWriter } from './registry.ts';
import {
  SEIZED_PHONE_HEADER,
  SEIZED_PHONE_SPEC,
  SEIZURE_HEADER,
  SEIZURE_SPEC,
  SeizureWriter,
} from './seized.ts';
import { TELECOM_HEADER, TELECOM_SPEC, TelecomWriter } from './telecom.ts';
import { TENANCY_HEADER, TENANCY_SPEC, TenancyWriter } from './tenancy.ts';
import { TRAVEL_SPEC, TravelWriter } from './travel.ts';

export const EXTRACTS: readonly { spec: ExtractSpec; header?: readonly string[] }[] = [
  { spec: BANK_A_SPEC, header: BANK_A_HEADER },
  { spec: BANK_B_SPEC, header: BANK_B_HEADER },
  { spec: TELECOM_SPEC, header: TELECOM_HEADER },
  { spec: TRAVEL_SPEC },
  { spec: CLAIMS_SPEC, header: CLAIMS_HEADER },
  { spec: PAYMENTS_SPEC, header: PAYMENTS_HEADER },
  { spec: REGISTRY_SPEC, header: REGISTRY_HEADER },
  { spec: TENANCY_SPEC, header: TENANCY_HEADER },
  { spec: SEIZED_PHONE_SPEC, header: SEIZED_PHONE_HEADER },
  { spec: SEIZURE_SPEC, header: SEIZURE_HEADER },
  { spec: FTM_SPEC },
];

export const MAPPINGS = EXTRACTS.map((e) => e.spec.mapping);

export interface Writers {
  bankA: BankAWriter;
  bankB: BankBWriter;
  telecom: TelecomWriter;
  travel: TravelWriter;
  benefits: BenefitsWriter;
  registry: RegistryWriter;
  tenancy: TenancyWriter;
  seizure: SeizureWriter;
  ftm: FtmWriter;
  /** Post a money movement to whichever banks hold its accounts. */
  post(txn: Txn): void;
  /** Data rows written so far, all extracts. */
  rows(): number;
  /** Rows of one extract (by mapping). */
  rowsOf(mapping: string): number;
  close(): ManifestEntry[];
}

export function openExtracts(
  dir: string,
  seed: number,
  only: readonly string[] | undefined,
  malformed: MalformedRow[],
  ctx: WriterContext,
): Writers {
  const files = new Map<string, ExtractFile>();
  for (const { spec, header } of EXTRACTS) {
    if (only && !only.includes(spec.mapping)) continue;
    files.set(spec.mapping, new ExtractFile(dir, spec, seed, malformed, header));
  }
  const f = (mapping: string) => files.get(mapping) ?? null;
  const bankA = new BankAWriter(f('bank-a'), ctx);
  const bankB = new BankBWriter(f('bank-b'), ctx);
  return {
    bankA,
    bankB,
    telecom: new TelecomWriter(f('telecom')),
    travel: new TravelWriter(f('travel'), ctx),
    benefits: new BenefitsWriter(f('benefits-claims'), f('benefits-payments'), ctx),
    registry: new RegistryWriter(f('registry'), ctx),
    tenancy: new TenancyWriter(f('tenancy'), ctx),
    seizure: new SeizureWriter(f('seized-phone'), f('seizure'), ctx),
    ftm: new FtmWriter(f('ftm'), ctx),
    post(txn) {
      bankA.post(txn);
      bankB.post(txn);
    },
    rows() {
      let total = 0;
      for (const file of files.values()) total += file.rows;
      return total;
    },
    rowsOf(mapping) {
      return files.get(mapping)?.rows ?? 0;
    },
    close() {
      return [...files.values()].map((file) => file.close());
    },
  };
}
