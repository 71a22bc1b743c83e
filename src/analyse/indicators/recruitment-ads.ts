/**
 * recruitment-ads (online recruitment): one contact phone in >= minAds job adverts (Items whose
 * `category`, `description` or `title` match adPattern, linked to the phone by HAS_PHONE), and
 * >= minApplicants people who called that phone (or were called by it) then travel together — on
 * one route and day — on journeys paid by a private person behind the adverts: the advertiser, the
 * phone's holder, or an account either holds. Adverts under several employer names
 * (`advertiser`) with one phone raise the strength to `manyNamesStrength`.
 *
 * Look-alike: a recruitment agency advertises many jobs with its own switchboard number and its
 * applicants call it, but they travel on their own or the company (an organisation) books them: no
 * private person pays a group of the callers' journeys, so it does not match.
 *
 * Applicants who travelled are exposed; the private persons who advertised or hold the phone and
 * paid the travel benefit.
 *
 * Weight 2.5, as group-travel-payer, which it narrows: the same payer moves groups, and the adverts
 * show how the group was found.
 */
import { accountActors, phoneOwners } from '../actors-of.ts';
import { dayOf, holderIds, intoOf, labelOf, mayBeSamePerson, nodesOf, outOf, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minAds: 3,
  minApplicants: 3,
  adPattern: '\\b(job[- ]?ad\\w*|job|jobs|vacanc\\w*|hiring|recruit\\w*|advert\\w*)\\b',
  manyNamesStrength: 1.5,
};

export default defineIndicator({
  id: 'recruitment-ads',
  version: 1,
  category: 'THB',
  kind: 'control',
  title: 'One phone in many job adverts, whose callers travel together at a private payer’s expense',
  source:
    'Europol, The challenges of countering human trafficking in the digital era (2020); ' +
    'Eurojust, Report on trafficking in human beings: best practice and issues in judicial cooperation (2021); ' +
    'OSCE/Tech Against Trafficking, Leveraging innovation to fight trafficking in human beings (2020)',
  weight: 2.5,
  defaults: DEFAULTS,
  find(graph, params) {
    const pattern = new RegExp(params.adPattern, 'iu');
    const isAd = (item: string) => {
      const a = graph.getNodeAttributes(item);
      return [str(a.category), str(a.description), str(a.title)].some(
        (t) => t !== undefined && pattern.test(t),
      );
    };
    const adsByPhone = new Map<string, string[]>();
    for (const item of nodesOf(graph, 'Item')) {
      if (!isAd(item)) continue;
      for (const ref of outOf(graph, item, 'HAS_PHONE')) {
        const list = adsByPhone.get(ref.target) ?? [];
        list.push(item);
        adsByPhone.set(ref.target, list);
      }
    }
    const drafts: MatchDraft[] = [];
    for (const [phone, ads] of [...adsByPhone].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
      if (ads.length < params.minAds) continue;
      const advertisers = new Set<string>();
      const names = new Set<string>();
      const adEdges: string[] = [];
      for (const ad of ads) {
        for (const ref of outOf(graph, ad, 'HAS_PHONE')) if (ref.target === phone) adEdges.push(ref.edge);
        for (const used of intoOf(graph, ad, 'USES')) {
          advertisers.add(used.source);
          adEdges.push(used.edge);
        }
        const name = str(graph.getNodeAttribute(ad, 'advertiser'));
        if (name) names.add(name.toLowerCase());
      }
      // Private persons behind the adverts: advertisers and holders of the phone, never organisations.
      const behind = [...advertisers, ...phoneOwners(graph, phone)].filter(
        (actor) => labelOf(graph, actor) === 'Person',
      );
      if (behind.length === 0) continue;
      const payerNodes = new Set<string>(behind);
      for (const person of behind)
        for (const held of outOf(graph, person, 'HOLDS')) payerNodes.add(held.target);
      const isBehind = (person: string) =>
        behind.some((b) => b === person || mayBeSamePerson(graph, b, person));
      // Applicants: holders of phones that called the advert phone or that it called.
      const applicants = new Map<string, string[]>();
      for (const type of ['CALLED'] as const) {
        for (const ref of [...intoOf(graph, phone, type), ...outOf(graph, phone, type)]) {
          const other = ref.source === phone ? ref.target : ref.source;
          for (const owner of phoneOwners(graph, other)) {
            if (labelOf(graph, owner) !== 'Person' || isBehind(owner)) continue;
            const list = applicants.get(owner) ?? [];
            list.push(ref.edge);
            applicants.set(owner, list);
          }
        }
      }
      if (applicants.size < params.minApplicants) continue;
      // Group journeys of applicants paid by someone behind the adverts.
      // With each group, the payers' ends of its PAID_FOR edges (read from the edges, not by key).
      const groups = new Map<string, { travellers: Set<string>; edges: string[]; paidFrom: string[] }>();
      for (const applicant of applicants.keys()) {
        for (const took of outOf(graph, applicant, 'TOOK')) {
          for (const paid of intoOf(graph, took.target, 'PAID_FOR')) {
            if (!payerNodes.has(paid.source)) continue;
            if (
              labelOf(graph, paid.source) === 'Account' &&
              holderIds(graph, paid.source).some((h) => labelOf(graph, h) === 'Organisation')
            )
              continue;
            const route = outOf(graph, took.target, 'ON')[0]?.target ?? 'no-route';
            const key = `${route}|${dayOf(graph.getNodeAttribute(took.target, 'date')) ?? 'no-date'}`;
            const group = groups.get(key) ?? { travellers: new Set(), edges: [], paidFrom: [] };
            group.travellers.add(applicant);
            group.edges.push(took.edge, paid.edge);
            group.paidFrom.push(paid.source);
            groups.set(key, group);
          }
        }
      }
      const together = [...groups.values()].filter((g) => g.travellers.size >= params.minApplicants);
      if (together.length === 0) continue;
      const travelled = new Set(together.flatMap((g) => [...g.travellers]));
      const payers = new Set<string>();
      for (const g of together)
        for (const source of g.paidFrom) {
          for (const actor of labelOf(graph, source) === 'Account' ? accountActors(graph, source) : [source])
            payers.add(actor);
        }
      const beneficiaries = [...new Set([...behind, ...payers])];
      drafts.push({
        subject: phone,
        nodes: [phone, ...ads, ...beneficiaries, ...travelled],
        relationships: [
          ...adEdges,
          ...[...travelled].flatMap((a) => applicants.get(a) ?? []),
          ...together.flatMap((g) => g.edges),
        ],
        beneficiaries,
        exposed: [...travelled],
        actors: [...beneficiaries, ...travelled],
        strength: names.size >= 2 ? params.manyNamesStrength : 1,
        facts: {
          ads: ads.length,
          advertisedNames: names.size,
          applicants: applicants.size,
          travelledTogether: travelled.size,
          groups: together.length,
        },
      });
    }
    return drafts;
  },
});
