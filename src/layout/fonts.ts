import { face as faceOf, openFont, type FaceName } from '../fonts/catalog.js';
import type * as fontkit from 'fontkit';

/** Measures text as pdfkit will draw it: the same fontkit font, the same features, widths in points. */
export class FontMetrics {
  private readonly fonts = new Map<FaceName, fontkit.Font>();
  private readonly cache = new Map<string, number>();

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
    const key = `${name}\u0000${features.join(',')}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      const f = this.font(name);
      const cp = text.codePointAt(0)!;
      if (features.length === 0 && text.length === (cp > 0xffff ? 2 : 1)) {
        // One character, default features: its glyph's advance (what shaping gives, without the shaper's cost).
        w = f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm;
      } else {
        const run = f.layout(text, features.length ? [...features] : undefined);
        w = run.positions.reduce((s, p) => s + p.xAdvance, 0) / f.unitsPerEm;
      }
      this.cache.set(key, w);
    }
    return w;
  }

  width(text: string, name: FaceName, size: number, features: readonly string[] = []): number {
    return this.unitWidth(text, name, features) * size;
  }

  has(name: FaceName, ch: string): boolean {
    return this.font(name).hasGlyphForCodePoint(ch.codePointAt(0)!);
  }

  /** Ascent and descent (positive) at 1 pt. */
  extents(name: FaceName): { ascent: number; descent: number } {
    const f = this.font(name);
    return { ascent: f.ascent / f.unitsPerEm, descent: -f.descent / f.unitsPerEm };
  }
}
