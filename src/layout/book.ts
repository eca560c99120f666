import path from 'node:path';
import { Diagnostics } from '../diagnostics.js';
import { analyse, pageRanges, type Analysis } from '../analyse/analysis.js';
import { EntityMatcher } from '../analyse/entities.js';
import { compareNames, letterOf } from '../analyse/sort.js';
import type { Article, Block, Book } from '../model/types.js';
import { inlineText } from '../model/walk.js';
import { loadLabels, TEMPLATES_DIR, TemplateSet, type Labels } from '../templates.js';
import { blockRows, node, spanRows, type BlockContext } from './blocks.js';
import { FontMetrics } from '../fonts/metrics.js';
import { leftEdge, pageSetup, type PageSetup, type Paper } from './page-setup.js';
import { paginate, type PlacedRow } from './paginate.js';
import { typesetParagraph, type Span } from './paragraph.js';
import { emptyRow, nest, type Row } from './rows.js';
import type { LayoutCache, Page, PageItem, TextRun } from './types.js';

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
  toc: { title: string; level: number; dest: string; page: number }[];
  analysis: Analysis;
  /** The index as set: each glossary entry named in the text with its pages, each key number with its page. */
  index: { people: { name: string; pages: number[] }[]; numbers: { article: number; text: string; context: string; page: number }[] };
}

const GREY = '#555555';
const HEAD_GREY = '#777777';

let pdfTemplates: TemplateSet | undefined;
export function templates(): TemplateSet {
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
  const labels = loadLabels(book.meta.labels ?? book.meta.language);
  const textHeight = setup.height - setup.top - setup.bottom;

  const analysis = analyse(book);
  // Each article's pages depend on the article, the book's metadata (its wording in the heads) and the page
  // set-up only: in watch mode an unchanged article's pages come from the cache.
  const articlePages = book.articles.map((a) => {
    const lay = (d: Diagnostics) => paginate(articleRows(a, book, setup, d, labels), textHeight);
    return options.cache ? options.cache.get('article-pages', { a, meta: book.meta, setup }, diags, lay) : lay(diags);
  });

  // The TOC's length moves the article pages, which move the index's page numbers and the TOC's own:
  // lay out until the numbers stop moving.
  let destPages = new Map<string, number>();
  let tocPages: PlacedRow[][] = [];
  let indexPages: PlacedRow[][] = [];
  let toc: BookLayout['toc'] = [];
  let index: BookLayout['index'] = { people: [], numbers: [] };
  // Messages from the TOC and index layout: only the last pass's are kept, so none is reported twice.
  let passDiags = new Diagnostics();
  let indexDiags = new Diagnostics();
  let lastIndexKey = '';
  for (let pass = 0; pass < 6; pass++) {
    passDiags = new Diagnostics();
    const built = tocRows(book, setup, labels, destPages, analysis, passDiags);
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
    index = indexEntries(book, analysis, articlePages, starts);
    // The index's rows depend on its entries only: set them again only when a page number in them moved.
    const indexKey = JSON.stringify(index);
    if (indexKey !== lastIndexKey) {
      indexDiags = new Diagnostics();
      indexPages = analysis.hasPeople || analysis.hasNumbers ? paginate(indexRows(book, setup, labels, index, analysis, indexDiags), textHeight) : [];
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
    articleStarts.push(pages.length + 1);
    articlePages[ai]!.forEach((rows, i) => placeRows(newPage('article', a.number), rows, setup, i === 0 ? null : a.meta.title));
    // Placed pages are copies: let the rows go as soon as they are placed (a big book's peak memory).
    articlePages[ai] = [];
  });
  if (indexPages.length > 0 && setup.duplex && pages.length % 2 === 1) newPage('blank');
  indexPages.forEach((rows, i) => placeRows(newPage('index'), rows, setup, i === 0 ? null : String(labels.index)));
  for (const p of pages) if (p.kind !== 'title' && p.kind !== 'blank') folio(p, setup);
  return { setup, pages, articleStarts, destPages, toc, analysis, index };
}

/** Puts paginated rows on a page: text block offset, running head (none on a part's first page). */
export function placeRows(page: Page, rows: PlacedRow[], setup: PageSetup, head: string | null): void {
  const x0 = leftEdge(setup, page.number);
  const y0 = setup.top;
  for (const { row, y } of rows) {
    const dy = y0 + y;
    // A line's runs are items of its row too: shift each once and share it (half the memory on big books).
    const moved = new Map<PageItem, PageItem>();
    for (const it of row.items) {
      const m = shift(it, x0, dy);
      moved.set(it, m);
      page.items.push(m);
    }
    for (const l of row.lines) page.lines.push({ ...l, x: l.x + x0, y: l.y + dy, runs: l.runs.map((r) => (moved.get(r) ?? shift(r, x0, dy)) as TextRun) });
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

const headCache = new Map<string, { runs: TextRun[]; width: number }>();

/** The running head, set like any text (¼ em at Chinese–Latin boundaries), cut with … to one line. */
function runningHead(page: Page, setup: PageSetup, text: string): void {
  const x0 = leftEdge(setup, page.number);
  const size = setup.bodySize * 0.8;
  const max = setup.measure * 0.8;
  const key = `${metrics().faceKey('sans')}\u0000${setup.paper}\u0000${text}`;
  let head = headCache.get(key);
  if (!head) {
    const set = (t: string) => typesetParagraph([{ text: t, face: 'sans', size, color: HEAD_GREY }], { measure: max, indent: 0, align: 'left', em: size }, metrics());
    let chars = [...text];
    let lines = set(text);
    while (lines.length > 1 && chars.length > 1) {
      chars = chars.slice(0, -1);
      lines = set(chars.join('').replace(/[\s“‘（《「]+$/u, '') + '…');
    }
    const line = lines[0]!;
    head = { runs: line.runs, width: line.right - line.left };
    headCache.set(key, head);
  }
  const right = setup.duplex && page.number % 2 === 1;
  const dx = !setup.duplex ? x0 + (setup.measure - head.width) / 2 : right ? x0 + setup.measure - head.width : x0;
  for (const r of head.runs) page.items.push({ ...r, x: r.x + dx, y: setup.headY, pagination: true });
  page.items.push({ kind: 'rule', x1: x0, y1: setup.headY + 6, x2: x0 + setup.measure, y2: setup.headY + 6, width: 0.4, color: '#999999', pagination: true });
}

export function folio(page: Page, setup: PageSetup): void {
  const x0 = leftEdge(setup, page.number);
  const run = fitRun(String(page.number), 'sans', setup.bodySize * 0.85, setup.measure, GREY);
  run.x = x0 + (setup.measure - run.width) / 2;
  run.y = setup.footY;
  page.items.push({ ...run, pagination: true });
}

export function ctxFor(file: string, destPrefix: string, setup: PageSetup, diags: Diagnostics): BlockContext {
  return { setup, metrics: metrics(), diags, file, destPrefix, seq: { n: 0 } };
}

/** Rows of one line role: its style, set in the text block. */
export function roleRows(text: string, role: string, setup: PageSetup, ctx: BlockContext): Row[] {
  const em = setup.bodySize;
  const styles: Record<string, { face: Span['face']; size: number; color: string; align: 'left' | 'center' | 'justify'; lead: number }> = {
    kind: { face: 'sans', size: em * 0.85, color: GREY, align: 'left', lead: 1.6 },
    title: { face: 'sansBold', size: em * 1.75, color: '#000000', align: 'justify', lead: 1.4 },
    sheetTitle: { face: 'sansBold', size: em * 1.45, color: '#000000', align: 'left', lead: 1.4 },
    byline: { face: 'sans', size: em * 0.9, color: '#333333', align: 'left', lead: 1.6 },
    note: { face: 'sans', size: em * 0.85, color: GREY, align: 'justify', lead: 1.6 },
    heading: { face: 'sansBold', size: em * 1.6, color: '#000000', align: 'left', lead: 1.5 },
  };
  const st = styles[role] ?? styles.byline!;
  const pitch = Math.round(st.size * st.lead * 100) / 100;
  const rows = spanRows([{ text, face: st.face, size: st.size, color: st.color }], { measure: setup.measure, indent: 0, align: st.align, em: st.size }, 0, pitch, ctx, false);
  return nest(rows, node(ctx, role === 'title' || role === 'heading' || role === 'sheetTitle' ? 'H1' : 'P'));
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
  rows.push(...blockRows(questionBlocks(a, labels), ctx));
  for (const line of t.lines('article-end.hbs', view)) {
    const rs = roleRows(line.text, line.role, setup, ctx);
    if (rs[0]) rs[0].spaceBefore = em * 1.5;
    // The closing note is never alone on a page.
    const before = rows[rows.length - 1];
    if (before) before.keep = true;
    rows.push(...rs);
  }
  return rows;
}

function tocRows(book: Book, setup: PageSetup, labels: Labels, destPages: Map<string, number>, analysis: Analysis, diags: Diagnostics) {
  const ctx = ctxFor(book.metaFile ?? book.root, 'toc-', setup, diags);
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
  const tocNode = node(ctx, 'TOC');
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
    nest(nest(rs, node(ctx, 'TOCI')), tocNode);
    // An article's entry never ends a TOC page without its first section below it.
    rs.forEach((r, i) => (r.keep = i < rs.length - 1 || level === 1));
    if (rs[0]) rs[0].spaceBefore = level === 1 ? em * 0.7 : 0;
    rows.push(...rs);
  };
  for (const a of book.articles) {
    entry(a.meta.title, articleDest(a), 1);
    for (const b of [...a.blocks, ...questionBlocks(a, labels)]) if (b.type === 'heading' && b.level === 2) entry(inlineText(b.children), `${sectionDestPrefix(a)}${b.id}`, 2);
  }
  if (analysis.hasPeople || analysis.hasNumbers) {
    entry(String(labels.index), 'index', 1);
    if (analysis.hasPeople) entry(String(labels.indexPeople), 'index-people', 2);
    if (analysis.hasNumbers) entry(String(labels.indexNumbers), 'index-numbers', 2);
  }
  return { rows, entries };
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

/** The questions at an article's end, as blocks: a heading and a numbered list. */
export function questionBlocks(a: Article, labels: Labels): Block[] {
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

/** Which pages name each glossary entry, and on which page each key number stands, read off the laid-out article pages. */
function indexEntries(book: Book, analysis: Analysis, articlePages: PlacedRow[][][], starts: number[]): BookLayout['index'] {
  const matcher = new EntityMatcher(book.glossary);
  const pagesOf = new Map<number, Set<number>>();
  const numbers: BookLayout['index']['numbers'] = [];
  articlePages.forEach((pages, ai) => {
    // A page's text as read: lines joined without a space, except between two Latin words.
    const texts = pages.map((rows) =>
      rows
        .flatMap(({ row }) => row.lines.map((l) => l.text))
        .reduce((acc, t) => acc + (/[A-Za-z0-9]$/.test(acc) && /^[A-Za-z0-9]/.test(t) ? ' ' : '') + t, ''),
    );
    texts.forEach((text, i) => {
      for (const h of matcher.find(text)) {
        const set = pagesOf.get(h.entry) ?? new Set<number>();
        set.add(starts[ai]! + i);
        pagesOf.set(h.entry, set);
      }
    });
    // A number's page: where its clause is, read across page ends.
    const flat = texts.map((t) => t.replace(/\s+/g, ''));
    const joined = flat.join('');
    const offsets = flat.map((_, i) => flat.slice(0, i).reduce((n, t) => n + t.length, 0));
    let from = 0;
    for (const n of analysis.numbers[ai] ?? []) {
      const probe = n.context.replace(/^…/, '').replace(/\s+/g, '');
      const figure = n.text.split('、')[0]!.replace(/\s+/g, '');
      let at = joined.indexOf(probe, from);
      if (at < 0) at = joined.indexOf(probe);
      const pos = at >= 0 ? at + Math.max(0, probe.indexOf(figure)) : joined.indexOf(figure);
      if (at >= 0) from = at;
      let page = 0;
      offsets.forEach((o, i) => {
        if (pos >= o) page = i;
      });
      numbers.push({ article: ai + 1, text: n.text, context: n.context, page: starts[ai]! + page });
    }
  });
  const people = book.glossary
    .map((e, i) => ({ name: e.name, pages: [...(pagesOf.get(i) ?? [])].sort((a, b) => a - b) }))
    .filter((e) => e.pages.length > 0)
    .sort((a, b) => compareNames(a.name, b.name));
  return { people, numbers };
}

function indexRows(book: Book, setup: PageSetup, labels: Labels, index: BookLayout['index'], analysis: Analysis, diags: Diagnostics): Row[] {
  const ctx = ctxFor(book.metaFile ?? book.root, 'index-', setup, diags);
  const em = setup.bodySize;
  const rows: Row[] = [];
  const head = roleRows(String(labels.index), 'heading', setup, ctx);
  head[0]!.pageBreakBefore = true;
  head[0]!.dests.push({ name: 'index', y: 0 });
  head[0]!.outline.push({ title: String(labels.index), level: 1, dest: 'index' });
  head[head.length - 1]!.height += em * 0.4;
  rows.push(...head);
  rows.push(...roleRows(String(labels.indexNote), 'note', setup, ctx));
  const section = (title: string, dest: string) => {
    const rs = nest(spanRows([{ text: title, face: 'sansBold', size: em * 1.3, color: '#000000' }], { measure: setup.measure, indent: 0, align: 'left', em: em * 1.3 }, 0, em * 2.2, ctx, false), node(ctx, 'H2'));
    rs[0]!.spaceBefore = em * 1.2;
    rs[0]!.dests.push({ name: dest, y: 0 });
    rs[0]!.outline.push({ title, level: 2, dest });
    rs.forEach((r) => (r.keep = true));
    rows.push(...rs);
  };
  const line = (spans: Span[], indent: number, hang: number) =>
    nest(
      spanRows(spans, { measure: setup.measure - indent, indent: 0, align: 'justify', em }, indent, em * 1.6, ctx, false).map((r, i) => {
        if (i > 0) for (const it of r.items) if (it.kind === 'text') it.x += hang;
        return r;
      }),
      node(ctx, 'P'),
    );
  const byName = new Map(book.glossary.map((e) => [e.name, e]));
  if (analysis.hasPeople) {
    section(String(labels.indexPeople), 'index-people');
    let letter = '';
    for (const p of index.people) {
      const l = letterOf(p.name);
      if (l !== letter) {
        letter = l;
        const lr = nest(spanRows([{ text: l, face: 'sansBold', size: em * 1.05, color: '#555555' }], { measure: setup.measure, indent: 0, align: 'left', em }, 0, em * 1.8, ctx, false), node(ctx, 'H3'));
        lr[0]!.spaceBefore = em * 0.6;
        lr[0]!.keep = true;
        rows.push(...lr);
      }
      const e = byName.get(p.name)!;
      const other = e.aliases.find((a) => /\p{Script=Han}/u.test(a) !== /\p{Script=Han}/u.test(e.name) && a.includes(' ')) ?? e.aliases.find((a) => /\p{Script=Han}/u.test(a) !== /\p{Script=Han}/u.test(e.name));
      const spans: Span[] = [{ text: e.name + (other ? `（${other}）` : ''), face: 'serif', size: em, color: '#000000' }];
      if (e.description) spans.push({ text: `　${e.description}`, face: 'serif', size: em * 0.85, color: '#555555' });
      spans.push({ text: `　${pageRanges(p.pages)}`, face: 'sans', size: em * 0.9, color: '#000000' });
      rows.push(...line(spans, em, em));
    }
  }
  if (analysis.hasNumbers) section(String(labels.indexNumbers), 'index-numbers');
  for (const a of book.articles) {
    const nums = index.numbers.filter((n) => n.article === a.number);
    if (nums.length === 0) continue;
    const t = nest(spanRows([{ text: a.meta.title, face: 'sansBold', size: em * 0.95, color: '#333333' }], { measure: setup.measure, indent: 0, align: 'justify', em: em * 0.95 }, 0, em * 1.7, ctx, false), node(ctx, 'H3'));
    t[0]!.spaceBefore = em * 0.8;
    t.forEach((r) => (r.keep = true));
    rows.push(...t);
    const m = metrics();
    const numberW = em * 2.5;
    for (const n of nums) {
      // Figure and clause set to the measure, the page number in a column at the right margin.
      const rs = spanRows(
        [
          { text: n.text, face: 'serifBold', size: em * 0.95, color: '#000000' },
          { text: `　${n.context}`, face: 'serif', size: em * 0.85, color: '#444444' },
        ],
        { measure: setup.measure - em - numberW, indent: 0, align: 'justify', em },
        em,
        em * 1.6,
        ctx,
        false,
      );
      const last = rs[rs.length - 1]!;
      const y = last.lines[last.lines.length - 1]!.y;
      const num = String(n.page);
      const entryNode = node(ctx, 'P');
      const nw = m.width(num, 'sans', em * 0.85);
      last.items.push({ kind: 'text', x: setup.measure - nw, y, text: num, face: 'sans', size: em * 0.85, spacing: 0, features: [], width: nw, color: '#000000' });
      nest(rs, entryNode);
      rs.forEach((r, i) => (r.keep = i < rs.length - 1));
      rows.push(...rs);
    }
  }
  return rows;
}
