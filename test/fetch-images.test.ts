// --fetch-images against a local server on 127.0.0.1: images cached; wrong types, oversize, slow and missing ones refused with warnings.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { fetchImages } from '../src/load/fetch-images.js';
import type { ImageInline } from '../src/model/types.js';
import { readBook } from '../src/pipeline.js';
import { article, BOOK_YAML, FIXTURES, ROOT, tempDir, writeCorpus } from './helpers/corpus.js';

const PNG = fs.readFileSync(path.join(FIXTURES, 'images/red.png'));
let server: http.Server;
let base: string;
let hits: Record<string, number> = {};
const made: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits[req.url!] = (hits[req.url!] ?? 0) + 1;
    if (req.url === '/ok.png') res.writeHead(200, { 'content-type': 'image/png', 'content-length': PNG.length }).end(PNG);
    else if (req.url === '/page.html') res.writeHead(200, { 'content-type': 'text/html' }).end('<script>alert(1)</script>');
    else if (req.url === '/big.png') res.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.alloc(64 * 1024));
    else if (req.url === '/slow.png') setTimeout(() => res.writeHead(200, { 'content-type': 'image/png' }).end(PNG), 3000);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.close();
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

function corpusWith(srcs: string[]): string {
  const body = srcs.map((s, i) => `![图${i + 1}](${s})\n`).join('\n');
  const dir = writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': article('title: 远程图片', `正文。\n\n${body}`) });
  made.push(dir);
  return dir;
}

describe('--fetch-images', () => {
  it('downloads images into the cache and refuses other types, oversize, slow and missing ones with a warning at their line', async () => {
    const corpus = corpusWith([`${base}/ok.png`, `${base}/page.html`, `${base}/big.png`, `${base}/slow.png`, `${base}/missing.png`, `${base}/ok.png`]);
    const cache = tempDir('studypack-cache-');
    made.push(cache);
    const diags = new Diagnostics();
    const book = readBook(corpus, diags, { fetchImages: true })!;
    expect(diags.items.filter((d) => d.rule === 'load:image')).toEqual([]);
    hits = {};
    await fetchImages(book, diags, { cacheDir: cache, timeoutMs: 500, maxBytes: 32 * 1024 });
    const imgs = book.articles[0]!.blocks.flatMap((b) => (b.type === 'figure' ? [b.image] : [])) as ImageInline[];
    expect(imgs).toHaveLength(6);
    expect(imgs[0]!.file && fs.readFileSync(imgs[0]!.file).equals(PNG)).toBe(true);
    expect(imgs[0]!.size).toEqual({ width: 40, height: 20 });
    expect(imgs[5]!.file).toBe(imgs[0]!.file);
    // The same address is fetched once.
    expect(hits['/ok.png']).toBe(1);
    for (const i of [1, 2, 3, 4]) expect(imgs[i]!.file).toBeUndefined();
    const warnings = diags.items.filter((d) => d.rule === 'load:fetch-image');
    expect(warnings.map((w) => w.line)).toEqual([10, 12, 14, 16]);
    expect(warnings[0]!.message).toMatch(/'text\/html', not an image/);
    expect(warnings[1]!.message).toMatch(/over the 32768-byte limit/);
    expect(warnings[2]!.message).toMatch(/no answer within 0.5 s/);
    expect(warnings[3]!.message).toMatch(/answered 404/);
    // A second build takes the image from the cache.
    hits = {};
    const again = readBook(corpus, new Diagnostics(), { fetchImages: true })!;
    await fetchImages(again, new Diagnostics(), { cacheDir: cache, timeoutMs: 500, maxBytes: 32 * 1024 });
    expect(hits['/ok.png']).toBeUndefined();
  }, 30_000);

  it('through the CLI: the fetched image is in the PDF; without the flag it is not fetched', async () => {
    const corpus = corpusWith([`${base}/ok.png`]);
    const home = tempDir('studypack-xdg-');
    const out = tempDir('studypack-fetch-out-');
    made.push(home, out);
    // Asynchronous: the server answers on this process's event loop, which spawnSync would block.
    const run = (args: string[]) =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), 'build', '--pdf', '--corpus', corpus, '--out', out, ...args], { env: { ...process.env, XDG_CACHE_HOME: home } });
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('exit', (status) => resolve({ status, stderr }));
      });
    hits = {};
    const plain = await run([]);
    expect(plain.status).toBe(0);
    expect(plain.stderr).toMatch(/remote image .* is not fetched/);
    expect(hits['/ok.png']).toBeUndefined();
    const fetched = await run(['--fetch-images']);
    expect(fetched.status, fetched.stderr).toBe(0);
    expect(hits['/ok.png']).toBe(1);
    expect(fs.readdirSync(path.join(home, 'studypack/images'))).toHaveLength(1);
    const images = spawnSync('pdfimages', ['-list', path.join(out, 'test-book.pdf')], { encoding: 'utf8' }).stdout;
    expect(images).toMatch(/\n\s*\d+\s+\d+\s+image\s+40\s+20/);
  }, 240_000);
});
