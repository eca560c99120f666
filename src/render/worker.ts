/**
 * The second core's share of a build, while the main thread lays out and paints the PDF handout: the EPUB,
 * or the discussion sheets when no EPUB is wanted (pipeline.ts decides). It gets the book at once; the EPUB
 * draws its cover, then waits for the handout's page starts, posted when the main thread's layout is done.
 * Each part is posted back as soon as it is made, with the diagnostics it reported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Analysis } from '../analyse/analysis.js';
import { Diagnostics } from '../diagnostics.js';
import { setFaceFiles, type FaceName, type FaceSetting } from '../fonts/catalog.js';
import type { Book } from '../model/types.js';
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

export interface SideReply {
  kind: OutputKind;
  diagnostics: Diagnostics['items'];
  result: Rendered | null;
}

const port = parentPort!;
const jobs = workerData as SideJobs;
// This thread has its own copy of the module-wide faces: the same files as the main thread's, or the EPUB
// and the sheets would embed the catalogue's fonts while the PDF shows the configured ones.
setFaceFiles(jobs.fonts, jobs.faces);
failPoint('worker');
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
