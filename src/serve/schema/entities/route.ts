/** Route: from + via + to + mode. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const RouteRef = defineEntity('Route', 'A route between places by one mode of transport.', (t) => ({
  mode: t.string({
    nullable: true,
    description: 'air, coach, rail, car, sea.',
    resolve: (r) => prop(r, 'mode'),
  }),
  origin: linkedEntities(t, { type: 'FROM', direction: 'OUT', description: 'Where the route starts.' }),
  destination: linkedEntities(t, { type: 'TO', direction: 'OUT', description: 'Where the route ends.' }),
  via: linkedEntities(t, { type: 'VIA', direction: 'OUT', description: 'Stops on the way.' }),
  journeys: linkedEntities(t, { type: 'ON', direction: 'IN', description: 'Journeys on this route.' }),
}));
