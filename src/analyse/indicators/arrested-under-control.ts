/**
 * arrested-under-control (forced criminality): a person recorded as a suspect (INVOLVED_IN {role:
 * suspect}) of a drug offence (the Offence's `type`, `description` or `category` match drugPattern)
 * whom someone else controls: holds their documents, pays their travel, takes their benefit or most
 * of their money (control.ts), or pays the rent of the home they are arrested at or registered at
 * without living there — read also from the person's other records not yet joined to the custody
 * record (the same phone, the same folded name and birth date). Trafficked people made to grow or deal drugs are arrested as offenders; the
 * non-punishment principle asks that they be identified as possible victims first.
 *
 * Look-alike: a dealer arrested with nobody controlling them (their own rent, own money) does not
 * match and stays a suspect. The arrested person is exposed (possibly exploited, never ranked as an
 * offender for it); the persons controlling them benefit.
 *
 * Weight 3, as held-documents: a recorded offence committed under recorded control is the typology
 * itself.
 */
import { accountActors, phoneOwners } from '../actors-of.ts';
import { controlDirection } from '../control.ts';
import { intoOf, labelOf, mayBeSamePerson, nodesOf, outOf, str } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';
import { rentByAddress } from './rent-of.ts';
import { addressesOf } from './residents.ts';

export const DEFAULTS = {
  drugPattern:
    '\\b(drugs?|cannabis|cocaine|heroin|crack|supply|dealing|cultivat\\w*|production|possession with intent|county lines?|misuse of drugs)\\b',
  rentKinds: ['rent'] as string[],
};

export default defineIndicator({
  id: 'arrested-under-control',
  version: 1,
  category: 'THB',
  kind: 'control',
  title: 'Arrested for drugs while under someone else’s control',
  source:
    'OSCE, Policy and legislative recommendations on the non-punishment provision (2013); Directive ' +
    '2011/36/EU art. 8; Eurojust, THB casework report (2021): forced criminality; Europol, EMPACT THB (2021)',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const pattern = new RegExp(params.drugPattern, 'iu');
    const direction = controlDirection(graph);
    const rents = rentByAddress(graph, params.rentKinds);
    const drafts: MatchDraft[] = [];
    // Suspects of drug offences, with the offences and their INVOLVED_IN edges.
    const arrested = new Map<string, { offences: string[]; edges: string[]; types: string[] }>();
    for (const offence of nodesOf(graph, 'Offence')) {
      const a = graph.getNodeAttributes(offence);
      if (![str(a.type), str(a.description), str(a.category)].some((t) => t !== undefined && pattern.test(t)))
        continue;
      for (const involved of intoOf(graph, offence, 'INVOLVED_IN')) {
        if (labelOf(graph, involved.source) !== 'Person') continue;
        if (str(involved.attribute('role'))?.trim().toLowerCase() !== 'suspect') continue;
        const entry = arrested.get(involved.source) ?? { offences: [], edges: [], types: [] };
        entry.offences.push(offence);
        entry.edges.push(involved.edge);
        entry.types.push(str(a.type) ?? str(a.description) ?? 'drugs');
        arrested.set(involved.source, entry);
      }
    }
    for (const [person, entry] of [...arrested].sort((x, y) => (x[0] < y[0] ? -1 : 1))) {
      const controllers = new Map<string, string[]>();
      // The custody record and the person's other records (same phone, same folded name and birth
      // date: hgraph.ts mayBeSamePerson) are often not joined yet; whoever controls one controls them.
      const records = [person];
      const phoneEdges: string[] = [];
      for (const has of outOf(graph, person, 'HAS_PHONE'))
        for (const other of phoneOwners(graph, has.target))
          if (
            other !== person &&
            labelOf(graph, other) === 'Person' &&
            mayBeSamePerson(graph, person, other)
          ) {
            records.push(other);
            phoneEdges.push(has.edge);
          }
      for (const record of records)
        for (const [controller, kinds] of direction.controlledBy.get(record) ?? [])
          if (!records.includes(controller))
            controllers.set(controller, [...(controllers.get(controller) ?? []), ...kinds]);
      // The places of the offences and the person's homes: rent paid by someone who is not them.
      const places = [
        ...entry.offences.flatMap((o) => outOf(graph, o, 'OCCURRED_AT').map((ref) => ref.target)),
        ...addressesOf(graph, person).keys(),
      ];
      const rentEdges: string[] = [];
      for (const place of new Set(places)) {
        for (const rent of rents.get(place) ?? []) {
          for (const actor of accountActors(graph, rent.source)) {
            if (labelOf(graph, actor) !== 'Person' || mayBeSamePerson(graph, actor, person)) continue;
            controllers.set(actor, [...(controllers.get(actor) ?? []), 'rent']);
            rentEdges.push(rent.edge);
          }
        }
      }
      if (controllers.size === 0) continue;
      drafts.push({
        subject: person,
        nodes: [person, ...entry.offences, ...controllers.keys()],
        relationships: [...entry.edges, ...phoneEdges, ...rentEdges],
        beneficiaries: [...controllers.keys()],
        exposed: [person],
        actors: [person, ...controllers.keys()],
        facts: {
          offences: [...new Set(entry.types)].sort().join('; '),
          controllers: controllers.size,
          evidence: [...new Set([...controllers.values()].flat())].sort().join(','),
        },
      });
    }
    return drafts;
  },
});
