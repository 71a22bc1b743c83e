/**
 * The tiny generated world (test/fixtures/tiny), loaded through the loader as manifest.json lists it,
 * then one detection run, checked against ground-truth.json: every planted network is found (most
 * of its members in one detected network), ranked above every hard negative, flagged as linking
 * categories, and no recorded victim is ever ranked as an offender.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type GroundTruth,
  graphNodesOf,
  place,
  type StoredNetwork,
  storedNetworks,
} from '../../../scripts/bench/ground-truth.ts';
import { closeDriver } from '../../support/db.ts';
import { loadTinyWorld, TINY_FIXTURE } from '../../support/tiny-world.ts';

const truth = JSON.parse(readFileSync(join(TINY_FIXTURE, 'ground-truth.json'), 'utf8')) as GroundTruth;

describe('detection on the tiny generated world against its ground truth', () => {
  let networks: StoredNetwork[] = [];
  let nodesOf = new Map<string, string[]>();

  beforeAll(async () => {
    const summary = await loadTinyWorld();
    networks = await storedNetworks(summary.runId);
    nodesOf = await graphNodesOf([...truth.networks, ...truth.hardNegatives].flatMap((g) => g.members));
  }, 240_000);
  afterAll(closeDriver);

  const placementOf = (id: string) => {
    const group = [...truth.networks, ...truth.hardNegatives].find((g) => g.id === id)!;
    return place(group, nodesOf, networks);
  };

  it('finds every planted network: most of its members in one detected network', () => {
    // Found = members with a graph node in some network (one NET-MM-01 member has no account or
    // phone of their own in the extracts). The money-mule chain NET-MM-01 launders for NET-LB-01
    // (linkedTo in the truth) and is detected as a network of its own, linked to the ring's: a
    // laundering chain is its own unit of investigation (docs/detection.md, what member Jaccard compares).
    const found = truth.networks.map((group) => {
      const p = placementOf(group.id);
      return {
        id: group.id,
        size: group.members.length,
        found: p.found,
        inNetwork: p.inNetwork,
        rank: p.network?.rank,
      };
    });
    expect(found).toEqual([
      { id: 'NET-SX-01', size: 6, found: 6, inNetwork: 6, rank: 2 },
      { id: 'NET-LB-01', size: 6, found: 6, inNetwork: 6, rank: 1 },
      { id: 'NET-MM-01', size: 9, found: 8, inNetwork: 8, rank: 3 },
    ]);
    for (const p of found) expect(p.inNetwork / p.found).toBeGreaterThan(0.5);
    const lb = placementOf('NET-LB-01').network!;
    expect(placementOf('NET-MM-01').network!.id).not.toBe(lb.id);
  });

  it('ranks every planted network above every hard negative', () => {
    const planted = truth.networks.map((g) => placementOf(g.id).network!.rank);
    const negatives = truth.hardNegatives.flatMap((g) => {
      const p = placementOf(g.id);
      // Most of each hard negative is one network of its own (a family may leave a piece elsewhere)…
      expect(p.inNetwork / p.found, g.id).toBeGreaterThan(0.5);
      expect(planted, g.id).not.toContain(p.network!.rank);
      // …and every network holding any of its members ranks below every planted network.
      const nodes = new Set(g.members.flatMap((m) => nodesOf.get(m.personId) ?? []));
      return networks.filter((n) => n.members.some((node) => nodes.has(node))).map((n) => n.rank);
    });
    expect(Math.min(...negatives)).toBeGreaterThan(Math.max(...planted));
  });

  it('never ranks a victim as an offender, and ranks a leader of each plant as one', () => {
    const offenders = new Set(networks.flatMap((n) => n.offenders));
    const victims = truth.networks.flatMap((g) => g.members.filter((m) => m.victim));
    expect(victims).toHaveLength(6);
    for (const victim of victims) {
      for (const node of nodesOf.get(victim.personId) ?? [])
        expect(offenders.has(node), `${victim.personId} ${node}`).toBe(false);
    }
    // Plants of their own (not a chain linked to another plant): a leader is ranked an offender.
    for (const group of truth.networks.filter((g) => (g.linkedTo ?? []).length === 0)) {
      const network = placementOf(group.id).network!;
      const leaders = group.members
        .filter((m) => ['controller', 'beneficiary'].includes(m.role))
        .flatMap((m) => nodesOf.get(m.personId) ?? []);
      expect(
        network.offenders.some((o) => leaders.includes(o)),
        group.id,
      ).toBe(true);
    }
  });

  it('flags the mixed typologies as linking trafficking to financial or benefit fraud', () => {
    for (const group of truth.networks) {
      expect(group.categories!.length).toBeGreaterThanOrEqual(2);
      const network = placementOf(group.id).network!;
      expect(network.linksCategories, group.id).toBe(true);
      expect(network.categories.length).toBeGreaterThanOrEqual(2);
    }
  });
});
