/** Records for the unit tests of resolution: a person from an id ("source:n"), a name and facts. */
import type { ResolutionRecord } from '../../../../src/analyse/resolve/types.ts';

export const person = (
  id: string,
  name: string,
  birthDate?: string,
  identifiers: ResolutionRecord['identifiers'] = [],
) =>
  ({
    id,
    kind: 'Person',
    source: id.split(':')[0]!,
    names: [name],
    identifiers,
    ...(birthDate ? { birthDate } : {}),
  }) as ResolutionRecord;
