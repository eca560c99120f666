/** The handout's table of contents and index: their rows, and the index's page numbers looked up from line positions. */
import { occurrencesOf, pageRanges, type Analysis, type IndexPerson, type IndexTerm, type Occurrence } from '../analyse/analysis.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Book } from '../model/types.js';
import { inlineText } from '../model/walk.js';
import type { Labels } from '../templates.js';
import { node, spanRows } from './blocks.js';
import { ctxFor, metrics, roleRows, templates } from './furniture.js';
import type { PageSetup } from './page-setup.js';
import type { PlacedRow } from './paginate.js';
import type { Span } from './paragraph.js';
import { nest, type Row } from './rows.js';

export interface TocEntry {
  title: string;
  level: number;
  dest: string;
  page: number;
}

export interface HandoutIndex {
  /** Each person or organisation named in the articles, with the pages that name it. */
  people: (IndexPerson & { pages: number[] })[];
  /**
   * Each key number with the page it stands on (`page`: its first occurrence's; `pages`: every occurrence's,
   * a merged bare count having several); `id` is its first occurrence's (analyse/analysis.ts).
   */
  numbers: { id: string; article: number; text: string; context: string; page: number; pages: number[] }[];
  /** Each term of the term index, with the pages it stands on. */
  terms: (IndexTerm & { pages: number[] })[];
}

/**
 * Every colour the TOC and index set text or leaders in: black, and greys no lighter than #666666 (60 % black,
 * what prints solid on an office laser printer rather than as a dither).
 */
export const INDEX_COLORS = { text: '#000000', secondary: '#444444', group: '#555555', leader: '#666666' } as const;

/** Turnover lines of a TOC or index entry are indented this many ems more than its first line. */
export const HANG_EM = 1;

/** Page lists longer than this many ranges end in 「等」. */
export const PAGE_RANGES_CAP = 8;

/** The index's scope line: what it holds and how it was made. */
export function indexScope(analysis: Analysis, labels: Labels): string {
  const text = String(analysis.source === 'recognised' ? labels.indexScopeAuto : labels.indexScopeGlossary);
  return text.replace('{max}', String(analysis.maxNumbers));
}

const articleDest = (n: number) => `art-${n}`;
const sectionDest = (n: number, id: string) => `a${n}-${id}`;

export function tocRows(book: Book, analysis: Analysis, setup: PageSetup, labels: Labels, destPages: Map<string, number>, diags: Diagnostics) {
  const ctx = ctxFor(book.metaFile ?? book.root, 'toc-', setup, diags);
  const m = metrics();
  const em = setup.bodySize;
  const rows: Row[] = [];
  const entries: TocEntry[] = [];
  for (const line of templates().lines('toc-head.hbs', { labels, book: book.meta })) {
    const rs = roleRows(line.text, line.role, setup, ctx);
    const last = rs[rs.length - 1];
    if (last) last.height += em * 1.2;
    rows.push(...rs);
  }
  const numberW = em * 3;
  const tocNode = node(ctx, 'TOC');
  const entry = (title: string, dest: string, level: number) => {
    const page = destPages.get(dest);
    entries.push({ title, level, dest, page: page ?? 0 });
    // Level 0 is a part (部分): bold, a little larger; 1 an article; 2 its sections.
    const size = level === 0 ? em * 1.1 : level === 1 ? em : em * 0.9;
    const indent = level <= 1 ? 0 : em * 2;
    const face = level === 0 ? 'sansBold' : level === 1 ? 'sans' : 'serif';
    const pitch = Math.round(size * 1.7 * 100) / 100;
    // A wrapped entry hangs: its turnover lines start HANG_EM further in than its first, and no line runs into
    // the page-number column (the number's width and an em before it).
    const hang = em * HANG_EM;
    const rs = spanRows([{ text: title, face, size, color: INDEX_COLORS.text }], { measure: setup.measure - indent - hang - numberW - em, indent: -hang, align: 'left', em: size, display: true }, indent + hang, pitch, ctx, false);
    const last = rs[rs.length - 1];
    if (!last) return;
    const num = String(page ?? 888);
    const nw = m.width(num, 'sans', size);
    const line = last.lines[last.lines.length - 1]!;
    const textRight = line.runs.length ? Math.max(...line.runs.map((r) => r.x + r.width)) : indent;
    last.items.push({ kind: 'rule', x1: textRight + em * 0.5, y1: line.y, x2: setup.measure - nw - em * 0.4, y2: line.y, width: 0.9, color: INDEX_COLORS.leader, dotted: true });
    last.items.push({ kind: 'text', x: setup.measure - nw, y: line.y, text: num, face: 'sans', size, spacing: 0, features: [], width: nw, color: INDEX_COLORS.text });
    rs.forEach((r) => r.links.push({ x: indent, y: 0, w: setup.measure - indent, h: r.height, dest }));
    nest(nest(rs, node(ctx, 'TOCI')), tocNode);
    // An article's entry never ends a TOC page without its first section below it.
    rs.forEach((r, i) => (r.keep = i < rs.length - 1 || level <= 1));
    if (rs[0]) rs[0].spaceBefore = level === 0 ? em * 1.2 : level === 1 ? em * 0.7 : 0;
    rows.push(...rs);
  };
  book.articles.forEach((a, ai) => {
    const part = analysis.parts.find((p) => p.first === a.number);
    if (part) entry(part.title.replace(/(?<=\p{Script=Han}) +(?=\p{Script=Han})/gu, '\u3000'), `part-${part.number}`, 0);
    entry(a.meta.title, articleDest(a.number), 1);
    const art = analysis.articles[ai]!;
    for (const b of [...art.blocks, ...art.questions]) if (b.type === 'heading' && b.level === 2) entry(inlineText(b.children), sectionDest(a.number, b.id), 2);
  });
  if (analysis.hasIndex) {
    entry(String(labels.index), 'index', 1);
    if (analysis.hasPeople) entry(String(labels.indexPeople), 'index-people', 2);
    if (analysis.hasTerms) entry(String(labels.indexTerms), 'index-terms', 2);
    if (analysis.definitions.length > 0) entry(String(labels.glossaryTerms), 'index-glossary', 2);
    if (analysis.hasNumbers) entry(String(labels.indexNumbers), 'index-numbers', 2);
  }
  return { rows, entries };
}

/**
 * The pages of every indexed occurrence, looked up from where the laid-out lines are: each line carries its
 * block's key and the range of text it sets, so an occurrence is on the page of the last line of its block
 * that starts at or before it. Metadata (title, byline) is printed in the article's head, on its first page.
 */
export function indexEntries(analysis: Analysis, articlePages: PlacedRow[][][], starts: number[]): HandoutIndex {
  const pagesOf = new Map<number, Set<number>>();
  const termPages = new Map<number, Set<number>>();
  const numbers: HandoutIndex['numbers'] = [];
  articlePages.forEach((pages, ai) => {
    const art = analysis.articles[ai]!;
    const lines = new Map<string, [number, number][]>();
    pages.forEach((rows, pi) => {
      for (const { row } of rows)
        for (const l of row.lines) {
          if (!l.src) continue;
          let list = lines.get(l.src.key);
          if (!list) lines.set(l.src.key, (list = []));
          list.push([l.src.start, pi]);
        }
    });
    // The article's head (title, byline) is on the page with its destination: after a part's opening page.
    const head = Math.max(0, pages.findIndex((rows) => rows.some(({ row }) => row.dests.some((d) => d.name === `art-${art.number}`))));
    let previous = head;
    const pageOf = (o: Occurrence): number => {
      if (o.key.startsWith('m:')) return starts[ai]! + head;
      const list = lines.get(o.key);
      // A block set without its text (an image's caption) stands where the occurrence before it did.
      if (!list) return starts[ai]! + previous;
      let p = list[0]![1];
      for (const [start, pi] of list) {
        if (start > o.at) break;
        p = pi;
      }
      previous = p;
      return starts[ai]! + p;
    };
    for (const h of art.names) {
      const set = pagesOf.get(h.entry) ?? new Set<number>();
      set.add(pageOf(h));
      pagesOf.set(h.entry, set);
    }
    previous = head;
    for (const h of art.terms) {
      const set = termPages.get(h.entry) ?? new Set<number>();
      set.add(pageOf(h));
      termPages.set(h.entry, set);
    }
    previous = head;
    for (const n of art.numbers) {
      const pages = [...new Set(occurrencesOf(n).map(pageOf))].sort((a, b) => a - b);
      numbers.push({ id: n.id, article: art.number, text: n.text, context: n.context, page: pages[0]!, pages });
    }
  });
  const people = analysis.people.map((p) => ({ ...p, pages: [...(pagesOf.get(p.entry) ?? [])].sort((a, b) => a - b) })).filter((p) => p.pages.length > 0);
  const terms = analysis.terms.map((t) => ({ ...t, pages: [...(termPages.get(t.entry) ?? [])].sort((a, b) => a - b) })).filter((t) => t.pages.length > 0);
  return { people, numbers, terms };
}

export function indexRows(book: Book, setup: PageSetup, labels: Labels, index: HandoutIndex, analysis: Analysis, diags: Diagnostics): Row[] {
  const ctx = ctxFor(book.metaFile ?? book.root, 'index-', setup, diags);
  const em = setup.bodySize;
  const m = metrics();
  const rows: Row[] = [];
  const more = String(labels.pagesMore);
  const head = roleRows(String(labels.index), 'heading', setup, ctx);
  head[0]!.pageBreakBefore = true;
  head[0]!.dests.push({ name: 'index', y: 0 });
  head[0]!.outline.push({ title: String(labels.index), level: 1, dest: 'index' });
  head[head.length - 1]!.height += em * 0.4;
  rows.push(...head);
  rows.push(...roleRows(indexScope(analysis, labels), 'note', setup, ctx));
  rows.push(...roleRows(String(labels.indexNote), 'note', setup, ctx));
  const section = (title: string, dest: string) => {
    const rs = nest(spanRows([{ text: title, face: 'sansBold', size: em * 1.3, color: INDEX_COLORS.text }], { measure: setup.measure, indent: 0, align: 'left', em: em * 1.3 }, 0, em * 2.2, ctx, false), node(ctx, 'H2'));
    rs[0]!.spaceBefore = em * 1.2;
    rs[0]!.dests.push({ name: dest, y: 0 });
    rs[0]!.outline.push({ title, level: 2, dest });
    rs.forEach((r) => (r.keep = true));
    rows.push(...rs);
  };
  const letterRow = (l: string) => {
    const lr = nest(spanRows([{ text: l, face: 'sansBold', size: em * 1.05, color: INDEX_COLORS.group }], { measure: setup.measure, indent: 0, align: 'left', em }, 0, em * 1.8, ctx, false), node(ctx, 'H3'));
    lr[0]!.spaceBefore = em * 0.6;
    lr[0]!.keep = true;
    rows.push(...lr);
  };
  /**
   * One entry: its text (name, an em space or 「：」, its description) set ragged right, as an index is (a short
   * measure is never letter-spaced), on a measure that stops an em short of the page-number column, its turnover lines hung HANG_EM under its first; the page numbers set
   * right-aligned at the right margin on its last line, with a dotted leader from the text to them, so every
   * entry's numbers align on the margin.
   */
  const entry = (spans: Span[], pages: string | null, pageSize: number, minColumn = em * 2.5) => {
    const indent = em;
    const hang = em * HANG_EM;
    const pw = pages ? m.width(pages, 'sans', pageSize) : 0;
    const column = pages ? Math.max(pw, minColumn) + em : 0;
    const rs = spanRows(spans, { measure: setup.measure - indent - hang - column, indent: -hang, align: 'left', em }, indent + hang, em * 1.6, ctx, false);
    const last = rs[rs.length - 1];
    if (!last) return;
    if (pages) {
      const line = last.lines[last.lines.length - 1]!;
      const textRight = line.runs.length ? Math.max(...line.runs.map((r) => r.x + r.width)) : indent;
      const x = setup.measure - pw;
      if (x - em * 0.4 - (textRight + em * 0.5) >= em) last.items.push({ kind: 'rule', x1: textRight + em * 0.5, y1: line.y, x2: x - em * 0.4, y2: line.y, width: 0.9, color: INDEX_COLORS.leader, dotted: true });
      last.items.push({ kind: 'text', x, y: line.y, text: pages, face: 'sans', size: pageSize, spacing: 0, features: [], width: pw, color: INDEX_COLORS.text });
    }
    nest(rs, node(ctx, 'P'));
    rs.forEach((r, i) => (r.keep = i < rs.length - 1));
    rows.push(...rs);
  };
  if (analysis.hasPeople) {
    section(String(labels.indexPeople), 'index-people');
    let letter = '';
    for (const p of index.people) {
      if (p.letter !== letter) letterRow((letter = p.letter));
      const spans: Span[] = [{ text: p.name + (p.other ? `（${p.other}）` : ''), face: 'serif', size: em, color: INDEX_COLORS.text }];
      if (p.description) spans.push({ text: `　${p.description}`, face: 'serif', size: em * 0.85, color: INDEX_COLORS.secondary });
      entry(spans, pageRanges(p.pages, PAGE_RANGES_CAP, more), em * 0.9);
    }
  }
  // Terms (术语): letter groups like the people, each term with its pages.
  if (analysis.hasTerms && index.terms.length > 0) {
    section(String(labels.indexTerms), 'index-terms');
    let letter = '';
    for (const t of index.terms) {
      if (t.letter !== letter) letterRow((letter = t.letter));
      entry([{ text: t.name + (t.other ? `（${t.other}）` : ''), face: 'serif', size: em, color: INDEX_COLORS.text }], pageRanges(t.pages, PAGE_RANGES_CAP, more), em * 0.9);
    }
  }
  // The glossary (术语表): the glossary's terms with their definitions.
  if (analysis.definitions.length > 0) {
    section(String(labels.glossaryTerms), 'index-glossary');
    for (const t of analysis.definitions)
      entry(
        [
          { text: t.name + (t.other ? `（${t.other}）` : ''), face: 'serifBold', size: em, color: INDEX_COLORS.text },
          { text: `　${t.definition ?? ''}`, face: 'serif', size: em * 0.9, color: INDEX_COLORS.secondary },
        ],
        null,
        0,
      );
  }
  if (analysis.hasNumbers) section(String(labels.indexNumbers), 'index-numbers');
  for (const a of book.articles) {
    const nums = index.numbers.filter((n) => n.article === a.number);
    if (nums.length === 0) continue;
    const t = nest(spanRows([{ text: a.meta.title, face: 'sansBold', size: em * 0.95, color: INDEX_COLORS.text }], { measure: setup.measure, indent: 0, align: 'left', em: em * 0.95, display: true }, 0, em * 1.7, ctx, false), node(ctx, 'H3'));
    t[0]!.spaceBefore = em * 0.8;
    t.forEach((r) => (r.keep = true));
    rows.push(...t);
    // 「key：context」: the figure in bold, the clause it stands in (analysed once, analyse/numbers.ts) after it.
    for (const n of nums)
      entry(
        [
          { text: n.text, face: 'serifBold', size: em * 0.95, color: INDEX_COLORS.text },
          { text: `${String(labels.fieldSeparator)}${n.context}`, face: 'serif', size: em * 0.85, color: INDEX_COLORS.secondary },
        ],
        pageRanges(n.pages, PAGE_RANGES_CAP, more),
        em * 0.85,
      );
  }
  return rows;
}
