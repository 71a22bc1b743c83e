/** The package file's checks and the neo4j-admin header reader: every problem named, before any write. */
import { describe, expect, it } from 'vitest';
import { MappingError } from '../../../../src/ingest/mapping/parse.ts';
import { parseAdminHeader, resolveLabel, resolveType } from '../../../../src/ingest/package/admin.ts';
import { loadPackageFile, parsePackage } from '../../../../src/ingest/package/parse.ts';

function issues(text: string): string[] {
  try {
    parsePackage(text, 'p.yaml');
  } catch (error) {
    if (error instanceof MappingError) return error.issues;
    throw error;
  }
  return [];
}

describe('neo4j-admin headers', () => {
  it('reads id spaces, labels, typed and array properties, ignored columns', () => {
    const { header, issues: found } = parseAdminHeader(
      [
        'personId:ID(Person)',
        ':LABEL',
        'name',
        'age:int',
        'born:date',
        'tags:string[]',
        'x:IGNORE',
        'Phone No:string',
      ],
      'persons.csv',
    );
    expect(found).toEqual([]);
    expect(header?.kind).toBe('nodes');
    expect(header?.columns.map((c) => [c.role, c.property, c.space, c.type, c.array])).toEqual([
      ['id', 'personId', 'Person', 'string', false],
      ['label', undefined, '', 'string', false],
      ['property', 'name', '', 'string', false],
      ['property', 'age', '', 'int', false],
      ['property', 'born', '', 'date', false],
      ['property', 'tags', '', 'string', true],
      ['ignore', undefined, '', 'string', false],
      ['property', 'phoneNo', '', 'string', false],
    ]);
  });

  it('tells relationship files by :START_ID and :END_ID, keeps "id:ID" as sourceId and names bad columns', () => {
    expect(parseAdminHeader([':START_ID(P)', ':END_ID(P)', ':TYPE', 'since:int'], 'r.csv').header?.kind).toBe(
      'relationships',
    );
    expect(parseAdminHeader(['id:ID'], 'n.csv').header?.columns[0]?.property).toBe('sourceId');
    expect(parseAdminHeader([':ID', 'x:money'], 'n.csv').issues[0]).toMatch(
      /column "x:money": type "money" is not a neo4j-admin type/,
    );
    expect(parseAdminHeader([':START_ID', ':END_ID', 'row:int'], 'r.csv').issues[0]).toMatch(
      /"row" is written by the loader itself/,
    );
    expect(parseAdminHeader(['a', 'b'], 'x.csv').issues[0]).toMatch(/not in the neo4j-admin layout/);
  });
});

describe('package files', () => {
  const HEAD = 'skein: 1\npackage: p\n';
  it('lists every problem of the tables and joins at once', () => {
    const found = issues(
      `${HEAD}labels: { Car: Automobile }\ntypes: { SAME: SAME_AS, X: NOPE }\nfiles:\n  a: { path: a.csv, join: { key: k, with: { b: { file: missing, key: k } } } }\n`,
    );
    expect(found).toEqual([
      expect.stringMatching(/^labels.Car: "Automobile" is not a label of the model/),
      expect.stringMatching(/^types.SAME: SAME_AS is made by matching/),
      expect.stringMatching(/^types.X: "NOPE" is not a relationship type/),
      'files.a.join: a joining file needs a mapping (it maps the joined rows)',
      'files.a.join.with.b.file: no file "missing"; the package\'s files are a',
    ]);
  });

  it('names a typo and an invalid inline mapping by its key', () => {
    expect(issues(`${HEAD}filez: {}\n`)[0]).toMatch(/unknown key "filez"/);
    const found = issues(
      `${HEAD}files:\n  a: { path: a.csv, mapping: { entities: { x: { label: Nope, key: [k] } } } }\n`,
    );
    expect(found[0]).toMatch(/^files.a.mapping .*entities.x.label: "Nope" is not a label of the model/);
  });

  it('ships the neo4j-admin package, found by name', () => {
    expect(loadPackageFile('neo4j-admin').pkg.package).toBe('neo4j-admin');
    expect(() => loadPackageFile('no-such-package')).toThrow(MappingError);
  });

  it('maps the police spellings of the shipped neo4j-admin package onto the core model', () => {
    const { pkg } = loadPackageFile('neo4j-admin');
    const label = (name: string) => {
      const resolved = resolveLabel(name, pkg.labels);
      return resolved !== undefined && 'label' in resolved ? resolved.label : resolved;
    };
    expect(['Vehicle', 'Car', 'Item', 'Object', 'Weapon', 'Drug', 'Crime', 'Offence'].map(label)).toEqual([
      'Vehicle',
      'Vehicle',
      'Item',
      'Item',
      'Item',
      'Item',
      'Offence',
      'Offence',
    ]);
    expect(['Location', 'Area', 'PostCode'].map(label)).toEqual(['Location', 'Location', 'Location']);
    const targets = (name: string) => {
      const resolved = resolveType(name, pkg.types);
      return resolved !== undefined && 'targets' in resolved ? resolved.targets.map((t) => t.type) : resolved;
    };
    expect(targets('POSTCODE_IN_AREA')).toEqual(['WITHIN']);
    expect(targets('OCCURRED_AT')).toEqual(['OCCURRED_AT']);
    expect(targets('DRIVES')).toEqual(['USES']);
    expect(targets('PARTY_TO')).toEqual(['PARTY_TO', 'INVOLVED_IN']);
  });

  it('names a wrong target in a list of types and a rename onto a loader property', () => {
    expect(
      issues(
        `${HEAD}labels:\n  Car: { label: Vehicle, rename: { reg: search } }\ntypes:\n  PARTY_TO: [PARTY_TO, NOPE]\nfiles:\n  a: { path: a.csv }\n`,
      ),
    ).toEqual([
      expect.stringMatching(/^labels.Car.rename.reg: "search" is written by the loader itself/),
      expect.stringMatching(/^types.PARTY_TO\[1\]: "NOPE" is not a relationship type/),
    ]);
  });
});
