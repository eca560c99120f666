/** Text shaping for painting, cached per font and string: ideographs shaped once each, other runs as a whole. */
import type * as fontkit from 'fontkit';
import { fontkitFeatures } from '../../fonts/metrics.js';
import { shapeCurrentFontWith, type PdfRun } from '../../seams/pdfkit.js';

/** Ideographs and kana: shaped alone, they come out as they would inside any run (no kerning, no ligatures). */
const IDEOGRAPH = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

const cache = new WeakMap<fontkit.Font, Map<string, PdfRun>>();

function shapeSegment(font: fontkit.Font, text: string, features: string[] | undefined, scale: number): PdfRun {
  let byText = cache.get(font);
  if (!byText) cache.set(font, (byText = new Map()));
  const key = features?.length ? `${features.join(',')}\u0000${text}` : text;
  let run = byText.get(key);
  if (!run) {
    const shaped = font.layout(text, fontkitFeatures(features ?? []));
    const positions = shaped.positions.map((p, i) => ({
      xAdvance: p.xAdvance * scale,
      yAdvance: p.yAdvance * scale,
      xOffset: p.xOffset * scale,
      yOffset: p.yOffset * scale,
      advanceWidth: shaped.glyphs[i]!.advanceWidth * scale,
    }));
    run = { glyphs: shaped.glyphs, positions, advanceWidth: positions.reduce((s, p) => s + p.xAdvance, 0) };
    byText.set(key, run);
  }
  return run;
}

/**
 * Shapes `text` the way fontkit shapes it whole, from a per-process cache: each ideograph alone, every other
 * stretch (Latin words, punctuation, digits) as one segment. A handout repeats a few thousand ideographs
 * and short segments, so most lines are assembled from the cache instead of going through the shaper again.
 * `test/shaping.test.ts` checks that this equals whole-run shaping on every line of the seed corpus.
 */
export function shapeCached(font: fontkit.Font, text: string, features: string[] | undefined, scale: number): PdfRun {
  const glyphs: fontkit.Glyph[] = [];
  const positions: PdfRun['positions'] = [];
  let advanceWidth = 0;
  const add = (seg: string) => {
    const r = shapeSegment(font, seg, features, scale);
    for (let i = 0; i < r.glyphs.length; i++) {
      glyphs.push(r.glyphs[i]!);
      positions.push(r.positions[i]!);
    }
    advanceWidth += r.advanceWidth;
  };
  let start = 0;
  let i = 0;
  for (const ch of text) {
    if (IDEOGRAPH.test(ch)) {
      if (i > start) add(text.slice(start, i));
      add(ch);
      start = i + ch.length;
    }
    i += ch.length;
  }
  if (text.length > start) add(text.slice(start));
  return { glyphs, positions, advanceWidth };
}

/** Points the document's current font (a pdfkit EmbeddedFont) at the cached shaper; once per font object. */
export function useCachedShaping(doc: PDFKit.PDFDocument): void {
  shapeCurrentFontWith(doc, shapeCached);
}
