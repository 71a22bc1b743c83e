/**
 * Shared scaffolding of an indicator file: parameters resolved once over the indicator's DEFAULTS
 * (unknown keys rejected), and match drafts turned into IndicatorMatch objects with stable ids and
 * sorted evidence, so the same graph always yields byte-identical matches.
 */
import { isNetController } from '../control.ts';
import { ids, isActor, resolveParams } from '../hgraph.ts';
import type { HGraph, IndicatorDefinition, IndicatorMatch } from '../types.ts';

export interface MatchDraft {
  subject: string;
  nodes: Iterable<string>;
  relationships: Iterable<string>;
  beneficiaries?: Iterable<string>;
  exposed?: Iterable<string>;
  /**
   * Actors besides beneficiaries and exposed that the match is about; when absent, every person or
   * organisation among `nodes` counts. Give it to keep bystanders in the evidence (a landlord) from
   * pulling the match into their network.
   */
  actors?: Iterable<string>;
  strength?: number;
  facts: Record<string, string | number | boolean>;
}

/** What an indicator file declares: its definition's metadata, and `find` instead of `match`. */
export interface IndicatorSpec<P extends object> extends Omit<IndicatorDefinition<P>, 'match'> {
  find(graph: HGraph, params: P): MatchDraft[];
}

export function defineIndicator<P extends object>(spec: IndicatorSpec<P>): IndicatorDefinition<P> {
  const { find, ...meta } = spec;
  return {
    ...meta,
    match(graph: HGraph, params?: Partial<P>): IndicatorMatch[] {
      const resolved = resolveParams(`analyse/indicators/${spec.id}`, spec.defaults, params);
      const seen = new Set<string>();
      const matches: IndicatorMatch[] = [];
      for (const draft of find(graph, resolved)) {
        const id = `${spec.id}@${spec.version}:${draft.subject}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const nodes = ids([draft.subject, ...draft.nodes].filter((node) => graph.hasNode(node)));
        // Roles follow the direction of control (control.ts), not the pattern's guess: a person
        // who controls others is never exposed by what their own account shows; it is theirs.
        const claimedExposed = ids(draft.exposed ?? []);
        const controllers = claimedExposed.filter(
          (actor) => graph.hasNode(actor) && isNetController(graph, actor),
        );
        const beneficiaries = ids([...(draft.beneficiaries ?? []), ...controllers]);
        const exposed = claimedExposed.filter((actor) => !beneficiaries.includes(actor));
        const facts =
          controllers.length > 0 ? { ...draft.facts, controlsOthers: controllers.join(',') } : draft.facts;
        const actors = ids([
          ...beneficiaries,
          ...exposed,
          ...(draft.actors ?? nodes.filter((node) => isActor(graph, node))),
        ]);
        matches.push({
          id,
          indicator: spec.id,
          version: spec.version,
          category: spec.category,
          subject: draft.subject,
          nodes,
          relationships: ids(draft.relationships),
          actors,
          beneficiaries,
          exposed,
          strength: draft.strength ?? 1,
          facts,
        });
      }
      return matches.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
  };
}
