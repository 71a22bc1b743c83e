import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MultiDirectedGraph } from 'graphology';
import { parse as parseGexf } from 'graphology-gexf';
import { parse as parseGraphml } from 'graphology-graphml';
import { describe, expect, it } from 'vitest';
import { csvField, parseCsv, toEdgesCsv, toNodesCsv } from '../../../src/export/csv.ts';
import { formatOf, splitFileName } from '../../../src/export/formats.ts';
import { toFtmEntities, toFtmJsonLines } from '../../../src/export/ftm.ts';
import { toGexf } from '../../../src/export/gexf.ts';
import { toGraphml } from '../../../src/export/graphml.ts';
import {
  I2_ENTITY_COLUMNS,
  I2_LINK_COLUMNS,
  splitDateTime,
  toI2Entities,
  toI2Links,
} from '../../../src/export/i2.ts';
import { fileStem } from '../../../src/export/types.ts';
import { prepareFtm } from '../../../src/ingest/ftm/mapper.ts';
import { readJsonLines } from '../../../src/ingest/read/jsonl.ts';
import { sampleGraph } from './sample.ts';

const graph = sampleGraph();

describe('GEXF', () => {
  it('parses back with the same nodes, edges and attributes', () => {
    const parsed = parseGexf(MultiDirectedGraph, toGexf(graph));
    expect(parsed.order).toBe(graph.nodes.length);
    expect(parsed.size).toBe(graph.edges.length);
    const person = parsed.getNodeAttributes('person:bank-a|C1');
    expect(person.label).toBe('Ion "Johnny" Popescu, Jr.');
    expect(person.type).toBe('Person');
    expect(person.provenance).toContain('bank-a-statements.csv');
    expect(person.provenance).toContain(`sha256:${'a'.repeat(64)}`);
    expect(person.p_networkRole).toBe('suspect');
    expect(person.jurisdictions).toBe('GB');
    const payment = parsed.getEdgeAttributes('n:pay1');
    expect(payment.p_amount).toBe(950.5);
    expect(payment.row).toBe(4);
    expect(payment.extract_id).toBe('extract:bank-a');
    expect(parsed.source('n:pay1')).toBe('account:GB33BUKB20201555555555');
  });
});

describe('GraphML', () => {
  it('parses back with graphology-graphml: same counts, typed attributes, provenance', () => {
    const parsed = parseGraphml(MultiDirectedGraph, toGraphml(graph));
    expect(parsed.order).toBe(graph.nodes.length);
    expect(parsed.size).toBe(graph.edges.length);
    const account = parsed.getNodeAttributes('account:GB82WEST12345698765432');
    expect(account.type).toBe('Account');
    expect(account.p_iban).toBe('GB82WEST12345698765432');
    expect(account.first_rows).toBe('2');
    const call = parsed.findEdge((_e, attrs) => attrs.type === 'CALLED');
    expect(call).toBeDefined();
    expect(parsed.getEdgeAttribute(call, 'p_seconds')).toBe(61);
    expect(parsed.getEdgeAttribute(call, 'provenance')).toContain('row 8');
  });

  it('says at the top whose extracts hold a network’s evidence', () => {
    const text = toGraphml({
      ...graph,
      jurisdictions: [
        { jurisdiction: 'GB', extracts: ['x1', 'x2'], members: 4, rows: 12, money: [] },
        {
          jurisdiction: 'IE',
          extracts: ['x3'],
          members: 1,
          rows: 2,
          money: [{ currency: 'EUR', payments: 3, transfers: 5, total: 1200 }],
        },
      ],
    });
    expect(text).toContain(
      '<!-- evidence held in GB: 2 extracts, 4 members, 12 rows | IE: 1 extracts, 1 members, 2 rows, 1200.00 EUR in 3 payments -->',
    );
    expect(parseGraphml(MultiDirectedGraph, text).order).toBe(graph.nodes.length);
  });

  it('escapes markup in names and ids', () => {
    const g = sampleGraph();
    g.nodes[0]!.name = '<script>&"\u0001';
    const parsed = parseGraphml(MultiDirectedGraph, toGraphml(g));
    expect(parsed.getNodeAttribute('person:bank-a|C1', 'name')).toBe('<script>&"');
  });
});

describe('CSV tables', () => {
  it('nodes.csv and edges.csv parse back, one row per entity and relationship, with provenance', () => {
    const nodes = parseCsv(toNodesCsv(graph));
    const edges = parseCsv(toEdgesCsv(graph));
    expect(nodes).toHaveLength(graph.nodes.length + 1);
    expect(edges).toHaveLength(graph.edges.length + 1);
    const header = nodes[0]!;
    const person = nodes.find((r) => r[0] === 'person:bank-a|C1')!;
    expect(person[header.indexOf('name')]).toBe('Ion "Johnny" Popescu, Jr.');
    expect(person[header.indexOf('first_rows')]).toBe('2; 7');
    expect(person[header.indexOf('prop.names')]).toBe('Ion Popescu; I. Popescu');
    const eh = edges[0]!;
    const pay = edges.find((r) => r[0] === 'n:pay1')!;
    expect(pay[eh.indexOf('row')]).toBe('4');
    expect(pay[eh.indexOf('prop.amount')]).toBe('950.5');
    // A formula in a reference is neutralised for spreadsheets.
    expect(pay[eh.indexOf('prop.reference')]).toBe(`'=HYPERLINK("x")`);
    const claim = edges.find((r) => r[1] === 'CLAIMS')!;
    expect(claim[eh.indexOf('provenance')]).toBe('derived by Skein');
  });

  it('quotes only when needed and keeps negative numbers', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('-12.5')).toBe('-12.5');
    expect(csvField('@cmd')).toBe("'@cmd");
  });
});

describe('i2 entities and links', () => {
  it('has the documented columns and one row per entity and link', () => {
    const entities = parseCsv(toI2Entities(graph));
    const links = parseCsv(toI2Links(graph));
    expect(entities[0]).toEqual([...I2_ENTITY_COLUMNS]);
    expect(links[0]).toEqual([...I2_LINK_COLUMNS]);
    expect(entities).toHaveLength(graph.nodes.length + 1);
    expect(links).toHaveLength(graph.edges.length + 1);
    const col = (name: string) => I2_ENTITY_COLUMNS.indexOf(name as never);
    const account = entities.find((r) => r[0] === 'account:GB82WEST12345698765432')!;
    expect(account[col('Icon')]).toBe('Bank Account');
    expect(account[col('IBAN')]).toBe('GB82WEST12345698765432');
    expect(account[col('Source SHA-256')]).toBe('a'.repeat(64));
    const victim = entities.find((r) => r[0] === 'person:bank-a|C2')!;
    expect(victim[col('Network Role')]).toBe('victim');
    const lcol = (name: string) => I2_LINK_COLUMNS.indexOf(name as never);
    const pay = links.find((r) => r[0] === 'n:pay2')!;
    expect(pay[lcol('Date')]).toBe('2024-01-12');
    expect(pay[lcol('Time')]).toBe('09:30:00');
    expect(pay[lcol('Amount')]).toBe('120');
    expect(pay[lcol('Source Row')]).toBe('5');
    // Every link joins two exported entities.
    const ids = new Set(entities.slice(1).map((r) => r[0]));
    for (const link of links.slice(1)) {
      expect(ids.has(link[lcol('From Entity ID')])).toBe(true);
      expect(ids.has(link[lcol('To Entity ID')])).toBe(true);
    }
  });

  it('splits timestamps into date and time', () => {
    expect(splitDateTime('2024-01-03')).toEqual(['2024-01-03', '']);
    expect(splitDateTime('2024-01-03T10:15:00Z')).toEqual(['2024-01-03', '10:15:00']);
    expect(splitDateTime(null)).toEqual(['', '']);
  });
});

describe('FollowTheMoney JSON lines', () => {
  it('writes valid FtM entities whose references resolve, with provenance', () => {
    const { entities, skipped } = toFtmEntities(graph);
    const ids = new Set(entities.map((e) => e.id));
    expect(ids.size).toBe(entities.length);
    const refProps = [
      'payerAccount',
      'beneficiaryAccount',
      'owner',
      'asset',
      'director',
      'organization',
      'employer',
      'employee',
      'person',
      'relative',
      'associate',
      'holder',
      'addressEntity',
    ];
    for (const entity of entities) {
      expect(typeof entity.schema).toBe('string');
      for (const [prop, values] of Object.entries(entity.properties)) {
        expect(Array.isArray(values)).toBe(true);
        for (const v of values) expect(typeof v).toBe('string');
        if (refProps.includes(prop)) for (const v of values) expect(ids.has(v)).toBe(true);
      }
    }
    const schemata = entities.map((e) => e.schema).sort();
    expect(schemata).toEqual(
      [
        'Address',
        'BankAccount',
        'BankAccount',
        'Call',
        'Company',
        'Directorship',
        'Employment',
        'Family',
        'Ownership',
        'Ownership',
        'Passport',
        'Payment',
        'Payment',
        'Person',
        'Person',
      ].sort(),
    );
    const person = entities.find((e) => e.id === 'person:bank-a|C1')!;
    expect(person.properties.phone).toEqual(['+447700900123']);
    expect(person.properties.notes?.[0]).toContain('row 2');
    expect(person.datasets).toEqual(['extract:bank-a', 'extract:cdr']);
    const payment = entities.find((e) => e.schema === 'Payment')!;
    expect(payment.properties.recordId?.[0]).toMatch(/^extract:bank-a#\d$/);
    expect(skipped).toEqual({ BenefitClaim: 1, CLAIMS: 1, HELD_DOCUMENT: 1 });
  });

  it('loads back through the FtM loader without a rejected line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'skein-ftm-'));
    const file = join(dir, 'export.ftm.jsonl');
    writeFileSync(file, toFtmJsonLines(graph));
    const mapper = await prepareFtm(file, {
      extractId: 'extract:test',
      source: 'reimport',
      jurisdiction: 'GB',
    });
    const labels: string[] = [];
    const types: string[] = [];
    let lines = 0;
    for await (const record of readJsonLines(file)) {
      lines++;
      const applied = mapper.apply(record);
      if (!applied.ok) throw new Error(`line ${record.line} rejected: ${applied.reason}`);
      labels.push(...applied.nodes.map((n) => `${n.label}:${n.id}`));
      types.push(...applied.relationships.map((r) => r.type));
    }
    expect(lines).toBe(toFtmEntities(graph).entities.length);
    const distinct = new Set(labels);
    expect([...distinct].filter((l) => l.startsWith('Person:'))).toHaveLength(2);
    expect([...distinct].filter((l) => l.startsWith('Phone:'))).toHaveLength(2);
    expect([...distinct].filter((l) => l.startsWith('Account:'))).toHaveLength(2);
    expect(types.sort()).toEqual(
      [
        'CALLED',
        'DIRECTS',
        'EMPLOYS',
        'HAS_DOCUMENT',
        'HAS_PHONE',
        'HOLDS',
        'HOLDS',
        'PAID',
        'PAID',
        'REGISTERED_AT',
        'RELATED_TO',
      ].sort(),
    );
  });
});

describe('format table', () => {
  it('splits file names on the longest suffix', () => {
    expect(splitFileName('run-1/n-3.i2-links.csv')?.stem).toBe('run-1/n-3');
    expect(splitFileName('run-1/n-3.i2-links.csv')?.format.suffix).toBe('i2-links.csv');
    expect(splitFileName('x.ftm.jsonl')?.format.suffix).toBe('ftm.jsonl');
    expect(splitFileName('x.edges.csv')?.format.suffix).toBe('edges.csv');
    expect(splitFileName('x.pdf')).toBeUndefined();
    expect(formatOf('gexf')?.contentType).toContain('gexf');
    expect(fileStem('network run-1/n-3')).toBe('network-run-1-n-3');
  });
});
