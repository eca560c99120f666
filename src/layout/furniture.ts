/** Page furniture and shared layout helpers: rows placed on a page, running heads, folios, one-line roles. */
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { sharedMetrics } from '../fonts/metrics.js';
import { TEMPLATES_DIR, TemplateSet } from '../templates.js';
import { node, spanRows, type BlockContext } from './blocks.js';
import { leftEdge, type PageSetup } from './page-setup.js';
import type { PlacedRow } from './paginate.js';
import { typesetParagraph, type Span } from './paragraph.js';
import { nest, type Row } from './rows.js';
import type { Page, PageItem, TextRun } from './types.js';

export const GREY = '#555555';
const HEAD_GREY = '#666666';

let pdfTemplates: TemplateSet | undefined;
/** The PDF's line templates (templates/pdf): wording and order of the title page, heads and notes. */
export function templates(): TemplateSet {
  pdfTemplates ??= new TemplateSet(path.join(TEMPLATES_DIR, 'pdf'), { escape: false });
  return pdfTemplates;
}

export const metrics = sharedMetrics;

export function ctxFor(file: string, destPrefix: string, setup: PageSetup, diags: Diagnostics): BlockContext {
  return { setup, metrics: metrics(), diags, file, destPrefix, seq: { n: 0 } };
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
    case 'svg':
    case 'dot':
      return { ...it, x: it.x + dx, y: it.y + dy };
  }
}

/** A one-line text run, cut with … to fit `max` width. */
function fitRun(text: string, face: TextRun['face'], size: number, max: number, color: string): TextRun {
  const m = metrics();
  let t = text;
  while (t.length > 1 && m.width(t, face, size) > max) t = t.slice(0, -2) + '…';
  return { kind: 'text', x: 0, y: 0, text: t, face, size, spacing: 0, features: [], width: m.width(t, face, size), glyphs: m.glyphRun(t, face), color };
}

const headCache = new Map<string, { runs: TextRun[]; width: number }>();

/** Marks a running head is cut before: the end of a clause. */
const CLAUSE_END = new Set('：:，,；;。！？!?、—');
const OPEN = new Set('（［｛〔〈《「『【“‘([{');
const CLOSE = new Set('）］｝〕〉》」』】”’)]}');

/**
 * Where a running head may be cut: before each clause-ending mark (the head keeps the clauses before it),
 * and, failing that, at each space; never inside quotes or brackets. Longest first.
 */
function headCuts(text: string): { clauses: number[]; words: number[] } {
  const clauses: number[] = [];
  const words: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (OPEN.has(ch)) depth++;
    else if (CLOSE.has(ch)) depth = Math.max(0, depth - 1);
    if (depth > 0 || i === 0) continue;
    if (CLAUSE_END.has(ch)) clauses.push(i);
    else if (ch === ' ') words.push(i);
  }
  return { clauses: clauses.reverse(), words: words.reverse() };
}

/**
 * The running head: the article's short title or its title, set like any text (¼ em at Chinese–Latin
 * boundaries) on one line. Too long a title is cut at the end of its longest opening clause that fits,
 * else at a space with …, never inside quotes or brackets (only a title with no such place is cut anywhere).
 */
function runningHead(page: Page, setup: PageSetup, text: string): void {
  const x0 = leftEdge(setup, page.number);
  const size = setup.bodySize * 0.8;
  const max = setup.measure * 0.8;
  const key = `${metrics().faceKey('sans')}\u0000${setup.paper}\u0000${text}`;
  let head = headCache.get(key);
  if (!head) {
    const set = (t: string) => typesetParagraph([{ text: t, face: 'sans', size, color: HEAD_GREY }], { measure: max, indent: 0, align: 'left', em: size }, metrics());
    let lines = set(text);
    if (lines.length > 1) {
      const { clauses, words } = headCuts(text);
      const trim = (t: string) => t.replace(/[\s“‘（《「—]+$/u, '');
      const tries = [...clauses.map((i) => trim(text.slice(0, i))), ...words.map((i) => trim(text.slice(0, i)) + '…')];
      const fit = tries.map(set).find((ls) => ls.length === 1 && ls[0]!.text.length > 0);
      if (fit) lines = fit;
      else {
        let chars = [...text];
        while (lines.length > 1 && chars.length > 1) {
          chars = chars.slice(0, -1);
          lines = set(trim(chars.join('')) + '…');
        }
      }
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

/** Rows of one line role: its style, set in the text block. */
export function roleRows(text: string, role: string, setup: PageSetup, ctx: BlockContext): Row[] {
  const em = setup.bodySize;
  // Titles and headings are display type: ragged, balanced, broken between words (paragraph.ts).
  const styles: Record<string, { face: Span['face']; size: number; color: string; align: 'left' | 'center' | 'justify'; lead: number; display?: boolean }> = {
    kind: { face: 'sans', size: em * 0.85, color: GREY, align: 'left', lead: 1.6 },
    title: { face: 'sansBold', size: em * 1.75, color: '#000000', align: 'left', lead: 1.4, display: true },
    sheetTitle: { face: 'sansBold', size: em * 1.45, color: '#000000', align: 'left', lead: 1.4, display: true },
    byline: { face: 'sans', size: em * 0.9, color: '#333333', align: 'left', lead: 1.6 },
    note: { face: 'sans', size: em * 0.85, color: GREY, align: 'justify', lead: 1.6 },
    heading: { face: 'sansBold', size: em * 1.6, color: '#000000', align: 'left', lead: 1.5, display: true },
  };
  const st = styles[role] ?? styles.byline!;
  const pitch = Math.round(st.size * st.lead * 100) / 100;
  const style = { measure: setup.measure, indent: 0, align: st.align, em: st.size, ...(st.display ? { display: true } : {}) };
  const rows = spanRows([{ text, face: st.face, size: st.size, color: st.color }], style, 0, pitch, ctx, false);
  if (st.display) for (const r of rows) r.heading = true;
  return nest(rows, node(ctx, role === 'title' || role === 'heading' || role === 'sheetTitle' ? 'H1' : 'P'));
}

