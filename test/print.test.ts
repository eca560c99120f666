// Print-ready checks over the seed handout's layout (issue 19): display type, numbers, questions and page feet, running heads, index and TOC.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isBareCount } from '../src/analyse/numbers.js';
import { pageSetup, type Paper } from '../src/layout/page-setup.js';
import { ANSWER_PITCH, ANSWER_RULE } from '../src/layout/sheet.js';
import type { LineBox, Page, TextRun } from '../src/layout/types.js';
import { build, type BuildResult } from '../src/pipeline.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import type { SheetsResult } from '../src/render/sheets/sheets.js';
import { FIXTURES, SEED_CORPUS, tempDir } from './helpers/corpus.js';

let out: string;
let result: BuildResult;
let pages: Page[];
let sheets: Page[];
/** Each seed article's sheet, its pages. */
let sheetLayouts: Page[][];
let pdf: PdfResult;

beforeAll(async () => {
  out = tempDir('studypack-print-');
  result = await build({ corpus: SEED_CORPUS, out, outputs: ['pdf', 'sheets'] });
  pdf = result.outputs.find((o) => o.kind === 'pdf')!.detail as PdfResult;
  pages = pdf.layout.pages;
  sheetLayouts = (result.outputs.find((o) => o.kind === 'sheets' && o.detail)!.detail as SheetsResult).layouts;
  sheets = sheetLayouts.flat();
}, 180_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const WORDS = new Intl.Segmenter('zh', { granularity: 'word' });
/** Characters a reader counts: punctuation and spaces aside. */
const visible = (t: string) => [...t.replace(/[\s\p{P}\p{S}]/gu, '')].length;
/** Lines of titles and headings: set in the bold sans, not body text. */
const isDisplay = (l: LineBox) => !l.body && l.runs.length > 0 && l.runs.every((r) => r.face === 'sansBold');

/** The display lines of the article pages and the sheets, grouped into their titles and headings (a group ends at its last line). */
function displayGroups(): LineBox[][] {
  const groups: LineBox[][] = [];
  for (const p of [...pages.filter((p) => p.kind === 'article'), ...sheets]) {
    let cur: LineBox[] = [];
    for (const l of p.lines.filter(isDisplay)) {
      if (l.first) cur = [];
      cur.push(l);
      if (l.last) groups.push(cur);
    }
  }
  return groups;
}

describe('display type (titles and headings)', () => {
  it('is ragged, never a single character or a two-character word alone on a line', () => {
    const groups = displayGroups();
    expect(groups.filter((g) => g.length > 1).length).toBeGreaterThan(3);
    for (const g of groups) {
      if (g.length < 2) continue;
      for (const l of g) {
        expect(l.justified, l.text).toBe(false);
        expect(visible(l.text), g.map((x) => x.text).join(' / ')).toBeGreaterThan(2);
      }
    }
  });

  it('breaks between words: never inside a word, a name or a number', () => {
    for (const g of displayGroups()) {
      for (let i = 0; i + 1 < g.length; i++) {
        const joined = g[i]!.text + g[i + 1]!.text;
        const at = g[i]!.text.length;
        const bounds = new Set([...WORDS.segment(joined)].map((s) => s.index));
        // The dictionary's boundary, or where it puts none: between punctuation, spaces and Latin.
        expect(bounds.has(at), `${g[i]!.text} / ${g[i + 1]!.text}`).toBe(true);
        const around = joined.slice(at - 1, at + 1);
        expect(/^[A-Za-z0-9]{2}$/.test(around), around).toBe(false);
        expect(/^[\p{Script=Han}]·|·[\p{Script=Han}]$/u.test(around), around).toBe(false);
      }
    }
  });
});

describe('numbers', () => {
  const allLines = () => pages.flatMap((p) => p.lines);

  it('never part a number from a following 亿, 万, 年, 月, 日 or %, nor a range after its dash', () => {
    const lines = allLines();
    let pairs = 0;
    for (let i = 0; i + 1 < lines.length; i++) {
      const a = lines[i]!;
      const b = lines[i + 1]!;
      if (a.last || !a.src || !b.src || a.src.key !== b.src.key) continue;
      pairs++;
      expect(/\d\s*$/.test(a.text) && /^\s*[亿万年月日%％]/.test(b.text), `${a.text} / ${b.text}`).toBe(false);
      expect(/\d[-–~～]$/.test(a.text) && /^\d/.test(b.text), `${a.text} / ${b.text}`).toBe(false);
    }
    expect(pairs).toBeGreaterThan(200);
    // The seed's own cases are whole on a line.
    const text = lines.map((l) => l.text);
    for (const s of ['10亿', '40亿', '2027 年', '2026-2027 年']) expect(text.some((t) => t.includes(s)), s).toBe(true);
  });

  it('sets the ¼ em between a % and the Chinese after it (⅛ to ⅓ em as the line is adjusted, never nothing)', () => {
    let seen = 0;
    for (const l of allLines()) {
      const em = pdf.layout.setup.bodySize;
      l.runs.forEach((r, i) => {
        const next = l.runs[i + 1];
        if (!r.text.endsWith('%') || !next || !/^\p{Script=Han}/u.test(next.text)) return;
        const gap = next.x - (r.x + r.width);
        seen++;
        expect(gap, l.text).toBeGreaterThanOrEqual(em / 8 - 0.01);
        expect(gap, l.text).toBeLessThanOrEqual(em / 3 + 0.2 * em);
      });
    }
    // 「10%的」 and 「60% 的」 are both in the seed.
    expect(seen).toBeGreaterThanOrEqual(2);
  });
});

describe('pages', () => {
  const articles = () => [...new Set(pages.filter((p) => p.kind === 'article').map((p) => p.article!))];
  const questionLines = (a: number) => pages.filter((p) => p.article === a).flatMap((p) => p.lines.filter((l) => l.src?.key.startsWith('q')).map((l) => ({ l, page: p.number })));

  it('keeps each questions block on one page when it fits one', () => {
    const textHeight = pdf.layout.setup.height - pdf.layout.setup.top - pdf.layout.setup.bottom;
    for (const a of articles()) {
      const q = questionLines(a);
      expect(q.length, `article ${a}`).toBeGreaterThan(3);
      const fits = q.length * pdf.layout.setup.pitch * 1.2 < textHeight;
      if (fits) expect(new Set(q.map((x) => x.page)).size, `article ${a}`).toBe(1);
    }
  });

  it('puts the excerpt notice after the text and before the questions', () => {
    for (const a of articles()) {
      const lines = pages.filter((p) => p.article === a).flatMap((p) => p.lines);
      const note = lines.findIndex((l) => l.text.includes('本文为节选'));
      const questions = lines.findIndex((l) => l.src?.key.startsWith('q'));
      if (note >= 0) expect(note, `article ${a}`).toBeLessThan(questions);
    }
  });

  it('leaves no more than two lines empty at a page foot, unless a heading kept with its text (or the questions) forces it', () => {
    const { setup } = pdf.layout;
    for (const a of articles()) {
      const own = pages.filter((p) => p.article === a);
      own.slice(0, -1).forEach((p, i) => {
        const bottom = Math.max(...p.items.map((it) => (it.kind === 'text' && !it.pagination ? it.y + it.size * 0.3 : it.kind === 'rect' || it.kind === 'image' ? it.y + it.h : 0)));
        const empty = (setup.height - setup.bottom - bottom) / setup.pitch;
        if (empty <= 2.5) return;
        const next = own[i + 1]!;
        const top = next.lines[0]!;
        // The next page opens with a heading or the questions.
        expect(!top.body || top.src?.key.startsWith('q'), `p${p.number}: ${empty.toFixed(1)} lines empty, p${next.number} opens with ${top.text}`).toBe(true);
      });
    }
  });

  it('takes the running head from short_title, or cuts the title at a clause, never inside quotes or brackets', () => {
    const heads = new Map<number, string>();
    for (const p of pages.filter((p) => p.kind === 'article')) {
      const head = p.items
        .filter((it) => it.kind === 'text' && it.pagination && !/^\d+$/.test(it.text))
        .map((it) => (it.kind === 'text' ? it.text : ''))
        .join('');
      if (head) heads.set(p.article!, head);
    }
    const book = result.book!;
    expect(heads.get(1)).toBe(book.articles[0]!.meta.shortTitle);
    for (const [, head] of heads) {
      expect(head.endsWith('…'), head).toBe(false);
      for (const [o, c] of ['（）', '“”', '《》', '「」']) expect([...head].filter((ch) => ch === o).length, head).toBe([...head].filter((ch) => ch === c).length);
    }
    // The second title is too long for a head: it is cut before a clause's mark.
    const second = book.articles[1]!.meta.title.replace(/\s+/g, '');
    expect(second.startsWith(heads.get(2)!)).toBe(true);
    expect(heads.get(2)!.length).toBeLessThan(second.length);
  });
});

/** Paired marks a context keeps balanced. */
const PAIRS: Record<string, string> = { '（': '）', '(': ')', '“': '”', '‘': '’', '「': '」', '『': '』', '《': '》', '【': '】' };
/** Whether every mark of `text` has its partner, in order. */
function balanced(text: string): boolean {
  const closers = new Map(Object.entries(PAIRS).map(([o, c]) => [c, o]));
  const stack: string[] = [];
  for (const ch of text) {
    if (PAIRS[ch]) stack.push(ch);
    else if (closers.has(ch) && stack.pop() !== closers.get(ch)) return false;
  }
  return stack.length === 0;
}

/** A line's paragraph: lines from one with `first` to the next with `last`, in page order. */
function entries(lines: LineBox[]): LineBox[][] {
  const out: LineBox[][] = [];
  let cur: LineBox[] = [];
  for (const l of lines) {
    if (l.first) cur = [];
    cur.push(l);
    if (l.last) out.push(cur);
  }
  return out;
}
const leftOf = (l: LineBox) => Math.min(...l.runs.map((r) => r.x));
const rightOf = (l: LineBox) => Math.max(...l.runs.map((r) => r.x + r.width));

describe('index and TOC (issue 19)', () => {
  const em = () => pdf.layout.setup.bodySize;
  /** The page numbers set on index pages: sans text items outside any line, not the folio. */
  const pageNumbers = (p: Page) =>
    p.items.filter((it): it is Extract<typeof it, { kind: 'text' }> => it.kind === 'text' && !it.pagination && it.face === 'sans' && /^[\d–,\s等]+$/.test(it.text) && !p.lines.some((l) => l.runs.includes(it as never)));

  it('sets the index page numbers right-aligned in a column at the right margin, no entry text under them', () => {
    const index = pages.filter((p) => p.kind === 'index');
    const all = index.flatMap(pageNumbers);
    expect(all.length).toBeGreaterThan(40);
    const edge = Math.max(...all.map((n) => n.x + n.width));
    for (const n of all) expect(n.x + n.width, n.text).toBeCloseTo(edge, 2);
    // Each entry's text (every line of it, wrapped or not) stops at least half an em before its page numbers.
    let wrapped = 0;
    for (const p of index)
      for (const e of entries(p.lines.filter((l) => l.runs.length > 0))) {
        const last = e[e.length - 1]!;
        const n = pageNumbers(p).find((x) => Math.abs(x.y - last.y) < 0.5);
        if (!n) continue;
        for (const l of e) expect(rightOf(l), l.text).toBeLessThanOrEqual(n.x - em() * 0.5 + 0.01);
        // A wrapped entry hangs: its turnover lines start an em further in than its first line.
        for (const l of e.slice(1)) expect(leftOf(l) - leftOf(e[0]!), l.text).toBeCloseTo(em(), 1);
        if (e.length > 1) wrapped++;
      }
    expect(wrapped).toBeGreaterThan(2);
  });

  it('gives key numbers as 「key：context」, the context with no punctuation first and balanced brackets', () => {
    const numbers = pdf.layout.analysis.articles.flatMap((a) => a.numbers);
    expect(numbers.length).toBeGreaterThan(20);
    for (const n of numbers) {
      expect(n.context, n.text).not.toMatch(/^[\s\p{P}\p{S}]/u);
      expect(balanced(n.context), n.context).toBe(true);
      expect(n.context.length, n.context).toBeGreaterThan(n.text.length);
    }
    const text = pages
      .filter((p) => p.kind === 'index')
      .flatMap((p) => p.lines.map((l) => l.text))
      .join('');
    const n = pdf.layout.index.numbers[0]!;
    expect(text).toContain(`${n.text}：${n.context.slice(0, 8)}`);
  });

  it('repeats no trivial key (a bare count) within an article', () => {
    for (const a of pdf.layout.analysis.articles) {
      const bare = a.numbers.filter((n) => isBareCount(n)).map((n) => n.text.replace(/\s+/g, ''));
      expect(new Set(bare).size, bare.join(' ')).toBe(bare.length);
    }
  });

  it('sets every index and TOC text and leader in black or a grey no lighter than #666666 (60 % black)', () => {
    const colours = new Set<string>();
    for (const p of pages.filter((p) => p.kind === 'index' || p.kind === 'toc'))
      for (const it of p.items) if (it.kind === 'text' || (it.kind === 'rule' && it.dotted)) colours.add(it.color.toLowerCase());
    expect(colours.size).toBeGreaterThan(1);
    for (const c of colours) {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
      expect(Math.max(r!, g!, b!), c).toBeLessThanOrEqual(0x66);
    }
  });

  it('hangs a wrapped TOC entry: its second line starts further in than its first, its page number alone at the margin', () => {
    const toc = pages.filter((p) => p.kind === 'toc');
    let wrapped = 0;
    for (const p of toc)
      for (const e of entries(p.lines.filter((l) => l.runs.length > 0 && !l.body))) {
        if (e.length < 2) continue;
        wrapped++;
        for (const l of e.slice(1)) expect(leftOf(l) - leftOf(e[0]!), l.text).toBeGreaterThanOrEqual(em() * 0.9);
      }
    expect(wrapped).toBeGreaterThan(0);
  });
});

/** A question as a sheet prints it: its lines of text, its number, and the page of each of its answer lines. */
interface SheetQuestion {
  n: number;
  page: number;
  lines: LineBox[];
  number: TextRun | undefined;
  answers: number[];
}

/**
 * The questions of one sheet, read off its pages: a question's lines carry the key `sheet-q<n>`; its answer
 * lines are the answer rules below it, up to the next question (on its page or the pages after).
 */
function sheetQuestions(layout: Page[]): SheetQuestion[] {
  const qs: SheetQuestion[] = [];
  layout.forEach((p, pi) => {
    const events: { y: number; line?: LineBox; n?: number }[] = [];
    for (const l of p.lines) {
      const m = /^sheet-q(\d+)$/.exec(l.src?.key ?? '');
      if (m) events.push({ y: l.y, line: l, n: Number(m[1]) });
    }
    for (const it of p.items) if (it.kind === 'rule' && it.width === ANSWER_RULE.width && it.color === ANSWER_RULE.color) events.push({ y: it.y1 });
    events.sort((a, b) => a.y - b.y);
    for (const e of events) {
      if (e.line) {
        let q = qs.find((x) => x.n === e.n);
        if (!q) {
          const number = p.items.find((it): it is TextRun => it.kind === 'text' && it.text === `${e.n}.` && Math.abs(it.y - e.line!.y) < 0.01);
          qs.push((q = { n: e.n!, page: pi + 1, lines: [], number, answers: [] }));
        }
        expect(q.page, `question ${e.n} is set on one page`).toBe(pi + 1);
        q.lines.push(e.line);
      } else {
        expect(qs.length, 'an answer line under no question').toBeGreaterThan(0);
        qs[qs.length - 1]!.answers.push(pi + 1);
      }
    }
  });
  return qs;
}

/** The figures a sheet lists under 关键数字: each entry's text before its 「：」, split at 「、」. */
function sheetFigures(layout: Page[]): string[] {
  const lines = layout.flatMap((p) => p.lines);
  const start = lines.findIndex((l) => l.text === '关键数字');
  if (start < 0) return [];
  const figures: string[] = [];
  for (const l of lines.slice(start + 1)) {
    if (isDisplay(l)) break;
    if (l.first) figures.push(...l.text.split('：')[0]!.split('、').map((f) => f.replace(/\s+/g, '')));
  }
  return figures;
}

/**
 * Each question is on the page of its first two answer lines, and of all of them unless the question with its
 * lines is taller than a page (then they run on).
 */
function expectKeptTogether(qs: SheetQuestion[], what: string, paper: Paper = 'A4'): number {
  const setup = pageSetup(paper);
  const textHeight = setup.height - setup.top - setup.bottom;
  let parted = 0;
  for (const q of qs) {
    const label = `${what}, question ${q.n}`;
    for (const page of q.answers.slice(0, 2)) expect(page, label).toBe(q.page);
    const height = q.lines.length * setup.pitch + q.answers.length * ANSWER_PITCH * setup.bodySize;
    if (height <= textHeight) expect(q.answers.every((p) => p === q.page), `${label}: all its lines on page ${q.page}`).toBe(true);
    else parted++;
  }
  return parted;
}

/** Every line of a question's text starts at one x, right of its number (the number hangs). */
function expectHanging(qs: SheetQuestion[], what: string): number {
  let wrapped = 0;
  for (const q of qs) {
    const label = `${what}, question ${q.n}`;
    expect(q.number, label).toBeDefined();
    const x = q.lines[0]!.x;
    for (const l of q.lines) expect(l.x, `${label}: ${l.text}`).toBeCloseTo(x, 2);
    expect(q.number!.x + q.number!.width, label).toBeLessThan(x - q.number!.size * 0.4);
    // Each line's first glyph stands at the text's x, not under the number. An opening mark that starts a
    // turned line is set half-width (clreq): its run starts half an em left, its ink at the text's x.
    for (const l of q.lines) {
      const r = l.runs[0]!;
      const opener = l !== q.lines[0] && /^[“‘（《「『【〔［]/.test(r.text);
      expect(r.x, `${label}: ${l.text}`).toBeGreaterThanOrEqual(x - (opener ? r.size / 2 : 0) - 0.01);
    }
    if (q.lines.length > 1) wrapped++;
  }
  return wrapped;
}

describe('discussion sheets (issue 19 §7)', () => {
  it('keep each seed question on the page of its answer lines: exactly five each (answerLines)', () => {
    expect(sheetLayouts.length).toBe(5);
    sheetLayouts.forEach((layout, i) => {
      const qs = sheetQuestions(layout);
      expect(qs.map((q) => q.n), `sheet ${i + 1}`).toEqual(result.book!.articles[i]!.meta.questions.map((_, k) => k + 1));
      for (const q of qs) expect(q.answers.length, `sheet ${i + 1}, question ${q.n}`).toBe(5);
      expect(expectKeptTogether(qs, `sheet ${i + 1}`), `sheet ${i + 1}`).toBe(0);
      // No page opens with answer lines: each page's first answer line comes after a question on that page.
      layout.forEach((_, pi) => {
        const onPage = qs.filter((q) => q.answers.includes(pi + 1));
        for (const q of onPage) expect(q.page, `sheet ${i + 1} page ${pi + 1}`).toBe(pi + 1);
      });
    });
  });

  it('hang the seed questions\' numbers: wrapped lines align with the text, not the number', () => {
    const wrapped = sheetLayouts.reduce((n, layout, i) => n + expectHanging(sheetQuestions(layout), `sheet ${i + 1}`), 0);
    // The seed's questions are long: most of them wrap.
    expect(wrapped).toBeGreaterThan(15);
  });

  it('list each key figure once on a sheet', () => {
    let listed = 0;
    sheetLayouts.forEach((layout, i) => {
      const figures = sheetFigures(layout);
      listed += figures.length;
      expect(figures.length, `sheet ${i + 1}`).toBe(new Set(figures).size);
    });
    expect(listed).toBeGreaterThan(10);
  });

  describe('a pack of long questions and lines: hints (test/fixtures/sheet-questions)', () => {
    let fxOut: string;
    let fx: BuildResult;
    let fxLayouts: Page[][];
    beforeAll(async () => {
      fxOut = tempDir('studypack-sheetq-');
      fx = await build({ corpus: path.join(FIXTURES, 'sheet-questions'), out: fxOut, outputs: ['sheets'], answerLines: 4 });
      fxLayouts = (fx.outputs.find((o) => o.kind === 'sheets' && o.detail)!.detail as SheetsResult).layouts;
    }, 120_000);
    afterAll(() => fs.rmSync(fxOut, { recursive: true, force: true }));

    it('gives each question exactly answerLines lines, or its own lines:', () => {
      const counts = fxLayouts.map((l) => sheetQuestions(l).map((q) => q.answers.length));
      expect(counts).toEqual([
        [4, 4, 4, 4, 4, 4],
        [12, 0, 4, 2],
        [14, 14, 14, 30],
      ]);
    });

    it('never parts a question from its answer lines, and keeps the warning for a sheet past two pages', () => {
      fxLayouts.forEach((layout, i) => expect(expectKeptTogether(sheetQuestions(layout), `fixture sheet ${i + 1}`)).toBe(0));
      expect(fxLayouts.map((l) => l.length)).toEqual([2, 2, 3]);
      const warned = fx.diagnostics.items.filter((d) => d.rule === 'layout:sheet');
      expect(warned.map((d) => path.basename(d.file))).toEqual(['03-too-many-lines.md']);
      expect(warned[0]!.message).toContain('3 pages');
    });

    it('hangs the numbers of questions three lines long', () => {
      const qs = sheetQuestions(fxLayouts[0]!);
      expectHanging(qs, 'fixture sheet 1');
      expect(qs.filter((q) => q.lines.length >= 3).length).toBeGreaterThanOrEqual(4);
    });

    it('on A5, a question with more lines than a page holds keeps its first two', async () => {
      const out = tempDir('studypack-sheetq-a5-');
      try {
        const a5 = await build({ corpus: path.join(FIXTURES, 'sheet-questions'), out, outputs: ['sheets'], answerLines: 4, paper: 'A5' });
        const layouts = (a5.outputs.find((o) => o.kind === 'sheets' && o.detail)!.detail as SheetsResult).layouts;
        const long = sheetQuestions(layouts[2]!).find((q) => q.n === 4)!;
        expect(long.answers.length).toBe(30);
        // Taller than an A5 page: it runs on, but never leaves its question without two lines.
        expect(new Set(long.answers).size).toBeGreaterThan(1);
        expect(layouts.reduce((n, layout, i) => n + expectKeptTogether(sheetQuestions(layout), `A5 sheet ${i + 1}`, 'A5'), 0)).toBe(1);
        for (const layout of layouts) expectHanging(sheetQuestions(layout), 'A5');
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    }, 120_000);
  });
});
