/** Math in the PDF: formulas typeset by the analysis (MathJax SVG), sized from the text's ex, in the line and on lines of their own. */
import type { FaceName } from '../fonts/catalog.js';
import { sharedMetrics } from '../fonts/metrics.js';
import type { Block, MathBox } from '../model/types.js';
import { node, type BlockContext } from './blocks.js';
import { codeRows } from './code.js';
import type { InlineBox } from './paragraph.js';
import { emptyRow, type Row } from './rows.js';

/**
 * The ex a formula is measured in, for text in `face` at `size`. MathJax gives sizes in ex and, in a
 * browser, matches its ex to the surrounding font's x-height (`matchFontHeight`): the same here, from the
 * face's own x-height (Noto Serif SC 0.514 em, Noto Sans SC 0.543 em), so a formula's letters stand as tall
 * as the Latin letters beside it and the EPUB and the PDF agree. (MathJax's own font has 0.442 em: its
 * formulas come out about 1.16 times the text size, as in a browser.)
 */
export function exOf(face: FaceName, size: number): number {
  const f = sharedMetrics().font(face);
  const ratio = f.xHeight > 0 ? f.xHeight / f.unitsPerEm : 0.5;
  return ratio * size;
}

/** A typeset formula as a box in a line of text in `face` at `size`. */
export function mathBox(tex: string, m: MathBox, face: FaceName, size: number): InlineBox {
  const ex = exOf(face, size);
  return { width: m.width * ex, ascent: m.height * ex, descent: m.depth * ex, svg: m.svg, alt: tex };
}

/**
 * Display math: the formula centred on the measure with space above and below, scaled down only when
 * it is wider than the measure. TeX that could not be typeset is printed as written, in the code face.
 */
export function mathRows(b: Extract<Block, { type: 'math' }>, indent: number, measure: number, ctx: BlockContext): Row[] {
  const em = ctx.setup.bodySize;
  if (!b.typeset) return codeRows({ value: `$$\n${b.tex.trim()}\n$$`, line: b.pos.line }, indent, measure, ctx);
  const box = mathBox(b.tex, b.typeset, 'serif', em);
  const scale = Math.min(1, measure / box.width);
  const w = box.width * scale;
  const h = (box.ascent + box.descent) * scale;
  const pad = em * 0.4;
  const r = emptyRow(h + 2 * pad, em * 0.3);
  r.items.push({ kind: 'svg', struct: [node(ctx, 'Formula', b.tex)], svg: b.typeset.svg, alt: b.tex, x: indent + (measure - w) / 2, y: pad, w, h });
  return [r];
}
