/** The PDF handout and the booklet: laid out once, then painted. */
import type { Analysis } from '../../analyse/analysis.js';
import type { Diagnostics } from '../../diagnostics.js';
import { layoutBook, type BookLayout, type LayoutOptions } from '../../layout/handout.js';
import type { Book } from '../../model/types.js';
import { buildDate } from '../../util/build-date.js';
import { imposition, type SheetSide } from '../../layout/impose.js';
import { paintBooklet, paintPdf } from './paint.js';
import { firstFrames } from './frames.js';

export interface PdfResult {
  bytes: Buffer;
  layout: BookLayout;
}

function pdfInfo(book: Book) {
  const authors = [...new Set(book.articles.flatMap((a) => [...a.meta.author, ...a.meta.speakers]))];
  return {
    title: book.meta.subtitle ? `${book.meta.title}：${book.meta.subtitle}` : book.meta.title,
    author: book.meta.editor ?? authors.join(', '),
    subject: book.meta.description,
    keywords: authors.join(', '),
    language: book.meta.language,
    date: buildDate(book),
  };
}

export interface BookletResult {
  bytes: Buffer;
  layout: BookLayout;
  sides: SheetSide[];
}

/**
 * The booklet: the handout laid out on A5 for two-sided reading (articles on right-hand pages), imposed
 * two-up on A4 landscape in saddle-stitch order.
 */
export async function renderBooklet(book: Book, analysis: Analysis, diags: Diagnostics, options: { signature?: number } = {}): Promise<BookletResult | null> {
  const layout = layoutBook(book, analysis, diags, { paper: 'A5', duplex: true });
  if (diags.hasErrors) return null;
  const sides = imposition(layout.pages.length, options.signature);
  return { bytes: await paintBooklet(layout.pages, sides, pdfInfo(book), await firstFrames(layout.pages, diags)), layout, sides };
}

/** The handout: lays the book out once, then paints the pages. */
export async function renderPdf(book: Book, analysis: Analysis, diags: Diagnostics, layoutOrOptions: BookLayout | LayoutOptions = {}): Promise<PdfResult | null> {
  const layout = 'pages' in layoutOrOptions ? layoutOrOptions : layoutBook(book, analysis, diags, layoutOrOptions);
  if (diags.hasErrors) return null;
  const bytes = await paintPdf(layout.pages, pdfInfo(book), await firstFrames(layout.pages, diags));
  return { bytes, layout };
}
