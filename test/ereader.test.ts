import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/pipeline.js';
import { article, BOOK_YAML, SEED_CORPUS, tempDir, writeCorpus } from './helpers/corpus.js';

let out: string;
let result: BuildResult;
let epub: string;
let zip: JSZip;

beforeAll(async () => {
  out = tempDir('studypack-ereader-');
  result = await build({ corpus: SEED_CORPUS, out, outputs: ['epub'] });
  epub = result.outputs[0]!.file;
  zip = await JSZip.loadAsync(fs.readFileSync(epub));
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const calibre = spawnSync('which', ['ebook-convert']).status === 0;

describe('what e-readers ask for', () => {
  it('has a 1600×2560 PNG cover made from the title page, declared for EPUB 3 and for Kindle', async () => {
    const png = Buffer.from(await zip.file('OEBPS/images/cover.png')!.async('uint8array'));
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1600, 2560]);
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toMatch(/<item id="cover-image" href="images\/cover.png" media-type="image\/png" properties="cover-image" \/>/);
    expect(opf).toContain('<meta name="cover" content="cover-image" />');
    expect(opf).toMatch(/<itemref idref="doc-cover" \/>\s*<itemref idref="doc-title" \/>/);
    const cover = await zip.file('OEBPS/cover.xhtml')!.async('string');
    expect(cover).toMatch(/<img src="images\/cover.png" epub:type="cover" role="doc-cover" alt="指数时代的掌舵人/);
  });

  it('has dc:language, a nav and an NCX, and fonts that are not obfuscated', async () => {
    const opf = await zip.file('OEBPS/content.opf')!.async('string');
    expect(opf).toContain('<dc:language>zh-CN</dc:language>');
    expect(opf).toContain('properties="nav"');
    expect(opf).toContain('media-type="application/x-dtbncx+xml"');
    expect(zip.file('META-INF/encryption.xml')).toBeNull();
  });

  it('tells Apple Books to use the embedded fonts (display options with specified-fonts)', async () => {
    const options = await zip.file('META-INF/com.apple.ibooks.display-options.xml')!.async('string');
    expect(options).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?>\s*<display_options>\s*<platform name="\*">\s*<option name="specified-fonts">true<\/option>\s*<\/platform>\s*<\/display_options>\s*$/);
  });

  it('names the common CJK system faces after its own, and hides the reading-system navs where [hidden] is not honoured', async () => {
    const css = await zip.file('OEBPS/style.css')!.async('string');
    const serif = '"Noto Serif SC", "Songti SC", STSong, "Source Han Serif SC", "Noto Serif CJK SC", serif';
    const sans = '"Noto Sans SC", "PingFang SC", "Heiti SC", "Source Han Sans SC", "Noto Sans CJK SC", sans-serif';
    expect(css).toContain(`html { font-family: ${serif}; }`);
    expect(css).toMatch(new RegExp(`h1, h2, h3, h4, h5, h6, [^{]*\\{\\s*font-family: ${sans.replace(/[()]/g, '\\$&')};`));
    // Every family list names a system face after the embedded one.
    for (const m of css.matchAll(/font-family: ([^;]+);/g)) if (m[1]!.includes(',')) expect(m[1], m[0]).toMatch(/"(Noto Sans|Noto Serif|JetBrains Mono)[^"]*",.*"(PingFang SC|Songti SC)"/);
    expect(css).toContain('[hidden] { display: none; }');
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect([...nav.matchAll(/<nav epub:type="(page-list|landmarks)"[^>]* hidden="hidden">/g)].map((m) => m[1])).toEqual(['page-list', 'landmarks']);
  });

  it('sets emphasis as dots under the characters for WebKit, Blink and EPUB engines, bold where marks are not supported', async () => {
    const css = await zip.file('OEBPS/style.css')!.async('string');
    const em = /\nem \{([^}]+)\}/.exec(css)![1]!;
    for (const p of ['-webkit-text-emphasis: filled dot;', '-epub-text-emphasis: filled dot;', 'text-emphasis: filled dot;', 'font-weight: 700;', 'text-emphasis-position: under right;']) expect(em).toContain(p);
    expect(css).toMatch(/@supports \(text-emphasis-style: filled dot\) or \(-webkit-text-emphasis-style: filled dot\) \{\s*em \{ font-weight: inherit; \}\s*\}/);
  });

  it('tells readers in the colophon how to choose the publisher font on Kindle and Kobo', async () => {
    const colophon = await zip.file('OEBPS/colophon.xhtml')!.async('string');
    const line = /<p class="publisher-font">(.*?)<\/p>/.exec(colophon)![1]!.replace(/<[^>]+>/g, '');
    expect(line).toContain('Kindle 上依次选择 Aa → Font → Publisher Font');
    expect(line).toContain('Kobo 上依次选择 Aa → Font Face → Publisher Default');
  });

  it('marks English phrases with lang="en" in the text, titles and nav', async () => {
    const first = await zip.file('OEBPS/01-exponential-business-engine.xhtml')!.async('string');
    expect(first).toContain('<span lang="en">Anthropic CEO</span>');
    const title = await zip.file('OEBPS/title.xhtml')!.async('string');
    expect(title).toContain('<p class="book-subtitle" role="doc-subtitle"><span lang="en">Dario Amodei</span> 访谈与文章选读</p>');
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect(nav).toContain('<span lang="en">AGI</span>');
  });

  it('dates dcterms:modified from the content when SOURCE_DATE_EPOCH is not set: same content, same date; new content, a new one', async () => {
    const modified = async (body: string) => {
      const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': article('title: 日期', body) });
      const dir = tempDir('studypack-modified-');
      const saved = process.env.SOURCE_DATE_EPOCH;
      delete process.env.SOURCE_DATE_EPOCH;
      try {
        const r = await build({ corpus, out: dir, outputs: ['epub'] });
        const z = await JSZip.loadAsync(fs.readFileSync(r.outputs[0]!.file));
        return /<meta property="dcterms:modified">([^<]+)<\/meta>/.exec(await z.file('OEBPS/content.opf')!.async('string'))![1]!;
      } finally {
        if (saved !== undefined) process.env.SOURCE_DATE_EPOCH = saved;
        fs.rmSync(corpus, { recursive: true, force: true });
        fs.rmSync(dir, { recursive: true, force: true });
      }
    };
    const a = await modified('正文第一段。\n');
    expect(await modified('正文第一段。\n')).toBe(a);
    const b = await modified('正文第一段，改过了。\n');
    expect(b).not.toBe(a);
    // On the book's date (BOOK_YAML: 2025-01-01), its time from the content's hash.
    for (const d of [a, b]) expect(d).toMatch(/^2025-01-01T\d\d:\d\d:\d\dZ$/);
  }, 60_000);

  it.skipIf(!calibre)('converts with Calibre to AZW3 and to PDF without a warning', () => {
    for (const ext of ['azw3', 'pdf']) {
      const target = path.join(out, `book.${ext}`);
      const r = spawnSync('ebook-convert', [epub, target], {
        encoding: 'utf8',
        timeout: 300_000,
        env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', QTWEBENGINE_CHROMIUM_FLAGS: '--no-sandbox' },
      });
      expect(r.status, r.stderr).toBe(0);
      expect(fs.statSync(target).size).toBeGreaterThan(100_000);
      expect(`${r.stdout}\n${r.stderr}`).not.toMatch(/warning|error|failed/i);
    }
  }, 600_000);
});
