/** The one interface every output sits behind: a renderer takes the build's render context and returns the files it makes. */
import type { Analysis } from '../analyse/analysis.js';
import type { Paper } from '../config/papers.js';
import type { Diagnostics } from '../diagnostics.js';
import type { BookLayout } from '../layout/handout.js';
import type { SheetOptions } from '../layout/sheet.js';
import type { LayoutCache } from '../layout/types.js';
import type { Book } from '../model/types.js';
import type { EpubResult } from './epub/epub.js';
import type { PrintedPages } from './epub/printed.js';
import type { BookletResult, PdfResult } from './pdf/pdf.js';
import type { SheetsResult } from './sheets/sheets.js';

export type OutputKind = 'pdf' | 'epub' | 'sheets' | 'booklet';

/** What every renderer is given: the model, the analysis, where to report, the options, the shared handout layout. */
export interface RenderContext {
  book: Book;
  analysis: Analysis;
  diags: Diagnostics;
  options: { paper?: Paper; duplex?: boolean; answerLines?: number; signature?: number; cache?: LayoutCache; sheets?: SheetOptions };
  /** The handout, laid out once per build (the PDF paints it; the EPUB's page list comes from it). */
  handout(): Promise<BookLayout>;
  /** The handout's page starts and index page numbers for the EPUB (undefined when there is no handout). */
  printed(): Promise<PrintedPages | undefined>;
  /** Keep the laid-out pages in the result's detail (tests, callers that inspect them). */
  keepLayouts: boolean;
}

/** A file an output is made of, named relative to the output folder. */
export interface RenderedFile {
  path: string;
  bytes: Uint8Array;
  /** Pages (PDFs) or sheet sides (the booklet); absent for the EPUB. */
  pages?: number;
}

export interface Rendered {
  kind: OutputKind;
  files: RenderedFile[];
  detail?: EpubResult | PdfResult | SheetsResult | BookletResult;
}

export interface Renderer {
  kind: OutputKind;
  /** The output's files, or null when rendering found errors (they are in `ctx.diags`). */
  render(ctx: RenderContext): Promise<Rendered | null>;
}

/**
 * An edition's mark in its file names: `.zh-TW` in `<slug>.zh-TW.pdf`, none for the pack as written (its
 * names are as they always were).
 */
function editionSuffix(book: Book): string {
  return book.meta.variant ? `.${book.meta.variant}` : '';
}

/** Each output's renderer, loaded when first asked for: an EPUB-only build never loads pdfkit, a PDF-only one never HarfBuzz. */
export async function rendererFor(kind: OutputKind): Promise<Renderer> {
  switch (kind) {
    case 'pdf': {
      const { renderPdf } = await import('./pdf/pdf.js');
      return {
        kind,
        async render(ctx) {
          const pdf = await renderPdf(ctx.book, ctx.analysis, ctx.diags, await ctx.handout());
          return pdf && { kind, files: [{ path: `${ctx.book.meta.slug}${editionSuffix(ctx.book)}.pdf`, bytes: pdf.bytes, pages: pdf.layout.pages.length }], detail: pdf };
        },
      };
    }
    case 'booklet': {
      const { renderBooklet } = await import('./pdf/pdf.js');
      return {
        kind,
        async render(ctx) {
          const b = await renderBooklet(ctx.book, ctx.analysis, ctx.diags, { signature: ctx.options.signature });
          return b && { kind, files: [{ path: `${ctx.book.meta.slug}-booklet${editionSuffix(ctx.book)}.pdf`, bytes: b.bytes, pages: b.sides.length }], detail: b };
        },
      };
    }
    case 'sheets': {
      const { renderSheets } = await import('./sheets/sheets.js');
      return {
        kind,
        async render(ctx) {
          const s = await renderSheets(ctx.book, ctx.analysis, ctx.diags, ctx.options.sheets ?? {}, ctx.options.cache, ctx.keepLayouts);
          if (!s) return null;
          // An edition's sheets go in a folder of their own (sheets/zh-TW/), named inside it as the pack's are.
          const dir = ctx.book.meta.variant ? `sheets/${ctx.book.meta.variant}` : 'sheets';
          const files: RenderedFile[] = s.sheets.map((sh) => ({ path: `${dir}/${sh.name}`, bytes: sh.bytes, pages: sh.pages }));
          files.push({ path: `${dir}/all.pdf`, bytes: s.all.bytes, pages: s.all.pages });
          return { kind, files, detail: s };
        },
      };
    }
    case 'epub': {
      const { renderEpub } = await import('./epub/epub.js');
      return {
        kind,
        async render(ctx) {
          const e = await renderEpub(ctx.book, ctx.analysis, ctx.diags, ctx.printed());
          return e && { kind, files: [{ path: `${ctx.book.meta.slug}${editionSuffix(ctx.book)}.epub`, bytes: e.bytes }], detail: e };
        },
      };
    }
  }
}
