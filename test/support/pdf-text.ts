/**
 * The text of a PDF Chromium printed, for tests that scan a case package's report.pdf for strings
 * (the project has no PDF library). Chromium (Skia) writes text as glyph ids in hex strings shown by
 * Tj/TJ under a font selected by Tf, each font (Type0) with a ToUnicode CMap: this reads the objects,
 * maps font resource names to their CMaps, and decodes every shown string with its own font's map.
 * Runs are joined without a separator (Chromium draws spaces as glyphs) and, in a second copy, with
 * one. Tests pair every negative scan with a positive one (strings that must be found), so a change
 * of Chromium's output that broke this reader fails them instead of letting them pass silently.
 */
import { inflateSync } from 'node:zlib';

type CMap = Map<number, string>;

interface PdfObject {
  dict: string;
  stream: string | null;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<number, PdfObject>();
  const header = /(\d+) 0 obj\b/g;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    const start = m.index + m[0].length;
    const end = text.indexOf('endobj', start);
    if (end < 0) break;
    const body = text.slice(start, end);
    const at = body.search(/stream\r?\n/);
    let stream: string | null = null;
    let dict = body;
    if (at >= 0) {
      dict = body.slice(0, at);
      const dataStart = start + at + (body[at + 6] === '\r' ? 8 : 7);
      const dataEnd = text.lastIndexOf('endstream', end);
      let data: Buffer = pdf.subarray(dataStart, dataEnd);
      if (dict.includes('/FlateDecode')) {
        try {
          data = inflateSync(data);
        } catch {
          data = Buffer.alloc(0);
        }
      }
      stream = data.toString('latin1');
    }
    out.set(Number(m[1]), { dict, stream });
    header.lastIndex = end;
  }
  return out;
}

function utf16(hex: string): string {
  const bytes = Buffer.from(hex, 'hex');
  let s = '';
  for (let i = 0; i + 1 < bytes.length; i += 2) s += String.fromCharCode(bytes.readUInt16BE(i));
  return s;
}

function parseCMap(stream: string): CMap {
  const map: CMap = new Map();
  for (const block of stream.matchAll(/beginbfchar([\s\S]*?)endbfchar/g)) {
    for (const [, from, to] of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) {
      map.set(Number.parseInt(from!, 16), utf16(to!));
    }
  }
  for (const block of stream.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const [, lo, hi, to] of block[1]!.matchAll(
      /<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g,
    )) {
      const base = utf16(to!);
      const last = base.charCodeAt(base.length - 1);
      for (let code = Number.parseInt(lo!, 16), i = 0; code <= Number.parseInt(hi!, 16); code++, i++) {
        map.set(code, base.slice(0, -1) + String.fromCharCode(last + i));
      }
    }
  }
  return map;
}

/** The PDF's shown text: runs joined as drawn, then again separated by spaces. */
export function pdfText(pdf: Uint8Array): string {
  const objs = objects(Buffer.from(pdf));
  const cmapOfFont = new Map<number, CMap>();
  for (const [num, obj] of objs) {
    const ref = /\/ToUnicode (\d+) 0 R/.exec(obj.dict);
    const cmap = ref ? objs.get(Number(ref[1]))?.stream : undefined;
    if (cmap) cmapOfFont.set(num, parseCMap(cmap));
  }
  const fontByName = new Map<string, CMap>();
  for (const obj of objs.values()) {
    for (const fonts of obj.dict.matchAll(/\/Font\s*<<([^>]*)>>/g)) {
      for (const [, name, num] of fonts[1]!.matchAll(/\/([^\s/]+)\s+(\d+) 0 R/g)) {
        const cmap = cmapOfFont.get(Number(num));
        if (cmap) fontByName.set(name!, cmap);
      }
    }
  }
  const runs: string[] = [];
  for (const obj of objs.values()) {
    if (!obj.stream || !/\bT[jJ]\b/.test(obj.stream)) continue;
    let cmap: CMap | undefined;
    for (const op of obj.stream.matchAll(/\/([^\s/]+)\s+[\d.]+\s+Tf|(\[[^\]]*\]|<[0-9A-Fa-f]*>)\s*T[jJ]/g)) {
      if (op[1] !== undefined) {
        cmap = fontByName.get(op[1]);
        continue;
      }
      let run = '';
      for (const [, hex] of op[2]!.matchAll(/<([0-9A-Fa-f]*)>/g)) {
        for (let i = 0; i + 4 <= hex!.length; i += 4)
          run += cmap?.get(Number.parseInt(hex!.slice(i, i + 4), 16)) ?? '';
      }
      runs.push(run);
    }
  }
  return `${runs.join('')}\n${runs.join(' ')}`;
}
