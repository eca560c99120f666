/** The handout's assembly: title page, table of contents, articles and index, numbered until page references settle. */
import type { AnalysedArticle, AnalysedPart, Analysis } from '../analyse/analysis.js';
import { Diagnostics } from '../diagnostics.js';
import type { Article, Book } from '../model/types.js';
import { loadLabels, type Labels } from '../templates.js';
import { blockRows, node, spanRows } from './blocks.js';
import { articleDest, partDest, sectionDestPrefix } from './dests.js';
import { attachFootnotes, footRule } from './footnotes.js';
import { ctxFor, folio, placeRows, roleRows, templates } from './furniture.js';
import { pageSetup, type PageSetup, type Paper } from './page-setup.js';
import { paginate, type PlacedRow } from './paginate.js';
import type { Span } from './paragraph.js';
import { emptyRow, nest, type Row } from './rows.js';
import { indexEntries, indexRows, tocRows, type HandoutIndex, type TocEntry } from './toc-index.js';
import type { LayoutCache, Page } from './types.js';

export interface LayoutOptions {
  paper?: Paper;
  duplex?: boolean;
  /** Article layouts kept from an earlier build of the same session (watch mode). */
  cache?: LayoutCache;
}

export interface BookLayout {
  setup: PageSetup;
  pages: Page[];
  /** Page number on which each article starts, in article order. */
  articleStarts: number[];
  /** Page number of each named destination. */
  destPages: Map<string, number>;
  /** The TOC as set: entry title, destination, page number shown. */
  toc: TocEntry[];
  analysis: Analysis;
  /** The index as set: each person or organisation named in the text with its pages, each key number with its page. */
  index: HandoutIndex;
}

export { articleDest, sectionDestPrefix } from './dests.js';

/** Lays out the whole handout: title page, table of contents with real page numbers, articles, index. */
export function layoutBook(book: Book, analysis: Analysis, diags: Diagnostics, options: LayoutOptions = {}): BookLayout {
  const setup = pageSetup(options.paper ?? 'A4', options.duplex ?? false);
  const labels = loadLabels(book.meta.labels ?? book.meta.language);
  const textHeight = setup.height - setup.top - setup.bottom;

  // Each article's pages depend on the article as analysed, the book's metadata (its wording in the heads)
  // and the page set-up only: in watch mode an unchanged article's pages come from the cache.
  const articlePages = book.articles.map((a, ai) => {
    const art = analysis.articles[ai]!;
    // A part's opening page comes before its first article, in the same flow.
    const part = analysis.parts.find((p) => p.first === a.number);
    const nested = analysis.parts.length > 0;
    // An early break leaves at most two lines empty, unless a heading kept with its text forces more.
    const lay = (d: Diagnostics) =>
      paginate([...(part ? partRows(part, a, setup, d, labels) : []), ...articleRows(a, art, book, setup, d, labels, textHeight, nested)], textHeight, footRule(setup), { maxEmpty: 2 * setup.pitch });
    return options.cache ? options.cache.get('article-pages', { file: a.file, meta: a.meta, blocks: art.blocks, questions: art.questions, footnotes: art.footnotes, part: part ?? null, nested, book: book.meta, setup }, diags, lay) : lay(diags);
  });

  // The TOC's length moves the article pages, which move the index's page numbers and the TOC's own:
  // lay out until the numbers stop moving.
  let destPages = new Map<string, number>();
  let tocPages: PlacedRow[][] = [];
  let indexPages: PlacedRow[][] = [];
  let toc: TocEntry[] = [];
  let index: HandoutIndex = { people: [], numbers: [], terms: [] };
  // Messages from the TOC and index layout: only the last pass's are kept, so none is reported twice.
  let passDiags = new Diagnostics();
  let indexDiags = new Diagnostics();
  let lastIndexKey = '';
  for (let pass = 0; pass < 6; pass++) {
    passDiags = new Diagnostics();
    const built = tocRows(book, analysis, setup, labels, destPages, passDiags);
    tocPages = paginate(built.rows, textHeight);
    toc = built.entries;
    const next = new Map<string, number>();
    const starts: number[] = [];
    let page = 1 + (setup.duplex ? 1 : 0) + tocPages.length;
    articlePages.forEach((pages) => {
      if (setup.duplex && page % 2 === 1) page++; // the article starts on the next odd (right-hand) page
      starts.push(page + 1);
      pages.forEach((rows, i) => {
        for (const { row } of rows) for (const d of row.dests) next.set(d.name, page + i + 1);
      });
      page += pages.length;
    });
    index = indexEntries(analysis, articlePages, starts);
    // The index's rows depend on its entries only: set them again only when a page number in them moved.
    const indexKey = JSON.stringify(index);
    if (indexKey !== lastIndexKey) {
      indexDiags = new Diagnostics();
      indexPages = analysis.hasIndex ? paginate(indexRows(book, setup, labels, index, analysis, indexDiags), textHeight) : [];
      lastIndexKey = indexKey;
    }
    for (const d of indexDiags.items) passDiags.add(d);
    if (setup.duplex && page % 2 === 1) page++;
    indexPages.forEach((rows, i) => {
      for (const { row } of rows) for (const d of row.dests) next.set(d.name, page + i + 1);
    });
    const stable = [...next].every(([k, v]) => destPages.get(k) === v) && next.size === destPages.size;
    destPages = next;
    if (stable && pass > 0) break;
    if (pass === 5) diags.warn(book.metaFile ?? book.root, 0, 0, 'layout:toc', 'the table of contents did not settle in 6 passes; check its page numbers');
  }
  for (const d of passDiags.items) diags.add(d);
  toc = toc.map((e) => ({ ...e, page: destPages.get(e.dest) ?? 0 }));

  // Assemble the pages with their numbers, running heads and folios.
  const pages: Page[] = [];
  const newPage = (kind: Page['kind'], article?: number): Page => {
    const p: Page = { width: setup.width, height: setup.height, number: pages.length + 1, kind, items: [], lines: [], links: [], dests: [], outline: [], ...(article ? { article } : {}) };
    pages.push(p);
    return p;
  };
  titlePage(newPage('title'), book, setup, labels, diags);
  if (setup.duplex) newPage('blank');
  tocPages.forEach((rows, i) => placeRows(newPage('toc'), rows, setup, i === 0 ? null : String(labels.toc)));
  const articleStarts: number[] = [];
  book.articles.forEach((a, ai) => {
    if (setup.duplex && pages.length % 2 === 1) newPage('blank');
    // The article starts on the page with its destination (after its part's opening page, when one comes first).
    const head = Math.max(0, articlePages[ai]!.findIndex((rows) => rows.some(({ row }) => row.dests.some((d) => d.name === articleDest(a)))));
    articleStarts.push(pages.length + 1 + head);
    articlePages[ai]!.forEach((rows, i) => placeRows(newPage('article', a.number), rows, setup, i === 0 || i === head ? null : (a.meta.shortTitle ?? a.meta.title)));
    // Placed pages are copies: let the rows go as soon as they are placed (a big book's peak memory).
    articlePages[ai] = [];
  });
  if (indexPages.length > 0 && setup.duplex && pages.length % 2 === 1) newPage('blank');
  indexPages.forEach((rows, i) => placeRows(newPage('index'), rows, setup, i === 0 ? null : String(labels.index)));
  for (const p of pages) if (p.kind !== 'title' && p.kind !== 'blank') folio(p, setup);
  return { setup, pages, articleStarts, destPages, toc, analysis, index };
}

/** A space between Chinese words in a title (「第一部分 课堂与阅读」) is a separator the reader must see: an ideographic space. */
export function displaySpaces(title: string): string {
  return title.replace(/(?<=\p{Script=Han}) +(?=\p{Script=Han})/gu, '\u3000');
}

/** A part's opening page: its title, large, and its page's text (a folder's README.md), on a page of its own. */
function partRows(part: AnalysedPart, a: Article, setup: PageSetup, diags: Diagnostics, labels: Labels): Row[] {
  const ctx = { ...ctxFor(a.file, `p${part.number}-`, setup, diags), labels };
  const em = setup.bodySize;
  const size = em * 2;
  const title = nest(spanRows([{ text: displaySpaces(part.title), face: 'sansBold', size, color: '#000000' }], { measure: setup.measure, indent: 0, align: 'left', em: size }, 0, Math.round(size * 1.4 * 100) / 100, ctx, false), node(ctx, 'H1'));
  const rows: Row[] = [emptyRow(setup.height * 0.18), ...title];
  rows.forEach((r) => (r.keep = true));
  rows[0]!.pageBreakBefore = true;
  rows[0]!.dests.push({ name: partDest(part.number), y: 0 });
  rows[0]!.outline.push({ title: part.title, level: 1, dest: partDest(part.number) });
  const last = rows[rows.length - 1]!;
  last.height += em * 1.5;
  rows.push(...blockRows(part.blocks, ctx));
  return rows;
}

function articleRows(a: Article, art: AnalysedArticle, book: Book, setup: PageSetup, diags: Diagnostics, labels: Labels, textHeight: number, nested = false): Row[] {
  const ctx = { ...ctxFor(a.file, sectionDestPrefix(a), setup, diags), labels };
  const em = setup.bodySize;
  const t = templates();
  const view = { labels, book: book.meta, article: { ...a.meta } };
  const rows: Row[] = [];
  for (const line of t.lines('article-head.hbs', view)) {
    const rs = roleRows(line.text, line.role, setup, ctx);
    rs.forEach((r) => (r.keep = true));
    if (line.role === 'title' && rs[0]) {
      rs[0].spaceBefore = em * 0.3;
      const last = rs[rs.length - 1]!;
      last.height += em * 0.4;
    }
    rows.push(...rs);
  }
  const rule = emptyRow(em * 1.6, em * 0.4);
  rule.items.push({ kind: 'rule', x1: 0, y1: em * 0.4, x2: setup.measure, y2: em * 0.4, width: 0.6, color: '#999999' });
  rule.keep = true;
  rows.push(rule);
  const first = rows[0] ?? rule;
  first.pageBreakBefore = true;
  first.dests.push({ name: articleDest(a), y: 0 });
  first.outline.push({ title: a.meta.title, level: 1, dest: articleDest(a) });
  rows.push(...blockRows(art.blocks, ctx));
  attachFootnotes(rows, art.footnotes, ctx);
  // The excerpt notice closes the article's text, before its questions.
  for (const line of t.lines('article-end.hbs', view)) {
    const rs = roleRows(line.text, line.role, setup, ctx);
    if (rs[0]) rs[0].spaceBefore = em * 0.8;
    // The closing note is never alone on a page.
    const before = rows[rows.length - 1];
    if (before) before.keep = true;
    rows.push(...rs);
  }
  rows.push(...questionRows(blockRows(art.questions, ctx), textHeight));
  // In a book with parts the outline nests: part, article, sections.
  if (nested) for (const r of rows) r.outline = r.outline.map((o) => ({ ...o, level: o.level + 1 }));
  return rows;
}

/**
 * The questions block stays on one page when it fits one (its rows kept together, as one group); a longer
 * one is parted only between whole questions, its heading kept with the first.
 */
function questionRows(rows: Row[], textHeight: number): Row[] {
  const height = rows.reduce((h, r, i) => h + r.height + (i === 0 ? 0 : r.spaceBefore), 0);
  if (height <= textHeight) {
    const group = {};
    rows.forEach((r, i) => {
      r.group = group;
      if (i < rows.length - 1) r.keep = true;
    });
    return rows;
  }
  // Each question is one paragraph: a new group opens at each first line (the heading goes with the first).
  let group = {};
  let seen = false;
  rows.forEach((r, i) => {
    if (r.lines[0]?.first && !r.heading) {
      if (seen) group = {};
      seen = true;
    }
    r.group = group;
    const next = rows[i + 1];
    if (next && !(next.lines[0]?.first && !next.heading && seen)) r.keep = true;
  });
  return rows;
}

function titlePage(page: Page, book: Book, setup: PageSetup, labels: Labels, diags: Diagnostics): void {
  const ctx = ctxFor(book.metaFile ?? book.root, 'title-', setup, diags);
  const em = setup.bodySize;
  const styles: Record<string, { face: Span['face']; size: number; gap: number }> = {
    title: { face: 'sansBold', size: em * 2.6, gap: 0 },
    subtitle: { face: 'serif', size: em * 1.4, gap: em * 1.2 },
    editor: { face: 'sans', size: em * 1.05, gap: em * 5 },
    date: { face: 'sans', size: em * 1.05, gap: em * 0.6 },
  };
  let y = setup.height * 0.3;
  for (const line of templates().lines('title-page.hbs', { labels, book: book.meta })) {
    const st = styles[line.role] ?? styles.date!;
    const pitch = st.size * 1.45;
    y += st.gap;
    const rs = nest(
      spanRows([{ text: line.text, face: st.face, size: st.size, color: '#000000' }], { measure: setup.measure, indent: 0, align: 'center', em: st.size }, 0, pitch, ctx, false),
      node(ctx, line.role === 'title' ? 'H1' : 'P'),
    );
    placeRows(page, rs.map((row, i) => ({ row, y: y - setup.top + i * pitch })), setup, null);
    y += rs.length * pitch;
  }
}

