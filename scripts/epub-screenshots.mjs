#!/usr/bin/env node
// Screenshots of an EPUB as a reading engine shows it: epub.js (paginated) in headless Chromium, 600 × 800, served from 127.0.0.1.
//
// Usage: node scripts/epub-screenshots.mjs BOOK.epub OUT_DIR EPUBJS_DIST [DOCUMENT=NAME.png ...]
//   EPUBJS_DIST: the dist/ folder of the epubjs npm package (not a dependency of studypack; fetch it with
//   `npm pack epubjs@0.3.93 && tar xzf epubjs-0.3.93.tgz`, which gives package/dist). JSZip comes from
//   studypack's own devDependencies. Default shots: index.xhtml=ereader-index.png and the first article's
//   document=ereader-chapter.png. Chromium is Debian's (PUPPETEER_EXECUTABLE_PATH, else /usr/lib/chromium/chromium),
//   headless, with no background networking; the machine's fonts are whatever it has (here: no CJK face at
//   all, so a character missing from the book's subsets would show as a blank or a box).
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [epub, outDir, epubjsDist, ...shots] = process.argv.slice(2);
if (!epub || !outDir || !epubjsDist) {
  console.error('usage: node scripts/epub-screenshots.mjs BOOK.epub OUT_DIR EPUBJS_DIST [DOCUMENT=NAME.png ...]');
  process.exit(2);
}
const files = {
  '/book.epub': [fs.readFileSync(epub), 'application/epub+zip'],
  '/jszip.min.js': [fs.readFileSync(path.join(ROOT, 'node_modules/jszip/dist/jszip.min.js')), 'text/javascript'],
  '/epub.min.js': [fs.readFileSync(path.join(epubjsDist, 'epub.min.js')), 'text/javascript'],
  '/reader.html': [
    Buffer.from(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>epub.js</title>
<style>html, body { margin: 0; background: #fff; } #viewer { width: 600px; height: 800px; }</style>
<script src="/jszip.min.js"></script><script src="/epub.min.js"></script></head>
<body><div id="viewer"></div>
<script>
window.show = async (target) => {
  const book = ePub('/book.epub', { openAs: 'epub' });
  await book.ready;
  const rendition = book.renderTo('viewer', { width: 600, height: 800, flow: 'paginated', spread: 'none' });
  await rendition.display(target);
  const doc = rendition.getContents()[0].document;
  await doc.fonts.ready;
  // Every @font-face of the book loaded (epub.js serves them from blob: URLs).
  return [...doc.fonts].map((f) => f.family + ' ' + f.weight + ' ' + f.status);
};
</script></body></html>`),
    'text/html; charset=utf-8',
  ],
};
const server = http.createServer((req, res) => {
  const f = files[new URL(req.url, 'http://127.0.0.1').pathname];
  if (!f) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': f[1] }).end(f[0]);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.PUPPETEER_EXECUTABLE_PATH ?? '/usr/lib/chromium/chromium',
  headless: true,
  args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
});
try {
  const wanted = shots.length ? shots.map((s) => s.split('=')) : null;
  let list = wanted;
  if (!list) {
    const page = await browser.newPage();
    await page.goto(`${base}/reader.html`);
    const spine = await page.evaluate(async () => {
      const book = ePub('/book.epub', { openAs: 'epub' });
      await book.ready;
      return book.spine.spineItems.map((s) => s.href);
    });
    await page.close();
    list = [
      ['index.xhtml', 'ereader-index.png'],
      [spine.find((h) => /^\d\d-/.test(h)), 'ereader-chapter.png'],
    ];
  }
  fs.mkdirSync(outDir, { recursive: true });
  for (const [target, name] of list) {
    const page = await browser.newPage();
    await page.setViewport({ width: 600, height: 800 });
    await page.goto(`${base}/reader.html`);
    const fonts = await page.evaluate((t) => window.show(t), target);
    await new Promise((r) => setTimeout(r, 500));
    await page.screenshot({ path: path.join(outDir, name), clip: { x: 0, y: 0, width: 600, height: 800 } });
    console.log(`${name}: ${target} (fonts: ${fonts.join(', ')})`);
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
}
