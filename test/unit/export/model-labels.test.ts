/**
 * Vehicles, seized items, offences, reports and a label the model extension declares (Vessel), in
 * every export format: each keeps its label, properties and provenance; FtM carries a Vehicle as its
 * own schema with owner and operator, and counts what it cannot carry.
 */
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGraphml } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import { parseCsv, toEdgesCsv, toNodesCsv } from '../../../src/export/csv.ts';
import { toFtmEntities } from '../../../src/export/ftm.ts';
import { toGexf } from '../../../src/export/gexf.ts';
import { toGraphml } from '../../../src/export/graphml.ts';
import { I2_ENTITY_COLUMNS, toI2Entities } from '../../../src/export/i2.ts';
import type { ExportEdge, ExportNode, GraphExport, NodeProvenance } from '../../../src/export/types.ts';

const police: NodeProvenance = {
  extractId: 'extract:police',
  extractName: 'police-export.csv',
  source: 'Police (GB)',
  jurisdiction: 'GB',
  sha256: 'd'.repeat(64),
  firstRow: 2,
  rows: 1,
};

const node = (id: string, label: string, name: string, props: ExportNode['props']): ExportNode => ({
  id,
  label,
  name,
  props: { id, ...props },
  provenance: [police],
});
const edge = (type: string, from: string, to: string, props: ExportEdge['props'] = {}): ExportEdge => ({
  id: `${from}|${type}|${to}`,
  type,
  from,
  to,
  props,
  provenance: { extractId: 'extract:police', row: 5 },
});

const graph: GraphExport = {
  title: 'police',
  generatedAt: '2024-03-01T10:00:00.000Z',
  nodes: [
    node('person:police|P1', 'Person', 'Ana Pop', { name: 'Ana Pop' }),
    node('vehicle:GB|AB12CDE', 'Vehicle', 'AB12CDE', {
      plate: 'AB12CDE',
      vin: 'WVWZZZ1JZXW000001',
      make: 'Volkswagen',
      model: 'Golf',
      colour: 'blue',
    }),
    node('item:imei:356938035643809', 'Item', '356938035643809', {
      kind: 'handset',
      imei: '356938035643809',
    }),
    node('offence:police|CR-1', 'Offence', 'CR-1', {
      type: 'drugs supply',
      date: '2023-05-01',
      reference: 'CR-1',
    }),
    node('report:FIU-9', 'Report', 'FIU-9', { reference: 'FIU-9', kind: 'SAR' }),
    node('vessel:9074729', 'Vessel', 'Northern Star', {
      name: 'Northern Star',
      imo: '9074729',
      tonnage: 1200,
    }),
  ],
  edges: [
    edge('OWNS', 'person:police|P1', 'vehicle:GB|AB12CDE'),
    edge('USES', 'person:police|P1', 'vehicle:GB|AB12CDE'),
    edge('USES', 'person:police|P1', 'item:imei:356938035643809'),
    edge('INVOLVED_IN', 'vehicle:GB|AB12CDE', 'offence:police|CR-1', { role: 'other' }),
    edge('PARTY_TO', 'person:police|P1', 'report:FIU-9', { capacity: 'subject', factKey: 'subject' }),
    edge('OPERATES', 'person:police|P1', 'vessel:9074729', { capacity: 'master', factKey: 'master' }),
  ],
};

describe('exports of the extended model', () => {
  it('CSV: every node with its label and properties, every link with its type and provenance', () => {
    const nodes = parseCsv(toNodesCsv(graph));
    const header = nodes[0]!;
    const rows = nodes.slice(1).map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
    expect(rows.map((r) => r.type).sort()).toEqual([
      'Item',
      'Offence',
      'Person',
      'Report',
      'Vehicle',
      'Vessel',
    ]);
    const vessel = rows.find((r) => r.type === 'Vessel')!;
    expect([vessel['prop.imo'], vessel['prop.tonnage'], vessel.jurisdictions]).toEqual([
      '9074729',
      '1200',
      'GB',
    ]);
    expect(rows.find((r) => r.type === 'Vehicle')?.['prop.vin']).toBe('WVWZZZ1JZXW000001');
    const edges = parseCsv(toEdgesCsv(graph));
    expect(edges.slice(1).map((r) => r[edges[0]!.indexOf('type')])).toEqual(
      expect.arrayContaining(['OPERATES', 'PARTY_TO', 'INVOLVED_IN']),
    );
    expect(edges.slice(1).every((r) => r.join(',').includes('extract:police'))).toBe(true);
  });

  it('GraphML and GEXF: the labels and typed properties survive a round trip', () => {
    const parsed = parseGraphml(MultiDirectedGraph, toGraphml(graph));
    expect(parsed.getNodeAttribute('vessel:9074729', 'type')).toBe('Vessel');
    expect(parsed.getNodeAttribute('vessel:9074729', 'p_tonnage')).toBe(1200);
    expect(parsed.getNodeAttribute('vehicle:GB|AB12CDE', 'p_plate')).toBe('AB12CDE');
    const operates = parsed.findEdge((_e, a) => a.type === 'OPERATES');
    expect(parsed.getEdgeAttribute(operates, 'p_capacity')).toBe('master');
    expect(toGexf(graph)).toContain('Vessel');
  });

  it('i2: icons for the new labels, the extension label as its own type, plate and IMEI in columns', () => {
    const rows = parseCsv(toI2Entities(graph));
    const col = (name: string) => I2_ENTITY_COLUMNS.indexOf(name);
    const byId = new Map(rows.slice(1).map((r) => [r[col('Entity ID')], r]));
    expect(byId.get('vehicle:GB|AB12CDE')?.[col('Icon')]).toBe('Vehicle');
    expect(byId.get('vehicle:GB|AB12CDE')?.[col('Plate')]).toBe('AB12CDE');
    expect(byId.get('item:imei:356938035643809')?.[col('IMEI')]).toBe('356938035643809');
    expect(byId.get('offence:police|CR-1')?.[col('Icon')]).toBe('Crime');
    expect(byId.get('vessel:9074729')?.[col('Entity Type')]).toBe('Vessel');
  });

  it('FtM: a Vehicle with its owner and operator; what FtM cannot carry is counted', () => {
    const { entities, skipped } = toFtmEntities(graph);
    const vehicle = entities.find((e) => e.schema === 'Vehicle');
    expect(vehicle?.properties).toMatchObject({
      registrationNumber: ['AB12CDE'],
      model: ['Volkswagen Golf'],
      owner: ['person:police|P1'],
      operator: ['person:police|P1'],
    });
    expect(skipped).toEqual({
      Item: 1,
      Offence: 1,
      Report: 1,
      Vessel: 1,
      USES: 1,
      INVOLVED_IN: 1,
      PARTY_TO: 1,
      OPERATES: 1,
    });
  });
});
