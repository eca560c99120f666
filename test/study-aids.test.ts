import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyse, pageRanges, sheetNumbers, type KeyNumber } from '../src/analyse/analysis.js';
import { exclusion, findNumbers } from '../src/analyse/numbers.js';
import { compareNames, letterOf } from '../src/analyse/sort.js';
import { inlineText, walkBlocks } from '../src/model/walk.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import type { SheetsResult } from '../src/render/sheets/sheets.js';
import { Diagnostics } from '../src/diagnostics.js';
import { loadLabels } from '../src/templates.js';
import { build, readBook, type BuildResult } from '../src/pipeline.js';
import { SEED_CORPUS, tempDir } from './helpers/corpus.js';
import { run } from './helpers/tools.js';

describe('key numbers', () => {
  it.each([
    ['收入突破40亿美元', '40亿美元', 'money', 4e9],
    ['大约 1.5 万人参加', '1.5 万人', 'count', 15000],
    ['增长了50%', '50%', 'percent', 50],
    ['在2025 年，', '2025 年', 'year', 2025],
    ['三分之一的公司', '三分之一', 'percent', 1 / 3],
    ['从1 亿至 10 亿', '1 亿至 10 亿', 'count', 1e8],
    ['七位联合创始人', '七位', 'count', 7],
    ['成本仅为o1的3%-5%', '3%-5%', 'percent', 3],
    ['约$1.5一次', '$1.5', 'money', 1.5],
  ])('%s → %s', (sentence, text, kind, value) => {
    const [hit] = findNumbers(sentence);
    expect(hit).toMatchObject({ text, kind });
    expect(hit!.value).toBeCloseTo(value, 6);
  });

  it('leaves out versions, footnote marks, heading numbers and 一 as an article', () => {
    expect(findNumbers('GPT-4、R1、o1 和 Claude 3.5 Sonnet')).toEqual([]);
    expect(findNumbers('威胁（尽管如此）1')).toEqual([]);
    expect(findNumbers('1. 关于边际效益递减')).toEqual([]);
    expect(findNumbers('一个模型，一种方法')).toEqual([]);
  });

  it('every Arabic number in the seed is a key number or left out by a stated rule', () => {
    const book = readBook(SEED_CORPUS, new Diagnostics())!;
    let numbers = 0;
    for (const a of book.articles) {
      for (const b of walkBlocks(a.blocks)) {
        if (b.type !== 'paragraph' && b.type !== 'heading') continue;
        const text = inlineText(b.children);
        const hits = findNumbers(text);
        for (const m of text.matchAll(/\d+(?:\.\d+)?/g)) {
          numbers++;
          const s = m.index!;
          const e = s + m[0].length;
          const covered = hits.some((h) => s >= h.start && e <= h.end);
          expect(covered || exclusion(text, s, e, m[0]) !== null, `${a.meta.slug}: ${text.slice(Math.max(0, s - 10), e + 10)}`).toBe(true);
        }
      }
    }
    expect(numbers).toBeGreaterThan(100);
  });
});

describe('key numbers on a discussion sheet', () => {
  /** A key number of a clause holding these figures (kind from the unit), with a salience. */
  const entry = (i: number, salience: number, ...figures: string[]): KeyNumber => ({
    text: figures.join('、'),
    start: 0,
    end: 1,
    kind: 'money',
    value: null,
    unit: '',
    key: `b${i}`,
    at: 0,
    id: `ix1-f${i}`,
    article: 1,
    salience,
    context: `第 ${i} 句`,
    line: i,
    figures: figures.map((text) => ({ text, kind: /^\d{4}\s?年$/.test(text) ? 'year' : 'money' })),
  });

  it('shows each figure once, the most salient entry first; an entry with nothing new (or only a date) gives way', () => {
    const list = [
      entry(1, 3, '1 亿美元'),
      entry(2, 5, '2024 年', '1亿美元', '10 亿美元'),
      entry(3, 4, '2023 年', '1 亿美元'),
      entry(4, 2, '10亿美元'),
      entry(5, 1, '40 亿美元'),
      entry(6, 0.5, '2 亿美元'),
    ];
    const shown = sheetNumbers(list, 3);
    // In reading order; entry 1 only repeats 1 亿美元, entry 3 adds only a year, entry 4 repeats 10 亿美元.
    expect(shown.map((n) => [n.id, n.figures])).toEqual([
      ['ix1-f2', ['2024 年', '1亿美元', '10 亿美元']],
      ['ix1-f5', ['40 亿美元']],
      ['ix1-f6', ['2 亿美元']],
    ]);
    // Only what is new is shown of an entry that shares a figure.
    expect(sheetNumbers([entry(1, 5, '5-10 年'), entry(2, 4, '5-10 年', '50-100 年')], 5).map((n) => n.figures)).toEqual([['5-10 年'], ['50-100 年']]);
  });

  it('the seed: no figure twice on a sheet, though the index repeats some across clauses', () => {
    const diags = new Diagnostics();
    const book = readBook(SEED_CORPUS, diags)!;
    const analysis = analyse(book, loadLabels(book.meta.language), diags);
    const norm = (f: string) => f.replace(/\s+/g, '');
    let repeated = 0;
    analysis.sheetNumbers.forEach((sheet, i) => {
      const figures = sheet.flatMap((n) => n.figures.map(norm));
      expect(figures.length, `article ${i + 1}`).toBe(new Set(figures).size);
      expect(sheet.length).toBeLessThanOrEqual(5);
      const all = analysis.numbers[i]!;
      // Reading order, each an entry of the article's key numbers.
      expect(sheet.map((n) => all.findIndex((k) => k.id === n.id))).toEqual([...sheet.map((n) => all.findIndex((k) => k.id === n.id))].sort((x, y) => x - y));
      const inIndex = all.flatMap((n) => n.figures.map((f) => norm(f.text)));
      repeated += inIndex.length - new Set(inIndex).size;
    });
    // The test means something: the analysis itself names some figures in several clauses.
    expect(repeated).toBeGreaterThan(2);
    expect(analysis.sheetNumbers.flat().length).toBeGreaterThan(10);
  });
});

describe('index order', () => {
  it('sorts by pinyin with Latin names interleaved by their letters', () => {
    const names = ['OpenAI', '黄仁勋', 'Anthropic', '达里奥·阿莫迪'];
    expect([...names].sort(compareNames)).toEqual(['Anthropic', '达里奥·阿莫迪', '黄仁勋', 'OpenAI']);
    expect(['Anthropic', '达里奥·阿莫迪', '黄仁勋', 'OpenAI'].map(letterOf)).toEqual(['A', 'D', 'H', 'O']);
  });

  it('reads a polyphonic surname as a surname', () => {
    expect(letterOf('曾国藩')).toBe('Z');
    expect(letterOf('单雄信')).toBe('S');
    expect([...['曾国藩', 'OpenAI', '单雄信'].sort(compareNames)]).toEqual(['OpenAI', '单雄信', '曾国藩']);
  });

  it('merges page ranges', () => {
    expect(pageRanges([3, 4, 5, 7, 9, 10])).toBe('3–5, 7, 9–10');
    expect(pageRanges([8])).toBe('8');
  });
});

describe('the seed pack with its study aids', () => {
  let out: string;
  let result: BuildResult;
  let pdf: PdfResult;
  let pdfFile: string;
  beforeAll(async () => {
    out = tempDir('studypack-aids-');
    result = await build({ corpus: SEED_CORPUS, out, outputs: ['pdf', 'epub', 'sheets'] });
    const p = result.outputs.find((o) => o.kind === 'pdf')!;
    pdf = p.detail as PdfResult;
    pdfFile = p.file;
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  /** A page's text through pdftotext, without its running head and folio, whitespace removed. */
  const pageBody = (n: number) => {
    const lines = run('pdftotext', ['-f', String(n), '-l', String(n), pdfFile, '-']).split('\n').filter((l) => l.trim());
    const page = pdf.layout.pages[n - 1]!;
    const first = page.dests.some((d) => d.name.startsWith('art-'));
    return lines.slice(first ? 0 : 1, /^\d+$/.test(lines[lines.length - 1] ?? '') ? -1 : undefined).join('').replace(/\s+/g, '');
  };

  it('lists every glossary entity that occurs, with the right pages', () => {
    const { people } = pdf.layout.index;
    const glossary = result.book!.glossary;
    expect(glossary.length).toBeGreaterThan(10);
    const articlePages = pdf.layout.pages.filter((p) => p.kind === 'article').map((p) => p.number);
    // A name inside a cited title (《…》) is not a mention of the entity: the index leaves those out.
    const texts = new Map(articlePages.map((n) => [n, pageBody(n).replace(/《[^《》]*》/g, '')]));
    for (const e of glossary) {
      const forms = [e.name, ...e.aliases].map((f) => f.replace(/\s+/g, ''));
      const where = articlePages.filter((n) => forms.some((f) => texts.get(n)!.includes(f)));
      const entry = people.find((p) => p.name === e.name);
      if (where.length === 0) {
        expect(entry, e.name).toBeUndefined();
        continue;
      }
      expect(entry?.pages, e.name).toEqual(where);
    }
  }, 120_000);

  it('prints the index with merged page ranges, letter groups and key numbers', () => {
    const indexPages = pdf.layout.pages.filter((p) => p.kind === 'index');
    expect(indexPages.length).toBeGreaterThan(0);
    const text = indexPages.map((p) => run('pdftotext', ['-f', String(p.number), '-l', String(p.number), pdfFile, '-'])).join('\n');
    expect(text).toContain('关键人物与数字');
    expect(text).toContain('人物与机构');
    expect(text).toContain('关键数字');
    const dario = pdf.layout.index.people.find((p) => p.name === '达里奥·阿莫迪')!;
    expect(text.replace(/\s+/g, '')).toContain(pageRanges(dario.pages).replace(/\s+/g, ''));
    const lines = text.split('\n').map((l) => l.trim());
    for (const letter of ['A', 'D', 'O']) expect(lines).toContain(letter);
    // Key numbers: each has a page on which its figure stands.
    for (const n of pdf.layout.index.numbers.slice(0, 40)) expect(pageBody(n.page), `${n.text} p.${n.page}`).toContain(n.text.split('、')[0]!.replace(/\s+/g, ''));
  }, 120_000);

  it('ends each article with its numbered questions, and the TOC lists questions and index', () => {
    const tocText = pdf.layout.pages
      .filter((p) => p.kind === 'toc')
      .map((p) => run('pdftotext', ['-f', String(p.number), '-l', String(p.number), pdfFile, '-']))
      .join('\n');
    expect(tocText.match(/讨论问题/g)?.length).toBe(5);
    expect(tocText).toMatch(/关键人物与数字\s+\d+/);
    for (const a of result.book!.articles) {
      expect(a.meta.questions.length).toBeGreaterThanOrEqual(4);
      expect(a.meta.questions.length).toBeLessThanOrEqual(6);
      const page = pdf.layout.destPages.get(`a${a.number}-questions`)!;
      expect(pageBody(page)).toContain(`1.${a.meta.questions[0]!.replace(/\s+/g, '').slice(0, 8)}`);
    }
  });

  it('writes five sheets of one or two pages and all.pdf with every sheet on an odd page', () => {
    const sheets = result.outputs.filter((o) => o.kind === 'sheets');
    expect(sheets.map((o) => path.basename(o.file))).toEqual([...result.book!.articles.map((a) => `${String(a.number).padStart(2, '0')}-${a.meta.slug}.pdf`), 'all.pdf']);
    for (const o of sheets) {
      expect(run('qpdf', ['--check', o.file])).toContain('No syntax or stream encoding errors');
      const pages = Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [o.file]))![1]);
      if (path.basename(o.file) !== 'all.pdf') expect(pages).toBeGreaterThanOrEqual(1), expect(pages).toBeLessThanOrEqual(2);
    }
    const detail = sheets[sheets.length - 1]!.detail as SheetsResult;
    let page = 1;
    for (const layout of detail.layouts) {
      expect(page % 2).toBe(1);
      page += layout.length + (layout.length % 2);
    }
    const first = run('pdftotext', ['-f', '1', '-l', '1', sheets[0]!.file, '-']);
    for (const label of ['姓名', '日期', '小组', '讨论问题']) expect(first).toContain(label);
    expect(first).toContain(result.book!.articles[0]!.meta.questions[0]!.slice(0, 10));
  });

  it('links every index entry in the EPUB to an anchor that exists', async () => {
    const epub = result.outputs.find((o) => o.kind === 'epub')!;
    const zip = await JSZip.loadAsync(fs.readFileSync(epub.file));
    const index = await zip.file('OEBPS/index.xhtml')!.async('string');
    const links = [...index.matchAll(/href="([^"#]+)#([^"]+)"/g)];
    expect(links.length).toBeGreaterThan(100);
    const docs = new Map<string, string>();
    for (const [, file, id] of links) {
      if (!docs.has(file!)) docs.set(file!, await zip.file(`OEBPS/${file}`)!.async('string'));
      expect(docs.get(file!)!.includes(`id="${id}"`), `${file}#${id}`).toBe(true);
    }
  });
});
