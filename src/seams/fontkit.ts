// fontkit private API, all in one place: memoised glyph outline decoding. Touches TTFGlyph.prototype._decode (wrapped), glyph._font._variationProcessor (read) and an own `decoded` field on each glyph object; fontkit's public API has no outline cache and no hook into the decoding its Subset does per glyph.
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
