/** Font metrics for layout: advance widths and glyph checks per face, cached by font content. */
import { faceFile, fontId, openFont, type FaceName } from './catalog.js';
import type * as fontkit from 'fontkit';

/**
 * Features for the monospace face: its contextual alternates off. JetBrains Mono's `calt` draws `!=`, `=>`,
 * `//` as ligatures (a reader copying code by hand would misread them) and puts its `SPC` spacer glyph in,
 * which fontkit cannot decode (a crash while measuring or subsetting).
 */
export const MONO_FEATURES: string[] = ['-calt'];

/** Features as fontkit takes them: tags to add to its defaults, or, when one is `-tag`, each tag on or off. */
export function fontkitFeatures(features: readonly string[]): string[] | Record<string, boolean> | undefined {
  if (features.length === 0) return undefined;
  if (!features.some((f) => f.startsWith('-'))) return [...features];
  return Object.fromEntries(features.map((f) => (f.startsWith('-') ? [f.slice(1), false] : [f, true])));
}

/**
 * Measures text as pdfkit will draw it: the same fontkit font, the same features, widths in points.
 * Everything kept is keyed by the font's content (catalog.ts `fontId`), not by the face's name, so a face
 * set to another file (`fonts:` edited in watch mode) is measured with the new font at once.
 */
export class FontMetrics {
  private readonly cache = new Map<string, number>();
  /** Per font: advance of one character (at 1 pt), and whether the font has it; by code point. */
  private readonly advances = new Map<string, Map<number, number>>();
  private readonly glyphs = new Map<string, Map<number, boolean>>();

  font(name: FaceName): fontkit.Font {
    return openFont(faceFile(name));
  }

  /** The identity of the font `name` is set in now: part of the key of anything computed from its measures. */
  faceKey(name: FaceName): string {
    return fontId(faceFile(name));
  }

  /** Advance width of `text` in `face` at 1 pt, shaped with `features` (kerning and ligatures as pdfkit applies them). */
  unitWidth(text: string, name: FaceName, features: readonly string[] = []): number {
    const id = this.faceKey(name);
    const cp = text.codePointAt(0)!;
    const single = features.length === 0 && text.length === (cp > 0xffff ? 2 : 1);
    // The monospace face is never shaped with its contextual alternates, whoever asks (see MONO_FEATURES).
    if (name === 'mono' && features.length === 0) features = MONO_FEATURES;
    if (single) {
      let byCp = this.advances.get(id);
      if (!byCp) this.advances.set(id, (byCp = new Map()));
      let a = byCp.get(cp);
      if (a === undefined) {
        // One character, default features: its glyph's advance (what shaping gives, without the shaper's cost).
        const f = this.font(name);
        a = f.glyphForCodePoint(cp).advanceWidth / f.unitsPerEm;
        byCp.set(cp, a);
      }
      return a;
    }
    const key = `${id}\u0000${features.join(',')}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      const f = this.font(name);
      const run = f.layout(text, fontkitFeatures(features));
      w = run.positions.reduce((s, p) => s + p.xAdvance, 0) / f.unitsPerEm;
      this.cache.set(key, w);
    }
    return w;
  }

  width(text: string, name: FaceName, size: number, features: readonly string[] = []): number {
    return this.unitWidth(text, name, features) * size;
  }

  has(name: FaceName, ch: string): boolean {
    const id = this.faceKey(name);
    const cp = ch.codePointAt(0)!;
    let byCp = this.glyphs.get(id);
    if (!byCp) this.glyphs.set(id, (byCp = new Map()));
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
