/**
 * The second core's share of a build, while the main thread lays out and paints the PDF handout: the EPUB,
 * or the discussion sheets when no EPUB is wanted (pipeline.ts decides). It gets the book at once; the EPUB
 * draws its cover, then waits for the handout's page starts, posted when the main thread's layout is done.
 * Each part is posted back as soon as it is made, with the diagnostics it reported.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Diagnostics } from '../diagnostics.js';
import { setFaceFiles, type FaceName } from '../fonts/catalog.js';
import type { SheetOptions } from '../layout/sheet.js';
import type { Analysis } from '../analyse/analysis.js';
import type { Book } from '../model/types.js';
import type { EpubResult, PrintedPages } from './epub/epub.js';
import type { SheetsResult } from './sheets/sheets.js';
import { failPoint } from '../util/fail.js';

export interface SideJobs {
  book: Book;
  /** The analysis the main thread made: derived once, never again here. */
  analysis: Analysis;
  /** Every face's file as the main thread resolved it (the config's `fonts:` included): set here before anything is made. */
  fonts: Record<FaceName, string>;
  epub: boolean;
  sheets: SheetOptions | null;
}

export type SideReply =
  | { kind: 'epub'; diagnostics: Diagnostics['items']; result: EpubResult | null }
  | { kind: 'sheets'; diagnostics: Diagnostics['items']; result: SheetsResult | null };

const port = parentPort!;
const jobs = workerData as SideJobs;
// This thread has its own copy of the module-wide faces: the same files as the main thread's, or the EPUB
// and the sheets would embed the catalogue's fonts while the PDF shows the configured ones.
setFaceFiles(jobs.fonts);
failPoint('worker');
const printed = new Promise<PrintedPages | undefined>((resolve) => port.once('message', (m: { printed?: PrintedPages }) => resolve(m.printed)));

if (jobs.sheets) {
  const { renderSheets } = await import('./sheets/sheets.js');
  const diags = new Diagnostics();
  const result = await renderSheets(jobs.book, jobs.analysis, diags, jobs.sheets, undefined, false);
  // The laid-out pages stay here: the main thread needs the files, not the layout.
  port.postMessage({ kind: 'sheets', diagnostics: diags.items, result } satisfies SideReply);
}
if (jobs.epub) {
  const { renderEpub } = await import('./epub/epub.js');
  const diags = new Diagnostics();
  const result = await renderEpub(jobs.book, jobs.analysis, diags, printed);
  port.postMessage({ kind: 'epub', diagnostics: diags.items, result } satisfies SideReply);
}
