import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleText, sectionTree } from '../src/model/walk.js';
import { build, type BuildResult } from '../src/pipeline.js';
import { SEED_CORPUS, tempDir } from './helpers/corpus.js';
import { epubcheck } from './helpers/tools.js';

let out: string;
let result: BuildResult;
let zip: JSZip;
const text = (name: string) => zip.file(name)!.async('string');

beforeAll(async () => {
  out = tempDir('studypack-epub-');
  result = await build({ corpus: SEED_CORPUS, out, outputs: ['epub'] });
  zip = await JSZip.loadAsync(fs.readFileSync(result.outputs[0]!.file));
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('the seed EPUB', () => {
  it('is written as out/<book-slug>.epub with no diagnostics', () => {
    expect(result.diagnostics.items).toEqual([]);
    expect(path.basename(result.outputs[0]!.file)).toBe('amodei-reader.epub');
  });

  it('passes epubcheck with 0 errors and 0 warnings', () => {
    const report = epubcheck(result.outputs[0]!.file);
    expect(report.messages).toEqual([]);
    expect(report).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  }, 120_000);

  it('has the package metadata of the book', async () => {
    const opf = await text('OEBPS/content.opf');
    const book = result.book!.meta;
    expect(opf).toMatch(/<package [^>]*xml:lang="zh-CN"/);
    expect(opf).toContain('<dc:language>zh-CN</dc:language>');
    expect(opf).toContain(`<dc:title id="title-main">${book.title}</dc:title>`);
    expect(opf).toContain(`<dc:creator id="creator-0">${book.editor}</dc:creator>`);
    expect(opf).toContain(`<dc:date>${book.date}</dc:date>`);
    expect(opf).toMatch(/<dc:identifier id="book-id">urn:uuid:[0-9a-f-]{36}<\/dc:identifier>/);
    expect(opf).toMatch(/<meta property="dcterms:modified">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<\/meta>/);
  });

  it('has one XHTML document per article, in spine order, each with lang and stable heading ids', async () => {
    const opf = await text('OEBPS/content.opf');
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => m[1]);
    const articles = result.book!.articles;
    expect(spine).toEqual(['doc-cover', 'doc-title', 'nav', ...articles.map((a) => `doc-${String(a.number).padStart(2, '0')}-${a.meta.slug}`), 'doc-index', 'doc-colophon']);
    for (const a of articles) {
      const xhtml = await text(`OEBPS/${String(a.number).padStart(2, '0')}-${a.meta.slug}.xhtml`);
      expect(xhtml).toMatch(/<html [^>]*lang="zh-CN" xml:lang="zh-CN"/);
      // The title (index anchors are empty spans inside it, English phrases spans with lang="en").
      expect(/<h1 id="article-title">(.*?)<\/h1>/.exec(xhtml)![1]!.replace(/<[^>]+>/g, '')).toBe(a.meta.title);
      for (const s of sectionTree(a)) expect(xhtml).toContain(`id="${s.id}"`);
      expect(xhtml.includes('「节选」')).toBe(a.meta.excerpt);
    }
  });

  it('has a nav whose entries are the articles, their sections, and the colophon', async () => {
    const nav = await text('OEBPS/toc.xhtml');
    const toc = nav.slice(nav.indexOf('epub:type="toc"'), nav.indexOf('</nav>'));
    const links = [...toc.matchAll(/<a href="([^"]+)">(.*?)<\/a>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')]);
    const expected: string[][] = [];
    for (const a of result.book!.articles) {
      const file = `${String(a.number).padStart(2, '0')}-${a.meta.slug}.xhtml`;
      expected.push([file, a.meta.title]);
      const add = (s: ReturnType<typeof sectionTree>[number]) => {
        expected.push([`${file}#${s.id}`, s.title]);
        s.children.forEach(add);
      };
      sectionTree(a).forEach(add);
      if (a.meta.questions.length) expected.push([`${file}#questions`, '讨论问题']);
    }
    expected.push(['index.xhtml', '关键人物与数字'], ['index.xhtml#index-people', '人物与机构'], ['index.xhtml#index-numbers', '关键数字']);
    expected.push(['colophon.xhtml', '关于本书']);
    expect(links).toEqual(expected);
    expect(nav).toContain('role="doc-toc"');
    expect(nav).toContain('epub:type="landmarks"');
    const ncx = await text('OEBPS/toc.ncx');
    const navMap = ncx.slice(ncx.indexOf('<navMap>'), ncx.indexOf('</navMap>'));
    expect([...navMap.matchAll(/<content src="([^"]+)"/g)].map((m) => m[1])).toEqual(expected.map((e) => e[0]));
  });

  it('has no script and no remote resource', async () => {
    for (const name of Object.keys(zip.files).filter((n) => /\.(xhtml|opf|css|ncx)$/.test(n))) {
      const s = await text(name);
      expect(s, name).not.toMatch(/<script|javascript:|\son[a-z]+=/i);
      expect(s, name).not.toMatch(/(src|href)="https?:/);
      expect(s, name).not.toMatch(/url\(["']?https?:/);
    }
  });

  it('embeds subset fonts that hold every character of the text', async () => {
    const fonts = Object.keys(zip.files).filter((n) => n.endsWith('.ttf'));
    expect(fonts.sort()).toEqual(['OEBPS/fonts/sans.ttf', 'OEBPS/fonts/sansBold.ttf', 'OEBPS/fonts/serif.ttf', 'OEBPS/fonts/serifBold.ttf']);
    const open = async (n: string) => fontkit.create(Buffer.from(await zip.file(n)!.async('uint8array'))) as fontkit.Font;
    const serif = await open('OEBPS/fonts/serif.ttf');
    const sansBold = await open('OEBPS/fonts/sansBold.ttf');
    // Subsets: far fewer glyphs than the 30,000 of the full font.
    expect(serif.numGlyphs).toBeLessThan(3000);
    const book = result.book!;
    const body = book.articles.map(articleText).join('') + book.meta.title;
    const missing = [...new Set(body)].filter((c) => c.trim() && !serif.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(missing).toEqual([]);
    const headings = book.articles.flatMap((a) => [a.meta.title, ...sectionTree(a).flatMap((s) => [s.title, ...s.children.map((c) => c.title)])]).join('');
    expect([...new Set(headings)].filter((c) => c.trim() && !sansBold.hasGlyphForCodePoint(c.codePointAt(0)!))).toEqual([]);
    const css = await text('OEBPS/style.css');
    expect(css).toContain('src: url("fonts/serif.ttf")');
  });

  it('is byte-identical when built again with the same SOURCE_DATE_EPOCH', async () => {
    const a = tempDir('studypack-epub-a-');
    const b = tempDir('studypack-epub-b-');
    try {
      process.env.SOURCE_DATE_EPOCH = '1767225600';
      const r1 = await build({ corpus: SEED_CORPUS, out: a, outputs: ['epub'] });
      const r2 = await build({ corpus: SEED_CORPUS, out: b, outputs: ['epub'] });
      const x = fs.readFileSync(r1.outputs[0]!.file);
      const y = fs.readFileSync(r2.outputs[0]!.file);
      expect(x.equals(y)).toBe(true);
      const opf = await (await JSZip.loadAsync(x)).file('OEBPS/content.opf')!.async('string');
      expect(opf).toContain('<meta property="dcterms:modified">2026-01-01T00:00:00Z</meta>');
    } finally {
      delete process.env.SOURCE_DATE_EPOCH;
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  }, 60_000);
});
