/**
 * Hand-built graphs of the issue #18 typologies (organ removal, online recruitment, forced
 * criminality) and their look-alikes, shared by typologies.test.ts and the indicator library's cases.
 */
import type { Builder } from './build.ts';

export const day = (d: string, hour = 10) => `${d}T${String(hour).padStart(2, '0')}:00:00Z`;

/** A journey `who` takes on one route and day, paid by `payer` (an account or a person). */
export function journey(
  b: Builder,
  who: string,
  payer: string,
  route: string,
  date: string,
  country: string,
): string {
  const id = `journey:${who}:${route}:${date}`;
  b.node(id, 'Journey', { date: day(date, 7) });
  b.node(`route:${route}`, 'Route');
  b.node(`location:${route}`, 'Location', { name: route, country });
  if (!b.graph.hasEdge(`route:${route}`, `location:${route}`))
    b.rel('TO', `route:${route}`, `location:${route}`);
  b.rel('ON', id, `route:${route}`);
  b.rel('TOOK', who, id);
  b.rel('PAID_FOR', payer, id);
  return id;
}

/** A broker in GB pays a clinic in Turkey, flies three donors there and pays each a sum after. */
export function broker(b: Builder, lump = true): void {
  b.person('broker', { name: 'Adrian Vlad' });
  b.holds('broker', 'account:broker', { iban: 'GB33BUKB20201555555555' });
  b.node('account:clinic', 'Account', {
    iban: 'TR330006100519786457841326',
    holderName: 'ANKA TRANSPLANT KLINIGI',
  });
  b.paid('account:broker', 'account:clinic', 18000, day('2024-02-20'));
  for (const [i, d] of ['d1', 'd2', 'd3'].entries()) {
    b.person(d, { name: `Ion Donor${i}` });
    b.holds(d, `account:${d}`, { iban: `GB33BUKB2020155555000${i}` });
    b.paid(`account:${d}`, 'account:shop', 40, day('2024-02-01'));
    b.paid('account:job', `account:${d}`, 300, day('2024-01-28'));
    journey(b, d, 'account:broker', 'istanbul', '2024-03-01', 'TR');
    if (lump) b.paid('account:broker', `account:${d}`, 4000, day('2024-03-20'));
  }
}

/** `owner` posts `n` job adverts with one phone; four callers; `payer` pays a group's coach. */
export function ads(b: Builder, owner: string, ownerKind: 'person' | 'org', names: string[], n = 4): void {
  if (ownerKind === 'person') b.person(owner, { name: 'Vasile Recruiter' });
  else b.org(owner, { name: 'Bright Staffing Ltd' });
  b.phone(owner, 'phone:ads');
  for (let i = 0; i < n; i++) {
    b.node(`item:ad${i}`, 'Item', {
      kind: 'other',
      category: 'job-ad',
      title: 'Warehouse operatives wanted',
      advertiser: names[i % names.length]!,
    });
    b.rel('HAS_PHONE', `item:ad${i}`, 'phone:ads');
    b.rel('USES', owner, `item:ad${i}`);
  }
  for (const a of ['a1', 'a2', 'a3', 'a4']) {
    b.person(a, { name: `Mihai Applicant${a}` });
    b.phone(a, `phone:${a}`);
    b.rel('CALLED', `phone:${a}`, 'phone:ads', { at: day('2024-02-01'), seconds: 90 });
  }
}

/** Twenty-four households with ordinary gas bills: the norm. */
export function ordinaryBills(b: Builder): void {
  b.org('gas', { name: 'BRITISH GAS' });
  b.holds('gas', 'account:gas');
  for (let i = 0; i < 24; i++) {
    b.person(`h${i}`, { name: `Ann Home${i}` });
    b.livesAt(`h${i}`, `address:h${i}`);
    b.holds(`h${i}`, `account:h${i}`);
    for (const m of ['01', '02', '03'])
      b.paid(`account:h${i}`, 'account:gas', 60 + i * 3, day(`2024-${m}-02`), 'direct-debit');
  }
}

/** A cannabis farm: the gardener is registered there and pays £1,800 a month; the boss pays the rent. */
export function farm(b: Builder): void {
  b.person('gardener', { name: 'Van Nguyen' });
  b.livesAt('gardener', 'address:farm');
  b.holds('gardener', 'account:gardener');
  for (const m of ['01', '02', '03'])
    b.paid('account:gardener', 'account:gas', 1800, day(`2024-${m}-02`), 'direct-debit');
  b.person('boss', { name: 'Tuan Tran' });
  b.livesAt('boss', 'address:boss');
  b.holds('boss', 'account:boss');
  b.node('account:landlord', 'Account');
  for (const m of ['01', '02', '03'])
    b.rel('PAID', 'account:boss', 'account:landlord', {
      amount: 1200,
      at: day(`2024-${m}-01`),
      kind: 'rent',
      address: 'address:farm',
    });
}

/** `who` banks cash eight times and sends most of it to `to`. */
export function banksCash(b: Builder, who: string, to: string): void {
  b.node('location:leeds', 'Location', { name: 'Leeds' });
  for (let d = 1; d <= 8; d++) {
    b.rel('CASH', `account:${who}`, 'location:leeds', {
      direction: 'in',
      amount: 600,
      at: day(`2024-02-${String(d).padStart(2, '0')}`),
    });
    b.paid(`account:${who}`, `account:${to}`, 500, day(`2024-02-${String(d).padStart(2, '0')}`, 18));
  }
}

/** A drug offence with the person recorded as suspect. */
export function arrest(b: Builder, person: string, place?: string): void {
  b.node(`offence:${person}`, 'Offence', { type: 'Cultivation of cannabis', date: '2024-03-05' });
  b.rel('INVOLVED_IN', person, `offence:${person}`, { role: 'suspect' });
  if (place) b.rel('OCCURRED_AT', `offence:${person}`, place);
}

/** Cases for the indicator library test (indicators.test.ts): the pattern, then its look-alike. */
export const TYPOLOGY_CASES: Array<{
  id: string;
  subject: string;
  yes: (b: Builder) => void;
  no: (b: Builder) => void;
}> = [
  {
    id: 'medical-travel-payer',
    subject: 'account:broker',
    yes: (b) => broker(b),
    no: (b) => {
      // A medical tourist pays her own clinic abroad and her own flight.
      b.person('tourist', { name: 'Sue Tourist' });
      b.holds('tourist', 'account:tourist', { iban: 'GB33BUKB20201555551111' });
      b.node('account:clinic', 'Account', {
        iban: 'TR330006100519786457841326',
        holderName: 'DENTAL CLINIC',
      });
      b.paid('account:tourist', 'account:clinic', 3500, day('2024-02-20'));
      journey(b, 'tourist', 'account:tourist', 'istanbul', '2024-03-01', 'TR');
    },
  },
  {
    id: 'lump-sum-after-trip',
    subject: 'd1',
    yes: (b) => broker(b),
    no: (b) => broker(b, false),
  },
  {
    id: 'recruitment-ads',
    subject: 'phone:ads',
    yes: (b) => {
      ads(b, 'rec', 'person', ['Top Farm Jobs', 'UK Packing Work']);
      b.holds('rec', 'account:rec');
      for (const a of ['a1', 'a2', 'a3']) journey(b, a, 'account:rec', 'london', '2024-02-20', 'GB');
    },
    no: (b) => {
      // An agency's adverts: its callers travel on their own.
      ads(b, 'agency', 'org', ['Bright Staffing Ltd'], 12);
      for (const [i, a] of ['a1', 'a2', 'a3', 'a4'].entries())
        journey(b, a, a, 'london', `2024-02-${10 + i}`, 'GB');
    },
  },
  {
    id: 'residential-utility-spike',
    subject: 'account:gardener',
    yes: (b) => {
      ordinaryBills(b);
      farm(b);
    },
    no: (b) => {
      // A bakery's bills: an organisation at business premises.
      ordinaryBills(b);
      b.org('bakery', { name: 'Crusty Loaf Bakery Ltd' });
      b.holds('bakery', 'account:bakery');
      b.rel('REGISTERED_AT', 'bakery', 'address:h0', { kind: 'business' });
      for (const m of ['01', '02', '03'])
        b.paid('account:bakery', 'account:gas', 2400, day(`2024-${m}-02`), 'direct-debit');
    },
  },
  {
    id: 'cash-without-income',
    subject: 'account:runner',
    yes: (b) => {
      b.person('runner', { name: 'Duc Le' });
      b.holds('runner', 'account:runner');
      b.person('boss', { name: 'Tuan Tran' });
      b.holds('boss', 'account:boss');
      banksCash(b, 'runner', 'boss');
    },
    no: (b) => {
      // A shop owner banks the till and pays a supplier.
      b.person('runner', { name: 'Gita Shah' });
      b.holds('runner', 'account:runner');
      b.org('shop', { name: 'Shah Convenience Ltd' });
      b.rel('DIRECTS', 'runner', 'shop');
      b.person('supplier', { name: 'Raj Patel' });
      b.holds('supplier', 'account:supplier');
      banksCash(b, 'runner', 'supplier');
    },
  },
  {
    id: 'arrested-under-control',
    subject: 'gardener',
    yes: (b) => {
      ordinaryBills(b);
      farm(b);
      arrest(b, 'gardener', 'address:farm');
    },
    no: (b) => {
      // A dealer arrested at the home whose rent he pays himself.
      b.person('dealer', { name: 'Mark Cole' });
      b.livesAt('dealer', 'address:dealer');
      b.holds('dealer', 'account:dealer');
      b.node('account:landlord', 'Account');
      b.rel('PAID', 'account:dealer', 'account:landlord', {
        amount: 900,
        at: day('2024-01-01'),
        kind: 'rent',
        address: 'address:dealer',
      });
      arrest(b, 'dealer', 'address:dealer');
    },
  },
];
