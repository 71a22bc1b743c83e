import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config.ts';
import { parseMapping } from '../../../src/ingest/mapping/parse.ts';
import { CORE_ENTITY_LABELS } from '../../../src/model/core.ts';
import {
  ExtensionError,
  installExtension,
  parseExtension,
  readExtensionFile,
} from '../../../src/model/extension.ts';
import { entityId, labelOfId } from '../../../src/model/ids.ts';
import { assertNodeLabel, entityLabels, isEntityLabel } from '../../../src/model/labels.ts';
import {
  assertRelationshipType,
  factKeyOf,
  isRelationshipType,
  relationshipSpec,
  relationshipTypes,
} from '../../../src/model/relationships.ts';
import { cypher } from '../../../src/store/cypher.ts';

const FIXTURE = resolve(import.meta.dirname, '../../fixtures/model/model.extension.yaml');

/** The problems an invalid extension is refused with. */
function issuesOf(text: string): string[] {
  try {
    parseExtension(text, 'test.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(ExtensionError);
    return (error as ExtensionError).issues;
  }
  throw new Error('expected the extension to be refused');
}

afterEach(() => installExtension(null));

describe('core model', () => {
  it('has Vehicle, Item, Offence and Report as typed core labels with their relationships', () => {
    for (const label of ['Vehicle', 'Item', 'Offence', 'Report']) expect(isEntityLabel(label)).toBe(true);
    expect(relationshipSpec('OCCURRED_AT')).toMatchObject({ from: ['Offence'], to: ['Location', 'Address'] });
    expect(relationshipSpec('WITHIN')).toMatchObject({ from: ['Location'], to: ['Location'] });
    expect(relationshipSpec('PARTY_TO')).toMatchObject({ distinct: 'capacity', event: false });
    expect(relationshipSpec('OWNS').to).toEqual(expect.arrayContaining(['Vehicle', 'Item']));
    expect(relationshipSpec('USES').to).toEqual(['Vehicle', 'Item']);
    expect(entityId('Vehicle', ['GB', 'AB12CDE'])).toBe('vehicle:GB|AB12CDE');
    expect(labelOfId('item:imei:356938035643809')).toBe('Item');
  });

  it('tells RELATED_TO facts apart by kind and PARTY_TO by capacity; others merge on endpoints', () => {
    expect(factKeyOf('RELATED_TO', { kind: 'family' })).toBe('family');
    expect(factKeyOf('RELATED_TO', {})).toBe('');
    expect(factKeyOf('PARTY_TO', { capacity: 'subject' })).toBe('subject');
    expect(factKeyOf('HOLDS', { kind: 'joint' })).toBe('');
  });

  it('knows no extension label or type until one is installed', () => {
    expect(isEntityLabel('Vessel')).toBe(false);
    expect(() => assertNodeLabel('Vessel')).toThrow(/not a node label.*declare it in the model extension/);
    expect(() => cypher('MATCH (n:__LABEL__) RETURN n', { label: 'Vessel' as never })).toThrow(
      /not a node label/,
    );
    expect(entityLabels()).toEqual(CORE_ENTITY_LABELS);
  });
});

describe('a declared extension', () => {
  it('adds its labels, types, id prefixes and projection weights to the allow-lists', () => {
    const extension = readExtensionFile(FIXTURE);
    installExtension(extension);
    expect(entityLabels().slice(-2)).toEqual(['Vessel', 'Port']);
    expect(isEntityLabel('Vessel')).toBe(true);
    expect(assertNodeLabel('Port')).toBe('Port');
    expect(isRelationshipType('OPERATES')).toBe(true);
    expect(assertRelationshipType('CALLED_AT')).toBe('CALLED_AT');
    expect(relationshipTypes()).toEqual(
      expect.arrayContaining(['HOLDS', 'OPERATES', 'CALLED_AT', 'ASSOCIATE_OF']),
    );
    expect(relationshipSpec('CALLED_AT')).toMatchObject({ from: ['Vessel'], to: ['Port'], event: true });
    expect(factKeyOf('OPERATES' as never, { capacity: 'master' })).toBe('master');
    expect(entityId('Vessel' as never, ['9074729'])).toBe('vessel:9074729');
    expect(entityId('Port' as never, ['NLRTM'])).toBe('port:NLRTM');
    expect(labelOfId('vessel:9074729')).toBe('Vessel');
    expect(extension.labels[0]?.projection).toEqual({ shared: 2.5, via: ['OPERATES'] });
    expect(extension.relationships.find((r) => r.name === 'ASSOCIATE_OF')?.projection).toEqual({
      weight: 1.5,
    });
    expect(
      cypher('MATCH (a:__FROM__)-[r:__TYPE__]->(b:__TO__) RETURN r', {
        from: 'Person',
        to: 'Vessel' as never,
        type: 'OPERATES' as never,
      }),
    ).toContain('(a:Person)-[r:OPERATES]->(b:Vessel)');
  });

  it('grows the allow-list only from the file: uninstalling forgets it', () => {
    installExtension(readExtensionFile(FIXTURE));
    installExtension(null);
    expect(isEntityLabel('Vessel')).toBe(false);
    expect(isRelationshipType('OPERATES')).toBe(false);
  });

  it('lets a mapping use its labels and types with their declared properties only', () => {
    installExtension(readExtensionFile(FIXTURE));
    const mapping = (vesselProperty: string) => `skein: 1
name: fleet
source: Register
input: { format: csv }
entities:
  owner: { label: Person, key: [owner] }
  ship: { label: Vessel, key: [imo], properties: { ${vesselProperty}: imo } }
relationships:
  - { type: OPERATES, from: owner, to: ship, properties: { capacity: role } }
`;
    expect(parseMapping(mapping('imo'), 'fleet.yaml').entities.ship?.label).toBe('Vessel');
    expect(() => parseMapping(mapping('imoo'), 'fleet.yaml')).toThrow(
      /entities\.ship\.properties\.imoo: Vessel \(model extension\) declares no property "imoo"/,
    );
    installExtension(null);
    expect(() => parseMapping(mapping('imo'), 'fleet.yaml')).toThrow(/"Vessel" is not a label of the model/);
  });

  it('accepts JSON as well as YAML', () => {
    const yaml = readExtensionFile(FIXTURE);
    const json = parseExtension(
      JSON.stringify({ version: 1, labels: { Vessel: { properties: { imo: {} } } } }),
    );
    expect(json.labels[0]).toMatchObject({
      name: 'Vessel',
      idPrefix: 'vessel',
      properties: { imo: { type: 'string' } },
    });
    expect(yaml.labels.map((l) => l.name)).toEqual(['Vessel', 'Port']);
  });
});

describe('an invalid extension is refused with every problem named', () => {
  it('refuses names that could smuggle text into Cypher', () => {
    const issues = issuesOf(
      'version: 1\nlabels:\n  "Vessel) DETACH DELETE (n":\n    properties: {}\n  vessel: {}\nrelationships:\n  "OPS]->() //": { from: [Person], to: [Person] }\n',
    );
    expect(issues).toEqual([
      expect.stringMatching(/^labels\.Vessel\) DETACH DELETE \(n: label names are PascalCase/),
      expect.stringMatching(/^labels\.vessel: label names are PascalCase/),
      expect.stringMatching(/^relationships\.OPS\]->\(\) \/\/: relationship types are UPPER_SNAKE_CASE/),
    ]);
  });

  it('refuses core names, unknown ends, reserved and malformed properties, clashing id prefixes', () => {
    const issues = issuesOf(`
version: 1
labels:
  Person: {}
  Vessel:
    idPrefix: phone
    properties:
      id: {}
      Tonnage: { type: number }
relationships:
  HOLDS: { from: [Person], to: [Account] }
  OPERATES: { from: [Person], to: [Ship], distinct: role }
`);
    expect(issues).toEqual([
      'labels.Person: Person is a core label already; extend it with relationships, or choose another name',
      'labels.Vessel.idPrefix: "phone" is already the id prefix of Phone',
      'labels.Vessel.properties.id: "id" is written by the loader itself; rename it',
      'labels.Vessel.properties.Tonnage: property names are camelCase letters and digits',
      'relationships.HOLDS: HOLDS is a core relationship type already; choose another name',
      expect.stringMatching(
        /^relationships\.OPERATES\.to: "Ship" is neither a core label nor declared under labels/,
      ),
      'relationships.OPERATES.distinct: "role" must be one of its declared properties',
    ]);
  });

  it('refuses unknown keys (typos), wrong types and a projection that reaches nothing', () => {
    expect(issuesOf('version: 1\nlable: {}\n')).toEqual(['(root): unknown key "lable" (a typo?)']);
    expect(issuesOf('version: 2\n')).toEqual([expect.stringMatching(/^version: /)]);
    expect(issuesOf('version: 1\nlabels:\n  Vessel:\n    properties:\n      imo: { type: text }\n')).toEqual([
      expect.stringMatching(/^labels\.Vessel\.properties\.imo\.type: /),
    ]);
    expect(issuesOf('version: 1\nlabels:\n  Vessel:\n    projection: { shared: 2, via: [HOLDS] }\n')).toEqual(
      ['labels.Vessel.projection.via: HOLDS does not lead to Vessel'],
    );
    expect(issuesOf('{ not json')).toEqual([expect.stringMatching(/^\(file\): not YAML or JSON/)]);
  });

  it('names the file and how to fix it', () => {
    expect(() =>
      parseExtension('version: 1\nlabels:\n  Person: {}\n', '/imports/model.extension.yaml'),
    ).toThrow(
      /model\/extension: \/imports\/model\.extension\.yaml is not a valid model extension:[\s\S]*docs\/model\.md/,
    );
    expect(() => readExtensionFile('/nonexistent/model.extension.yaml')).toThrow(
      /not found; check SKEIN_MODEL_EXTENSION/,
    );
  });

  it('is configured by SKEIN_MODEL_EXTENSION, else model.extension.yaml in the import folder when there', () => {
    expect(parseConfig({ SKEIN_MODEL_EXTENSION: FIXTURE }).modelExtension).toBe(FIXTURE);
    const imports = mkdtempSync(join(tmpdir(), 'skein-ext-'));
    expect(parseConfig({ SKEIN_IMPORT_DIR: imports }).modelExtension).toBeNull();
    writeFileSync(join(imports, 'model.extension.yaml'), readFileSync(FIXTURE));
    expect(parseConfig({ SKEIN_IMPORT_DIR: imports }).modelExtension).toBe(
      join(imports, 'model.extension.yaml'),
    );
  });
});
