// pdfkit private API, all in one place: text written from glyphs already shaped, image decoding without painting, and its streams' deflate (zlib.deflateSync, looked up at each call) kept by content in watch mode. Touches PDFDocument#_font (the current EmbeddedFont) and its members id, scale, subset.includeGlyph(id), widths, unicode and ref(), PDFDocument#page.fonts and PDFDocument#addContent, and the undocumented PDFDocument#openImage(src); pdfkit offers no way to give text() glyphs already shaped (it shapes every string again) nor to decode an image without placing it on a page.
import { createHash } from 'node:crypto';
import zlib from 'node:zlib';
import type * as fontkit from 'fontkit';

/**
 * Glyphs already shaped, in font units (fonts/metrics.ts ShapedText is one): ids, each glyph's advance as shaped and
 * its own (hmtx), offsets (null when all are zero) and the code points each stands for.
 */
export interface ShapedGlyphs {
  ids: readonly number[];
  xAdvance: readonly number[];
  advance: readonly number[];
  offsets: { x: readonly number[]; y: readonly number[] } | null;
  codePoints: readonly (readonly number[])[];
}

/** The private side of pdfkit's EmbeddedFont the seam relies on (pdfkit 0.20: EmbeddedFont#encode does the same per glyph). */
export interface EmbeddedFontInternals {
  /** The font's resource name on a page (F1, F2 …). */
  id: string;
  font: fontkit.Font;
  /** 1000 / unitsPerEm: font units to the text space's thousandths of an em. */
  scale: number;
  /** The subset being built: the glyph's id in it, added on first use. */
  subset: { includeGlyph(glyph: number): number };
  /** By subset id: the glyph's advance (thousandths of an em) and the code points it stands for (ToUnicode). */
  widths: (number | undefined)[];
  unicode: (readonly number[] | undefined)[];
  /** The font's dictionary (made on first use; written with the subset when the document ends). */
  ref(): unknown;
}

interface DocumentInternals {
  _font?: Partial<EmbeddedFontInternals> | null;
  page: { height: number; fonts: Record<string, unknown> };
  addContent(data: string): unknown;
}

/** The document's current font as pdfkit holds it: an EmbeddedFont for a TrueType face, else undefined. */
export function currentEmbeddedFont(doc: PDFKit.PDFDocument): EmbeddedFontInternals | undefined {
  const ef = (doc as unknown as DocumentInternals)._font;
  if (!ef || !ef.font || typeof ef.id !== 'string' || typeof ef.subset?.includeGlyph !== 'function' || !Array.isArray(ef.widths) || !Array.isArray(ef.unicode) || typeof ef.ref !== 'function') return undefined;
  return ef as EmbeddedFontInternals;
}

/** A number as pdfkit writes it in a content stream (PDFObject.number): rounded to six decimals. */
function num(n: number): number {
  if (n > -1e21 && n < 1e21) return Math.round(n * 1e6) / 1e6;
  throw new Error(`unsupported number: ${n}`);
}

/** Four hex digits of a subset glyph id, as pdfkit encodes it (Identity-H, two bytes a glyph). */
const HEX: string[] = [];
const hex4 = (gid: number) => (HEX[gid] ??= `0000${gid.toString(16)}`.slice(-4));

/**
 * Writes glyphs already shaped, in the document's current font at `size`, from (x, y) (top-left page space,
 * y the baseline) with `spacing` as PDF Tc: the operators pdfkit's text() writes for the same glyphs with
 * `{ lineBreak: false, characterSpacing, baseline: 'alphabetic' }` (PDFDocument#_fragment), byte for byte, with no
 * shaping, measuring or splitting. Each glyph goes into the font's subset, with its width and the code points it
 * stands for (the ToUnicode map), on first use, as EmbeddedFont#encode does; pdfkit still writes the fonts.
 */
export function writeGlyphs(doc: PDFKit.PDFDocument, x: number, y: number, size: number, spacing: number, pieces: readonly ShapedGlyphs[]): void {
  const ef = currentEmbeddedFont(doc);
  if (!ef) throw new Error('pdfkit: the current font is no EmbeddedFont with id, subset, widths, unicode and ref(); see src/seams/pdfkit.ts');
  const d = doc as unknown as DocumentInternals;
  let count = 0;
  for (const p of pieces) count += p.ids.length;
  if (count === 0) return;
  const page = d.page;
  const fscale = ef.scale;
  const scale = size / 1000;
  const { subset, widths, unicode } = ef;
  y = page.height - y;
  if (page.fonts[ef.id] == null) page.fonts[ef.id] = ef.ref();
  let out = `q\n1 0 0 -1 0 ${num(page.height)} cm\nBT\n1 0 0 1 ${num(x)} ${num(y)} Tm\n/${ef.id} ${num(size)} Tf`;
  if (spacing) out += `\n${num(spacing)} Tc`;
  // TJ arrays as _fragment makes them: glyphs gather until one's shaped advance differs from its own (the
  // difference follows them), or one is offset (set alone, at its own text matrix).
  let commands = '';
  let hexes = '';
  let hadOffset = false;
  const segment = (adjust: number) => {
    if (hexes) {
      commands += `${commands ? ' ' : ''}<${hexes}> ${num(-adjust)}`;
      hexes = '';
    }
  };
  const flush = (adjust: number) => {
    segment(adjust);
    if (commands) {
      out += `\n[${commands}] TJ`;
      commands = '';
    }
  };
  let adjust = 0;
  for (const p of pieces) {
    for (let i = 0; i < p.ids.length; i++) {
      const gid = subset.includeGlyph(p.ids[i]!);
      if (widths[gid] == null) widths[gid] = p.advance[i]! * fscale;
      if (unicode[gid] == null) unicode[gid] = p.codePoints[i]!;
      const xAdvance = p.xAdvance[i]! * fscale;
      const xOffset = p.offsets ? p.offsets.x[i]! * fscale : 0;
      const yOffset = p.offsets ? p.offsets.y[i]! * fscale : 0;
      const own = xAdvance - p.advance[i]! * fscale;
      if (xOffset || yOffset) {
        flush(adjust);
        out += `\n1 0 0 1 ${num(x + xOffset * scale)} ${num(y + yOffset * scale)} Tm`;
        hexes = hex4(gid);
        flush(own);
        hadOffset = true;
      } else {
        if (hadOffset) {
          out += `\n1 0 0 1 ${num(x)} ${num(y)} Tm`;
          hadOffset = false;
        }
        hexes += hex4(gid);
        if (own !== 0) segment(own);
      }
      adjust = own;
      x += xAdvance * scale;
    }
  }
  flush(adjust);
  d.addContent(`${out}\nET\nQ`);
}

/** Decodes an image as pdfkit will when painting it; throws on a file pdfkit cannot embed. */
export function openImage(doc: PDFKit.PDFDocument, src: string | Uint8Array): unknown {
  const open = (doc as unknown as { openImage?: (src: string | Uint8Array) => unknown }).openImage;
  if (typeof open !== 'function') throw new Error('pdfkit: PDFDocument#openImage is gone; see src/seams/pdfkit.ts');
  return open.call(doc, src);
}

/** The process's deflate memo, installed by the first watch session (it lasts as long as the process). */
let deflateMemo: { sweep(): void; hits(): number } | null = null;

/**
 * Deflate kept by content, for a watch session: pdfkit compresses every stream (page contents, font subsets,
 * ToUnicode maps) with `zlib.deflateSync(data)` when it is finalised, looking the function up on node:zlib's
 * exports at each call, so replacing it there reaches pdfkit. A stream met again in a later build (an unchanged
 * page, a subset with no new glyph) takes the bytes deflate gave it before: the same bytes, no compression.
 * `sweep()` (after each build) drops what no build since the last sweep used. Calls with options, and inputs
 * under 1 KB, go straight to zlib. Installed once per process; deflate is a pure function, so every other
 * caller gets what zlib would give it.
 */
export function keepDeflated(): { sweep(): void; hits(): number } {
  if (deflateMemo) return deflateMemo;
  const original = zlib.deflateSync;
  let kept = new Map<string, Buffer>();
  let used = new Map<string, Buffer>();
  let hits = 0;
  zlib.deflateSync = ((data: zlib.InputType, options?: zlib.ZlibOptions) => {
    // pdfkit hands over its streams as Uint8Arrays.
    if (options !== undefined || !(data instanceof Uint8Array) || data.length < 1024) return original(data, options);
    const key = createHash('sha1').update(data).digest('base64');
    let out = used.get(key) ?? kept.get(key);
    if (out) hits++;
    else out = original(data);
    used.set(key, out);
    return out;
  }) as typeof zlib.deflateSync;
  deflateMemo = {
    sweep() {
      kept = used;
      used = new Map();
    },
    hits: () => hits,
  };
  return deflateMemo;
}
