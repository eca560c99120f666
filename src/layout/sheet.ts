/** Lays out one article's discussion sheet: outline, key people and numbers, questions with answer lines. */
import type { Analysis } from '../analyse/analysis.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Article, Book } from '../model/types.js';
import { sectionTree } from '../model/walk.js';
import type { Labels } from '../templates.js';
import { ctxFor, folio, placeRows, roleRows, templates } from './furniture.js';
import { node, spanRows } from './blocks.js';
import { pageSetup, type PageSetup, type Paper } from './page-setup.js';
import { paginate } from './paginate.js';
import { emptyRow, nest, type Row } from './rows.js';
import type { Page } from './types.js';

export interface SheetOptions {
  paper?: Paper;
  /** Ruled answer lines under each question, at least (default 5). */
  answerLines?: number;
}

/**
 * One discussion sheet (讨论单): fields to fill in, the article's particulars, its outline, key people and
 * numbers, then each question with ruled lines to answer on. Laid out with the handout's modules; at most
 * two pages (answer space shrinks to the minimum before a third page would be needed).
 */
export function layoutSheet(a: Article, book: Book, analysis: Analysis, labels: Labels, diags: Diagnostics, options: SheetOptions = {}): Page[] {
  const setup = pageSetup(options.paper ?? 'A4', false);
  const minLines = Math.max(1, options.answerLines ?? 5);
  let extra = 1;
  let pages: Page[] = [];
  for (; extra >= 0; extra -= 1) {
    pages = buildPages(sheetRows(a, book, analysis, labels, diags, setup, minLines, extra), setup, a);
    if (pages.length <= 2) break;
  }
  if (pages.length > 2) {
    diags.warn(a.file, 1, 1, 'layout:sheet', `the discussion sheet takes ${pages.length} pages (more than two); fewer questions or --answer-lines would fit it on two`);
  }
  return pages;
}

function buildPages(rows: Row[], setup: PageSetup, a: Article): Page[] {
  const placed = paginate(rows, setup.height - setup.top - setup.bottom);
  return placed.map((rs, i) => {
    const page: Page = { width: setup.width, height: setup.height, number: i + 1, kind: 'article', items: [], lines: [], links: [], dests: [], outline: [], article: a.number };
    placeRows(page, rs, setup, i === 0 ? null : a.meta.title);
    folio(page, setup);
    return page;
  });
}

function sheetRows(a: Article, book: Book, analysis: Analysis, labels: Labels, diags: Diagnostics, setup: PageSetup, minLines: number, extra: number): Row[] {
  const ctx = ctxFor(a.file, `sheet-${a.number}-`, setup, diags);
  const em = setup.bodySize;
  const rows: Row[] = [];

  // Fields: 姓名 ____ 日期 ____ 小组 ____
  const fields = (labels.sheetFields as string[]) ?? [];
  const fieldRow = emptyRow(em * 2.6);
  const slot = setup.measure / Math.max(1, fields.length);
  fields.forEach((f, i) => {
    const x = i * slot;
    const label = nest(spanRows([{ text: `${f}${labels.fieldSeparator as string}`, face: 'sans', size: em, color: '#000000' }], { measure: slot, indent: 0, align: 'left', em }, x, em * 2, ctx, false), node(ctx, 'P'))[0]!;
    const run = label.items.find((it) => it.kind === 'text');
    fieldRow.items.push(...label.items);
    fieldRow.lines.push(...label.lines);
    const start = run && run.kind === 'text' ? run.x + run.width + em * 0.3 : x + em * 3;
    fieldRow.items.push({ kind: 'rule', x1: start, y1: em * 1.55, x2: x + slot - em, y2: em * 1.55, width: 0.6, color: '#000000' });
  });
  const sheetLabel = roleRows(String(labels.sheet), 'kind', setup, ctx);
  rows.push(...sheetLabel, fieldRow);

  // The article's particulars (same wording as the handout's article head).
  for (const line of templates().lines('article-head.hbs', { labels, book: book.meta, article: { ...a.meta } })) {
    if (line.role === 'kind') continue;
    const rs = roleRows(line.text, line.role === 'title' ? 'sheetTitle' : line.role, setup, ctx);
    if (line.role === 'title' && rs[0]) rs[0].spaceBefore = em * 0.8;
    rows.push(...rs);
  }
  const rule = emptyRow(em * 1.2, em * 0.3);
  rule.items.push({ kind: 'rule', x1: 0, y1: em * 0.4, x2: setup.measure, y2: em * 0.4, width: 0.6, color: '#999999' });
  rows.push(rule);

  const section = (title: string) => {
    const rs = nest(spanRows([{ text: title, face: 'sansBold', size: em * 1.05, color: '#000000' }], { measure: setup.measure, indent: 0, align: 'left', em }, 0, em * 1.9, ctx, false), node(ctx, 'H2'));
    rs[0]!.spaceBefore = em * 0.5;
    rs.forEach((r) => (r.keep = true));
    rows.push(...rs);
  };
  const small = (text: string, indent = 0, align: 'justify' | 'left' = 'justify') =>
    rows.push(...nest(spanRows([{ text, face: 'serif', size: em * 0.9, color: '#222222' }], { measure: setup.measure - indent, indent: 0, align, em: em * 0.9 }, indent, em * 1.55, ctx, false), node(ctx, 'P')));

  const outline = sectionTree(a);
  if (outline.length > 0) {
    section(String(labels.outline));
    // A long article's outline is cut to its first 12 sections, so the sheet stays a sheet.
    outline.slice(0, 12).forEach((s, i) => small(`${i + 1}. ${s.title}${s.children.length ? `（${s.children.map((c) => c.title).join('；')}）` : ''}`, em));
    if (outline.length > 12) small(String(labels.moreSections).replace("{n}", String(outline.length - 12)), em);
  }
  const names = [...(analysis.entitiesByArticle[a.number - 1] ?? [])].map((i) => book.glossary[i]!.name);
  if (names.length > 0) {
    section(String(labels.keyPeople));
    small(names.join(labels.nameSeparator as string), em, 'left');
  }
  const nums = (analysis.numbers[a.number - 1] ?? []).filter((n) => n.kind === 'money' || n.kind === 'percent').slice(0, 5);
  if (nums.length > 0) {
    section(String(labels.keyNumbers));
    for (const n of nums) small(`${n.text}：${n.context}`, em);
  }

  if (a.meta.questions.length > 0) {
    section(String(labels.questions));
    a.meta.questions.forEach((q, i) => {
      const qRows = nest(spanRows([{ text: `${i + 1}. ${q}`, face: 'serif', size: em, color: '#000000' }], { measure: setup.measure, indent: 0, align: 'justify', em }, 0, setup.pitch, ctx, false), node(ctx, 'P'));
      qRows[0]!.spaceBefore = em * 0.6;
      qRows.forEach((r) => (r.keep = true));
      rows.push(...qRows);
      // Answer space sized to the question: longer questions ask for longer answers.
      const lines = minLines + extra * Math.min(3, Math.floor([...q].length / 20));
      for (let k = 0; k < lines; k++) {
        const r = emptyRow(em * 2.0);
        r.items.push({ kind: 'rule', x1: 0, y1: em * 1.85, x2: setup.measure, y2: em * 1.85, width: 0.4, color: '#9a9a9a' });
        r.keep = k < 1; // the question keeps at least one of its lines
        rows.push(r);
      }
    });
  }
  return rows;
}
