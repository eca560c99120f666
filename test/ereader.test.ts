import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/pipeline.js';
import { SEED_CORPUS, tempDir } from './helpers/corpus.js';

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
