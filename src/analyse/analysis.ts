/** The analysis stage: everything derived from the text, computed once per build and read by layout and every renderer. */
import type { Diagnostics } from '../diagnostics.js';
import type { Article, Block, Book, GlossaryEntry, Inline } from '../model/types.js';
import type { Labels } from '../templates.js';
import { EntityMatcher } from './entities.js';
import { LinkTargets, linkPolicy } from './links.js';
import { typesetBlocks } from './math.js';
import { contextOf, findNumbers, type NumberHit } from './numbers.js';
import { compareNames, letterOf } from './sort.js';
import { resolveBlocks, resolveInlines, type BlockText } from './text.js';

/** An occurrence in the text that the index links to: where it is, and the anchor id the EPUB gives it. */
export interface Occurrence {
  /** Key of the block (or metadata field, `m:…`) it stands in, and its offset in that block's text. */
  key: string;
  at: number;
  /** Anchor id, unique in the book. */
  id: string;
}

export interface NameHit extends Occurrence {
  /** Index of the entry in the glossary. */
  entry: number;
}

export interface KeyNumber extends NumberHit, Occurrence {
  article: number;
  /** The clause it stands in. */
  context: string;
  /** Source line. */
  line: number;
}

/** An article as the outputs set it: the model's blocks with keys and resolved text, its questions as blocks. */
export interface AnalysedArticle {
  number: number;
  /** Annotated copies of the article's blocks (see analyse/text.ts). */
  blocks: Block[];
  /** The discussion questions as a heading and a numbered list (none without questions). */
  questions: Block[];
  /** Footnotes in number order, their blocks keyed `f<n>.<k>`. */
  footnotes: { n: number; label: string; blocks: Block[] }[];
  /** Title and byline names as inline content, keyed `m:title`, `m:speakers:0` …, for anchors in the EPUB. */
  meta: Record<string, Inline[]>;
  /** Glossary names in reading order: title and byline first, then the text, then the questions. */
  names: NameHit[];
  /** Key figures in reading order. */
  numbers: KeyNumber[];
}

/** An index heading for a person or organisation named in the pack: its form in the index and letter group. */
export interface IndexPerson {
  entry: number;
  name: string;
  /** The name in the other script (Latin for a Chinese name and back), when the glossary has one. */
  other?: string;
  description?: string;
  letter: string;
}

/** A part of the book as the outputs set it: its number, title and opening page's analysed blocks. */
export interface AnalysedPart {
  number: number;
  title: string;
  blocks: Block[];
  /** The article the part opens before (its first). */
  first: number;
}

export interface Analysis {
  glossary: readonly GlossaryEntry[];
  /** The book's parts in order (none when it has no parts). */
  parts: AnalysedPart[];
  articles: AnalysedArticle[];
  /** Key numbers of each article, in reading order (index = article number − 1). */
  numbers: KeyNumber[][];
  /** Glossary entries named in each article's metadata and text (index = article number − 1), as glossary indices. */
  entitiesByArticle: Set<number>[];
  /** The index's people and organisations, in index order (pinyin and Latin letters as one alphabet). */
  people: IndexPerson[];
  /** What the index will hold: its parts appear (in the TOC, the nav, the pages) only when they do. */
  hasPeople: boolean;
  hasNumbers: boolean;
}

/** Metadata fields in the order an article's head prints them. */
function metaFields(a: Article): [string, string][] {
  const m = a.meta;
  return [
    ['m:title', m.title],
    ...m.speakers.map((s, i): [string, string] => [`m:speakers:${i}`, s]),
    ...m.interviewer.map((s, i): [string, string] => [`m:interviewer:${i}`, s]),
    ...m.author.map((s, i): [string, string] => [`m:author:${i}`, s]),
    ...(m.source ? [['m:source', m.source] as [string, string]] : []),
  ];
}

/** The questions at an article's end, as blocks: a heading and a numbered list. */
function questionBlocks(a: Article, labels: Labels): Block[] {
  if (a.meta.questions.length === 0) return [];
  const pos = { file: a.file, line: 1 };
  return [
    { type: 'heading', level: 2, id: 'questions', children: [{ type: 'text', value: String(labels.questions), line: 1 }], pos },
    {
      type: 'list',
      ordered: true,
      start: 1,
      pos,
      items: a.meta.questions.map((q) => ({ pos, blocks: [{ type: 'paragraph', children: [{ type: 'text', value: q, line: 1 }], pos }] })),
    },
  ];
}

/**
 * The study aids' raw material and the text every output sets, derived once: soft breaks joined, links
 * checked, block keys and offsets given, glossary names and key figures found with their positions.
 */
export function analyse(book: Book, labels: Labels, diags: Diagnostics): Analysis {
  const matcher = new EntityMatcher(book.glossary);
  const targets = new LinkTargets(book);
  const articles: AnalysedArticle[] = [];
  const entitiesByArticle: Set<number>[] = [];
  const named = new Set<number>();
  for (const a of book.articles) {
    const seq = { n: 0 };
    const texts: BlockText[] = [];
    const meta: Record<string, Inline[]> = {};
    const metaTexts: BlockText[] = metaFields(a).map(([key, value]) => {
      const r = resolveInlines([{ type: 'text', value, line: 1 }]);
      meta[key] = r.inlines;
      return { key, text: r.text, prose: r.prose, line: 1 };
    });
    const blocks = linkPolicy(resolveBlocks(a.blocks, 'b', seq, texts), a, targets, diags);
    typesetBlocks(blocks, a.file, diags);
    const noteTexts: BlockText[] = [];
    const footnotes = a.footnotes.map((f) => ({ n: f.n, label: f.label, blocks: linkPolicy(resolveBlocks(f.blocks, `f${f.n}.`, { n: 0 }, noteTexts), a, targets, diags) }));
    for (const f of footnotes) typesetBlocks(f.blocks, a.file, diags);
    const questionTexts: BlockText[] = [];
    const questions = resolveBlocks(questionBlocks(a, labels), 'q', { n: 0 }, questionTexts);

    const names: NameHit[] = [];
    const inArticle = new Set<number>();
    const findNames = (list: BlockText[], count: boolean) => {
      for (const t of list)
        for (const h of matcher.find(t.prose)) {
          names.push({ entry: h.entry, key: t.key, at: h.start, id: `ix${a.number}-n${names.length + 1}` });
          named.add(h.entry);
          if (count) inArticle.add(h.entry);
        }
    };
    findNames(metaTexts, true);
    findNames(texts, true);
    // Names in the questions are indexed, but the article's own list (its sheet) is what it itself names.
    findNames(noteTexts, true);
    findNames(questionTexts, false);

    const numbers: KeyNumber[] = [];
    const seen = new Set<string>();
    for (const { key, text, prose, line } of texts) {
      // Searched in the prose (code blanked out); the clause is quoted from the text as printed.
      for (const n of findNumbers(prose)) {
        const context = contextOf(text, n.start, n.end);
        const dedupe = `${n.text}\u0000${context}`;
        if (seen.has(dedupe)) continue;
        seen.add(dedupe);
        // Figures of one clause make one entry: “1亿美元、10亿美元 — 2024年初，他预测能从1亿美元增长到10亿美元”.
        const prev = numbers[numbers.length - 1];
        if (prev && prev.context === context && prev.line === line) {
          if (!prev.text.split('、').includes(n.text)) prev.text += `、${n.text}`;
          continue;
        }
        numbers.push({ ...n, article: a.number, context, line, key, at: n.start, id: `ix${a.number}-f${numbers.length + 1}` });
      }
    }
    articles.push({ number: a.number, blocks, questions, footnotes, meta, names, numbers });
    entitiesByArticle.push(inArticle);
  }
  const han = (x: string) => /\p{Script=Han}/u.test(x);
  const people = [...named]
    .map((i): IndexPerson => {
      const e = book.glossary[i]!;
      const other = e.aliases.find((x) => han(x) !== han(e.name) && x.includes(' ')) ?? e.aliases.find((x) => han(x) !== han(e.name));
      return { entry: i, name: e.name, ...(other ? { other } : {}), ...(e.description ? { description: e.description } : {}), letter: letterOf(e.name) };
    })
    .sort((x, y) => compareNames(x.name, y.name));
  const numbers = articles.map((a) => a.numbers);
  // Parts: each opening page's blocks analysed once (keys `p<n>.<k>`, links resolved), before its first article.
  const parts: AnalysedPart[] = [];
  for (const a of book.articles) {
    const p = a.part;
    if (!p || parts.some((x) => x.number === p.number)) continue;
    const from = { ...a, file: p.file ?? a.file };
    const blocks = linkPolicy(resolveBlocks(p.blocks, `p${p.number}.`, { n: 0 }, []), from, targets, diags);
    typesetBlocks(blocks, from.file, diags);
    parts.push({ number: p.number, title: p.title, blocks, first: a.number });
  }
  return {
    glossary: book.glossary,
    parts,
    articles,
    numbers,
    entitiesByArticle,
    people,
    hasPeople: people.length > 0,
    hasNumbers: numbers.some((n) => n.length > 0),
  };
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
