/**
 * What the two banks' statement writers share: a transfer between two accounts is a row on the
 * statement of each side held at this bank (both, for a transfer inside the bank), under one
 * reference; the holder's KYC columns, the same on every row of an account, are rendered once per
 * account and reused.
 */
import { type Account, isAccount, type Party, type Txn } from '../world/types.ts';
import type { WriterContext } from './context.ts';
import type { Corruption, ExtractFile, RenderedFields } from './file.ts';

/** Accounts whose rendered KYC columns are kept; a bounded cache, so memory stays flat. */
const KYC_CACHE_LIMIT = 4096;

export abstract class StatementWriter {
  private references = 0;
  private readonly kyc = new Map<string, RenderedFields>();

  constructor(
    private readonly file: ExtractFile | null,
    protected readonly ctx: WriterContext,
    /** The bank letter of the accounts whose statements this writer holds. */
    private readonly bank: string,
    private readonly corrupt: (row: string[], k: number) => Corruption<string[]>,
  ) {}

  get rows(): number {
    return this.file?.rows ?? 0;
  }

  /** Write the sides of `txn` that touch this bank's accounts. */
  post(txn: Txn): void {
    const file = this.file;
    if (!file) return;
    const debitSide = isAccount(txn.from) && txn.from.bank === this.bank;
    const creditSide = isAccount(txn.to) && txn.to.bank === this.bank;
    if (!debitSide && !creditSide) return;
    this.references++;
    const reference = this.reference(this.references);
    if (debitSide) this.writeSide(file, txn, txn.from as Account, txn.to, reference, true);
    if (creditSide) this.writeSide(file, txn, txn.to as Account, txn.from, reference, false);
  }

  /** The bank's transaction reference for its n-th transaction. */
  protected abstract reference(n: number): string;

  /** The holder's KYC columns of an account's statement rows. */
  protected abstract holderColumns(account: Account): string[];

  /** One statement row: the holder's columns followed by the transaction's. */
  protected abstract row(
    txn: Txn,
    holder: readonly string[],
    other: Party,
    reference: string,
    debit: boolean,
  ): string[];

  private writeSide(
    file: ExtractFile,
    txn: Txn,
    own: Account,
    other: Party,
    reference: string,
    debit: boolean,
  ): void {
    const holder = this.holderFields(file, own);
    file.write(
      this.row(txn, holder.fields, other, reference, debit),
      (r) => file.csvLineAfter(holder, r),
      this.corrupt,
    );
  }

  private holderFields(file: ExtractFile, account: Account): RenderedFields {
    const cached = this.kyc.get(account.iban);
    if (cached) return cached;
    if (this.kyc.size > KYC_CACHE_LIMIT) this.kyc.clear();
    const fields = this.holderColumns(account);
    const rendered = { fields, line: file.csvLine(fields) };
    this.kyc.set(account.iban, rendered);
    return rendered;
  }
}
