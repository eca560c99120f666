/**
 * The second core's share of a build, while the main thread lays out and paints the PDF handout: the EPUB,
 * or the discussion sheets when no EPUB is wanted (pipeline.ts decides). It gets the book at once; the EPUB
 * draws its cover, then waits for the handout's page starts, posted when the main thread's layout is done.
 * Each part is posted back as soon as it is made, with the diagnostics it reported. With no other output to
 * make, it lays out articles beside the main thread instead, taking the next one not yet taken.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Analysis } from '../analyse/analysis.js';
import { Diagnostics } from '../diagnostics.js';
import { setFaceFiles, type FaceName, type FaceSetting } from '../fonts/catalog.js';
import type { Book } from '../model/types.js';
import { layArticle, type LayoutOptions } from '../layout/handout.js';
import type { PlacedRow } from '../layout/paginate.js';
import { failPoint } from '../util/fail.js';
import type { PrintedPages } from './epub/printed.js';
import { rendererFor, type OutputKind, type Rendered, type RenderContext } from './renderer.js';

export interface SideJobs {
  book: Book;
  /** The analysis the main thread made: derived once, never again here. */
  analysis: Analysis;
  /** Every face's file as the main thread resolved it (the config's `fonts:` included): set here before anything is made. */
  fonts: Record<FaceName, string>;
  /** The catalogue's set and the shaping language the main thread set (a Traditional edition's). */
  faces: FaceSetting;
  /** The output this thread makes: the EPUB or the sheets. */
  kind: OutputKind;
  options: RenderContext['options'];
}

/** Articles laid out on both threads: each takes the next index from `next` (Atomics.add) until none is left. */
export interface LayoutJobs {
  kind: 'layout';
  book: Book;
  analysis: Analysis;
  fonts: Record<FaceName, string>;
  faces: FaceSetting;
  layout: Pick<LayoutOptions, 'paper' | 'duplex'>;
  /** A one-element Int32Array over a SharedArrayBuffer: the next article to take, shared with the main thread. */
  next: Int32Array;
}

/** One article laid out here, with what its layout reported; `done` once no article is left. */
export type LayoutReply = { article: number; pages: PlacedRow[][]; diagnostics: Diagnostics['items'] } | { done: true };

export interface SideReply {
  kind: OutputKind;
  diagnostics: Diagnostics['items'];
  result: Rendered | null;
}

const port = parentPort!;
const jobs = workerData as SideJobs | LayoutJobs;
// This thread has its own copy of the module-wide faces: the same files as the main thread's, or the EPUB
// and the sheets would embed the catalogue's fonts while the PDF shows the configured ones.
setFaceFiles(jobs.fonts, jobs.faces);
failPoint('worker');
if (jobs.kind === 'layout') layArticles(jobs);
else await renderSide(jobs);

/** Lays out articles until none is left, posting each as it is done (the main thread takes them in order). */
function layArticles(jobs: LayoutJobs): void {
  const n = jobs.book.articles.length;
  for (let ai = Atomics.add(jobs.next, 0, 1); ai < n; ai = Atomics.add(jobs.next, 0, 1)) {
    const diags = new Diagnostics();
    const pages = layArticle(jobs.book, jobs.analysis, ai, jobs.layout, diags);
    port.postMessage({ article: ai, pages, diagnostics: diags.items } satisfies LayoutReply);
  }
  port.postMessage({ done: true } satisfies LayoutReply);
}

async function renderSide(jobs: SideJobs): Promise<void> {
  const printed = new Promise<PrintedPages | undefined>((resolve) => port.once('message', (m: { printed?: PrintedPages }) => resolve(m.printed)));
  const diags = new Diagnostics();
  const ctx: RenderContext = {
    book: jobs.book,
    analysis: jobs.analysis,
    diags,
    options: jobs.options,
    handout: () => Promise.reject(new Error('the handout is laid out on the main thread')),
    printed: () => printed,
    // The laid-out pages stay here: the main thread needs the files, not the layout.
    keepLayouts: false,
  };
  const result = await (await rendererFor(jobs.kind)).render(ctx);
  // Only the files cross back (a detail holds no layouts here, and the EPUB's is small).
  port.postMessage({ kind: jobs.kind, diagnostics: diags.items, result: result && { kind: result.kind, files: result.files, ...(jobs.kind === 'epub' ? { detail: result.detail } : {}) } } satisfies SideReply);
}
