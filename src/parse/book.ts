/** Parses a loaded corpus into the one document model (Book). */
import type { Diagnostics } from '../diagnostics.js';
import type { Corpus, PartSource } from '../load/corpus.js';
import type { Block, Book, Part } from '../model/types.js';
import { walkBlocks } from '../model/walk.js';
import { parseMarkdown } from './markdown.js';
import { normaliseBlocks } from './punctuation.js';

export interface ParseOptions {
  /** Set ASCII , : ; ? ! ( ) between Chinese characters as full-width marks (default on). */
  normalisePunctuation?: boolean;
}

/** Turns a loaded corpus into the one document model. */
export function parseBook(corpus: Corpus, diags: Diagnostics, options: ParseOptions = {}): Book {
  const parsed = (body: string, file: string, line: number) => {
    const { blocks, footnotes } = parseMarkdown(body, file, line, diags);
    normaliseHeadingLevels(blocks);
    if (options.normalisePunctuation !== false) {
      normaliseBlocks(blocks);
      for (const f of footnotes) normaliseBlocks(f.blocks);
    }
    return { blocks, footnotes };
  };
  const blocksOf = (body: string, file: string, line: number) => parsed(body, file, line).blocks;
  // One Part object per part, shared by its articles; its opening page parsed once.
  const parts = new Map<PartSource, Part>();
  const partOf = (p: PartSource): Part => {
    let part = parts.get(p);
    if (!part) {
      part = { number: p.number, title: p.title, ...(p.page ? { file: p.page.file } : {}), blocks: p.page ? blocksOf(p.page.body, p.page.file, p.page.bodyLine) : [] };
      parts.set(p, part);
    }
    return part;
  };
  return {
    root: corpus.root,
    metaFile: corpus.metaFile,
    meta: corpus.meta,
    glossary: corpus.glossary,
    exclude: corpus.exclude,
    articles: corpus.sources.map((src, i) => {
      // A part's opening page is parsed before its first article (messages come in reading order).
      const part = src.part ? partOf(src.part) : undefined;
      const { blocks, footnotes } = parsed(src.body, src.file, src.bodyLine);
      return { file: src.file, number: i + 1, meta: src.meta, blocks, footnotes, ...(part ? { part } : {}) };
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
