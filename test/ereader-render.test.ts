// The EPUB rendered in headless Chromium with no CJK system font: every text node set in an embedded subset that holds its characters (emphasis marks too), and index links a finger can hit.
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../src/pipeline.js';
import { embeddedFonts, emphasisMark, launchChromium, openDocument, renderedTexts, unpackEpub, type RenderedText } from './helpers/chromium.js';
import { article, BOOK_YAML, FIXTURES, SEED_CORPUS, tempDir, writeCorpus } from './helpers/corpus.js';

/** A small book with what the fixtures lack: emphasis (plain, inside bold, over English), code with Chinese in bold tokens. */
const EMPHASIS = {
  'book.yaml': BOOK_YAML,
  '01-a.md': article(
    'title: 着重号与代码',
    [
      '这是*着重号文字*，还有**粗体里*强调的着重*结束**。English words *in emphasis here* too.',
      '',
      '## 小节 *标题里的强调*',
      '',
      '```js',
      'const 名字 = "值"; // 注释：中文',
      'if (x) return 名字;',
      '```',
      '',
      '行内代码 `变量 = 1` 与按键 <kbd>回车</kbd>。',
      '',
    ].join('\n'),
  ),
};

const REAL_WORLD = path.join(FIXTURES, 'real-world');
const books: { name: string; corpus: string; temp?: boolean; resourcePath?: string[] }[] = [
  { name: 'seed', corpus: SEED_CORPUS },
  { name: 'features', corpus: path.join(FIXTURES, 'features') },
  { name: 'emphasis', corpus: '', temp: true },
  ...(fs.existsSync(REAL_WORLD) ? [{ name: 'real-world', corpus: REAL_WORLD, resourcePath: [path.join(FIXTURES, 'real-world-assets')] }] : []),
];

let browser: Browser;
let out: string;
/** Each book's unpacked OEBPS folder and its XHTML documents in spine order. */
const unpacked = new Map<string, { oebps: string; spine: string[] }>();

beforeAll(async () => {
  out = tempDir('studypack-ereader-render-');
  books.find((b) => b.name === 'emphasis')!.corpus = writeCorpus(EMPHASIS);
  for (const b of books) {
    const r = await build({ corpus: b.corpus, out: path.join(out, b.name), outputs: ['pdf', 'epub'], ...(b.resourcePath ? { resourcePath: b.resourcePath } : {}) });
    const epub = r.outputs.find((o) => o.kind === 'epub')!.file;
    const oebps = await unpackEpub(epub, path.join(out, `${b.name}-unpacked`));
    const opf = fs.readFileSync(path.join(oebps, 'content.opf'), 'utf8');
    const hrefOf = new Map([...opf.matchAll(/<item id="([^"]+)" href="([^"]+\.xhtml)"/g)].map((m) => [m[1]!, m[2]!]));
    const spine = [...opf.matchAll(/<itemref idref="([^"]+)"/g)].map((m) => hrefOf.get(m[1]!)!);
    unpacked.set(b.name, { oebps, spine });
  }
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  fs.rmSync(out, { recursive: true, force: true });
  for (const b of books) if (b.temp) fs.rmSync(b.corpus, { recursive: true, force: true });
});

describe.each(books.map((b) => b.name))('the %s EPUB in Chromium, with no CJK system font', (name) => {
  it('sets every text node in an embedded subset that holds each of its characters and its emphasis mark; no system font anywhere', async () => {
    const { oebps, spine } = unpacked.get(name)!;
    const embedded = embeddedFonts(oebps);
    const texts: RenderedText[] = [];
    for (const doc of spine) {
      const page = await openDocument(browser, path.join(oebps, doc));
      texts.push(...(await renderedTexts(page, doc)));
      await page.close();
    }
    /** Missing characters by subset file; text set in a system font; custom fonts that are none of the subsets. */
    const missing: Record<string, string[]> = {};
    const miss = (file: string, ch: string) => {
      const list = (missing[file] ??= []);
      if (!list.includes(ch)) list.push(ch);
    };
    const system: string[] = [];
    const used = new Map<string, number>();
    let marks = 0;
    let shown = 0;
    const unanswered: string[] = [];
    for (const t of texts) {
      if (!t.shown) continue; // not rendered: the hidden navs
      shown++;
      if (t.fonts.length === 0) unanswered.push(`${t.document}: “${t.text.trim()}”`);
      const platform = t.fonts.filter((f) => !f.isCustomFont);
      // MathML is set in the reader's math face (the generic `math` family) first, by design.
      if (platform.length && !t.inMath) system.push(`${t.document}: “${t.text.trim()}” in ${platform.map((f) => f.familyName).join(', ')}`);
      const faces = t.fonts.filter((f) => f.isCustomFont).map((f) => {
        const e = embedded.get(f.postScriptName);
        expect(e, `${t.document}: custom font ${f.postScriptName} is no subset of the book`).toBeDefined();
        used.set(e!.file, (used.get(e!.file) ?? 0) + 1);
        return e!;
      });
      for (const ch of new Set(t.text.replace(/\s/g, ''))) {
        if (faces.some((f) => f.font.hasGlyphForCodePoint(ch.codePointAt(0)!))) continue;
        if (t.inMath && platform.length) continue;
        miss(faces[0]?.file ?? 'none', ch);
      }
      const mark = emphasisMark(t.emphasis);
      if (mark) {
        marks++;
        for (const f of faces) if (!f.font.hasGlyphForCodePoint(mark.codePointAt(0)!)) miss(f.file, mark);
      }
    }
    console.log(`${name}: ${shown} text nodes rendered (${texts.length - shown} hidden); set in ${[...used].map(([f, n]) => `${f} ×${n}`).join(', ')}; ${marks} with emphasis marks`);
    // Every rendered text node was checked (Chromium reported its fonts), none set in a system font, none missing.
    expect(unanswered).toEqual([]);
    expect(system).toEqual([]);
    expect(missing).toEqual({});
    // Every embedded subset sets some text (the check above reached each face), and the emphasis book draws marks.
    expect([...used.keys()].sort()).toEqual([...embedded.values()].map((e) => e.file).sort());
    if (name === 'emphasis') expect(marks).toBeGreaterThan(0);
  }, 300_000);

  it.skipIf(name === 'emphasis')('makes every index link at least 24 × 24 CSS px at a 600 × 800 viewport, none overlapping another', async () => {
    const { oebps } = unpacked.get(name)!;
    const page = await openDocument(browser, path.join(oebps, 'index.xhtml'));
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('.index a')].map((a) => {
        const r = a.getBoundingClientRect();
        return { text: a.textContent ?? '', x: r.x, y: r.y, w: r.width, h: r.height, rects: a.getClientRects().length };
      }),
    );
    await page.close();
    expect(boxes.length).toBeGreaterThan(0);
    const small = boxes.filter((b) => b.w < 24 || b.h < 24);
    expect(small, small.slice(0, 5).map((b) => `${b.text} ${b.w.toFixed(1)}×${b.h.toFixed(1)}`).join('; ')).toEqual([]);
    // One box each: a link does not break across lines into smaller pieces.
    expect(boxes.filter((b) => b.rects !== 1)).toEqual([]);
    const overlapping: string[] = [];
    for (let i = 0; i < boxes.length; i++)
      for (let j = i + 1; j < boxes.length; j++) {
        const [a, b] = [boxes[i]!, boxes[j]!];
        const w = Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);
        const h = Math.min(a.y + a.h, b.y + b.h) - Math.max(a.y, b.y);
        if (w > 0.5 && h > 0.5) overlapping.push(`${a.text} / ${b.text}`);
      }
    expect(overlapping).toEqual([]);
    console.log(`${name}: ${boxes.length} index links, the smallest ${Math.min(...boxes.map((b) => b.w)).toFixed(1)} × ${Math.min(...boxes.map((b) => b.h)).toFixed(1)} px`);
  }, 120_000);
});
