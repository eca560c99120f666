import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article, Inline } from '../src/model/types.js';
import { articleText, inlineText, ownInlines, walkBlocks } from '../src/model/walk.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import { build, type BuildResult } from '../src/pipeline.js';
import { article, BOOK_YAML, SEED_CORPUS, tempDir, writeCorpus } from './helpers/corpus.js';
import { kinsokuViolations, lineEdges } from './helpers/lines.js';
import { run } from './helpers/tools.js';

let out: string;
let result: BuildResult;
let file: string;
let pdf: PdfResult;

beforeAll(async () => {
  out = tempDir('studypack-pdf-');
  result = await build({ corpus: SEED_CORPUS, out, outputs: ['pdf'] });
  file = result.outputs[0]!.file;
  pdf = result.outputs[0]!.detail as PdfResult;
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** An article's text with its footnote marks as the numbers printed (articleText leaves them out). */
function markedText(a: Article): string {
  const inl = (ns: readonly Inline[]): string =>
    ns.map((n) => (n.type === 'footnoteRef' ? String(n.n) : n.type === 'strong' || n.type === 'emphasis' || n.type === 'link' || n.type === 'styled' ? inl(n.children) : inlineText([n]))).join('');
  const parts: string[] = [];
  for (const b of walkBlocks(a.blocks)) {
    if (b.type === 'code') parts.push(b.value);
    for (const run of ownInlines(b)) parts.push(inl(run));
  }
  return parts.join('\n');
}

const pageText = (n: number) => run('pdftotext', ['-f', String(n), '-l', String(n), file, '-']);

describe('the seed PDF handout', () => {
  it('is written as out/<book-slug>.pdf, and qpdf finds no errors', () => {
    expect(result.diagnostics.items).toEqual([]);
    expect(path.basename(file)).toBe('amodei-reader.pdf');
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No syntax or stream encoding errors found');
  });

  it('embeds only subset fonts with ToUnicode maps', () => {
    const rows = run('pdffonts', [file]).trim().split('\n').slice(2);
    expect(rows.length).toBe(4);
    for (const r of rows) expect(r, r).toMatch(/\+Noto(Serif|Sans)SC-(Regular|Bold)\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('has the document info: title, author, language', () => {
    const info = run('pdfinfo', [file]);
    expect(info).toMatch(/^Title:\s+指数时代的掌舵人/m);
    expect(info).toMatch(/^Author:\s+studypack 编辑组/m);
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw).toMatch(/\/Lang \(zh-CN\)/);
  });

  it('sets every line to the clreq rules: no kinsoku violation, justified lines flush to ±0.01 pt, no split word', () => {
    const lines = pdf.layout.pages.flatMap((p) => p.lines);
    expect(lines.length).toBeGreaterThan(300);
    expect(kinsokuViolations(lines)).toEqual([]);
    const body = lines.filter((l) => l.body);
    // Every line of a paragraph but its last is justified.
    expect(body.filter((l) => !l.last && !l.justified).map((l) => l.text)).toEqual([]);
    const justified = body.filter((l) => l.justified);
    expect(justified.length).toBeGreaterThan(150);
    // A line-end hyphen hangs in the margin: the line's last letter is flush, the hyphen beyond it.
    const set = (l: (typeof lines)[number]) => (l.hyphen ? l.runs.slice(0, -1) : l.runs);
    for (const l of justified) {
      const { right } = lineEdges(set(l));
      expect(Math.abs(right - (l.x + l.measure)), l.text).toBeLessThanOrEqual(0.01);
    }
    for (const l of body) expect(lineEdges(set(l)).right, l.text).toBeLessThanOrEqual(l.x + l.measure + 0.01);
    // A word split across lines would show as two Latin/digit pieces that run together in the source.
    const source = result.book!.articles.map(articleText).join('\n');
    body.forEach((l, i) => {
      const nextLine = body[i + 1];
      const tail = /[A-Za-z0-9.%$-]+$/.exec(l.text)?.[0];
      const head = nextLine && /^[A-Za-z0-9.%$-]+/.exec(nextLine.text)?.[0];
      // A compound may break after its hyphen, a long word where it is hyphenated; anything else inside a word is a split.
      if (tail && head && !tail.endsWith('-') && !l.hyphen) expect(source.includes(tail + head), `${tail}|${head}`).toBe(false);
    });
  });

  it('gives every article back through pdftotext, character for character, in order', () => {
    const layout = pdf.layout;
    let text = '';
    for (const p of layout.pages) {
      // Drop the furniture: running head (first line) on continuation pages and the folio (last line).
      const lines = pageText(p.number).split('\n').filter((l) => l.trim() !== '');
      const body = lines.filter((l, i) => {
        if (i === lines.length - 1 && /^\d+$/.test(l.trim())) return false;
        if (i === 0 && p.kind === 'article' && !p.dests.some((d) => d.name.startsWith('art-'))) return false;
        return true;
      });
      text += body.join('\n');
    }
    // A hyphen set at a line break is a soft hyphen (U+00AD) to text extraction.
    let flat = text.replace(/[\s\u00ad]+/g, '');
    // Footnotes stand at the page foot, each after its number: out of the flow, the marks in it.
    for (const a of result.book!.articles)
      for (const f of a.footnotes) flat = flat.replace(`${f.n}${f.blocks.flatMap((b) => ownInlines(b).map(inlineText)).join('')}`.replace(/\s+/g, ''), '');
    for (const a of result.book!.articles) {
      const want = markedText(a).replace(/\s+/g, '');
      expect(flat.includes(want), a.meta.slug).toBe(true);
    }
  }, 60_000);

  it('has a table of contents whose page numbers are the pages the articles start on', () => {
    const layout = pdf.layout;
    const tocPages = layout.pages.filter((p) => p.kind === 'toc');
    const toc = tocPages.map((p) => pageText(p.number)).join('\n');
    result.book!.articles.forEach((a, i) => {
      const start = layout.articleStarts[i]!;
      // The title's last line ends with the page number after the leader.
      const titleTail = a.meta.title.slice(-6);
      const m = new RegExp(`${titleTail.replace(/[()（）]/g, '.')}\\s+(\\d+)\\s*$`, 'm').exec(toc);
      expect(m, a.meta.title).not.toBeNull();
      expect(Number(m![1])).toBe(start);
      // That page really starts the article.
      expect(pageText(start).replace(/\s+/g, '')).toContain(a.meta.title.replace(/\s+/g, ''));
    });
  });

  it('has a bookmark for every article, section, question list and index part', () => {
    const outline = pdf.layout.pages.flatMap((p) => p.outline);
    const articles = result.book!.articles;
    expect(outline.filter((o) => o.level === 1).map((o) => o.title)).toEqual([...articles.map((a) => a.meta.title), '关键人物与数字']);
    const headings = articles.reduce((n, a) => n + a.blocks.filter((b) => b.type === 'heading').length + (a.meta.questions.length ? 1 : 0), 0);
    expect(outline.length).toBe(articles.length + headings + 3);
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw).toContain('/Outlines');
  });

  it('is byte-identical when built again with the same SOURCE_DATE_EPOCH', async () => {
    const a = tempDir('studypack-pdf-a-');
    const b = tempDir('studypack-pdf-b-');
    try {
      process.env.SOURCE_DATE_EPOCH = '1767225600';
      const r1 = await build({ corpus: SEED_CORPUS, out: a, outputs: ['pdf'] });
      const r2 = await build({ corpus: SEED_CORPUS, out: b, outputs: ['pdf'] });
      expect(fs.readFileSync(r1.outputs[0]!.file).equals(fs.readFileSync(r2.outputs[0]!.file))).toBe(true);
      expect(run('pdfinfo', [r1.outputs[0]!.file])).toMatch(/CreationDate:\s+Thu Jan\s+1 00:00:00 2026 UTC/);
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('paper sizes and duplex', () => {
  it.each([
    ['A5', '419.53 x 595.28'],
    ['Letter', '612 x 792'],
  ] as const)('%s', async (paper, size) => {
    const dir = tempDir('studypack-paper-');
    try {
      const r = await build({ corpus: SEED_CORPUS, out: dir, outputs: ['pdf'], paper });
      expect(run('pdfinfo', [r.outputs[0]!.file])).toContain(`Page size:       ${size} pts`);
      const layout = (r.outputs[0]!.detail as PdfResult).layout;
      expect(kinsokuViolations(layout.pages.flatMap((p) => p.lines))).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('duplex starts every article on a right-hand (odd) page', async () => {
    const dir = tempDir('studypack-duplex-');
    try {
      const r = await build({ corpus: SEED_CORPUS, out: dir, outputs: ['pdf'], duplex: true });
      const layout = (r.outputs[0]!.detail as PdfResult).layout;
      expect(layout.articleStarts.every((n) => n % 2 === 1)).toBe(true);
      expect(layout.pages.find((p) => p.kind === 'toc')!.number % 2).toBe(1);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});

describe('images in the PDF', () => {
  const red = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/images/red.png'));
  const broken = fs.readFileSync(path.join(import.meta.dirname, 'fixtures/images/broken.png'));

  it('a PNG is scaled into the page with its alt text as caption', async () => {
    const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, 'red.png': red, '01-a.md': article('title: 图片', '正文。\n\n![红色方块](red.png)\n') });
    const dir = tempDir('studypack-img-pdf-');
    try {
      const r = await build({ corpus, out: dir, outputs: ['pdf'] });
      expect(r.diagnostics.items).toEqual([]);
      const page = (r.outputs[0]!.detail as PdfResult).layout.pages.find((p) => p.items.some((i) => i.kind === 'image'))!;
      const img = page.items.find((i) => i.kind === 'image')!;
      expect(img.kind === 'image' && img.w / img.h).toBeCloseTo(2, 5);
      expect(run('pdftotext', ['-f', String(page.number), '-l', String(page.number), r.outputs[0]!.file, '-'])).toContain('红色方块');
      expect(run('pdfimages', ['-list', r.outputs[0]!.file])).toMatch(/\n\s+\d+\s+\d+\s+image\s+40\s+20 /);
    } finally {
      fs.rmSync(corpus, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a damaged image is a warning naming file and line; the pack is built with its alt text instead', async () => {
    const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, 'bad.png': broken, '01-a.md': article('title: 图片', '正文。\n\n![坏图](bad.png)\n') });
    const dir = tempDir('studypack-img-pdf-');
    try {
      const r = await build({ corpus, out: dir, outputs: ['pdf', 'epub'] });
      expect(r.diagnostics.errors).toEqual([]);
      expect(r.diagnostics.items.filter((d) => d.rule === 'load:image').map((d) => [path.basename(d.file), d.line, d.severity])).toEqual([['01-a.md', 8, 'warning']]);
      const layout = (r.outputs.find((o) => o.kind === 'pdf')!.detail as PdfResult).layout;
      expect(layout.pages.some((p) => p.items.some((i) => i.kind === 'image'))).toBe(false);
      expect(layout.pages.some((p) => p.lines.some((l) => l.text.includes('坏图')))).toBe(true);
    } finally {
      fs.rmSync(corpus, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
