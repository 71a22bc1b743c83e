/**
 * Direction of control between persons, read from where each person's things go: whose identity
 * documents someone else holds, whose journeys someone else pays for, whose benefit is paid into
 * someone else's account, whose money mostly goes to one other person. P "controls" Q when Q's
 * documents, travel, benefit or money go to P.
 *
 * Indicators name who is exposed (possibly exploited) and who benefits from what one pattern shows,
 * and a pattern about one account can only guess: cash collected across cities and moved on is the
 * takings of a woman moved from town to town, or of the pimp who collects from her. The direction
 * of control decides: a net controller (controls >= minControlled people, more than control them)
 * is never exposed by a pattern; what the pattern shows about their account is theirs to answer for
 * (define.ts moves them to the beneficiaries). A person whose wages leave at once for their boss is
 * controlled, not controlling, and stays exposed.
 *
 * Money counts when Q pays P at least `minTransfers` times and P takes at least `minShare` of
 * everything Q transfers: a friend chipping in or one shared bill is not a hand-over. Persons who may
 * be one human (the same name folded) or one family (a recorded tie, or one family name and a shared
 * address or phone: oneHousehold) never count.
 */
import {
  areFamily,
  claimantsOf,
  holderIds,
  intoOf,
  isRecordedVictim,
  labelOf,
  mayBeSameName,
  nodesOf,
  outOf,
  paidOut,
  sameHousehold,
  str,
} from './hgraph.ts';
import { addressKey, compareAddress, type ParsedAddress, parseAddress } from './resolve/addresses.ts';
import type { HGraph } from './types.ts';

export const DEFAULTS = {
  minControlled: 2,
  minTransfers: 2,
  minShare: 0.5,
  /** Payment kinds that hand money over (rent, card and merchant payments buy something). */
  transferKinds: ['transfer', 'remittance', 'cash'] as string[],
};

export type ControlEvidence = 'documents' | 'travel' | 'benefit' | 'money';

export interface ControlDirection {
  /** P → Q → kinds of evidence that P controls Q. */
  controls: Map<string, Map<string, Set<ControlEvidence>>>;
  controlledBy: Map<string, Map<string, Set<ControlEvidence>>>;
}

interface Cached {
  order: number;
  size: number;
  edges: ControlDirection;
  direction?: ControlDirection;
  /** isControlled per person, once asked (the twin rule reads names and identifiers). */
  controlled?: Map<string, boolean>;
  /** Persons by birth date (mayBeExploited). */
  bornOn?: Map<string, string[]>;
  /** Address nodes by door (resolve/addresses.ts addressKey) and each one parsed (hasNamesakeAtHome). */
  doors?: { byKey: Map<string, string[]>; parsed: Map<string, ParsedAddress> };
}

const cache = new WeakMap<HGraph, Cached>();

function add(direction: ControlDirection, p: string, q: string, kind: ControlEvidence): void {
  if (p === q) return;
  for (const [map, a, b] of [
    [direction.controls, p, q],
    [direction.controlledBy, q, p],
  ] as const) {
    const inner = map.get(a) ?? new Map<string, Set<ControlEvidence>>();
    map.set(a, inner);
    const kinds = inner.get(b) ?? new Set<ControlEvidence>();
    inner.set(b, kinds);
    kinds.add(kind);
  }
}

function isPerson(graph: HGraph, node: string): boolean {
  return labelOf(graph, node) === 'Person';
}

function cachedEdges(graph: HGraph): Cached {
  const cached = cache.get(graph);
  if (cached && cached.order === graph.order && cached.size === graph.size) return cached;
  const fresh: Cached = { order: graph.order, size: graph.size, edges: buildEdges(graph) };
  cache.set(graph, fresh);
  return fresh;
}

/**
 * Every control edge as the evidence shows it, before the persons-only and one-human filters:
 * control-rank.ts counts organisations too, so this is the one definition both read.
 */
export function controlEdges(graph: HGraph): ControlDirection {
  return cachedEdges(graph).edges;
}

function buildEdges(graph: HGraph): ControlDirection {
  const raw: ControlDirection = { controls: new Map(), controlledBy: new Map() };
  // Documents: P holds a document Q is recorded with.
  for (const document of nodesOf(graph, 'IdentityDocument')) {
    const owners = intoOf(graph, document, 'HAS_DOCUMENT').map((ref) => ref.source);
    for (const held of intoOf(graph, document, 'HELD_DOCUMENT'))
      for (const owner of owners) add(raw, held.source, owner, 'documents');
  }
  // Travel: P (or an account P holds) pays a journey Q takes.
  for (const journey of nodesOf(graph, 'Journey')) {
    const travellers = intoOf(graph, journey, 'TOOK').map((ref) => ref.source);
    for (const paid of intoOf(graph, journey, 'PAID_FOR')) {
      const payers =
        labelOf(graph, paid.source) === 'Account' ? holderIds(graph, paid.source) : [paid.source];
      for (const payer of payers) for (const traveller of travellers) add(raw, payer, traveller, 'travel');
    }
  }
  // Benefits: Q's claim is paid into an account P holds.
  for (const claim of nodesOf(graph, 'BenefitClaim')) {
    const claimants = claimantsOf(graph, claim).map((ref) => ref.source);
    for (const into of outOf(graph, claim, 'PAID_INTO'))
      for (const holder of holderIds(graph, into.target))
        for (const claimant of claimants) add(raw, holder, claimant, 'benefit');
  }
  // Money: most of what Q transfers goes, repeatedly, to P.
  for (const account of nodesOf(graph, 'Account')) {
    const out = paidOut(graph, account, DEFAULTS.transferKinds);
    if (out.length < DEFAULTS.minTransfers) continue;
    const payers = holderIds(graph, account);
    if (payers.length === 0) continue;
    let total = 0;
    const byReceiver = new Map<string, { count: number; amount: number }>();
    for (const ref of out) {
      const amount = Math.abs(Number(ref.attribute('amount')) || 0);
      total += amount;
      for (const receiver of holderIds(graph, ref.target)) {
        const entry = byReceiver.get(receiver) ?? { count: 0, amount: 0 };
        entry.count++;
        entry.amount += amount;
        byReceiver.set(receiver, entry);
      }
    }
    for (const [receiver, entry] of byReceiver) {
      if (entry.count < DEFAULTS.minTransfers || total === 0 || entry.amount < DEFAULTS.minShare * total)
        continue;
      for (const payer of payers) add(raw, receiver, payer, 'money');
    }
  }
  return raw;
}

/** The direction of control over the whole graph, computed once per graph with the DEFAULTS. */
export function controlDirection(graph: HGraph): ControlDirection {
  const cached = cachedEdges(graph);
  if (cached.direction) return cached.direction;
  const raw = cached.edges;
  // Persons only, and never one human counted as two.
  const direction: ControlDirection = { controls: new Map(), controlledBy: new Map() };
  for (const [p, inner] of raw.controls) {
    if (!isPerson(graph, p)) continue;
    for (const [q, kinds] of inner) {
      if (!isPerson(graph, q) || oneHousehold(graph, p, q)) continue;
      for (const kind of kinds) add(direction, p, q, kind);
    }
  }
  cached.direction = direction;
  return direction;
}

/** Addresses a person is registered at (not a business address) and phones they are recorded with. */
function homeOf(graph: HGraph, person: string): Set<string> {
  const home = new Set<string>();
  for (const at of outOf(graph, person, 'REGISTERED_AT'))
    if (str(at.attribute('kind')) !== 'business') home.add(at.target);
  for (const has of outOf(graph, person, 'HAS_PHONE')) home.add(has.target);
  return home;
}

/**
 * May be one human (the same name folded) or one family: a recorded family tie, or one family name
 * *and* a shared home (an address or a phone). A shared family name alone is no household: a
 * trafficker and the people he brings from his own region often share a common surname (Ivanov,
 * Ngô, Popescu), and his holding their passports, paying their journeys or taking their takings is
 * control, not a family matter. Dev world 5: the pimp Ivan Ivanov held Elena Ivanov's passport;
 * once resolution joined her records, the joined identity carried the family name "Ivanov" and
 * lost that control edge, so her unjoined tenancy record became the second key actor of her
 * network. Dev world 6: the runner Quang Văn Ngô, whose takings went to Bình Văn Ngô and whose
 * coach he paid, was shown as the recorded drug suspect he was arrested as. A parent who keeps the
 * passports of the children living with them, or a son sending money to the parents he lives with,
 * stays one household.
 */
function oneHousehold(graph: HGraph, p: string, q: string): boolean {
  if (mayBeSameName(graph, p, q) || areFamily(graph, p, q)) return true;
  if (!sameHousehold(graph, p, q)) return false;
  const home = homeOf(graph, p);
  for (const place of homeOf(graph, q)) if (home.has(place)) return true;
  return false;
}

/** Controls at least `minControlled` people and more people than control them. */
export function isNetController(graph: HGraph, person: string): boolean {
  const direction = controlDirection(graph);
  const controls = direction.controls.get(person)?.size ?? 0;
  const controlledBy = direction.controlledBy.get(person)?.size ?? 0;
  return controls >= DEFAULTS.minControlled && controls > controlledBy;
}

/** Identifiers a record shares with another record of the same human: its phones, e-mails, documents. */
const TWIN_LINKS = ['HAS_PHONE', 'HAS_EMAIL', 'HAS_DOCUMENT'] as const;

function directlyControlled(graph: HGraph, person: string): boolean {
  const by = controlDirection(graph).controlledBy.get(person)?.size ?? 0;
  return by > 0 && !isNetController(graph, person);
}

/**
 * Controlled through their documents, travel or benefit (not money alone: a herder who sends most
 * of what he transfers to his boss abroad hands money over, and is no one's victim for it).
 */
function heldOrTaken(graph: HGraph, person: string): boolean {
  if (!directlyControlled(graph, person)) return false;
  for (const kinds of controlDirection(graph).controlledBy.get(person)?.values() ?? [])
    if (kinds.has('documents') || kinds.has('travel') || kinds.has('benefit')) return true;
  return false;
}

/**
 * The evidence of the exploited: someone else holds this person's documents, pays their travel,
 * takes their benefit or their money, and they are no net controller themselves. Such a person is
 * never ranked as an offender or key actor (risk.ts, pipeline.ts), whatever a pattern says of them:
 * a woman who shares the work phone her pimp handed out, or whose account a mule herder opened, is
 * exploited by it, not running it.
 *
 * One human is often several records nobody has joined (a tenancy register's "Radka Dimitroff", a
 * travel agent's "Dimitruv Radka" whose passport the pimp holds). A record that shares a phone,
 * e-mail or document with a record of the same human (hgraph.ts mayBeSameName: the folded name, or
 * one shared word and the same birth date; a shared family name alone is not enough) whose
 * documents, travel or benefit another controls, or who is a recorded victim, is that person's
 * record too: the same protection (dev world 3: the tenancy record of a trafficked woman was the
 * second key actor of a network by centrality). A net controller is never protected this way.
 */
export function isControlled(graph: HGraph, person: string): boolean {
  if (!graph.hasNode(person)) return false;
  if (directlyControlled(graph, person)) return true;
  const cached = cachedEdges(graph);
  cached.controlled ??= new Map();
  let twin = cached.controlled.get(person);
  if (twin === undefined) {
    twin = hasProtectedTwin(graph, person);
    cached.controlled.set(person, twin);
  }
  return twin;
}

/**
 * A record with no evidence of its own (no offender or control points) that may be one human with a
 * record whose documents, travel or benefit another controls, or with a recorded victim, by a shared
 * phone, e-mail or document (isControlled) or by the same birth date and name (hgraph.ts
 * mayBeSameName): never listed as a key actor for its centrality alone (pipeline.ts). Wider than
 * isControlled, which also takes offender points away: a record with nothing against it loses
 * nothing by it (dev world 5: the tenancy records of two trafficked women, "Svetlana Zhelev" born
 * 2001-09-28, whose police record "Zehlev Svetlana" of that date names the identity card her pimp
 * holds, were the second and third key actors of a network by centrality). So is a record of that
 * name registered at that record's home (hasNamesakeAtHome), birth date or not.
 */
export function mayBeExploited(graph: HGraph, person: string): boolean {
  if (!graph.hasNode(person)) return false;
  if (isControlled(graph, person)) return true;
  if (!isPerson(graph, person) || isNetController(graph, person)) return false;
  return hasBornTwin(graph, person) || hasNamesakeAtHome(graph, person);
}

/** A record born the same day, of a compatible name, whose documents, travel or benefit another controls. */
function hasBornTwin(graph: HGraph, person: string): boolean {
  const born = graph.getNodeAttribute(person, 'birthDate');
  if (typeof born !== 'string' || born === '') return false;
  const cached = cachedEdges(graph);
  if (!cached.bornOn) {
    cached.bornOn = new Map();
    for (const node of nodesOf(graph, 'Person')) {
      const day = graph.getNodeAttribute(node, 'birthDate');
      if (typeof day !== 'string' || day === '') continue;
      const list = cached.bornOn.get(day) ?? [];
      list.push(node);
      cached.bornOn.set(day, list);
    }
  }
  return (cached.bornOn.get(born) ?? []).some(
    (other) =>
      other !== person &&
      (heldOrTaken(graph, other) || isRecordedVictim(graph, other)) &&
      mayBeSameName(graph, person, other),
  );
}

/** Addresses a person lives at by a record (not a business's or a landlord's registration). */
function residencesOf(graph: HGraph, person: string): string[] {
  return outOf(graph, person, 'REGISTERED_AT')
    .filter((at) => !['business', 'landlord'].includes(str(at.attribute('kind')) ?? ''))
    .map((at) => at.target);
}

/**
 * The address nodes that are one door with `address` (itself included). Sources write one flat
 * many ways and resolution does not always join them: the tenancy register's "Flat 6, 98 York
 * Road" (town Leeds) and the bank's "FLAT 6, 98 YORK ROAD, LEEDS, LS16 8TJ" were two nodes on dev
 * world 10. Compared by parts as resolution compares them (street, number, postcode, town).
 */
function sameDoor(graph: HGraph, address: string): string[] {
  const cached = cachedEdges(graph);
  if (!cached.doors) {
    const doors = { byKey: new Map<string, string[]>(), parsed: new Map<string, ParsedAddress>() };
    for (const node of nodesOf(graph, 'Address')) {
      const a = graph.getNodeAttributes(node);
      const line = str(a.line);
      if (!line) continue;
      // The analysis graph keeps an address's line and city, not its postcode field (slim graph).
      const parsed = parseAddress({ line, ...(str(a.city) ? { town: str(a.city)! } : {}) });
      const key = parsed && addressKey(parsed);
      if (!parsed || key === undefined) continue;
      doors.parsed.set(node, parsed);
      const list = doors.byKey.get(key) ?? [];
      list.push(node);
      doors.byKey.set(key, list);
    }
    cached.doors = doors;
  }
  const { byKey, parsed } = cached.doors;
  const mine = parsed.get(address);
  const key = mine && addressKey(mine);
  if (!mine || key === undefined) return [address];
  const same = (byKey.get(key) ?? []).filter(
    (other) => other === address || compareAddress(mine, parsed.get(other)!) === 'same',
  );
  return same.includes(address) ? same : [address, ...same];
}

/**
 * Registered at the home (the same door, sameDoor) of a record of the same name (hgraph.ts mayBeSameName: the whole folded
 * name, or one shared word and the same birth date) whose documents, travel or benefit another
 * controls, or who is a recorded victim. A register that writes a tenant's name and flat and
 * nothing else (no birth date, no phone) gives the other rules nothing to compare; the name and
 * the flat are that woman's (dev world 10: the tenancy record "Gabriela Nistor", no birth date,
 * of the short let where her bank record "MS GABRIELA NISTOR" lives, was the second key actor of
 * her ring by centrality). The record at home may itself be protected only by its birth-date twin:
 * her bank record, born the day of the travel record "NISTOR GABRIELA" whose passport the pimp held
 * and whose journey he paid, carries no control edge of its own. A housemate of another name, or a
 * relative sharing only the family name, is not her.
 */
function hasNamesakeAtHome(graph: HGraph, person: string): boolean {
  for (const home of residencesOf(graph, person).flatMap((address) => sameDoor(graph, address)))
    for (const other of intoOf(graph, home, 'REGISTERED_AT')) {
      if (other.source === person || !isPerson(graph, other.source)) continue;
      if (['business', 'landlord'].includes(str(other.attribute('kind')) ?? '')) continue;
      if (!mayBeSameName(graph, person, other.source)) continue;
      const protectedRecord =
        heldOrTaken(graph, other.source) ||
        isRecordedVictim(graph, other.source) ||
        (!isNetController(graph, other.source) && hasBornTwin(graph, other.source));
      if (protectedRecord) return true;
    }
  return false;
}

function hasProtectedTwin(graph: HGraph, person: string): boolean {
  if (!isPerson(graph, person) || isNetController(graph, person)) return false;
  for (const type of TWIN_LINKS)
    for (const link of outOf(graph, person, type))
      for (const other of intoOf(graph, link.target, type)) {
        if (other.source === person || !isPerson(graph, other.source)) continue;
        if (!heldOrTaken(graph, other.source) && !isRecordedVictim(graph, other.source)) continue;
        if (mayBeSameName(graph, person, other.source)) return true;
      }
  // The company register's officer record of a worker the company employs under her name: a ring
  // makes one of its workers the agency's straw director, and the register writes her twice, as
  // director (a birth month only) and as employee (dev world 10: the director record of a worker
  // whose journey another paid earned the agency's points as its director, offender 7 of her ring).
  for (const directs of outOf(graph, person, 'DIRECTS'))
    for (const employs of outOf(graph, directs.target, 'EMPLOYS')) {
      const other = employs.target;
      if (other === person || !isPerson(graph, other)) continue;
      if (!heldOrTaken(graph, other) && !isRecordedVictim(graph, other)) continue;
      if (mayBeSameName(graph, person, other)) return true;
    }
  return false;
}
