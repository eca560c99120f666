/** Lays out one article's discussion sheet: outline, key people, terms and numbers, questions (or generic prompts) with answer lines. */
import type { Analysis } from '../analyse/analysis.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Article, Book } from '../model/types.js';
import { sectionTree } from '../model/walk.js';
import type { Labels } from '../templates.js';
import { ctxFor, folio, placeRows, roleRows, templates } from './furniture.js';
import { node, spanRows } from './blocks.js';
import { pageSetup, type PageSetup, type Paper } from './page-setup.js';
import { paginate, type PlacedRow } from './paginate.js';
import { baselineIn, emptyRow, nest, type Row } from './rows.js';
import type { Page } from './types.js';

export interface SheetOptions {
  paper?: Paper;
  /** Ruled answer lines under each question: exactly this many, unless the question asks for its own (`lines:`; default 5). */
  answerLines?: number;
  /** Prompts for an article without questions (default: the labels' `defaultQuestions`), marked as generic. */
  defaultQuestions?: string[];
}

/** The answer lines' rule, and their pitch in body ems (exported for the checks that count and measure them). */
export const ANSWER_RULE = { width: 0.4, color: '#9a9a9a' } as const;
export const ANSWER_PITCH = 2;

/**
 * One discussion sheet (讨论单): fields to fill in, the article's particulars, its outline, key people and
 * numbers, then each question with its ruled answer lines: `answerLines` of them, or the number the question
 * asks for (`lines:`), never more to fill a page nor fewer to save one. A question and its lines stay on one
 * page (a question with more lines than a page holds keeps at least its first two). Meant for two pages: a
 * longer sheet is warned about; a short last page is left as it is.
 */
export function layoutSheet(a: Article, book: Book, analysis: Analysis, labels: Labels, diags: Diagnostics, options: SheetOptions = {}): Page[] {
  const setup = pageSetup(options.paper ?? 'A4', false);
  const answerLines = Math.max(0, options.answerLines ?? 5);
  const height = setup.height - setup.top - setup.bottom;
  const prompts = options.defaultQuestions?.length ? options.defaultQuestions : ((labels.defaultQuestions as string[] | undefined) ?? []);
  const placed = paginate(sheetRows(a, book, analysis, labels, diags, setup, answerLines, prompts), height);
  const pages = buildPages(placed, setup, a);
  if (pages.length > 2) {
    diags.warn(a.file, 1, 1, 'layout:sheet', `the discussion sheet takes ${pages.length} pages (more than two); fewer questions, fewer 'lines:' or a smaller --answer-lines would fit it on two`);
  }
  return pages;
}

function buildPages(placed: PlacedRow[][], setup: PageSetup, a: Article): Page[] {
  return placed.map((rs, i) => {
    const page: Page = { width: setup.width, height: setup.height, number: i + 1, kind: 'article', items: [], lines: [], links: [], dests: [], outline: [], article: a.number };
    placeRows(page, rs, setup, i === 0 ? null : a.meta.title);
    folio(page, setup);
    return page;
  });
}

function sheetRows(a: Article, book: Book, analysis: Analysis, labels: Labels, diags: Diagnostics, setup: PageSetup, answerLines: number, prompts: string[]): Row[] {
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
  const names = [...(analysis.entitiesByArticle[a.number - 1] ?? [])].map((i) => analysis.glossary[i]!.name);
  if (names.length > 0) {
    section(String(labels.keyPeople));
    small(names.join(labels.nameSeparator as string), em, 'left');
  }
  // Terms: the glossary's defined ones with their definitions (术语表), then the article's most used terms.
  const termIds = analysis.termsByArticle[a.number - 1] ?? [];
  const defined = termIds.map((i) => analysis.termEntries[i]!).filter((e) => e.description);
  const plain = termIds.map((i) => analysis.termEntries[i]!).filter((e) => !e.description).slice(0, 12);
  if (defined.length + plain.length > 0) {
    section(String(labels.keyTerms));
    for (const e of defined) small(`${e.name}${labels.fieldSeparator as string}${e.description}`, em);
    if (plain.length > 0) small(plain.map((e) => e.name).join(labels.nameSeparator as string), em, 'left');
  }
  // The article's most salient figures, each figure once, in reading order (derived in analyse: sheetNumbers).
  const nums = analysis.sheetNumbers[a.number - 1] ?? [];
  if (nums.length > 0) {
    section(String(labels.keyNumbers));
    for (const n of nums) small(`${n.figures.join(labels.nameSeparator as string)}${labels.fieldSeparator as string}${n.context}`, em);
  }

  // An article without questions gets the generic prompts, marked as such.
  const generic = a.meta.questions.length === 0;
  const questions = generic ? prompts : a.meta.questions;
  if (questions.length > 0) {
    section(String(generic ? labels.genericQuestions : labels.questions));
    if (generic) small(String(labels.genericQuestionsNote), 0, 'left');
    // The numbers hang: every line of a question's text starts at one x, after the widest number.
    const numberOf = (i: number) => `${i + 1}.`;
    const hang = Math.max(...questions.map((_, i) => ctx.metrics.width(numberOf(i), 'serif', em))) + em * 0.5;
    questions.forEach((q, i) => {
      const qRows = spanRows([{ text: q, face: 'serif', size: em, color: '#000000', at: 0 }], { measure: setup.measure - hang, indent: 0, align: 'justify', em }, hang, setup.pitch, ctx, false, 0, `sheet-q${i + 1}`);
      const first = qRows[0];
      if (!first) return;
      const run = first.items.find((it) => it.kind === 'text');
      const baseline = run && run.kind === 'text' ? run.y : baselineIn(setup.pitch, em);
      const number = numberOf(i);
      first.items.unshift({ kind: 'text', x: 0, y: baseline, text: number, face: 'serif', size: em, spacing: 0, features: [], width: ctx.metrics.width(number, 'serif', em), color: '#000000' });
      first.spaceBefore = em * 0.6;
      nest(qRows, node(ctx, 'P'));
      // Exactly the lines asked for: the question's own `lines:`, else answerLines (prompts take answerLines).
      const count = (generic ? null : a.meta.questionLines?.[i]) ?? answerLines;
      const lines = Array.from({ length: count }, () => {
        const r = emptyRow(em * ANSWER_PITCH);
        r.items.push({ kind: 'rule', x1: 0, y1: em * (ANSWER_PITCH - 0.15), x2: setup.measure, y2: em * (ANSWER_PITCH - 0.15), ...ANSWER_RULE });
        return r;
      });
      // A question and its answer lines are one block: each row kept with the next, so a page break moves the
      // whole question on (paginate.ts parts a kept run only when it is taller than a page).
      const block = [...qRows, ...lines];
      block.forEach((r, k) => (r.keep = k < block.length - 1));
      rows.push(...block);
    });
  }
  return rows;
}
