// Issue 14 ("Threads"): the worker thread gets every resolved option (fonts), failures in either thread end the CLI, one coverage check, font caches keyed by content.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import * as fontkit from 'fontkit';
import JSZip from 'jszip';
import { afterEach, describe, expect, it } from 'vitest';
import { faceFile, openFont, setFaceFiles } from '../src/fonts/catalog.js';
import { FontMetrics, sharedMetrics as metrics } from '../src/fonts/metrics.js';
import { BuildSession } from '../src/watch/session.js';
import { article, BOOK_YAML, FIXTURES, ROOT, SEED_CORPUS, tempDirs, writeCorpus } from './helpers/corpus.js';

const CLI = path.join(ROOT, 'dist/cli/main.js');
const require = createRequire(import.meta.url);
/** A font no face uses by default, so its name in a PDF can only come from the config. */
const LIGHT = path.join(path.dirname(require.resolve('@expo-google-fonts/noto-sans-sc/package.json')), '300Light/NotoSansSC_300Light.ttf');
const SERIF = path.join(path.dirname(require.resolve('@expo-google-fonts/noto-serif-sc/package.json')), '400Regular/NotoSerifSC_400Regular.ttf');

const { temp, keep } = tempDirs();

/** The real CLI in a fresh process, killed after `timeout` ms (a hang fails the test instead of stalling it). */
function cli(args: string[], env: Record<string, string> = {}, timeout = 120_000) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1', SOURCE_DATE_EPOCH: '1767225600', ...env } });
  return { status: r.status, signal: r.signal, error: r.error, stdout: r.stdout, stderr: r.stderr };
}

/** Every file under `dir`, relative path → bytes (none when the folder is not there). */
function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (e.isFile()) out.set(path.relative(dir, path.join(e.parentPath, e.name)), fs.readFileSync(path.join(e.parentPath, e.name)));
  }
  return out;
}

/** The base names of the fonts `pdffonts` lists, subset tags dropped (ABCDEF+NotoSansSC-Light → NotoSansSC-Light). */
function pdfFonts(file: string): string[] {
  const r = spawnSync('pdffonts', [file], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => l.split(/\s+/)[0]!.replace(/^[A-Z]{6}\+/, ''));
}

/** A small pack of two articles, each with questions, so every output has pages. */
function smallPack(extra: Record<string, string> = {}): string {
  const dir = writeCorpus({
    'book.yaml': BOOK_YAML,
    '01-a.md': article('title: 第一篇\nauthor: 张三', '正文第一段，Typesetting 2025。\n\n第二段也是正文。\n'),
    '02-b.md': article('title: 第二篇\nauthor: 李四', '另一篇文章的正文。\n'),
    ...extra,
  });
  return keep(dir);
}

describe("a configured font is embedded in the PDF, the EPUB and the sheets (issue 14)", () => {
  // The config names the font by a path relative to itself, as a pack would.
  const corpus = smallPack({ 'studypack.config.yaml': 'fonts:\n  serif: fonts/body.ttf\n' });
  fs.mkdirSync(path.join(corpus, 'fonts'));
  fs.copyFileSync(LIGHT, path.join(corpus, 'fonts/body.ttf'));

  it('a full CLI build (the EPUB made in the worker thread): the serif text is in the configured font everywhere', async () => {
    const out = temp('studypack-threads-out-');
    const r = cli(['build', '--corpus', corpus, '--out', out]);
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    expect([...files(out).keys()].sort()).toEqual(['sheets/01-a.pdf', 'sheets/02-b.pdf', 'sheets/all.pdf', 'test-book.epub', 'test-book.pdf']);
    for (const pdf of ['test-book.pdf', 'sheets/01-a.pdf', 'sheets/all.pdf']) {
      const names = pdfFonts(path.join(out, pdf));
      expect(names, pdf).toContain('NotoSansSC-Light');
      expect(names, pdf).not.toContain('NotoSerifSC-Regular');
    }
    // The EPUB's serif face: a subset of the configured file (its name table, and its outlines).
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(out, 'test-book.epub')));
    const fontFiles = Object.keys(zip.files).filter((f) => /^OEBPS\/fonts\/.*\.ttf$/.test(f));
    expect(fontFiles).toContain('OEBPS/fonts/serif.ttf');
    const subset = fontkit.create(await zip.file('OEBPS/fonts/serif.ttf')!.async('nodebuffer')) as fontkit.Font;
    expect(subset.postscriptName).toBe('NotoSansSC-Light');
    const light = fontkit.openSync(LIGHT) as fontkit.Font;
    const serif = fontkit.openSync(SERIF) as fontkit.Font;
    for (const ch of '正文段') {
      const cp = ch.codePointAt(0)!;
      expect(subset.hasGlyphForCodePoint(cp), ch).toBe(true);
      expect(subset.glyphForCodePoint(cp).path.toSVG(), ch).toBe(light.glyphForCodePoint(cp).path.toSVG());
      expect(subset.glyphForCodePoint(cp).path.toSVG(), ch).not.toBe(serif.glyphForCodePoint(cp).path.toSVG());
    }
    // Only the serif face was configured: the others stay the catalogue's.
    const sans = fontkit.create(await zip.file('OEBPS/fonts/sans.ttf')!.async('nodebuffer')) as fontkit.Font;
    expect(sans.postscriptName).toBe('NotoSansSC-Regular');
  }, 180_000);

  it('a CLI build of the PDF and the sheets (the sheets made in the worker thread): the sheets embed the configured font', () => {
    const out = temp('studypack-threads-out-');
    const r = cli(['build', '--pdf', '--sheets', '--corpus', corpus, '--out', out]);
    expect(r.error).toBeUndefined();
    expect(r.status, r.stderr).toBe(0);
    for (const pdf of ['test-book.pdf', 'sheets/01-a.pdf', 'sheets/02-b.pdf', 'sheets/all.pdf']) {
      const names = pdfFonts(path.join(out, pdf));
      expect(names, pdf).toContain('NotoSansSC-Light');
      expect(names, pdf).not.toContain('NotoSerifSC-Regular');
    }
  }, 180_000);
});

describe('an internal error in either thread ends the CLI with exit code 70, writing nothing', () => {
  const cases: [string, string, string[]][] = [
    ['layout fails on the main thread while the worker makes the EPUB', 'layout', []],
    ['the worker making the EPUB fails', 'worker', []],
    ['the worker making the sheets fails', 'worker', ['--pdf', '--sheets']],
  ];
  it.each(cases)('%s', (_name, point, flags) => {
    const corpus = smallPack();
    const out = path.join(temp('studypack-threads-fail-'), 'out');
    const started = performance.now();
    // A worker left running would keep the process alive: the timeout kills it and the test fails.
    const r = cli(['build', '--corpus', corpus, '--out', out, ...flags], { STUDYPACK_FAIL: point }, 60_000);
    expect(r.error, 'the CLI did not end by itself').toBeUndefined();
    expect(r.signal).toBeNull();
    expect(r.status).toBe(70);
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('studypack: internal error:'));
    expect(lines).toEqual([expect.stringContaining(`STUDYPACK_FAIL=${point}`)]);
    // Ended by itself (the worker stopped with the build), not by the CLI's 2-second backstop.
    expect(r.stderr).not.toContain('still busy');
    expect(r.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // no stack trace without STUDYPACK_DEBUG
    expect([...files(out).keys()]).toEqual([]);
    expect(performance.now() - started).toBeLessThan(45_000);
  }, 90_000);

  it('without STUDYPACK_FAIL the same pack builds (the hook is off by default)', () => {
    const out = temp('studypack-threads-out-');
    const r = cli(['build', '--corpus', smallPack(), '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    expect(files(out).size).toBe(5);
  }, 120_000);
});

describe('characters no font has: one warning from the pipeline, whichever outputs are built', () => {
  const corpus = temp('studypack-threads-glyphs-');
  fs.cpSync(path.join(FIXTURES, 'hazards/missing-glyphs'), corpus, { recursive: true });
  fs.writeFileSync(path.join(corpus, 'book.yaml'), BOOK_YAML);
  const WARNING = /^.*01-a\.md:8:4: warning: no embedded font has 😀 \(U\+1F600\), 𠀀 \(U\+20000\); .* \[fonts:missing-glyph\]$/;

  it.each([
    ['--pdf only (no EPUB made)', ['--pdf']],
    ['--sheets only', ['--sheets']],
    ['every output (the EPUB made in the worker): not twice', []],
  ])('%s', (_name, flags) => {
    const out = temp('studypack-threads-out-');
    const r = cli(['build', '--corpus', corpus, '--out', out, ...flags]);
    expect(r.status, r.stderr).toBe(0);
    const warnings = r.stderr.split('\n').filter((l) => l.includes('[fonts:missing-glyph]'));
    expect(warnings).toEqual([expect.stringMatching(WARNING)]);
  }, 120_000);
});

describe('font caches are keyed by the font file, not the face name', () => {
  afterEach(() => setFaceFiles({}));
  const TEXT = 'Typesetting 2025, 中文排版';

  it('the same metrics measure with the new font once a face is set to another file', () => {
    setFaceFiles({});
    const m = metrics(); // the layout's own, shared by every build of the process
    const before = m.width(TEXT, 'serif', 10);
    const beforeW = m.width('W', 'serif', 10);
    expect(m.font('serif').postscriptName).toBe('NotoSerifSC-Regular');
    setFaceFiles({ serif: LIGHT });
    const after = m.width(TEXT, 'serif', 10);
    expect(after).not.toBeCloseTo(before, 3);
    expect(m.width('W', 'serif', 10)).not.toBeCloseTo(beforeW, 3);
    expect(m.font('serif').postscriptName).toBe('NotoSansSC-Light');
    // What a metrics object that never saw the old font measures.
    const fresh = new FontMetrics();
    expect(after).toBe(fresh.width(TEXT, 'serif', 10));
    expect(m.extents('serif')).toEqual(fresh.extents('serif'));
    setFaceFiles({});
    expect(m.width(TEXT, 'serif', 10)).toBe(before);
  });

  it('a font file replaced in place (same path, other bytes) is read again at the next setFaceFiles', () => {
    const file = path.join(temp('studypack-threads-font-'), 'body.ttf');
    fs.copyFileSync(SERIF, file);
    const m = new FontMetrics();
    setFaceFiles({ serif: file });
    const serifWidth = m.width(TEXT, 'serif', 10);
    fs.copyFileSync(LIGHT, file);
    setFaceFiles({ serif: file });
    expect(m.width(TEXT, 'serif', 10)).not.toBeCloseTo(serifWidth, 3);
    expect(m.font('serif').postscriptName).toBe('NotoSansSC-Light');
  });

  it('two paths holding the same bytes are one font, parsed once', () => {
    const copy = path.join(temp('studypack-threads-font-'), 'same.ttf');
    fs.copyFileSync(faceFile('sans'), copy);
    expect(openFont(copy)).toBe(openFont(faceFile('sans')));
  });

  it("watch: after the config's fonts change, the rebuild lays out everything again and writes what a fresh CLI build writes", async () => {
    const corpus = temp('studypack-threads-watch-');
    fs.cpSync(SEED_CORPUS, corpus, { recursive: true });
    // Two articles keep it quick; the running heads, TOC and index are there all the same.
    for (const f of fs.readdirSync(corpus).filter((f) => f.endsWith('.md')).sort().slice(2)) fs.rmSync(path.join(corpus, f));
    const out = temp('studypack-threads-watch-out-');
    const outputs = ['pdf', 'epub', 'sheets'] as const;
    const session = new BuildSession({ corpus, out, outputs });
    const first = await session.rebuild();
    expect(first.diagnostics.errors).toEqual([]);
    const before = files(out);
    // The sans face too: the running heads (sans) are kept per process, apart from the session's cache.
    const edited = await session.rebuild({ corpus, out, outputs, fonts: { serif: LIGHT, sans: LIGHT } });
    expect(edited.diagnostics.errors).toEqual([]);
    expect(edited.reused).toBe(0); // nothing measured with the old font is kept
    expect(edited.made).toBe(4); // 2 articles' handout pages + 2 sheets
    const after = files(out);
    expect(after.get('amodei-reader.pdf')!.equals(before.get('amodei-reader.pdf')!)).toBe(false);
    // A fresh process with the same font in its config (worker thread included) writes the same bytes.
    fs.writeFileSync(path.join(corpus, 'studypack.config.yaml'), `fonts:\n  serif: ${JSON.stringify(LIGHT)}\n  sans: ${JSON.stringify(LIGHT)}\n`);
    const fresh = temp('studypack-threads-watch-fresh-');
    const r = cli(['build', '--corpus', corpus, '--out', fresh], { SOURCE_DATE_EPOCH: process.env.SOURCE_DATE_EPOCH ?? '' }); // the dates this process uses
    expect(r.status, r.stderr).toBe(0);
    const full = files(fresh);
    expect([...after.keys()].sort()).toEqual([...full.keys()].sort());
    for (const [name, bytes] of after) expect(Buffer.compare(bytes, full.get(name)!), name).toBe(0);
  }, 240_000);
});
