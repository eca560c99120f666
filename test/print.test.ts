// Print-ready checks over the seed handout's layout (issue 19): display type, numbers, questions and page feet, running heads, index and TOC.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LineBox, Page } from '../src/layout/types.js';
import { isBareCount } from '../src/analyse/numbers.js';
import { build, type BuildResult } from '../src/pipeline.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import type { SheetsResult } from '../src/render/sheets/sheets.js';
import { SEED_CORPUS, tempDir } from './helpers/corpus.js';

let out: string;
let result: BuildResult;
let pages: Page[];
let sheets: Page[];
let pdf: PdfResult;

beforeAll(async () => {
  out = tempDir('studypack-print-');
  result = await build({ corpus: SEED_CORPUS, out, outputs: ['pdf', 'sheets'] });
  pdf = result.outputs.find((o) => o.kind === 'pdf')!.detail as PdfResult;
  pages = pdf.layout.pages;
  sheets = (result.outputs.find((o) => o.kind === 'sheets' && o.detail)!.detail as SheetsResult).layouts.flat();
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
