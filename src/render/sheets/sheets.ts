import { analyse } from '../../analyse/analysis.js';
import type { Diagnostics } from '../../diagnostics.js';
import { layoutSheet, type SheetOptions } from '../../layout/sheet.js';
import type { Page } from '../../layout/types.js';
import type { Book } from '../../model/types.js';
import { buildDate } from '../../util/build-date.js';
import { paintPdf } from '../pdf/paint.js';
import { loadLabels } from '../templates.js';

export interface SheetsResult {
  /** One PDF per article: `NN-<slug>.pdf`. */
  sheets: { name: string; bytes: Buffer; pages: number }[];
  /** Every sheet in one file, each starting on an odd page for duplex printing. */
  all: { bytes: Buffer; pages: number };
  /** The laid-out pages, for checks. */
  layouts: Page[][];
}

/** Per-article discussion sheets, laid out and painted with the handout's own modules. */
export async function renderSheets(book: Book, diags: Diagnostics, options: SheetOptions = {}): Promise<SheetsResult | null> {
  const labels = loadLabels(book.meta.labels ?? book.meta.language);
  const analysis = analyse(book);
  const layouts = book.articles.map((a) => layoutSheet(a, book, analysis, labels, diags, options));
  if (diags.hasErrors) return null;
  const date = buildDate(book);
  const info = (title: string) => ({ title, author: book.meta.editor, language: book.meta.language, date });
  // One document at a time: each pdfkit document holds its own font tables until it ends.
  const sheets: SheetsResult['sheets'] = [];
  for (const [i, a] of book.articles.entries()) {
    sheets.push({
      name: `${String(a.number).padStart(2, '0')}-${a.meta.slug}.pdf`,
      bytes: await paintPdf(layouts[i]!, info(`${labels.sheet as string}：${a.meta.title}`)),
      pages: layouts[i]!.length,
    });
  }
  const all: Page[] = [];
  for (const pages of layouts) {
    for (const p of pages) all.push({ ...p, number: all.length + 1 });
    if (all.length % 2 === 1) {
      const last = all[all.length - 1]!;
      all.push({ width: last.width, height: last.height, number: all.length + 1, kind: 'blank', items: [], lines: [], links: [], dests: [], outline: [] });
    }
  }
  const allBytes = await paintPdf(all, info(`${book.meta.title}：${labels.sheet as string}`));
  return { sheets, all: { bytes: allBytes, pages: all.length }, layouts };
}
