import { Resvg } from '@resvg/resvg-js';
import { face } from '../../fonts/catalog.js';
import { metrics } from '../../layout/book.js';
import { typesetParagraph } from '../../layout/paragraph.js';
import type { BookMeta } from '../../model/types.js';

const W = 1600;
const H = 2560;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Lines of centred text as SVG, set by studypack's own line breaker (kinsoku, ¼ em spacing). */
function textLines(text: string, face: 'sansBold' | 'serif' | 'sans', size: number, y: number, measure: number, family: string, weight: number, color: string): { svg: string; bottom: number } {
  const lines = typesetParagraph([{ text, face, size, color }], { measure, indent: 0, align: 'center', em: size }, metrics());
  const pitch = size * 1.4;
  let svg = '';
  lines.forEach((line, i) => {
    for (const r of line.runs) {
      const spacing = r.spacing ? ` letter-spacing="${r.spacing.toFixed(2)}"` : '';
      svg += `<text x="${((W - measure) / 2 + r.x).toFixed(2)}" y="${(y + i * pitch).toFixed(2)}" font-family="${family}" font-weight="${weight}" font-size="${r.size}" fill="${color}"${spacing}>${esc(r.text)}</text>`;
    }
  });
  return { svg, bottom: y + (lines.length - 1) * pitch };
}

/**
 * A 1600×2560 PNG cover made from the title page's wording (title, subtitle, editor, date), drawn by resvg
 * with the book's fonts from fonts/ (never the system's), for the readers that want a cover image.
 */
export function renderCover(book: BookMeta, date: string): Buffer {
  const title = textLines(book.title, 'sansBold', 128, 880, 1300, 'Noto Sans SC', 700, '#1d2a3a');
  const parts = [title.svg];
  let y = title.bottom + 180;
  if (book.subtitle) {
    const sub = textLines(book.subtitle, 'serif', 64, y, 1300, 'Noto Serif SC', 400, '#33415c');
    parts.push(sub.svg);
    y = sub.bottom;
  }
  const foot = [book.editor, date].filter(Boolean).join(' · ');
  if (foot) parts.push(textLines(foot, 'sans', 48, 2200, 1300, 'Noto Sans SC', 400, '#33415c').svg);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">` +
    `<rect width="${W}" height="${H}" fill="#f4efe4"/>` +
    `<rect x="120" y="120" width="${W - 240}" height="${H - 240}" fill="none" stroke="#1d2a3a" stroke-width="6"/>` +
    `<rect x="150" y="640" width="${W - 300}" height="8" fill="#b5452b"/>` +
    parts.join('') +
    `</svg>`;
  const fontFiles = (['serif', 'serifBold', 'sans', 'sansBold'] as const).map((f) => face(f).file);
  const resvg = new Resvg(svg, { font: { fontFiles, loadSystemFonts: false, defaultFontFamily: 'Noto Serif SC' }, fitTo: { mode: 'width', value: W } });
  return Buffer.from(resvg.render().asPng());
}
