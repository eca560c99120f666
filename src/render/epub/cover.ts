/** The EPUB's cover image, drawn from the title page's wording with the book's fonts (resvg). */
import { Resvg } from '@resvg/resvg-js';
import type { FaceName } from '../../fonts/catalog.js';
import { sharedMetrics as metrics } from '../../fonts/metrics.js';
import { typesetParagraph } from '../../layout/paragraph.js';
import type { BookMeta } from '../../model/types.js';

const W = 1600;
const H = 2560;

/**
 * Lines of centred text as SVG paths, set by studypack's own line breaker (kinsoku, ¼ em spacing) and drawn
 * from the fonts' own outlines: resvg then needs no font files (loading four 15 MB fonts was most of its time).
 */
function textLines(text: string, face: FaceName & ('sansBold' | 'serif' | 'sans'), size: number, y: number, measure: number, color: string): { svg: string; bottom: number } {
  const m = metrics();
  const lines = typesetParagraph([{ text, face, size, color }], { measure, indent: 0, align: 'center', em: size }, m);
  const pitch = size * 1.4;
  let svg = '';
  lines.forEach((line, i) => {
    for (const r of line.runs) {
      const font = m.font(r.face);
      const scale = r.size / font.unitsPerEm;
      const run = font.layout(r.text, r.features?.length ? [...r.features] : undefined);
      let x = (W - measure) / 2 + r.x;
      const baseline = y + i * pitch;
      run.glyphs.forEach((g, k) => {
        const d = g.path.toSVG();
        if (d) svg += `<path transform="translate(${x.toFixed(2)} ${baseline.toFixed(2)}) scale(${scale.toFixed(5)} ${(-scale).toFixed(5)})" d="${d}"/>`;
        x += run.positions[k]!.xAdvance * scale + (r.spacing ?? 0);
      });
    }
  });
  return { svg: `<g fill="${color}">${svg}</g>`, bottom: y + (lines.length - 1) * pitch };
}

/**
 * A 1600×2560 PNG cover made from the title page's wording (title, subtitle, editor, date), drawn by resvg
 * with the book's fonts from fonts/ (never the system's), for the readers that want a cover image.
 */
export function renderCover(book: BookMeta, date: string): Buffer {
  const title = textLines(book.title, 'sansBold', 128, 880, 1300, '#1d2a3a');
  const parts = [title.svg];
  let y = title.bottom + 180;
  if (book.subtitle) {
    const sub = textLines(book.subtitle, 'serif', 64, y, 1300, '#33415c');
    parts.push(sub.svg);
    y = sub.bottom;
  }
  const foot = [book.editor, date].filter(Boolean).join(' · ');
  if (foot) parts.push(textLines(foot, 'sans', 48, 2200, 1300, '#33415c').svg);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="#f4efe4"/>` +
    `<rect x="120" y="120" width="${W - 240}" height="${H - 240}" fill="none" stroke="#1d2a3a" stroke-width="6"/>` +
    `<rect x="150" y="640" width="${W - 300}" height="8" fill="#b5452b"/>` +
    parts.join('') +
    `</svg>`;
  let png = drawn.get(svg);
  if (!png) {
    const resvg = new Resvg(svg, { font: { loadSystemFonts: false }, fitTo: { mode: 'width', value: W } });
    png = Buffer.from(resvg.render().asPng());
    drawn.set(svg, png);
    // A watch session's rebuilds draw the same cover: the last few are kept, by their drawing.
    while (drawn.size > 4) drawn.delete(drawn.keys().next().value!);
  }
  return png;
}

/** Covers drawn in this process, by their SVG (wording, fonts' outlines and all): resvg takes ~50 ms a cover. */
const drawn = new Map<string, Buffer>();
