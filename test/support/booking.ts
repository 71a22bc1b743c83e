/**
 * A travel booking (the shipped `travel` mapping's JSON-lines layout) whose payer and first passenger
 * have phones that are not numbers at all (extensions): the row must load with every passenger and a
 * warning, never be rejected for an optional field (issue 14).
 */
export function bookingWithBadPhones(ref: string, secondPassenger: string) {
  return {
    booking_ref: ref,
    created: '2024-05-01T10:00:00',
    channel: 'web',
    trip: {
      mode: 'air',
      outbound: {
        depart: '2024-06-01T08:00:00',
        from: { city: 'Bucuresti', country: 'RO' },
        to: { city: 'Londra', country: 'GB' },
      },
    },
    price: { amount: '200', currency: 'EUR' },
    // Not a phone at all (an extension): a short number alone is kept as a raw Phone (values, #14).
    payer: { name: 'Ion Pop', phone: '+40 12 ext. 9', payment: { method: 'card' } },
    passengers: [
      { pax: 1, full_name: 'Ion Pop', phone: '+40 13 ext. 9' },
      { pax: 2, full_name: secondPassenger },
    ],
  };
}
