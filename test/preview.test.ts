import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'puppeteer-core';
import { ROOT, SEED_CORPUS, tempDir } from './helpers/corpus.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');
/** Debian's Chromium: the binary itself, else the wrapper script (scripts/ensure-tools.sh installs it as root). */
const CHROMIUM = ['/usr/lib/chromium/chromium', '/usr/bin/chromium'].find((f) => fs.existsSync(f));
const ARTICLE = '01-exponential-business-engine';

/** Titles of the seed's articles, from their front matter. */
function seedTitles(): string[] {
  return fs
    .readdirSync(SEED_CORPUS)
    .filter((f) => /^\d\d-.*\.md$/.test(f))
    .sort()
    .map((f) => /^title:\s*"?(.*?)"?\s*$/m.exec(fs.readFileSync(path.join(SEED_CORPUS, f), 'utf8'))![1]!);
}

/** A GET with the path sent as it is (no normalisation of `..`), as an attacker would send it. */
function rawGet(port: number, rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe.skipIf(!CHROMIUM)(`studypack preview in a real browser${CHROMIUM ? '' : ' (skipped: no chromium at /usr/lib/chromium/chromium or /usr/bin/chromium; run scripts/ensure-tools.sh as root)'}`, () => {
  let corpus: string;
  let server: ChildProcess;
  let url: string;
  let browser: Browser;
  let stderr = '';

  beforeAll(async () => {
    corpus = tempDir('studypack-preview-');
    fs.cpSync(SEED_CORPUS, corpus, { recursive: true });
    server = spawn(process.execPath, [CLI, 'preview', '--corpus', corpus, '--port', '0'], { env: { ...process.env, NO_COLOR: '1' } });
    server.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
    url = await new Promise<string>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`no URL from preview: ${out} ${stderr}`)), 60_000);
      server.stdout!.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      });
      server.on('exit', (code) => reject(new Error(`preview exited ${code}: ${stderr}`)));
    });
    const puppeteer = (await import('puppeteer-core')).default;
    browser = await puppeteer.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
      server.kill('SIGTERM');
      await new Promise((r) => server.on('exit', r));
    }
    fs.rmSync(corpus, { recursive: true, force: true });
  });

  it('serves the table of contents and the articles with the EPUB templates and fonts, and refreshes on an edit', async () => {
    const page = await browser.newPage();
    await page.goto(url, { waitUntil: 'load' });
    const toc = await page.$$eval('#toc > ol > li > a', (as) => as.map((a) => a.textContent!.trim()));
    expect(toc.slice(0, 5)).toEqual(seedTitles());
    expect(await page.$eval('h1', (h) => h.textContent)).toBe('目录');

    // Follow the TOC link to the first article.
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#toc > ol > li:first-child > a')]);
    expect(new URL(page.url()).pathname).toBe(`/${ARTICLE}.xhtml`);
    expect(await page.$eval('h1', (h) => h.textContent)).toBe(seedTitles()[0]);
    const h2 = await page.$$eval('h2', (hs) => hs.map((h) => h.textContent!.trim()));
    expect(h2[0]).toBe('一切始于信任：七位联合创始人与“反常识”的股权结构');
    expect(h2).toContain('讨论问题');

    // Chinese is set in the served Noto faces (the machine has no CJK system font).
    const fonts = await page.evaluate(async () => {
      await document.fonts.ready;
      return [...document.fonts].filter((f) => f.status === 'loaded').map((f) => `${f.family} ${f.weight}`);
    });
    expect(fonts.map((f) => f.replace(/"/g, '')).sort()).toEqual(['Noto Sans SC 400', 'Noto Sans SC 700', 'Noto Serif SC 400', 'Noto Serif SC 700']);

    // Edit a heading: the open page shows it without being reloaded by hand (nor reloaded at all).
    await page.evaluate(() => ((window as unknown as { studypackMarker: number }).studypackMarker = 42));
    const file = path.join(corpus, `${ARTICLE}.md`);
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('## 一切始于信任：', '## 改过的标题：一切始于信任：'));
    await page.waitForFunction(() => [...document.querySelectorAll('h2')].some((h) => h.textContent!.startsWith('改过的标题：')), { timeout: 30_000 });
    expect(await page.evaluate(() => (window as unknown as { studypackMarker?: number }).studypackMarker)).toBe(42);

    // An edit that breaks the article: the page keeps its text and shows the error.
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/^kind: .*$/m, 'kind: 访谈'));
    await page.waitForSelector('#studypack-problems', { timeout: 30_000 });
    expect(await page.$eval('#studypack-problems', (b) => b.textContent)).toMatch(new RegExp(`${ARTICLE}\\.md:\\d+:\\d+: error: .*\\[load:front-matter\\]`));
    expect(await page.$$eval('h2', (hs) => hs.some((h) => h.textContent!.startsWith('改过的标题：')))).toBe(true);
    await page.close();
  }, 120_000);

  it('serves nothing but its own content: no path traversal, no other host names', async () => {
    const port = Number(new URL(url).port);
    for (const p of ['/../package.json', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/etc/passwd', '//etc/passwd', '/fonts/../../package.json', `/${ARTICLE}.md`, '/book.yaml']) {
      const r = await rawGet(port, p);
      expect(r.status, p).toBe(404);
    }
    expect((await rawGet(port, '/style.css')).status).toBe(200);
    const evil = await new Promise<number>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/', headers: { Host: 'evil.example' } }, (res) => resolve(res.statusCode ?? 0));
    });
    expect(evil).toBe(403);
  });
});
