/** Small text helpers shared by the source renderers. */

const DIACRITIC_OVERRIDES: Record<string, string> = {
  ß: 'ss',
  ł: 'l',
  Ł: 'L',
  đ: 'd',
  Đ: 'D',
  ø: 'o',
  æ: 'ae',
};

/** Every character in ' '..'~' (as /^[ -~]*$/, but this runs per field and a loop is cheaper). */
function isPrintableAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e) return false;
  }
  return true;
}

/** Strip diacritics the way an ASCII-only system does (`Ștefan` → `Stefan`, `Łukasz` → `Lukasz`). */
export function ascii(text: string): string {
  if (isPrintableAscii(text)) return text;
  let out = '';
  for (const ch of text.normalize('NFD')) {
    const code = ch.charCodeAt(0);
    if (code >= 0x300 && code <= 0x36f) continue;
    out += DIACRITIC_OVERRIDES[ch] ?? ch;
  }
  return out;
}

export function upper(text: string): string {
  return ascii(text).toUpperCase();
}

export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/(^|[\s'-])(\p{L})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase());
}

/** Money with two decimals and a dot. */
export function money(amount: number): string {
  return amount.toFixed(2);
}

/** Money with a decimal comma (bank-b). */
export function moneyComma(amount: number): string {
  return amount.toFixed(2).replace('.', ',');
}

/** Round to cents. */
export function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

export function hex(value: number, width: number): string {
  return (value >>> 0).toString(16).padStart(width, '0').slice(-width);
}
