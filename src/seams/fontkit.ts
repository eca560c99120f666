// fontkit private API, all in one place: memoised glyph outline decoding, subsetting that copies a simple glyph without decoding its outline, and horizontal metrics read from the hmtx bytes. Touches font.type, font.stream.buffer, font.directory.tables.hmtx, font.hhea.numberOfMetrics and font.maxp.numGlyphs; Touches TTFGlyph.prototype._decode (wrapped), glyph._font._variationProcessor (read), an own `decoded` field on each glyph object, and TTFSubset.prototype._addGlyph (wrapped) with the subset's font, glyf, loca, hmtx and offset and the font's loca, directory and _getTableStream('glyf'); fontkit's public API has no outline cache and no hook into the decoding its Subset does per glyph.
import type * as fontkit from 'fontkit';

/** What the seam reads and writes on a fontkit glyph: private members, not in fontkit's types. */
interface GlyphInternals {
  decoded?: unknown;
  _font: { _variationProcessor?: unknown };
}

interface GlyphPrototype {
  _decode?: (this: GlyphInternals) => unknown;
  /** fontkit's own `_decode`, kept by the seam once it has wrapped it. */
  studypackUnmemoised?: (this: GlyphInternals) => unknown;
}

/** The prototype that decodes `font`'s glyphs (TTFGlyph for a TrueType font; CFF glyphs have no `_decode`). */
export function glyphPrototype(font: fontkit.Font): GlyphPrototype {
  return Object.getPrototypeOf(font.getGlyph(0)) as GlyphPrototype;
}

/**
 * fontkit decodes a TrueType glyph's outline again every time it is asked for it, and every PDF a build
 * writes (the handout, each discussion sheet, all.pdf) subsets the fonts anew, decoding each glyph it
 * copies. Glyph objects are kept per Font, and a static font's outlines never change: decode each once.
 * The wrap is on the shared prototype, so it is made once per process whatever the number of fonts.
 */
export function memoiseGlyphDecoding(font: fontkit.Font): void {
  const proto = glyphPrototype(font);
  if (typeof proto._decode !== 'function' || proto.studypackUnmemoised) return;
  const decode = proto._decode;
  proto.studypackUnmemoised = decode;
  proto._decode = function (this: GlyphInternals) {
    // A variable font's outlines depend on its instance: those are decoded every time, as fontkit does.
    if (this._font._variationProcessor) return decode.call(this);
    if (!('decoded' in this)) this.decoded = decode.call(this);
    return this.decoded;
  };
}

/** fontkit's own decoding of `glyph`, past the memo (test/seams.test.ts compares the two). */
export function decodeUnmemoised(glyph: fontkit.Glyph): unknown {
  const proto = Object.getPrototypeOf(glyph) as GlyphPrototype;
  const decode = Object.hasOwn(proto, 'studypackUnmemoised') ? proto.studypackUnmemoised : proto._decode;
  if (typeof decode !== 'function') throw new Error('fontkit glyph has no _decode: see src/seams/fontkit.ts');
  return decode.call(glyph as unknown as GlyphInternals);
}

/** What the subset seam reads and writes on fontkit's TTFSubset (all private). */
interface SubsetInternals {
  font: fontkit.Font & {
    _variationProcessor?: unknown;
    loca: { offsets: number[] };
    directory: { tables: Record<string, { transformed?: unknown } | undefined> };
    _getTableStream(tag: string): { pos: number; readBuffer(length: number): Uint8Array };
  };
  glyf: Uint8Array[];
  loca: { offsets: number[] };
  hmtx: { metrics: { advance: number; bearing: number }[] };
  offset: number;
}

interface SubsetPrototype {
  _addGlyph?: (this: SubsetInternals, gid: number) => number;
  studypackOwnAddGlyph?: (this: SubsetInternals, gid: number) => number;
}

/** The prototype of `font`'s subsets (TTFSubset for a TrueType font). */
export function subsetPrototype(font: fontkit.Font): SubsetPrototype {
  return Object.getPrototypeOf(font.createSubset()) as SubsetPrototype;
}

/**
 * fontkit's TTFSubset decodes each glyph's whole outline (every point) as it copies it, only to learn whether it
 * is a composite glyph (whose components it must add and renumber); the bytes it copies are the font's own. For
 * a simple or empty glyph of a static TrueType font, read that from the glyph's first two bytes
 * (numberOfContours ≥ 0) and copy as fontkit does; a composite glyph, a variable font or a WOFF2 font goes
 * through fontkit's own code. Same subset bytes (test/seams.test.ts); once per process, on the shared prototype.
 */
export function copySimpleGlyphsUndecoded(font: fontkit.Font): void {
  const proto = subsetPrototype(font);
  const own = proto._addGlyph;
  if (typeof own !== 'function' || proto.studypackOwnAddGlyph) return;
  proto.studypackOwnAddGlyph = own;
  proto._addGlyph = function (this: SubsetInternals, gid: number) {
    const f = this.font;
    const glyf = f.directory.tables.glyf;
    if (f._variationProcessor || !glyf || glyf.transformed) return own.call(this, gid);
    const cur = f.loca.offsets[gid]!;
    const next = f.loca.offsets[gid + 1]!;
    const stream = f._getTableStream('glyf');
    stream.pos += cur;
    const buffer = stream.readBuffer(next - cur);
    // Big-endian int16 numberOfContours: negative (the top bit set) for a composite glyph.
    if (buffer.length >= 2 && buffer[0]! & 0x80) return own.call(this, gid);
    // The glyph's horizontal metrics as fontkit gives them (glyph.advanceWidth, _getMetrics().leftBearing), from hmtx.
    const hm = horizontalMetrics(f);
    const glyph = hm ? undefined : (f.getGlyph(gid) as fontkit.Glyph & { _getMetrics(): { leftBearing: number } });
    this.glyf.push(buffer);
    this.loca.offsets.push(this.offset);
    this.hmtx.metrics.push(hm ? { advance: hm.advance(gid), bearing: hm.bearing(gid) } : { advance: glyph!.advanceWidth, bearing: glyph!._getMetrics().leftBearing });
    this.offset += buffer.length;
    return this.glyf.length - 1;
  };
}

/** A glyph's horizontal metrics (font units) by glyph id. */
export interface HorizontalMetrics {
  advance(gid: number): number;
  bearing(gid: number): number;
}

interface FontInternals {
  type?: string;
  _variationProcessor?: unknown;
  stream?: { buffer?: Uint8Array };
  directory?: { tables?: Record<string, { offset: number; length: number } | undefined> };
  hhea?: { numberOfMetrics: number };
  maxp?: { numGlyphs: number };
}

const hmtxReaders = new WeakMap<object, HorizontalMetrics | null>();

/**
 * A static TrueType font's horizontal metrics read straight from its hmtx table's bytes: the numbers fontkit's
 * glyph.advanceWidth and _getMetrics().leftBearing give, without fontkit decoding an hmtx entry and, for the
 * vertical metrics it works out alongside, the glyph's header, per glyph (test/seams.test.ts compares every
 * glyph of the faces). Undefined for a variable font, a WOFF/WOFF2 or CFF-only font, or a font without hmtx.
 */
export function horizontalMetrics(font: fontkit.Font): HorizontalMetrics | undefined {
  let r = hmtxReaders.get(font);
  if (r === undefined) {
    const f = font as unknown as FontInternals;
    const table = f.directory?.tables?.hmtx;
    const buf = f.stream?.buffer;
    const n = f.hhea?.numberOfMetrics;
    const total = f.maxp?.numGlyphs;
    if (f.type !== 'TTF' || f._variationProcessor || !table || !buf || n === undefined || total === undefined || table.offset + 4 * n + 2 * (total - n) > buf.length) r = null;
    else {
      const off = table.offset;
      const u16 = (p: number) => (buf[p]! << 8) | buf[p + 1]!;
      const i16 = (p: number) => (u16(p) << 16) >> 16;
      r = {
        advance: (gid) => (n === 0 ? 0 : u16(off + 4 * Math.min(gid, n - 1))),
        bearing: (gid) => (gid < n ? i16(off + 4 * gid + 2) : gid - n < total - n ? i16(off + 4 * n + 2 * (gid - n)) : 0),
      };
    }
    hmtxReaders.set(font, r);
  }
  return r ?? undefined;
}
