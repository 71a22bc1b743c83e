/** Colour per entity type, shared by the viewer and the files that carry colours (GEXF viz). */
export const TYPE_COLOURS: Record<string, string> = {
  Person: '#2f6fdf',
  Organisation: '#8e44ad',
  Account: '#1e9e6a',
  Phone: '#e08a00',
  Email: '#c0568f',
  Address: '#7f6a3a',
  IdentityDocument: '#d64541',
  Location: '#4a7f8c',
  Route: '#6b7f2a',
  Journey: '#9a7b00',
  BenefitClaim: '#b8336a',
  Case: '#555555',
};

export const FALLBACK_COLOUR = '#888888';

export function colourOf(label: string): string {
  return TYPE_COLOURS[label] ?? FALLBACK_COLOUR;
}
