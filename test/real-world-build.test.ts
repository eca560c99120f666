// Issue 15's bar on the real-world fixture corpus: a correct pack, validators clean, nothing lost, no markup printed, links landing.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import type { ImageInline, Inline } from '../src/model/types.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import { allBlocks, inlineText, ownInlines, walkBlocks } from '../src/model/walk.js';
import { build, readPack, type BuildResult } from '../src/pipeline.js';
import { runAce } from './helpers/ace.js';
import { FIXTURES, ROOT, tempDir } from './helpers/corpus.js';
import { kinsokuViolations } from './helpers/lines.js';
import { epubcheck, run } from './helpers/tools.js';

const CORPUS = path.join(FIXTURES, 'real-world');
const ASSETS = path.join(FIXTURES, 'real-world-assets');
let out: string;
let cli: { status: number | null; stderr: string };
let result: BuildResult;
let pdfFile: string;
let epubFile: string;
let zip: JSZip;
let pdfText: string;
let xhtml: Map<string, string>;

/** Text of XHTML: tags dropped, entities decoded. */
const textOf = (s: string) =>
  s
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
const squash = (s: string) => s.replace(/\s+/g, '');

beforeAll(async () => {
  out = tempDir('studypack-real-world-');
  const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/cli/main.js'), 'build', '--corpus', CORPUS, '--resource-path', ASSETS, '--out', out], {
    encoding: 'utf8',
    env: { ...process.env, SOURCE_DATE_EPOCH: '1767225600', NO_COLOR: '1' },
    timeout: 300_000,
    maxBuffer: 64 << 20,
  });
  cli = { status: r.status, stderr: r.stderr };
  result = await build({ corpus: CORPUS, out: tempDir('studypack-real-world-api-'), outputs: ['pdf', 'epub'], resourcePath: [ASSETS] });
  pdfFile = path.join(out, 'real-world.pdf');
  epubFile = path.join(out, 'real-world.epub');
  pdfText = run('pdftotext', [pdfFile, '-']);
  zip = await JSZip.loadAsync(fs.readFileSync(epubFile));
  xhtml = new Map();
  for (const f of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) xhtml.set(f, await zip.file(f)!.async('string'));
}, 600_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('the real-world fixture corpus builds into a correct pack', () => {
  it('exits 0 with warnings only, none of them an internal error', () => {
    expect(cli.status, cli.stderr).toBe(0);
    expect(cli.stderr).not.toMatch(/error:|internal error/);
  });

  it('passes epubcheck with no error or warning, Ace with no violation, qpdf --check', () => {
    const check = epubcheck(epubFile);
    expect(check.messages).toEqual([]);
    const ace = runAce(epubFile);
    expect(ace.violations).toEqual([]);
    for (const f of fs.readdirSync(out, { recursive: true }) as string[]) {
      if (!f.endsWith('.pdf')) continue;
      const q = spawnSync('qpdf', ['--check', path.join(out, f)], { encoding: 'utf8' });
      expect(q.status, `${f}: ${q.stdout}`).toBe(0);
    }
  }, 300_000);

  it('breaks no line against the kinsoku rules', () => {
    const layout = (result.outputs.find((o) => o.kind === 'pdf')!.detail as PdfResult).layout;
    expect(kinsokuViolations(layout.pages.flatMap((p) => p.lines))).toEqual([]);
    const pdfcheck = '/work/shared/tools/pdfcheck.py';
    if (fs.existsSync(pdfcheck)) expect(run('python3', [pdfcheck, pdfFile, '--skip-pages', '1'])).toMatch(/kinsoku_violations=0\b/);
  });

  it("prints every paragraph's text in the PDF and in the EPUB", () => {
    const pack = readPack(CORPUS, new Diagnostics(), { resourcePath: [ASSETS] })!;
    const pdf = squash(pdfText);
    const epub = squash([...xhtml.values()].map(textOf).join(''));
    let checked = 0;
    for (const a of pack.book.articles)
      for (const b of walkBlocks(allBlocks(a))) {
        if (b.type !== 'paragraph') continue;
        // Inline math and images are drawn and footnote marks added: compare the text between them.
        const pieces: Inline[][] = [[]];
        for (const n of b.children) {
          if (n.type === 'math' || n.type === 'image' || n.type === 'footnoteRef') pieces.push([]);
          else pieces[pieces.length - 1]!.push(n);
        }
        for (const piece of pieces.flatMap((ns) => inlineText(ns).split(/\n/))) {
          const t = squash(piece).slice(0, 30);
          if (t.length < 4) continue;
          expect(pdf.includes(t), `PDF lacks ${a.file}:${b.pos.line} ${t}`).toBe(true);
          expect(epub.includes(t), `EPUB lacks ${a.file}:${b.pos.line} ${t}`).toBe(true);
          checked++;
        }
      }
    expect(checked).toBeGreaterThan(100);
  });

  it('embeds every local image in both outputs', () => {
    const pack = readPack(CORPUS, new Diagnostics(), { resourcePath: [ASSETS] })!;
    // Every image occurrence with a local file (inline ones too), and the distinct files.
    const used: ImageInline[] = [];
    const collect = (ns: readonly Inline[]) => {
      for (const n of ns) {
        if (n.type === 'image' && n.file) used.push(n);
        else if ('children' in n) collect(n.children);
      }
    };
    const blocks = [...pack.book.articles.flatMap((a) => allBlocks(a)), ...[...new Set(pack.book.articles.flatMap((a) => (a.part ? [a.part] : [])))].flatMap((p) => p.blocks)];
    for (const b of walkBlocks(blocks)) for (const run of ownInlines(b)) collect(run);
    const local = new Set(used.map((i) => i.file!));
    expect(local.size).toBeGreaterThanOrEqual(6);
    // EPUB: one packed file per image (WebP converted to PNG).
    const packed = Object.keys(zip.files).filter((f) => f.startsWith('OEBPS/images/') && !f.endsWith('cover.png'));
    expect(packed.length).toBe(local.size);
    // PDF: every image drawn (rasters as image XObjects, SVGs as vector items on the laid-out pages).
    const layout = (result.outputs.find((o) => o.kind === 'pdf')!.detail as PdfResult).layout;
    const drawn = layout.pages.flatMap((p) => p.items).filter((i) => i.kind === 'image' || (i.kind === 'svg' && !!i.struct && i.struct.some((s) => s.role === 'Figure')));
    expect(drawn.length).toBe(used.length);
    const rasters = run('pdfimages', ['-list', pdfFile]).split('\n').slice(2).filter((l) => / image /.test(l)).length;
    expect(rasters).toBeGreaterThanOrEqual([...local].filter((f) => !f.endsWith('.svg')).length);
  });

  it('prints no Markdown or HTML markup: no :::, [^, [!NOTE], <br or {{ in either output', () => {
    for (const bad of [':::', '[^', '[!NOTE]', '[!TIP]', '<br', '{{', '{%']) {
      expect(pdfText.includes(bad), `PDF has ${bad}`).toBe(false);
      for (const [f, x] of xhtml) expect(textOf(x).includes(bad), `${f} has ${bad}`).toBe(false);
    }
  });

  it('lands every internal link on its target: PDF destinations on the right page, EPUB hrefs on existing ids', () => {
    const layout = (result.outputs.find((o) => o.kind === 'pdf')!.detail as PdfResult).layout;
    const destPage = new Map<string, number>();
    for (const p of layout.pages) for (const d of p.dests) destPage.set(d.name, p.number);
    const links = layout.pages.flatMap((p) => p.links.filter((l) => l.dest && !/fn(ref)?:/.test(l.dest)));
    expect(links.length).toBeGreaterThan(20);
    for (const l of links) expect(destPage.has(l.dest!), l.dest).toBe(true);
    // The article links of the pack land on the page the article starts on.
    for (const l of links.filter((x) => /^art-\d+$/.test(x.dest!))) expect(destPage.get(l.dest!)).toBe(layout.articleStarts[Number(l.dest!.slice(4)) - 1]);
    let checked = 0;
    for (const [f, x] of xhtml) {
      for (const m of x.matchAll(/href="([^"#:]*\.xhtml)?(?:#([^"]+))?"/g)) {
        const file = m[1] ? `OEBPS/${m[1]}` : f;
        expect(xhtml.has(file), `${f} → ${m[0]}`).toBe(true);
        if (m[2]) expect(xhtml.get(file)!.includes(`id="${m[2]}"`), `${f} → ${m[0]}`).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
