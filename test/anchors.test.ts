// Index anchors and page marks are nodes of the EPUB's view tree, placed from positions: never inside code or entities.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/pipeline.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import { FIXTURES, tempDir } from './helpers/corpus.js';
import { epubcheck, run } from './helpers/tools.js';

const CORPUS = path.join(FIXTURES, 'code-entities');
let out: string;
let result: BuildResult;
let zip: JSZip;
let article: string;

/** The text of XHTML from `from` on, tags dropped and character references decoded. */
const textAfter = (xhtml: string, from: number) =>
  xhtml
    .slice(from)
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

beforeAll(async () => {
  out = tempDir('studypack-anchors-');
  result = await build({ corpus: CORPUS, out, outputs: ['pdf', 'epub'] });
  zip = await JSZip.loadAsync(fs.readFileSync(result.outputs.find((o) => o.kind === 'epub')!.file));
  article = await zip.file('OEBPS/01-escapes.xhtml')!.async('string');
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('index anchors in an article with code, entities and numbers', () => {
  it('builds without errors and the EPUB passes epubcheck', () => {
    expect(result.diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    const check = epubcheck(result.outputs.find((o) => o.kind === 'epub')!.file);
    expect(check.messages).toEqual([]);
    expect(check.fatals + check.errors + check.warnings).toBe(0);
  }, 60_000);

  it('keeps code and its characters exactly: no anchor inside code, no broken character reference', () => {
    for (const code of article.matchAll(/<code>([\s\S]*?)<\/code>/g)) expect(code[1]).not.toMatch(/<span/);
    expect(textAfter(article, 0)).toContain(`const s = 'it&#x27;s ' + "<b>" + (a < b && b > 3 ? '50%' : "1亿美元");`);
    expect(textAfter(article, 0)).toContain(`if (x &amp;&amp; y) console.log('星河科技 & 林晓 < 100');`);
    // Every & in the document starts a character reference.
    expect(article).not.toMatch(/&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-f]+);)/i);
  });

  it('every index link lands on an occurrence of its entry, in the text and not in code', async () => {
    const index = await zip.file('OEBPS/index.xhtml')!.async('string');
    const links = [...index.matchAll(/href="01-escapes\.xhtml#([^"]+)"/g)].map((m) => m[1]!);
    const names = links.filter((id) => /-n\d+$/.test(id));
    const figures = links.filter((id) => /-f\d+$/.test(id));
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(figures.length).toBeGreaterThanOrEqual(4);
    for (const id of names) {
      const at = article.indexOf(`<span id="${id}"></span>`);
      expect(at, id).toBeGreaterThan(0);
      expect(textAfter(article, at)).toMatch(/^(林晓|星河科技|Lin Xiao|Xinghe)/);
    }
    // Each key number's link lands on its figure, not on the same digits earlier in the text.
    const analysis = result.book && (await import('../src/pipeline.js')).readPack(CORPUS, new (await import('../src/diagnostics.js')).Diagnostics())!.analysis;
    const numbers = analysis!.articles[0]!.numbers;
    expect(figures.length).toBe(numbers.length);
    for (const n of numbers) {
      const at = article.indexOf(`<span id="${n.id}"></span>`);
      expect(at, n.id).toBeGreaterThan(0);
      expect(textAfter(article, at).replace(/\s+/g, '')).toMatch(new RegExp(`^${n.text.split('、')[0]!.replace(/\s+/g, '').replace(/[.%]/g, '\\$&')}`));
    }
    // Nothing from the code block or inline code is indexed.
    expect(numbers.map((n) => n.text)).not.toContain('60%');
    expect(numbers.map((n) => n.text)).not.toContain('50%');
  });

  it('the PDF index gives each occurrence the page its line is on', () => {
    const pdf = result.outputs.find((o) => o.kind === 'pdf')!;
    const layout = (pdf.detail as PdfResult).layout;
    for (const n of layout.index.numbers) {
      const text = run('pdftotext', ['-f', String(n.page), '-l', String(n.page), pdf.file, '-']).replace(/\s+/g, '');
      expect(text, `${n.text} on page ${n.page}`).toContain(n.text.split('、')[0]!.replace(/\s+/g, ''));
    }
  });
});
