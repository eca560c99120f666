/**
 * Renders the EPUB on a second core while the main thread lays out and paints the PDF. It gets the book
 * at once (cover, templates and modules load meanwhile), then the handout's page starts when the layout is
 * done; it posts back the EPUB's bytes and its diagnostics.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Diagnostics } from '../../diagnostics.js';
import type { Book } from '../../model/types.js';
import { renderEpub, type PrintedPages } from './epub.js';

export interface EpubWorkerReply {
  diagnostics: Diagnostics['items'];
  result: Awaited<ReturnType<typeof renderEpub>>;
}

const port = parentPort!;
const { book } = workerData as { book: Book };
const printed = new Promise<PrintedPages | undefined>((resolve) => port.once('message', (m: { printed?: PrintedPages }) => resolve(m.printed)));
const diags = new Diagnostics();
const result = await renderEpub(book, diags, printed);
port.postMessage({ diagnostics: diags.items, result } satisfies EpubWorkerReply);
