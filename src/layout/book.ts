import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { Article, Book } from '../model/types.js';
import { inlineText } from '../model/walk.js';
import { loadLabels, TEMPLATES_DIR, TemplateSet, type Labels } from '../render/templates.js';
import { blockRows, spanRows, type BlockContext } from './blocks.js';
import { FontMetrics } from './fonts.js';
import { leftEdge, pageSetup, type PageSetup, type Paper } from './page-setup.js';
import { paginate, type PlacedRow } from './paginate.js';
import type { Span } from './paragraph.js';
import { emptyRow, type Row } from './rows.js';
import type { Page, PageItem, TextRun } from './types.js';

export interface LayoutOptions {
  paper?: Paper;
  duplex?: boolean;
}

export interface BookLayout {
  setup: PageSetup;
  pages: Page[];
  /** Page number on which each article starts, in article order. */
  articleStarts: number[];
  /** Page number of each named destination. */
  destPages: Map<string, number>;
  /** The TOC as set: entry title, destination, page number shown. */
  toc: { title: string; level: number; dest: string; page: number }[];
}

const GREY = '#555555';
const HEAD_GREY = '#777777';

let pdfTemplates: TemplateSet | undefined;
function templates(): TemplateSet {
  pdfTemplates ??= new TemplateSet(path.join(TEMPLATES_DIR, 'pdf'), { escape: false });
  return pdfTemplates;
}

/** One metrics object per process: font parsing and glyph widths are shared by every layout. */
let sharedMetrics: FontMetrics | undefined;
export function metrics(): FontMetrics {
  sharedMetrics ??= new FontMetrics();
  return sharedMetrics;
}

export function articleDest(a: Article): string {
  return `art-${a.number}`;
}

export function sectionDestPrefix(a: Article): string {
  return `a${a.number}-`;
}

/** Lays out the whole handout: title page, table of contents with real page numbers, articles. */
export function layoutBook(book: Book, diags: Diagnostics, options: LayoutOptions = {}): BookLayout {
  const setup = pageSetup(options.paper ?? 'A4', options.duplex ?? false);
  const m = metrics();
  const labels = loadLabels(book.meta.language);
  const textHeight = setup.height - setup.top - setup.bottom;

  const articlePages = book.articles.map((a) => paginate(articleRows(a, book, setup, diags, labels), textHeight));

  // The TOC's length can change its own page numbers: lay it out until the numbers stop moving.
  let destPages = new Map<string, number>();
  let tocPages: PlacedRow[][] = [];
  let toc: BookLayout['toc'] = [];
  for (let pass = 0; pass < 5; pass++) {
    const built = tocRows(book, setup, labels, destPages);
    tocPages = paginate(built.rows, textHeight);
    toc = built.entries;
    const next = new Map<string, number>();
    let page = 1 + (setup.duplex ? 1 : 0) + tocPages.length;
    articlePages.forEach((pages) => {
      if (setup.duplex && page % 2 === 1) page++; // the article starts on the next odd (right-hand) page
      pages.forEach((rows, i) => {
        for (const { row } of rows) for (const d of row.dests) next.set(d.name, page + i + 1);
      });
      page += pages.length;
    });
    const stable = [...next].every(([k, v]) => destPages.get(k) === v) && next.size === destPages.size;
    destPages = next;
    if (stable && pass > 0) break;
  }
  toc = toc.map((e) => ({ ...e, page: destPages.get(e.dest) ?? 0 }));

  // Assemble the pages with their numbers, running heads and folios.
  const pages: Page[] = [];
  const newPage = (kind: Page['kind'], article?: number): Page => {
    const p: Page = { width: setup.width, height: setup.height, number: pages.length + 1, kind, items: [], lines: [], links: [], dests: [], outline: [], ...(article ? { article } : {}) };
    pages.push(p);
    return p;
  };
  titlePage(newPage('title'), book, setup, labels);
  if (setup.duplex) newPage('blank');
  tocPages.forEach((rows, i) => placeRows(newPage('toc'), rows, setup, i === 0 ? null : String(labels.toc)));
  const articleStarts: number[] = [];
  book.articles.forEach((a, ai) => {
    if (setup.duplex && pages.length % 2 === 1) newPage('blank');
    articleStarts.push(pages.length + 1);
    articlePages[ai]!.forEach((rows, i) => placeRows(newPage('article', a.number), rows, setup, i === 0 ? null : a.meta.title));
  });
  for (const p of pages) if (p.kind !== 'title' && p.kind !== 'blank') folio(p, setup);
  return { setup, pages, articleStarts, destPages, toc };
}

/** Puts paginated rows on a page: text block offset, running head (none on a part's first page). */
function placeRows(page: Page, rows: PlacedRow[], setup: PageSetup, head: string | null): void {
  const x0 = leftEdge(setup, page.number);
  const y0 = setup.top;
  for (const { row, y } of rows) {
    const dy = y0 + y;
    for (const it of row.items) page.items.push(shift(it, x0, dy));
    for (const l of row.lines) page.lines.push({ ...l, x: l.x + x0, y: l.y + dy, runs: l.runs.map((r) => shift(r, x0, dy) as TextRun) });
    for (const l of row.links) page.links.push({ ...l, x: l.x + x0, y: l.y + dy });
    for (const d of row.dests) page.dests.push({ name: d.name, y: d.y + dy });
    page.outline.push(...row.outline);
  }
  if (head) runningHead(page, setup, head);
}

function shift(it: PageItem, dx: number, dy: number): PageItem {
  switch (it.kind) {
    case 'text':
      return { ...it, x: it.x + dx, y: it.y + dy };
    case 'rule':
      return { ...it, x1: it.x1 + dx, x2: it.x2 + dx, y1: it.y1 + dy, y2: it.y2 + dy };
    case 'rect':
    case 'image':
    case 'dot':
      return { ...it, x: it.x + dx, y: it.y + dy };
  }
}

/** A one-line text run, cut with … to fit `max` width. */
function fitRun(text: string, face: TextRun['face'], size: number, max: number, color: string): TextRun {
  const m = metrics();
  let t = text;
  while (t.length > 1 && m.width(t, face, size) > max) t = t.slice(0, -2) + '…';
  return { kind: 'text', x: 0, y: 0, text: t, face, size, spacing: 0, features: [], width: m.width(t, face, size), color };
}

function runningHead(page: Page, setup: PageSetup, text: string): void {
  const x0 = leftEdge(setup, page.number);
  const run = fitRun(text, 'sans', setup.bodySize * 0.8, setup.measure * 0.8, HEAD_GREY);
  const right = setup.duplex && page.number % 2 === 1;
  const centred = !setup.duplex;
  run.x = centred ? x0 + (setup.measure - run.width) / 2 : right ? x0 + setup.measure - run.width : x0;
  run.y = setup.headY;
  page.items.push(run, { kind: 'rule', x1: x0, y1: setup.headY + 6, x2: x0 + setup.measure, y2: setup.headY + 6, width: 0.4, color: '#999999' });
}

function folio(page: Page, setup: PageSetup): void {
  const x0 = leftEdge(setup, page.number);
  const run = fitRun(String(page.number), 'sans', setup.bodySize * 0.85, setup.measure, GREY);
  run.x = x0 + (setup.measure - run.width) / 2;
  run.y = setup.footY;
  page.items.push(run);
}

function ctxFor(file: string, destPrefix: string, setup: PageSetup, diags: Diagnostics): BlockContext {
  return { setup, metrics: metrics(), diags, file, destPrefix };
}

/** Rows of one line role: its style, set in the text block. */
function roleRows(text: string, role: string, setup: PageSetup, ctx: BlockContext): Row[] {
  const em = setup.bodySize;
  const styles: Record<string, { face: Span['face']; size: number; color: string; align: 'left' | 'center' | 'justify'; lead: number }> = {
    kind: { face: 'sans', size: em * 0.85, color: GREY, align: 'left', lead: 1.6 },
    title: { face: 'sansBold', size: em * 1.75, color: '#000000', align: 'justify', lead: 1.4 },
    byline: { face: 'sans', size: em * 0.9, color: '#333333', align: 'left', lead: 1.6 },
    note: { face: 'sans', size: em * 0.85, color: GREY, align: 'justify', lead: 1.6 },
    heading: { face: 'sansBold', size: em * 1.6, color: '#000000', align: 'left', lead: 1.5 },
  };
  const st = styles[role] ?? styles.byline!;
  const pitch = Math.round(st.size * st.lead * 100) / 100;
  return spanRows([{ text, face: st.face, size: st.size, color: st.color }], { measure: setup.measure, indent: 0, align: st.align, em: st.size }, 0, pitch, ctx, false);
}

function articleRows(a: Article, book: Book, setup: PageSetup, diags: Diagnostics, labels: Labels): Row[] {
  const ctx = ctxFor(a.file, sectionDestPrefix(a), setup, diags);
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
  rows.push(...blockRows(a.blocks, ctx));
  for (const line of t.lines('article-end.hbs', view)) {
    const rs = roleRows(line.text, line.role, setup, ctx);
    if (rs[0]) rs[0].spaceBefore = em * 1.5;
    rows.push(...rs);
  }
  return rows;
}

function tocRows(book: Book, setup: PageSetup, labels: Labels, destPages: Map<string, number>) {
  const ctx = ctxFor(book.metaFile ?? book.root, 'toc-', setup, { warn() {}, error() {} } as unknown as Diagnostics);
  const m = metrics();
  const em = setup.bodySize;
  const rows: Row[] = [];
  const entries: BookLayout['toc'] = [];
  for (const line of templates().lines('toc-head.hbs', { labels, book: book.meta })) {
    const rs = roleRows(line.text, line.role, setup, ctx);
    const last = rs[rs.length - 1];
    if (last) last.height += em * 1.2;
    rows.push(...rs);
  }
  const numberW = em * 3;
  const entry = (title: string, dest: string, level: number) => {
    const page = destPages.get(dest);
    entries.push({ title, level, dest, page: page ?? 0 });
    const size = level === 1 ? em : em * 0.9;
    const indent = level === 1 ? 0 : em * 2;
    const face = level === 1 ? 'sans' : 'serif';
    const pitch = Math.round(size * 1.7 * 100) / 100;
    const rs = spanRows([{ text: title, face, size, color: '#000000' }], { measure: setup.measure - indent - numberW - em, indent: 0, align: 'left', em: size }, indent, pitch, ctx, false);
    const last = rs[rs.length - 1];
    if (!last) return;
    const num = String(page ?? 888);
    const nw = m.width(num, 'sans', size);
    const line = last.lines[last.lines.length - 1]!;
    const textRight = line.runs.length ? Math.max(...line.runs.map((r) => r.x + r.width)) : indent;
    last.items.push({ kind: 'rule', x1: textRight + em * 0.5, y1: line.y, x2: setup.measure - nw - em * 0.4, y2: line.y, width: 0.9, color: '#888888', dotted: true });
    last.items.push({ kind: 'text', x: setup.measure - nw, y: line.y, text: num, face: 'sans', size, spacing: 0, features: [], width: nw, color: '#000000' });
    rs.forEach((r) => r.links.push({ x: indent, y: 0, w: setup.measure - indent, h: r.height, dest }));
    rs.forEach((r, i) => (r.keep = i < rs.length - 1));
    if (rs[0]) rs[0].spaceBefore = level === 1 ? em * 0.7 : 0;
    rows.push(...rs);
  };
  for (const a of book.articles) {
    entry(a.meta.title, articleDest(a), 1);
    for (const b of a.blocks) if (b.type === 'heading' && b.level === 2) entry(inlineText(b.children), `${sectionDestPrefix(a)}${b.id}`, 2);
  }
  return { rows, entries };
}

function titlePage(page: Page, book: Book, setup: PageSetup, labels: Labels): void {
  const ctx = ctxFor(book.metaFile ?? book.root, 'title-', setup, { warn() {}, error() {} } as unknown as Diagnostics);
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
    const rs = spanRows([{ text: line.text, face: st.face, size: st.size, color: '#000000' }], { measure: setup.measure, indent: 0, align: 'center', em: st.size }, 0, pitch, ctx, false);
    placeRows(page, rs.map((row, i) => ({ row, y: y - setup.top + i * pitch })), setup, null);
    y += rs.length * pitch;
  }
}
