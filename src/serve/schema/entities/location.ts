/** Location: a place (country + place), for routes and cash movements. */
import { defineEntity, numberProp, prop } from '../entity.ts';

export const LocationRef = defineEntity('Location', 'A place: city or point, with its country.', (t) => ({
  country: t.string({ nullable: true, resolve: (l) => prop(l, 'country') }),
  lat: t.float({ nullable: true, resolve: (l) => numberProp(l, 'lat') }),
  lon: t.float({ nullable: true, resolve: (l) => numberProp(l, 'lon') }),
}));
