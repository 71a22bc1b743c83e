/**
 * The projection of the extended model: vehicles and seized items shared by several actors tie
 * them like identifiers (owning one is not a tie to an entity), and a model extension's declared
 * weights project its labels and relationship types.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULTS, project } from '../../../src/analyse/project.ts';
import { installExtension, parseExtension } from '../../../src/model/extension.ts';
import { build } from './build.ts';

const w = DEFAULTS.weights;

describe('projection of vehicles, items and extensions', () => {
  it('ties the users of one vehicle and one handset by weight / (k − 1); the vehicle is no entity', () => {
    const b = build();
    for (const p of ['a', 'b', 'c']) b.person(p);
    b.node('vehicle:GB|AB12CDE', 'Vehicle');
    b.node('item:imei:1', 'Item');
    b.rel('OWNS', 'a', 'vehicle:GB|AB12CDE');
    b.rel('USES', 'b', 'vehicle:GB|AB12CDE');
    b.rel('USES', 'c', 'vehicle:GB|AB12CDE');
    b.rel('USES', 'a', 'item:imei:1');
    b.rel('USES', 'b', 'item:imei:1');
    const { graph } = project(b.graph);
    expect(graph.hasNode('vehicle:GB|AB12CDE')).toBe(false);
    expect(graph.getEdgeAttribute(graph.edge('a', 'c')!, 'kinds')).toEqual({
      'shared-vehicle': w.sharedVehicle / 2,
    });
    expect(graph.getEdgeAttribute(graph.edge('a', 'b')!, 'kinds')).toEqual({
      'shared-vehicle': w.sharedVehicle / 2,
      'shared-item': w.sharedItem,
    });
  });

  it('keeps ownership of a company a direct tie, and ownership of a car not one', () => {
    const b = build();
    b.person('a').node('org:x', 'Organisation').node('vehicle:v', 'Vehicle');
    b.rel('OWNS', 'a', 'org:x');
    b.rel('OWNS', 'a', 'vehicle:v');
    const { graph } = project(b.graph);
    expect(graph.getEdgeAttribute(graph.edge('a', 'org:x')!, 'kinds')).toEqual({ ownership: w.ownership });
    expect(graph.order).toBe(2);
  });

  it('projects what the installed extension declares: shared labels and direct types, by their weights', () => {
    installExtension(
      parseExtension(`
version: 1
labels:
  Vessel:
    projection: { shared: 2.5, via: [OPERATES] }
relationships:
  OPERATES: { from: [Person, Organisation], to: [Vessel] }
  ASSOCIATE_OF: { from: [Person], to: [Person], projection: { weight: 1.5 } }
  SEEN_WITH: { from: [Person], to: [Person] }
`),
    );
    try {
      const b = build();
      for (const p of ['a', 'b', 'c']) b.person(p);
      b.node('vessel:1', 'Vessel' as never);
      b.rel('OPERATES' as never, 'a', 'vessel:1');
      b.rel('OPERATES' as never, 'b', 'vessel:1');
      b.rel('ASSOCIATE_OF' as never, 'b', 'c');
      b.rel('SEEN_WITH' as never, 'a', 'c');
      const { graph, links } = project(b.graph);
      expect(graph.getEdgeAttribute(graph.edge('a', 'b')!, 'kinds')).toEqual({ 'ext:Vessel': 2.5 });
      expect(graph.getEdgeAttribute(graph.edge('b', 'c')!, 'kinds')).toEqual({ 'ext:ASSOCIATE_OF': 1.5 });
      // No weight declared: not projected.
      expect(graph.hasEdge('a', 'c')).toBe(false);
      expect(links).toMatchObject({ 'ext:Vessel': 1, 'ext:ASSOCIATE_OF': 1 });
      // Explicit options win over the installed extension.
      const none = project(b.graph, { extension: { shared: [], direct: [] } });
      expect(none.graph.size).toBe(0);
    } finally {
      installExtension(null);
    }
  });
});
