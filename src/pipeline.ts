import path from 'node:path';
import { Diagnostics } from './diagnostics.js';
import { loadCorpus } from './load/corpus.js';
import type { Book } from './model/types.js';
import { parseBook } from './parse/book.js';
import { renderEpub, type EpubResult } from './render/epub/epub.js';
import { writeFileAtomic } from './util/atomic-write.js';

export type OutputKind = 'epub';
export const ALL_OUTPUTS: readonly OutputKind[] = ['epub'];

export interface BuildOptions {
  corpus: string;
  out: string;
  outputs: readonly OutputKind[];
}

export interface WrittenOutput {
  kind: OutputKind;
  file: string;
  bytes: number;
  ms: number;
  detail?: EpubResult;
}

export interface BuildResult {
  diagnostics: Diagnostics;
  book?: Book;
  outputs: WrittenOutput[];
}

/** Loads and parses a corpus into the document model; null (with diagnostics) when it has errors. */
export function readBook(corpusDir: string, diags: Diagnostics): Book | null {
  const corpus = loadCorpus(corpusDir, diags);
  if (!corpus) return null;
  const book = parseBook(corpus, diags);
  return diags.hasErrors ? null : book;
}

/**
 * The one place the stages meet: load → parse → render → write.
 * Every output is rendered in memory first; nothing is written when any error was found.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const diagnostics = new Diagnostics();
  const book = readBook(options.corpus, diagnostics);
  if (!book) return { diagnostics, outputs: [] };
  const rendered: { kind: OutputKind; file: string; bytes: Buffer; ms: number; detail?: EpubResult }[] = [];
  for (const kind of options.outputs) {
    const started = performance.now();
    if (kind === 'epub') {
      const epub = await renderEpub(book, diagnostics);
      if (epub) rendered.push({ kind, file: path.join(options.out, `${book.meta.slug}.epub`), bytes: epub.bytes, ms: performance.now() - started, detail: epub });
    }
  }
  if (diagnostics.hasErrors) return { diagnostics, book, outputs: [] };
  const outputs = rendered.map((r) => {
    writeFileAtomic(r.file, r.bytes);
    return { kind: r.kind, file: r.file, bytes: r.bytes.length, ms: r.ms, detail: r.detail };
  });
  return { diagnostics, book, outputs };
}
