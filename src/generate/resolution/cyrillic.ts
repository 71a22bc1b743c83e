/**
 * Latin → Cyrillic for generated Bulgarian and Ukrainian names: what a native-language register
 * writes for a person whom Western sources spell in Latin letters. The generator's own table (not the
 * resolver's), so resolution is tested against an independent rendering.
 */
const DIGRAPHS: [string, string][] = [
  ['sht', 'щ'],
  ['shch', 'щ'],
  ['zh', 'ж'],
  ['ts', 'ц'],
  ['ch', 'ч'],
  ['sh', 'ш'],
  ['yu', 'ю'],
  ['ya', 'я'],
  ['iu', 'ю'],
  ['ia', 'я'],
  ['kh', 'х'],
];
const LETTERS: Record<string, string> = {
  a: 'а',
  b: 'б',
  v: 'в',
  g: 'г',
  d: 'д',
  e: 'е',
  z: 'з',
  i: 'и',
  y: 'й',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  p: 'п',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  f: 'ф',
  h: 'х',
  c: 'ц',
  j: 'й',
  w: 'в',
  x: 'кс',
  q: 'к',
};

export function toCyrillic(latin: string): string {
  return latin
    .split(' ')
    .map((word) => {
      let lower = word.toLowerCase();
      let out = '';
      while (lower.length > 0) {
        const digraph = DIGRAPHS.find(([from]) => lower.startsWith(from));
        if (digraph) {
          out += digraph[1];
          lower = lower.slice(digraph[0].length);
        } else {
          out += LETTERS[lower[0]!] ?? lower[0];
          lower = lower.slice(1);
        }
      }
      return out.charAt(0).toUpperCase() + out.slice(1);
    })
    .join(' ');
}
