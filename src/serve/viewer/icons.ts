/**
 * One pictogram per entity type, as inline SVG (no font, no download): sigma's image program draws
 * it over the node's coloured disc. Paths on a 24×24 grid.
 */
const PATHS: Record<string, string> = {
  // head and shoulders
  Person: 'M12 12a4.5 4.5 0 1 0 0-9 4.5 4.5 0 0 0 0 9zm-8 9c0-4.4 3.6-7 8-7s8 2.6 8 7z',
  // building with windows
  Organisation:
    'M4 21V4h10v4h6v13zm3-14h2v2H7zm4 0h2v2h-2zm-4 4h2v2H7zm4 0h2v2h-2zm5 0h2v2h-2zm-9 4h2v2H7zm4 0h2v2h-2zm5 0h2v2h-2z',
  // bank card
  Account: 'M2 6h20v12H2zm0 3v2h20V9zm3 5h6v2H5z',
  // handset
  Phone:
    'M6.6 10.8a15 15 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z',
  // envelope
  Email: 'M2 5h20v14H2zm2 2v.5l8 5 8-5V7l-8 5z',
  // house
  Address: 'M12 3l10 9h-3v9h-5v-6h-4v6H5v-9H2z',
  // passport booklet
  IdentityDocument: 'M5 2h14v20H5zm7 4a3.5 3.5 0 1 0 0 7 3.5 3.5 0 0 0 0-7zM8 16h8v2H8z',
  // map pin
  Location:
    'M12 2a7 7 0 0 0-7 7c0 5 7 13 7 13s7-8 7-13a7 7 0 0 0-7-7zm0 9.5a2.5 2.5 0 1 1 0-5 2.5 2.5 0 0 1 0 5z',
  // two stops and a path
  Route:
    'M6 3a3 3 0 1 0 0 6 3 3 0 0 0 0-6zm12 12a3 3 0 1 0 0 6 3 3 0 0 0 0-6zM7 9v4a3 3 0 0 0 3 3h6v2h-6a5 5 0 0 1-5-5V9z',
  // plane
  Journey: 'M21 16v-2l-8-5V3.5a1.5 1.5 0 0 0-3 0V9l-8 5v2l8-2.5V19l-2 1.5V22l3.5-1 3.5 1v-1.5L13 19v-5.5z',
  // coin with pound sign
  BenefitClaim:
    'M12 2a10 10 0 1 0 0 20 10 10 0 0 0 0-20zm-3 15v-2h1v-3H9v-2h1V9a3 3 0 0 1 5.6-1.5l-1.7 1A1 1 0 0 0 12 9v1h2v2h-2v3h4v2z',
  // folder
  Case: 'M2 5h8l2 2h10v13H2z',
};

const cache = new Map<string, string>();

export function iconOf(label: string): string {
  const cached = cache.get(label);
  if (cached) return cached;
  const path = PATHS[label] ?? 'M12 4a8 8 0 1 0 0 16 8 8 0 0 0 0-16z';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 24 24"><path fill="#ffffff" d="${path}"/></svg>`;
  const url = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  cache.set(label, url);
  return url;
}
