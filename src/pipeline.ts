/** The build: load → parse → analyse → layout → render → write, the only place the stages meet. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { analyse, type Analysis, type IndexMode } from './analyse/analysis.js';
import type { IndexOrder } from './analyse/sort.js';
import { Diagnostics } from './diagnostics.js';
import type { FaceName, FaceSetting } from './fonts/catalog.js';
import type { BookMetaOverride } from './load/book-meta.js';
import { loadCorpus } from './load/corpus.js';
import { resolveImages } from './load/images.js';
import type { Book } from './model/types.js';
import { parseBook } from './parse/book.js';
import type { BookLayout } from './layout/handout.js';
import type { LayoutCache } from './layout/types.js';
import type { Paper } from './layout/page-setup.js';
import type { EpubResult } from './render/epub/epub.js';
import type { PrintedPages } from './render/epub/printed.js';
import { rendererFor, type OutputKind, type Rendered, type RenderContext } from './render/renderer.js';
import type { Variant } from './seams/opencc.js';
import type { SideJobs, SideReply } from './render/worker.js';
import type { BookletResult, PdfResult } from './render/pdf/pdf.js';
import type { SheetsResult } from './render/sheets/sheets.js';
import { loadLabels } from './templates.js';
import { writeFileAtomic } from './util/atomic-write.js';
import { failPoint } from './util/fail.js';
import { BUNDLED, BUNDLED_WORKER_FILE } from './util/package-root.js';

export type { OutputKind } from './render/renderer.js';
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
  /**
   * Keep each output's laid-out pages in the result (`detail`), for callers that inspect them (default on).
   * The CLI turns it off: a 1,000-article handout's layout is hundreds of megabytes, let go once painted.
   */
  details?: boolean;
  /**
   * Layouts and sheets kept between the builds of one session (watch mode): unchanged articles are not
   * laid out again. The EPUB is then rendered on the main thread, whose modules stay loaded between builds.
   */
  cache?: LayoutCache;
  /** Book metadata from the config's `book:` section; each key wins over book.yaml's. */
  book?: BookMetaOverride;
  /** Language of the generated labels (default: the book's language). */
  labels?: string;
  /** Folders images may also come from (pandoc's --resource-path), absolute. */
  resourcePath?: string[];
  /** Download remote images (http, https) into a cache folder (default: never fetched). */
  fetchImages?: boolean;
  /** Where fetched images are kept (default: ~/.cache/studypack/images). */
  imageCache?: string;
  /** The index: auto (default), glossary, off (config `index`). */
  index?: IndexMode;
  /** Key figures per article in the index (config `keyNumbers`, default 15). */
  keyNumbers?: number;
  /** Prompts on the sheet of an article without questions (config `defaultQuestions`; default: the labels'). */
  defaultQuestions?: string[];
  /** Told as the build goes: articles read, pages laid out, outputs rendered and written. */
  onProgress?: (event: ProgressEvent) => void;
  /** false: render everything (every diagnostic is found) but write nothing (`studypack check`). */
  write?: boolean;
  /**
   * Font files replacing the catalogue's, by face (absolute paths: the config's `fonts:`); absent faces are
   * the catalogue's. Set before anything is measured, and given to the worker thread, which sets the same.
   */
  fonts?: Partial<Record<FaceName, string>>;
  /**
   * The editions to make (`--variant`, config `variant`): `zh-Hans` the pack as written, `zh-TW` and `zh-HK`
   * Traditional editions converted from it (parse/variant.ts), each with its files named for it
   * (`<slug>.zh-TW.pdf`, `sheets/zh-TW/`). Default: the pack as written only, named as ever.
   */
  variants?: readonly Variant[];
  /** The index's order (config `indexOrder`; default: stroke count for a Traditional edition, else pinyin). */
  indexOrder?: IndexOrder;
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
  /** Pages (PDFs) or sheet sides (the booklet); absent for the EPUB. */
  pages?: number;
  detail?: EpubResult | PdfResult | SheetsResult | BookletResult;
}

export interface BuildResult {
  diagnostics: Diagnostics;
  book?: Book;
  outputs: WrittenOutput[];
}

/** Loads and parses a corpus into the document model; null (with diagnostics) when it has errors. */
/** What reading a corpus takes: punctuation, the config's book metadata and labels, the resource folders for images. */
export interface ReadOptions {
  normalisePunctuation?: boolean;
  book?: BookMetaOverride;
  labels?: string;
  resourcePath?: string[];
  /** Remote images will be fetched (BuildOptions.fetchImages): they are not warned about as remote. */
  fetchImages?: boolean;
}

export function readBook(corpusDir: string, diags: Diagnostics, options: ReadOptions = {}): Book | null {
  const corpus = loadCorpus(corpusDir, diags, { book: options.book });
  if (!corpus) return null;
  if (options.labels) corpus.meta.labels = options.labels;
  const book = parseBook(corpus, diags, options);
  resolveImages(book, diags, { resourcePath: options.resourcePath, fetching: options.fetchImages });
  return diags.hasErrors ? null : book;
}

/** Loads, parses and analyses a corpus: the model and everything derived from its text, once. */
export function readPack(corpusDir: string, diags: Diagnostics, options: ReadOptions & { index?: IndexMode; keyNumbers?: number } = {}): { book: Book; analysis: Analysis } | null {
  const book = readBook(corpusDir, diags, options);
  if (!book) return null;
  const analysis = analyse(book, loadLabels(book.meta.labels ?? book.meta.language), diags, { index: options.index, maxNumbers: options.keyNumbers });
  return diags.hasErrors ? null : { book, analysis };
}

/**
 * The one place the stages meet: load → parse → analyse → layout → render → write.
 * Every output is rendered in memory first; nothing is written when any error was found.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  // A worker thread started for the build ends with it, finished or not: an error on this thread must not
  // leave the worker holding the process open (the CLI then ends with its internal-error code).
  const ended = new AbortController();
  try {
    const editions = [...new Set(options.variants ?? [])];
    if (editions.length <= 1) return await buildStages(options, ended.signal, editions[0]);
    // Several editions: one after another, each a whole build; a message about the sources is reported once.
    const diagnostics = new Diagnostics();
    const seen = new Set<string>();
    const result: BuildResult = { diagnostics, outputs: [] };
    for (const v of editions) {
      const r = await buildStages(options, ended.signal, v);
      for (const d of r.diagnostics.items) {
        const key = JSON.stringify(d);
        if (seen.has(key)) continue;
        seen.add(key);
        diagnostics.add(d);
      }
      result.outputs.push(...r.outputs);
      result.book ??= r.book;
      if (r.diagnostics.hasErrors) break;
    }
    return result;
  } finally {
    ended.abort();
  }
}

/** The faces an edition is set in: the Traditional set for zh-TW and zh-HK, shaped for their OpenType language systems. */
function faceSettingFor(variant: Variant | undefined): FaceSetting {
  return variant === 'zh-TW' ? { set: 'tc', language: 'ZHT' } : variant === 'zh-HK' ? { set: 'tc', language: 'ZHH' } : {};
}

async function buildStages(options: BuildOptions, ended: AbortSignal, variant?: Variant): Promise<BuildResult> {
  const diagnostics = new Diagnostics();
  // The build's faces: layout, painting and subsetting read them module-wide (fonts/catalog.ts).
  const fonts = await import('./fonts/catalog.js');
  fonts.setFaceFiles(options.fonts ?? {}, faceSettingFor(variant));
  const progress = options.onProgress ?? (() => {});
  let book = readBook(options.corpus, diagnostics, { normalisePunctuation: options.normalisePunctuation, book: options.book, labels: options.labels, resourcePath: options.resourcePath, fetchImages: options.fetchImages });
  if (!book) return { diagnostics, outputs: [] };
  if (options.fetchImages) {
    const { fetchImages } = await import('./load/fetch-images.js');
    await fetchImages(book, diagnostics, { cacheDir: options.imageCache });
  }
  // A Traditional edition: the parsed book converted before anything is derived from its text.
  if (variant === 'zh-TW' || variant === 'zh-HK') {
    const { convertBook, VariantConverter } = await import('./parse/variant.js');
    const { readVariantExceptions } = await import('./load/variant-exceptions.js');
    book = convertBook(book, new VariantConverter(variant, readVariantExceptions(book.root, variant, diagnostics)));
    if (diagnostics.hasErrors) return { diagnostics, outputs: [] };
  }
  const analysis = analyse(book, loadLabels(book.meta.labels ?? book.meta.language), diagnostics, { index: options.index, maxNumbers: options.keyNumbers, indexOrder: options.indexOrder });
  if (diagnostics.hasErrors) return { diagnostics, outputs: [] };
  progress({ stage: 'read', articles: book.articles.length });
  // Characters no face has are found once, here, whichever outputs are made (the PDF would show □ for them).
  const { checkCoverage, collectChars } = await import('./fonts/coverage.js');
  checkCoverage(collectChars(book), [fonts.faceFile('serif'), fonts.faceFile('sans'), fonts.faceFile('hans')], diagnostics);
  // One layout of the handout serves the PDF and the EPUB's page list, so their page numbers agree.
  let handout: BookLayout | undefined;
  let printed: PrintedPages | undefined;
  const handoutLayout = async () => {
    const { layoutBook } = await import('./layout/handout.js');
    if (!handout) {
      failPoint('layout');
      handout = layoutBook(book, analysis, diagnostics, { paper: options.paper, duplex: options.duplex, cache: options.cache });
      progress({ stage: 'layout', pages: handout.pages.length });
      // A light module: the EPUB renderer itself (epub-gen-memory, HarfBuzz) loads only where it runs.
      const { printedPages } = await import('./render/epub/printed.js');
      printed = printedPages(handout);
      side?.send(printed);
    }
    return handout;
  };
  const keep = options.details ?? true;
  // A second core makes one of the other outputs while this thread lays out and paints the PDF: the EPUB
  // when it is wanted (it needs least of what this thread has loaded), else the sheets (render/worker.ts).
  // Not in a watch session: there the main thread's modules and caches stay warm between builds.
  const want = (k: OutputKind) => options.outputs.includes(k);
  const renderOptions = { paper: options.paper, duplex: options.duplex, answerLines: options.answerLines, signature: options.signature, cache: options.cache, sheets: { paper: options.paper, answerLines: options.answerLines, defaultQuestions: options.defaultQuestions } };
  const sideKind: OutputKind | null = want('pdf') && !options.cache ? (want('epub') ? 'epub' : want('sheets') ? 'sheets' : null) : null;
  const side = sideKind ? startSideWorker({ book, analysis, fonts: fonts.faceFiles(), faces: fonts.faceSetting(), kind: sideKind, options: { ...renderOptions, cache: undefined } }, ended) : null;
  const ctx: RenderContext = {
    book,
    analysis,
    diags: diagnostics,
    options: renderOptions,
    handout: handoutLayout,
    printed: async () => {
      if (!printed) await handoutLayout();
      return printed;
    },
    keepLayouts: keep,
  };
  const rendered: { kind: OutputKind; file: string; bytes: Buffer; ms: number; pages?: number; detail?: WrittenOutput['detail'] }[] = [];
  // The worker's EPUB needs the handout's page starts: lay it out first.
  if (side?.kind === 'epub') await handoutLayout();
  // This thread's own outputs first, then the one the worker made: never idle while it works.
  const byWorker = (k: OutputKind) => k === side?.kind;
  const order = [...options.outputs.filter((k) => !byWorker(k)), ...options.outputs.filter(byWorker)];
  for (const kind of order) {
    const started = performance.now();
    const out = byWorker(kind) ? await side!.result(diagnostics) : await (await rendererFor(kind)).render(ctx);
    if (out) {
      const ms = performance.now() - started;
      out.files.forEach((f, i) => {
        const bytes = Buffer.isBuffer(f.bytes) ? f.bytes : Buffer.from(f.bytes.buffer, f.bytes.byteOffset, f.bytes.byteLength);
        // The output's detail goes with its last file (all.pdf for the sheets).
        const detail = keep && i === out.files.length - 1 ? out.detail : undefined;
        rendered.push({ kind, file: path.join(options.out, f.path), bytes, ms, pages: f.pages, detail });
      });
    }
    // Painted: without details to return, the handout's layout can go (the EPUB keeps its page starts).
    if (kind === 'pdf' && !keep) handout = undefined;
    progress({ stage: 'render', kind, ms: performance.now() - started });
  }
  // Reported and written in the order asked for; each output's diagnostics were added as it was made.
  const rank = (k: OutputKind) => options.outputs.indexOf(k);
  rendered.sort((a, b) => rank(a.kind) - rank(b.kind));
  if (diagnostics.hasErrors || options.write === false) return { diagnostics, book, outputs: [] };
  const outputs: WrittenOutput[] = [];
  for (const r of rendered) {
    try {
      writeFileAtomic(r.file, r.bytes);
    } catch (e) {
      diagnostics.error(r.file, 0, 0, 'write:output', `cannot write the output: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      break;
    }
    outputs.push({ kind: r.kind, file: r.file, bytes: r.bytes.length, ms: r.ms, pages: r.pages, detail: r.detail });
    progress({ stage: 'write', file: r.file, done: outputs.length, total: rendered.length });
  }
  return { diagnostics, book, outputs };
}

/**
 * The EPUB (or, without one, the sheets) made in a worker thread, from the compiled worker beside this file, or
 * dist/worker.mjs when this is the bundle. Running from
 * the TypeScript sources (vitest) there is none, and everything is made on the main thread as before.
 * The worker is stopped when `ended` aborts (the build returned or threw); an error in it rejects the output
 * the main thread awaits from it, so the build throws it as its own.
 */
function startSideWorker(jobs: SideJobs, ended: AbortSignal): { kind: OutputKind; send(printed: PrintedPages): void; result(diags: Diagnostics): Promise<Rendered | null> } | null {
  const file = BUNDLED ? BUNDLED_WORKER_FILE : fileURLToPath(new URL('./render/worker.js', import.meta.url));
  if (!fs.existsSync(file)) return null;
  const worker = new Worker(file, { workerData: jobs });
  const stop = () => void worker.terminate();
  ended.addEventListener('abort', stop, { once: true });
  let resolve!: (r: SideReply) => void;
  let reject!: (e: Error) => void;
  const reply = new Promise<SideReply>((res, rej) => ((resolve = res), (reject = rej)));
  // Never an unhandled rejection while the main thread is still busy: the awaiting output reports it.
  reply.catch(() => undefined);
  worker.once('message', (r: SideReply) => {
    resolve(r);
    void worker.terminate();
  });
  const making = `the worker making the ${jobs.kind === 'epub' ? 'EPUB' : 'sheets'}`;
  worker.once('error', (e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    err.message = `${making}: ${err.message}`;
    reject(err);
  });
  worker.once('exit', (code) => {
    ended.removeEventListener('abort', stop);
    reject(new Error(`${making} stopped (exit code ${code})`));
  });
  return {
    kind: jobs.kind,
    send(printed) {
      worker.postMessage({ printed });
    },
    async result(diags) {
      const r = await reply;
      for (const d of r.diagnostics) diags.add(d);
      return r.result;
    },
  };
}
