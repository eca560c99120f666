/** Font metrics for layout: advance widths and glyph checks per face, cached by font content. */
import { faceFile, fontId, openFont, shapingLanguage, type FaceName } from './catalog.js';
import type * as fontkit from 'fontkit';
import { horizontalMetrics } from '../seams/fontkit.js';
import { loneHanUnshaped } from './lone-glyphs.js';

/**
 * Features for the monospace face: its contextual alternates off. JetBrains Mono's `calt` draws `!=`, `=>`,
 * `//` as ligatures (a reader copying code by hand would misread them) and puts its `SPC` spacer glyph in,
 * which fontkit cannot decode (a crash while measuring or subsetting).
 */
export const MONO_FEATURES: string[] = ['-calt'];

const NO_FEATURES: string[] = [];

/**
 * A stretch of text as fontkit shapes it, kept compact (numbers, not fontkit Glyph objects) and shared by every
 * run that sets it: what the painter writes (glyph ids and positions) and what the PDF's text layer gives back
 * for each glyph (its code points, as fontkit's glyph object holds them: pdfkit's ToUnicode map is made from them).
 * Lengths in the font's units.
 */
export interface ShapedText {
  ids: number[];
  /** Each glyph's advance as shaped (kerning included) and its own advance in the font (hmtx). */
  xAdvance: number[];
  advance: number[];
  /** Each glyph's offset from its pen position, as shaped; null when every one is zero (no mark, no GPOS shift). */
  offsets: { x: number[]; y: number[] } | null;
  codePoints: (readonly number[])[];
}

/** A glyph's advance as fontkit gives it (glyph.advanceWidth), from the hmtx bytes where the seam can read them. */
function advanceOf(font: fontkit.Font, g: fontkit.Glyph): number {
  const hm = horizontalMetrics(font);
  return hm ? hm.advance(g.id) : g.advanceWidth;
}

/** Ideographs and kana: shaped alone, they come out as they would inside any run (no kerning, no ligatures). */
const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HAN = /^\p{Script=Han}$/u;
/** IDEOGRAPH for each UTF-16 unit of the BMP, worked out once: 0 not yet, 1 no, 2 yes. */
const IDEOGRAPH_BMP = new Uint8Array(0x10000);
function isIdeographUnit(c: number): boolean {
  let k = IDEOGRAPH_BMP[c]!;
  if (k === 0) IDEOGRAPH_BMP[c] = k = IDEOGRAPH.test(String.fromCharCode(c)) ? 2 : 1;
  return k === 2;
}

/** Features as fontkit takes them: tags to add to its defaults, or, when one is `-tag`, each tag on or off. */
export function fontkitFeatures(features: readonly string[]): string[] | Record<string, boolean> | undefined {
  if (features.length === 0) return undefined;
  if (!features.some((f) => f.startsWith('-'))) return [...features];
  return Object.fromEntries(features.map((f) => (f.startsWith('-') ? [f.slice(1), false] : [f, true])));
}

/** The pseudo-feature a run of Chinese carries when the build shapes it for a language system: `lang:ZHT`. */
const LANG = 'lang:';

/**
 * Shapes `text` with `features`, as measuring and painting both do: a `lang:XXX` among them is no OpenType
 * feature but the language system the run is shaped for (script hani), so the font's `locl` forms for it apply.
 */
export function shapeText(font: fontkit.Font, text: string, features: readonly string[]): fontkit.GlyphRun {
  const lang = features.find((f) => f.startsWith(LANG));
  if (!lang) return font.layout(text, fontkitFeatures(features));
  return font.layout(text, fontkitFeatures(features.filter((f) => f !== lang)), 'hani', lang.slice(LANG.length));
}

/** Whether `font` has a language system `tag` for Han text (its `locl` forms can apply). */
function hasHanLanguage(font: fontkit.Font, tag: string): boolean {
  const gsub = (font as unknown as { GSUB?: { scriptList?: { tag: string; script: { langSysRecords?: { tag: string }[] } }[] } }).GSUB;
  const hani = gsub?.scriptList?.find((s) => s.tag === 'hani');
  return !!hani?.script.langSysRecords?.some((l) => l.tag.trim() === tag.trim());
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
  private readonly han = new Map<string, string[]>();
  private readonly ink = new Map<string, 'left' | 'right' | 'centre'>();

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
        a = advanceOf(f, f.glyphForCodePoint(cp)) / f.unitsPerEm;
        byCp.set(cp, a);
      }
      return a;
    }
    const key = `${id}\u0000${features.join(',')}\u0000${text}`;
    let w = this.cache.get(key);
    if (w === undefined) {
      const f = this.font(name);
      // Shaped once for measuring and painting alike: the glyphs a run is painted with come from the same cache.
      w = this.shaped(id, f, text, features).xAdvance.reduce((s, a) => s + a, 0) / f.unitsPerEm;
      this.cache.set(key, w);
    }
    return w;
  }

  /** Per font: stretches of text as shaped, by features and text. */
  private readonly shapes = new Map<string, Map<string, ShapedText>>();

  private shaped(id: string, font: fontkit.Font, text: string, features: readonly string[]): ShapedText {
    let byText = this.shapes.get(id);
    if (!byText) this.shapes.set(id, (byText = new Map()));
    const key = features.length ? `${features.join(',')}\u0000${text}` : text;
    let s = byText.get(key);
    if (!s && features.length === 0 && text.length <= 2 && HAN.test(text) && loneHanUnshaped(font, () => shapeText(font, '一', NO_FEATURES))) {
      // A lone Han character in a font where shaping could not change it (lone-glyphs.ts): the cmap's glyph, as is.
      const g = font.glyphForCodePoint(text.codePointAt(0)!);
      const a = advanceOf(font, g);
      s = { ids: [g.id], xAdvance: [a], advance: [a], offsets: null, codePoints: [g.codePoints] };
      byText.set(key, s);
    }
    if (!s) {
      const run = shapeText(font, text, features);
      const n = run.glyphs.length;
      s = { ids: new Array<number>(n), xAdvance: new Array<number>(n), advance: new Array<number>(n), offsets: null, codePoints: new Array<readonly number[]>(n) };
      for (let i = 0; i < n; i++) {
        const g = run.glyphs[i]!;
        const p = run.positions[i]!;
        s.ids[i] = g.id;
        s.xAdvance[i] = p.xAdvance;
        s.advance[i] = g.advanceWidth;
        s.codePoints[i] = g.codePoints;
        if (p.xOffset || p.yOffset) s.offsets ??= { x: new Array<number>(n).fill(0), y: new Array<number>(n).fill(0) };
      }
      if (s.offsets) run.positions.forEach((p, i) => ((s!.offsets!.x[i] = p.xOffset), (s!.offsets!.y[i] = p.yOffset)));
      byText.set(key, s);
    }
    return s;
  }

  /**
   * The glyphs that set `text` in `name` with `features`, as the painter writes them: each ideograph shaped alone,
   * every other stretch (a Latin word, punctuation, digits) whole, each piece from a per-process cache. A
   * handout repeats a few thousand ideographs and short stretches, so most runs are put together from the
   * cache; `test/shaping.test.ts` checks that this equals shaping each run whole, on every run of the seed.
   */
  glyphRun(text: string, name: FaceName, features: readonly string[] = NO_FEATURES): ShapedText[] {
    if (name === 'mono' && features.length === 0) features = MONO_FEATURES;
    const id = this.faceKey(name);
    const font = this.font(name);
    const out: ShapedText[] = [];
    let start = 0;
    for (let i = 0; i < text.length; ) {
      const c = text.charCodeAt(i);
      const pair = c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
      const len = pair ? 2 : 1;
      if (pair ? IDEOGRAPH.test(text.slice(i, i + 2)) : isIdeographUnit(c)) {
        if (i > start) out.push(this.shaped(id, font, text.slice(start, i), features));
        out.push(this.shaped(id, font, text.slice(i, i + len), features));
        start = i + len;
      }
      i += len;
    }
    if (text.length > start) out.push(this.shaped(id, font, text.slice(start), features));
    return out;
  }

  width(text: string, name: FaceName, size: number, features: readonly string[] = []): number {
    return this.unitWidth(text, name, features) * size;
  }

  /**
   * Features for a run of Chinese in `name`: the build's language system (`lang:ZHT` for a Taiwan edition) when
   * the face's font has one for Han text, else none (a Simplified build, or a font without it: shaped as before).
   */
  hanFeatures(name: FaceName): string[] {
    const lang = shapingLanguage();
    if (!lang) return NO_FEATURES;
    const key = `${this.faceKey(name)}\u0000${lang}`;
    let f = this.han.get(key);
    if (!f) this.han.set(key, (f = hasHanLanguage(this.font(name), lang) ? [`${LANG}${lang}`] : NO_FEATURES));
    return f;
  }

  /**
   * Where the ink of a mark lies in its em, as shaped with `features`: in the left half (a Simplified comma,
   * a closing bracket), the right half (an opening bracket), or across the middle (a Taiwan-style comma,
   * centred). Only a mark in one half can be set half-width without its ink reaching into the next character.
   */
  inkSide(name: FaceName, ch: string, features: readonly string[] = NO_FEATURES): 'left' | 'right' | 'centre' {
    const key = `${this.faceKey(name)}\u0000${features.join(',')}\u0000${ch}`;
    let side = this.ink.get(key);
    if (!side) {
      const run = shapeText(this.font(name), ch, features);
      const g = run.glyphs[0];
      const adv = run.positions[0]?.xAdvance ?? 0;
      // A little tolerance: a Simplified full stop's ink ends just short of the middle, some fonts' just past it.
      const slack = adv * 0.04;
      side = !g || run.glyphs.length !== 1 ? 'centre' : g.bbox.maxX <= adv / 2 + slack ? 'left' : g.bbox.minX >= adv / 2 - slack ? 'right' : 'centre';
      this.ink.set(key, side);
    }
    return side;
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
