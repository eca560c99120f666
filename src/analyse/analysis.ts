import type { Article, Block, Book, GlossaryEntry } from '../model/types.js';
import { inlineText, walkBlocks } from '../model/walk.js';
import { EntityMatcher } from './entities.js';
import { contextOf, findNumbers, type NumberHit } from './numbers.js';

export interface KeyNumber extends NumberHit {
  article: number;
  /** The clause it stands in. */
  context: string;
  /** Source line. */
  line: number;
}

export interface Analysis {
  glossary: readonly GlossaryEntry[];
  /** Key numbers of each article, in reading order (index = article number − 1). */
  numbers: KeyNumber[][];
  /** Glossary entries named in each article (index = article number − 1), as glossary indices. */
  entitiesByArticle: Set<number>[];
  /** What the index will hold: its parts appear (in the TOC, the nav, the pages) only when they do. */
  hasPeople: boolean;
  hasNumbers: boolean;
}

function blockTexts(blocks: readonly Block[]): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  for (const b of walkBlocks(blocks)) {
    if (b.type === 'heading' || b.type === 'paragraph') out.push({ text: inlineText(b.children), line: b.pos.line });
    else if (b.type === 'table') for (const cell of [...b.head, ...b.rows.flat()]) out.push({ text: inlineText(cell), line: b.pos.line });
  }
  return out;
}

const analysed = new WeakMap<Book, Analysis>();

/**
 * The study aids' raw material: which people and organisations each article names, and its figures.
 * Computed once per book: the PDF layout, the EPUB and the sheets of one build all read the same result.
 */
export function analyse(book: Book): Analysis {
  let done = analysed.get(book);
  if (!done) {
    done = analyseBook(book);
    analysed.set(book, done);
  }
  return done;
}

function analyseBook(book: Book): Analysis {
  const matcher = new EntityMatcher(book.glossary);
  const numbers: KeyNumber[][] = [];
  const entitiesByArticle: Set<number>[] = [];
  for (const a of book.articles) {
    const found: KeyNumber[] = [];
    const seen = new Set<string>();
    const names = new Set<number>();
    for (const m of articleMetaTexts(a)) for (const h of matcher.find(m)) names.add(h.entry);
    for (const { text, line } of blockTexts(a.blocks)) {
      for (const h of matcher.find(text)) names.add(h.entry);
      for (const n of findNumbers(text)) {
        const context = contextOf(text, n.start, n.end);
        const key = `${n.text}\u0000${context}`;
        if (seen.has(key)) continue;
        seen.add(key);
        // Figures of one clause make one entry: “1亿美元、10亿美元 — 2024年初，他预测能从1亿美元增长到10亿美元”.
        const prev = found[found.length - 1];
        if (prev && prev.context === context && prev.line === line) {
          if (!prev.text.split('、').includes(n.text)) prev.text += `、${n.text}`;
          continue;
        }
        found.push({ ...n, article: a.number, context, line });
      }
    }
    numbers.push(found);
    entitiesByArticle.push(names);
  }
  return {
    glossary: book.glossary,
    numbers,
    entitiesByArticle,
    hasPeople: entitiesByArticle.some((s) => s.size > 0),
    hasNumbers: numbers.some((n) => n.length > 0),
  };
}

function articleMetaTexts(a: Article): string[] {
  return [a.meta.title, ...a.meta.speakers, ...a.meta.interviewer, ...a.meta.author];
}

/** Page ranges as a reader expects them: 3, 5–7, 9. */
export function pageRanges(pages: Iterable<number>): string {
  const sorted = [...new Set(pages)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(j > i ? `${sorted[i]}–${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}
