import path from 'node:path';
import { Diagnostics } from './diagnostics.js';
import type { BookMetaOverride } from './load/book-meta.js';
import { loadCorpus } from './load/corpus.js';
import { resolveImages } from './load/images.js';
import type { Book } from './model/types.js';
import { parseBook } from './parse/book.js';
import type { BookLayout } from './layout/book.js';
import type { Paper } from './layout/page-setup.js';
import type { EpubResult } from './render/epub/epub.js';
import type { BookletResult, PdfResult } from './render/pdf/pdf.js';
import type { SheetsResult } from './render/sheets/sheets.js';
import { writeFileAtomic } from './util/atomic-write.js';

export type OutputKind = 'pdf' | 'epub' | 'sheets' | 'booklet';
/** What a build without output flags writes (the booklet only when asked for). */
export const ALL_OUTPUTS: readonly OutputKind[] = ['pdf', 'epub', 'sheets'];

export interface BuildOptions {
  corpus: string;
  out: string;
  outputs: readonly OutputKind[];
  /** Paper size of the PDF (default A4). */
  paper?: Paper;
  /** Lay the PDF out for two-sided printing: articles start on right-hand pages (default off). */
  duplex?: boolean;
  /** Set ASCII , : ; ? ! ( ) between Chinese characters as full-width marks (default on). */
  normalisePunctuation?: boolean;
  /** Ruled answer lines per question on the discussion sheets, at least (default 5). */
  answerLines?: number;
  /** Booklet signature: pages per folded gathering, a multiple of 4 (default: one gathering). */
  signature?: number;
  /** Book metadata from the config's `book:` section; each key wins over book.yaml's. */
  book?: BookMetaOverride;
  /** Language of the generated labels (default: the book's language). */
  labels?: string;
  /** Told as the build goes: articles read, pages laid out, outputs rendered and written. */
  onProgress?: (event: ProgressEvent) => void;
  /** false: render everything (every diagnostic is found) but write nothing (`studypack check`). */
  write?: boolean;
}

export type ProgressEvent =
  | { stage: 'read'; articles: number }
  | { stage: 'layout'; pages: number }
  | { stage: 'render'; kind: OutputKind; ms: number }
  | { stage: 'write'; file: string; done: number; total: number };

export interface WrittenOutput {
  kind: OutputKind;
  file: string;
  bytes: number;
  ms: number;
  detail?: EpubResult | PdfResult | SheetsResult | BookletResult;
}

export interface BuildResult {
  diagnostics: Diagnostics;
  book?: Book;
  outputs: WrittenOutput[];
}

/** Loads and parses a corpus into the document model; null (with diagnostics) when it has errors. */
export function readBook(corpusDir: string, diags: Diagnostics, options: { normalisePunctuation?: boolean; book?: BookMetaOverride; labels?: string } = {}): Book | null {
  const corpus = loadCorpus(corpusDir, diags, { book: options.book });
  if (!corpus) return null;
  if (options.labels) corpus.meta.labels = options.labels;
  const book = parseBook(corpus, diags, options);
  resolveImages(book, diags);
  return diags.hasErrors ? null : book;
}

/**
 * The one place the stages meet: load → parse → render → write.
 * Every output is rendered in memory first; nothing is written when any error was found.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const diagnostics = new Diagnostics();
  const progress = options.onProgress ?? (() => {});
  const book = readBook(options.corpus, diagnostics, { normalisePunctuation: options.normalisePunctuation, book: options.book, labels: options.labels });
  if (!book) return { diagnostics, outputs: [] };
  progress({ stage: 'read', articles: book.articles.length });
  // One layout of the handout serves the PDF and the EPUB's page list, so their page numbers agree.
  let handout: BookLayout | undefined;
  const handoutLayout = async () => {
    const { layoutBook } = await import('./layout/book.js');
    if (!handout) {
      handout = layoutBook(book, diagnostics, { paper: options.paper, duplex: options.duplex });
      progress({ stage: 'layout', pages: handout.pages.length });
    }
    return handout;
  };
  const rendered: { kind: OutputKind; file: string; bytes: Buffer; ms: number; detail?: EpubResult | PdfResult | SheetsResult | BookletResult }[] = [];
  for (const kind of options.outputs) {
    const started = performance.now();
    if (kind === 'pdf') {
      // Renderers load on demand: an EPUB-only build never loads pdfkit, a PDF-only one never HarfBuzz.
      const { renderPdf } = await import('./render/pdf/pdf.js');
      const pdf = await renderPdf(book, diagnostics, await handoutLayout());
      if (pdf) rendered.push({ kind, file: path.join(options.out, `${book.meta.slug}.pdf`), bytes: pdf.bytes, ms: performance.now() - started, detail: pdf });
    }
    if (kind === 'booklet') {
      const { renderBooklet } = await import('./render/pdf/pdf.js');
      const booklet = await renderBooklet(book, diagnostics, { signature: options.signature });
      if (booklet) rendered.push({ kind, file: path.join(options.out, `${book.meta.slug}-booklet.pdf`), bytes: booklet.bytes, ms: performance.now() - started, detail: booklet });
    }
    if (kind === 'sheets') {
      const { renderSheets } = await import('./render/sheets/sheets.js');
      const sheets = await renderSheets(book, diagnostics, { paper: options.paper, answerLines: options.answerLines });
      if (sheets) {
        const ms = performance.now() - started;
        for (const sh of sheets.sheets) rendered.push({ kind, file: path.join(options.out, 'sheets', sh.name), bytes: sh.bytes, ms });
        rendered.push({ kind, file: path.join(options.out, 'sheets', 'all.pdf'), bytes: sheets.all.bytes, ms, detail: sheets });
      }
    }
    if (kind === 'epub') {
      const { renderEpub } = await import('./render/epub/epub.js');
      const epub = await renderEpub(book, diagnostics, await handoutLayout());
      if (epub) rendered.push({ kind, file: path.join(options.out, `${book.meta.slug}.epub`), bytes: epub.bytes, ms: performance.now() - started, detail: epub });
    }
    progress({ stage: 'render', kind, ms: performance.now() - started });
  }
  if (diagnostics.hasErrors || options.write === false) return { diagnostics, book, outputs: [] };
  const outputs: WrittenOutput[] = [];
  for (const r of rendered) {
    try {
      writeFileAtomic(r.file, r.bytes);
    } catch (e) {
      diagnostics.error(r.file, 0, 0, 'write:output', `cannot write the output: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      break;
    }
    outputs.push({ kind: r.kind, file: r.file, bytes: r.bytes.length, ms: r.ms, detail: r.detail });
    progress({ stage: 'write', file: r.file, done: outputs.length, total: rendered.length });
  }
  return { diagnostics, book, outputs };
}
