/**
 * Networks that share infrastructure are linked, not fused: "shares a recruiter with #4".
 *
 * A node is **shared** by networks when it is a member of one of them (or of none) and is tied in the
 * entity graph to at least `minMembers` members, and `minShare` of the members, of each of the others: a recruiter who calls the
 * workers of three rings, a transport company that pays their journeys, an ad platform paid by the
 * facilitators of two rings. Nodes tied to more than `maxNetworks` networks are general hubs (a bank,
 * a big employer) and link nothing. Every pair of networks a shared node touches is linked through
 * it, with the kinds of links it has to each side (travel-payer, call, money...).
 */
import { type EntityGraphView, forEachLink } from './actors.ts';
import { resolveParams } from './hgraph.ts';
import type { LinkKind } from './types.ts';

export interface LinkOptions {
  /** Members of a network a node must be tied to for it to count as shared with that network... */
  minMembers: number;
  /** ...and this share of that network's members (a worker who knows two people elsewhere shares nothing). */
  minShare: number;
  /** Nodes tied to more networks than this are general hubs and link nothing. */
  maxNetworks: number;
  /** Shared nodes kept per linked pair (strongest first). */
  maxShared: number;
}

export const DEFAULTS: LinkOptions = { minMembers: 2, minShare: 0.25, maxNetworks: 8, maxShared: 5 };

export interface SharedNode {
  node: string;
  label: string;
  /** The network the node is a member of (its key here; its stable id in the pipeline's result). */
  memberOf?: string;
  /** Link kinds between the node and the members of both networks, strongest first. */
  kinds: LinkKind[];
  /** Summed link weight between the node and the members of both networks. */
  weight: number;
  /** Whether the infrastructure pass cut a community at this node (infrastructure.ts). */
  infrastructure: boolean;
}

export interface LinkedNetwork {
  /** Key of the other network (run-local; the pipeline turns it into the stable id). */
  network: string;
  shared: SharedNode[];
}

interface Touch {
  members: number;
  weight: number;
  kinds: Map<string, number>;
}

/**
 * Linked networks per network key. `networkOf` maps members to their network's key (reported
 * networks only); `infrastructure` names the connectors the infrastructure pass cut at.
 */
export function linkNetworks(
  view: EntityGraphView,
  networkOf: ReadonlyMap<string, string>,
  infrastructure: ReadonlySet<string>,
  input: Partial<LinkOptions> = {},
): Map<string, LinkedNetwork[]> {
  const options = resolveParams('analyse/linked', DEFAULTS, input);
  const pairs = new Map<string, Map<string, SharedNode>>();
  const sizes = new Map<string, number>();
  for (const network of networkOf.values()) sizes.set(network, (sizes.get(network) ?? 0) + 1);
  const { compact, nodes } = view;
  for (let i = 0; i < compact.ids.length; i++) {
    const node = compact.ids[i]!;
    const touches = new Map<string, Touch>();
    forEachLink(view, node, ({ source, target, weight, kinds }) => {
      const other = source === node ? target : source;
      const network = networkOf.get(other);
      if (network === undefined || other === node) return;
      const touch = touches.get(network) ?? { members: 0, weight: 0, kinds: new Map() };
      touch.members++;
      touch.weight += weight;
      for (const [kind, value] of Object.entries(kinds))
        touch.kinds.set(kind, (touch.kinds.get(kind) ?? 0) + (value ?? 0));
      touches.set(network, touch);
    });
    const own = networkOf.get(node);
    const sides = [...touches].filter(
      ([network, t]) =>
        network === own ||
        (t.members >= options.minMembers && t.members >= options.minShare * sizes.get(network)!),
    );
    if (own !== undefined && !sides.some(([network]) => network === own)) {
      sides.push([own, { members: 0, weight: 0, kinds: new Map() }]);
    }
    if (sides.length < 2 || sides.length > options.maxNetworks) continue;
    sides.sort((a, b) => (a[0] < b[0] ? -1 : 1));
    for (let x = 0; x < sides.length; x++) {
      for (let y = x + 1; y < sides.length; y++) {
        const [a, ta] = sides[x]!;
        const [b, tb] = sides[y]!;
        // What ties the node to the other side(s): its own network's ties say nothing about sharing.
        const kinds = new Map<string, number>();
        for (const [network, t] of [
          [a, ta],
          [b, tb],
        ] as const) {
          if (network === own) continue;
          for (const [kind, value] of t.kinds) kinds.set(kind, (kinds.get(kind) ?? 0) + value);
        }
        const shared: SharedNode = {
          node,
          label: nodes[i]!.label,
          kinds: [...kinds]
            .sort((p, q) => q[1] - p[1] || (p[0] < q[0] ? -1 : 1))
            .map(([kind]) => kind as LinkKind),
          weight: (a === own ? 0 : ta.weight) + (b === own ? 0 : tb.weight),
          infrastructure: infrastructure.has(node),
        };
        if (own !== undefined) shared.memberOf = own;
        for (const [from, to] of [
          [a, b],
          [b, a],
        ] as const) {
          const key = `${from}\u0000${to}`;
          const list = pairs.get(key) ?? new Map<string, SharedNode>();
          list.set(node, shared);
          pairs.set(key, list);
        }
      }
    }
  }
  const result = new Map<string, LinkedNetwork[]>();
  for (const [key, shared] of pairs) {
    const [from, to] = key.split('\u0000') as [string, string];
    const list = result.get(from) ?? [];
    list.push({
      network: to,
      shared: [...shared.values()]
        .sort((p, q) => q.weight - p.weight || (p.node < q.node ? -1 : 1))
        .slice(0, options.maxShared),
    });
    result.set(from, list);
  }
  for (const list of result.values()) {
    list.sort(
      (p, q) =>
        q.shared.length - p.shared.length ||
        q.shared.reduce((s, x) => s + x.weight, 0) - p.shared.reduce((s, x) => s + x.weight, 0) ||
        (p.network < q.network ? -1 : 1),
    );
  }
  return result;
}
