import type { Diagnostics } from '../../diagnostics.js';
import { layoutBook, type BookLayout, type LayoutOptions } from '../../layout/book.js';
import type { Book } from '../../model/types.js';
import { buildDate } from '../../util/build-date.js';
import { paintPdf } from './paint.js';

export interface PdfResult {
  bytes: Buffer;
  layout: BookLayout;
}

/** The handout: lays the book out once, then paints the pages. */
export async function renderPdf(book: Book, diags: Diagnostics, options: LayoutOptions = {}): Promise<PdfResult | null> {
  const layout = layoutBook(book, diags, options);
  if (diags.hasErrors) return null;
  const authors = [...new Set(book.articles.flatMap((a) => [...a.meta.author, ...a.meta.speakers]))];
  const bytes = await paintPdf(layout.pages, {
    title: book.meta.subtitle ? `${book.meta.title}：${book.meta.subtitle}` : book.meta.title,
    author: book.meta.editor ?? authors.join(', '),
    subject: book.meta.description,
    keywords: authors.join(', '),
    language: book.meta.language,
    date: buildDate(book),
  });
  return { bytes, layout };
}
