import type { Diagnostics } from '../diagnostics.js';
import type { Corpus } from '../load/corpus.js';
import type { Book } from '../model/types.js';
import { parseMarkdown } from './markdown.js';

/** Turns a loaded corpus into the one document model. */
export function parseBook(corpus: Corpus, diags: Diagnostics): Book {
  return {
    root: corpus.root,
    metaFile: corpus.metaFile,
    meta: corpus.meta,
    articles: corpus.sources.map((src, i) => ({
      file: src.file,
      number: i + 1,
      meta: src.meta,
      blocks: parseMarkdown(src.body, src.file, src.bodyLine, diags),
    })),
  };
}
