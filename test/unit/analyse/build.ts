/**
 * Hand-built heterogeneous graphs for the analysis tests: short helpers that read like the facts
 * they add ("p1 holds acc1", "acc1 paid acc2 900 on 2024-03-01 as wage").
 */
import { createHGraph } from '../../../src/analyse/hgraph.ts';
import type { HGraph, PropValue } from '../../../src/analyse/types.ts';
import type { EntityLabel } from '../../../src/model/labels.ts';
import type { RelationshipType } from '../../../src/model/relationships.ts';

export class Builder {
  readonly graph: HGraph = createHGraph();
  private next = 0;

  node(id: string, label: EntityLabel, props: Record<string, PropValue> = {}): this {
    if (!this.graph.hasNode(id)) this.graph.addNode(id, { label, ...props });
    else this.graph.mergeNodeAttributes(id, props);
    return this;
  }

  person(id: string, props: Record<string, PropValue> = {}): this {
    return this.node(id, 'Person', { name: id, ...props });
  }

  org(id: string, props: Record<string, PropValue> = {}): this {
    return this.node(id, 'Organisation', { name: id, ...props });
  }

  rel(type: RelationshipType, from: string, to: string, props: Record<string, PropValue> = {}): string {
    for (const id of [from, to]) {
      if (!this.graph.hasNode(id)) throw new Error(`test builder: add node ${id} before relating it`);
    }
    const key = `r${++this.next}`;
    this.graph.addDirectedEdgeWithKey(key, from, to, {
      type,
      extract: 'extract:test',
      row: this.next,
      ...props,
    });
    return key;
  }

  /** Holder, account: creates the account when missing. */
  holds(holder: string, account: string, props: Record<string, PropValue> = {}): string {
    this.node(account, 'Account', props);
    return this.rel('HOLDS', holder, account);
  }

  paid(from: string, to: string, amount: number, at: string, kind = 'transfer'): string {
    for (const id of [from, to]) this.node(id, 'Account');
    return this.rel('PAID', from, to, { amount, at, kind, currency: 'GBP' });
  }

  livesAt(person: string, address: string, props: Record<string, PropValue> = {}): string {
    this.node(address, 'Address');
    return this.rel('REGISTERED_AT', person, address, { kind: 'residence', ...props });
  }

  phone(owner: string, phone: string, props: Record<string, PropValue> = {}): string {
    this.node(phone, 'Phone', props);
    return this.rel('HAS_PHONE', owner, phone);
  }

  /** claimant claims `claim`, paid into `account`. */
  claim(claimant: string, claim: string, account: string, props: Record<string, PropValue> = {}): string[] {
    this.node(claim, 'BenefitClaim', { scheme: 'UNIVERSAL_CREDIT', ...props });
    this.node(account, 'Account');
    return [this.rel('CLAIMS', claimant, claim), this.rel('PAID_INTO', claim, account)];
  }

  /** `holder` holds an identity document of `owner` (control.ts: documents). */
  holdsDocumentOf(holder: string, owner: string, document = `doc:${owner}`): void {
    this.node(document, 'IdentityDocument');
    this.rel('HAS_DOCUMENT', owner, document);
    this.rel('HELD_DOCUMENT', holder, document);
  }

  /** `payer` (a person or an account) pays a journey `traveller` takes (control.ts: travel). */
  paysJourney(payer: string, traveller: string, journey = `journey:${traveller}`, date = '2024-01-05'): void {
    this.node(journey, 'Journey', { date });
    this.rel('TOOK', traveller, journey);
    this.rel('PAID_FOR', payer, journey);
  }

  /** Makes `node` the most central member of a network with no evidence: it calls three others twice. */
  callsThree(node: string): void {
    this.phone(node, `phone:${node}`);
    for (const x of ['x1', 'x2', 'x3']) {
      this.person(x, { familyName: `F${x}` });
      this.phone(x, `phone:${x}`);
      for (const day of ['01', '02'])
        this.rel('CALLED', `phone:${node}`, `phone:${x}`, { at: `2024-03-${day}T10:00:00Z` });
    }
  }

  victim(person: string, caseId = 'case:op'): string {
    this.node(caseId, 'Case');
    return this.rel('INVOLVED_IN', person, caseId, { role: 'victim' });
  }

  role(person: string, role: string, caseId = 'case:op'): string {
    this.node(caseId, 'Case');
    return this.rel('INVOLVED_IN', person, caseId, { role });
  }
}

export function build(): Builder {
  return new Builder();
}
