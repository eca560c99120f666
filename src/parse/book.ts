/** Parses a loaded corpus into the one document model (Book). */
import type { Diagnostics } from '../diagnostics.js';
import type { Corpus } from '../load/corpus.js';
import type { Block, Book } from '../model/types.js';
import { walkBlocks } from '../model/walk.js';
import { parseMarkdown } from './markdown.js';
import { normaliseBlocks } from './punctuation.js';

export interface ParseOptions {
  /** Set ASCII , : ; ? ! ( ) between Chinese characters as full-width marks (default on). */
  normalisePunctuation?: boolean;
}

/** Turns a loaded corpus into the one document model. */
export function parseBook(corpus: Corpus, diags: Diagnostics, options: ParseOptions = {}): Book {
  return {
    root: corpus.root,
    metaFile: corpus.metaFile,
    meta: corpus.meta,
    glossary: corpus.glossary,
    exclude: corpus.exclude,
    articles: corpus.sources.map((src, i) => {
      const { blocks, footnotes } = parseMarkdown(src.body, src.file, src.bodyLine, diags);
      normaliseHeadingLevels(blocks);
      if (options.normalisePunctuation !== false) {
        normaliseBlocks(blocks);
        for (const f of footnotes) normaliseBlocks(f.blocks);
      }
      return { file: src.file, number: i + 1, meta: src.meta, blocks, footnotes };
    }),
  };
}

/**
 * The article's title is its level-1 heading, so the body's headings start at level 2 and never skip
 * a level (`#` then `###` becomes 2 then 3): outlines, navigation and screen readers rely on it.
 */
export function normaliseHeadingLevels(blocks: Block[]): void {
  const headings = [...walkBlocks(blocks)].filter((b): b is Extract<Block, { type: 'heading' }> => b.type === 'heading');
  const levels = [...new Set(headings.map((h) => h.level))].sort((a, b) => a - b);
  let previous = 1;
  for (const h of headings) {
    const ranked = 2 + levels.indexOf(h.level);
    h.level = Math.min(ranked, previous + 1, 6);
    previous = h.level;
  }
}
