/** Vehicle: a car, van or lorry by plate and VIN; drivers and owners tie people who share it. */
import { defineEntity, linkedEntities, prop } from '../entity.ts';

export const VehicleRef = defineEntity('Vehicle', 'A vehicle, by registration plate or VIN.', (t) => ({
  plate: t.string({
    nullable: true,
    description: 'Registration plate, as registered.',
    resolve: (v) => prop(v, 'plate'),
  }),
  vin: t.string({
    nullable: true,
    description: 'Vehicle identification number.',
    resolve: (v) => prop(v, 'vin'),
  }),
  make: t.string({ nullable: true, resolve: (v) => prop(v, 'make') }),
  model: t.string({ nullable: true, resolve: (v) => prop(v, 'model') }),
  colour: t.string({ nullable: true, resolve: (v) => prop(v, 'colour') }),
  country: t.string({
    nullable: true,
    description: 'Country of registration.',
    resolve: (v) => prop(v, 'country'),
  }),
  owners: linkedEntities(t, { type: 'OWNS', direction: 'IN', description: 'Registered or known owners.' }),
  users: linkedEntities(t, { type: 'USES', direction: 'IN', description: 'Drivers and other known users.' }),
  offences: linkedEntities(t, {
    type: 'INVOLVED_IN',
    direction: 'OUT',
    description: 'Offences and cases the vehicle was involved in.',
  }),
}));
