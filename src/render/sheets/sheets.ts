/** The discussion sheets: one PDF per article and all.pdf, laid out and painted with the handout's modules. */
import type { Analysis } from '../../analyse/analysis.js';
import type { Diagnostics } from '../../diagnostics.js';
import { layoutSheet, type SheetOptions } from '../../layout/sheet.js';
import type { Page } from '../../layout/types.js';
import type { Book } from '../../model/types.js';
import type { LayoutCache } from '../../layout/types.js';
import { buildDate } from '../../util/build-date.js';
import { paintPdf, PdfPainter } from '../pdf/paint.js';
import { loadLabels } from '../../templates.js';

export interface SheetsResult {
  /** One PDF per article: `NN-<slug>.pdf`. */
  sheets: { name: string; bytes: Buffer; pages: number }[];
  /** Every sheet in one file, each starting on an odd page for duplex printing. */
  all: { bytes: Buffer; pages: number };
  /** The laid-out pages, for checks (empty when not kept). */
  layouts: Page[][];
}

/** Per-article discussion sheets, laid out and painted with the handout's own modules. */
export async function renderSheets(book: Book, analysis: Analysis, diags: Diagnostics, options: SheetOptions = {}, cache?: LayoutCache, keepLayouts = true): Promise<SheetsResult | null> {
  const labels = loadLabels(book.meta.labels ?? book.meta.language);
  const date = buildDate(book);
  const info = (title: string) => ({ title, author: book.meta.editor, language: book.meta.language, date });
  // A sheet is made from its article, the article's entries in the analysis (people, key numbers), the
  // glossary, the book's metadata and the options: in watch mode an unchanged sheet is reused, painted.
  const made = (a: Book['articles'][number]) => {
    const make = (d: Diagnostics) => ({ pages: layoutSheet(a, book, analysis, labels, d, options), bytes: null as Promise<Buffer> | null });
    // The automatic index depends on the whole pack: the sheet's own entries are part of its key.
    const i = a.number - 1;
    const aids = {
      names: [...(analysis.entitiesByArticle[i] ?? [])].map((k) => analysis.glossary[k]?.name),
      terms: (analysis.termsByArticle[i] ?? []).map((k) => analysis.termEntries[k]?.name),
      numbers: (analysis.sheetNumbers[i] ?? []).map((n) => `${n.figures.join('\u0001')}\u0000${n.context}`),
    };
    const parts = { a, meta: book.meta, glossary: book.glossary, aids, options, date: date.getTime() };
    return cache ? cache.get('sheet', parts, diags, make) : make(diags);
  };
  // One sheet at a time, painted into its own file and into all.pdf, then let go: a 1,000-sheet build
  // holds one sheet's layout, not all of them. Each sheet starts on an odd page of all.pdf.
  const all = new PdfPainter(info(`${book.meta.title}：${labels.sheet as string}`));
  let allPages = 0;
  const sheets: SheetsResult['sheets'] = [];
  const layouts: Page[][] = [];
  for (const a of book.articles) {
    const m = made(a);
    if (diags.hasErrors) continue;
    m.bytes ??= paintPdf(m.pages, info(`${labels.sheet as string}：${a.meta.title}`));
    sheets.push({ name: `${String(a.number).padStart(2, '0')}-${a.meta.slug}.pdf`, bytes: await m.bytes, pages: m.pages.length });
    for (const p of m.pages) all.page({ ...p, number: ++allPages });
    if (allPages % 2 === 1) {
      const last = m.pages[m.pages.length - 1]!;
      all.page({ width: last.width, height: last.height, number: ++allPages, kind: 'blank', items: [], lines: [], links: [], dests: [], outline: [] });
    }
    if (keepLayouts) layouts.push(m.pages);
  }
  const allBytes = await all.end();
  if (diags.hasErrors) return null;
  return { sheets, all: { bytes: allBytes, pages: allPages }, layouts };
}
