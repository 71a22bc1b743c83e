/**
 * held-documents: (a) identity documents of >= minOthers other people found in one person's
 * possession (HELD_DOCUMENT to a document that is not the person's own), or (b) one document number
 * on the identities of >= minPersonsPerDocument persons who claim benefits (one document used for
 * several claims).
 */
import { distinctPeopleCount, intoOf, nodesOf, outOf } from '../hgraph.ts';
import { defineIndicator, type MatchDraft } from './define.ts';

export const DEFAULTS = {
  minOthers: 2,
  minPersonsPerDocument: 2,
};

export default defineIndicator({
  id: 'held-documents',
  version: 2,
  category: 'THB',
  kind: 'control',
  title: "Other people's identity documents held, or one document on several claims",
  source: 'Operation Fort; UNODC trafficking indicators',
  weight: 3,
  defaults: DEFAULTS,
  find(graph, params) {
    const drafts: MatchDraft[] = [];
    for (const person of nodesOf(graph, 'Person')) {
      const held = outOf(graph, person, 'HELD_DOCUMENT').filter(
        (ref) => !intoOf(graph, ref.target, 'HAS_DOCUMENT').some((owner) => owner.source === person),
      );
      const documents = new Set(held.map((ref) => ref.target));
      if (documents.size < params.minOthers) continue;
      const owners = held.flatMap((ref) => intoOf(graph, ref.target, 'HAS_DOCUMENT'));
      drafts.push({
        subject: person,
        nodes: [person, ...documents, ...owners.map((o) => o.source)],
        relationships: [...held.map((ref) => ref.edge), ...owners.map((o) => o.edge)],
        beneficiaries: [person],
        exposed: owners.map((o) => o.source),
        facts: {
          documents: documents.size,
          owners: new Set(owners.map((o) => o.source)).size,
          pattern: 'held',
        },
      });
    }
    for (const document of nodesOf(graph, 'IdentityDocument')) {
      const owners = intoOf(graph, document, 'HAS_DOCUMENT').filter(
        (ref) => outOf(graph, ref.source, 'CLAIMS').length > 0,
      );
      const persons = new Set(owners.map((ref) => ref.source));
      // One claimant with two claims is recorded twice by the agency: that is not a reused document.
      if (distinctPeopleCount(graph, [...persons]) < params.minPersonsPerDocument) continue;
      const claims = owners.flatMap((ref) => outOf(graph, ref.source, 'CLAIMS'));
      drafts.push({
        subject: document,
        nodes: [document, ...persons, ...claims.map((c) => c.target)],
        relationships: [...owners.map((ref) => ref.edge), ...claims.map((c) => c.edge)],
        facts: { persons: persons.size, claims: claims.length, pattern: 'document-reused' },
      });
    }
    return drafts;
  },
});
