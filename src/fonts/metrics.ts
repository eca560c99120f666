import { face as faceOf, openFont, type FaceName } from './catalog.js';
import type * as fontkit from 'fontkit';

/** Measures text as pdfkit will draw it: the same fontkit font, the same features, widths in points. */
export class FontMetrics {
  private readonly fonts = new Map<FaceName, fontkit.Font>();
  private readonly cache = new Map<string, number>();
  /** Per face: advance of one character (at 1 pt), and whether the font has it; by code point. */
  private readonly advances = new Map<FaceName, Map<number, number>>();
  private readonly glyphs = new Map<FaceName, Map<number, boolean>>();

  font(name: FaceName): fontkit.Font {
    let f = this.fonts.get(name);
    if (!f) {
      f = openFont(faceOf(name).file);
      this.fonts.set(name, f);
    }
    return f;
  }

  /** Advance width of `text` in `face` at 1 pt, shaped with `features` (kerning and ligatures as pdfkit applies them). */
  unitWidth(text: string, name: FaceName, features: readonly string[] = []): number {
    const cp = text.codePointAt(0)!;
    const single = features.length === 0 && text.length === (cp > 0xffff ? 2 : 1);
    if (single) {
      let byCp = this.advances.get(name);
      if (!byCp) this.advances.set(name, (byCp = new Map()));
      let a = byCp.get(cp);
      if (a === undefined) {
        // One character, default features: its glyph's advance (what shaping gives, without the shaper's cost).
        const f = this.font(name);
        a = f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm;
        byCp.set(cp, a);
      }
      return a;
    }
    const key = `${name}\u0000${features.join(',')}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      const f = this.font(name);
      const run = f.layout(text, features.length ? [...features] : undefined);
      w = run.positions.reduce((s, p) => s + p.xAdvance, 0) / f.unitsPerEm;
      this.cache.set(key, w);
    }
    return w;
  }

  width(text: string, name: FaceName, size: number, features: readonly string[] = []): number {
    return this.unitWidth(text, name, features) * size;
  }

  has(name: FaceName, ch: string): boolean {
    const cp = ch.codePointAt(0)!;
    let byCp = this.glyphs.get(name);
    if (!byCp) this.glyphs.set(name, (byCp = new Map()));
    let h = byCp.get(cp);
    if (h === undefined) {
      h = this.font(name).hasGlyphForCodePoint(cp);
      byCp.set(cp, h);
    }
    return h;
  }

  /** Ascent and descent (positive) at 1 pt. */
  extents(name: FaceName): { ascent: number; descent: number } {
    const f = this.font(name);
    return { ascent: f.ascent / f.unitsPerEm, descent: -f.descent / f.unitsPerEm };
  }
}

let shared: FontMetrics | undefined;
/** One metrics object per process: font parsing and glyph widths are shared by every layout. */
export function sharedMetrics(): FontMetrics {
  shared ??= new FontMetrics();
  return shared;
}
