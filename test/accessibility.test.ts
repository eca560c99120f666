import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/pipeline.js';
import { article, BOOK_YAML, FIXTURES, SEED_CORPUS, tempDir, writeCorpus } from './helpers/corpus.js';
import { runAce } from './helpers/ace.js';

let out: string;
let result: BuildResult;
let zip: JSZip;
const text = (name: string) => zip.file(name)!.async('string');

beforeAll(async () => {
  out = tempDir('studypack-a11y-');
  result = await build({ corpus: SEED_CORPUS, out, outputs: ['epub'] });
  zip = await JSZip.loadAsync(fs.readFileSync(result.outputs[0]!.file));
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

describe('the EPUB is accessible', () => {
  it('Ace by DAISY finds zero violations of any impact', () => {
    const report = runAce(result.outputs[0]!.file);
    console.log(`Ace: outcome ${report.outcome}, ${report.violations.length} violations, ${(report.ms / 1000).toFixed(1)} s`);
    expect(report.violations).toEqual([]);
    expect(report.outcome).toBe('pass');
  }, 300_000);

  it('the package language attributes match dc:language, and every document carries lang and xml:lang', async () => {
    const opf = await text('OEBPS/content.opf');
    const lang = /<dc:language>([^<]+)<\/dc:language>/.exec(opf)![1];
    expect(lang).toBe(result.book!.meta.language);
    expect(/<package [^>]*xml:lang="([^"]+)"/.exec(opf)![1]).toBe(lang);
    for (const name of Object.keys(zip.files).filter((n) => n.endsWith('.xhtml'))) {
      const x = await text(name);
      expect(x, name).toMatch(new RegExp(`<html [^>]*lang="${lang}" xml:lang="${lang}"`));
    }
  });

  it('declares schema.org accessibility metadata that is true of the book', async () => {
    const opf = await text('OEBPS/content.opf');
    const values = (p: string) => [...opf.matchAll(new RegExp(`<meta property="${p}">([^<]+)</meta>`, 'g'))].map((m) => m[1]);
    // The cover is an image (with its alt text): visual too.
    expect(values('schema:accessMode')).toEqual(['textual', 'visual']);
    expect(values('schema:accessModeSufficient')).toEqual(['textual']);
    expect(values('schema:accessibilityFeature')).toEqual(['structuralNavigation', 'tableOfContents', 'readingOrder', 'index', 'printPageNumbers', 'alternativeText']);
    expect(values('schema:accessibilityHazard')).toEqual(['none']);
    expect(values('schema:accessibilitySummary')[0]).toMatch(/\p{Script=Han}/u);
    expect(values('dcterms:conformsTo')).toEqual(['EPUB Accessibility 1.1 - WCAG 2.2 Level AA']);
  });

  it('has a toc nav with role doc-toc, landmarks, and chapters with epub:type and the matching role', async () => {
    const nav = await text('OEBPS/toc.xhtml');
    expect(nav).toMatch(/<nav epub:type="toc" id="toc" role="doc-toc"/);
    const landmarks = [...nav.matchAll(/<a epub:type="([^"]+)" href="([^"]+)"/g)].map((m) => [m[1], m[2]]);
    expect(landmarks).toEqual([
      ['cover', 'cover.xhtml'],
      ['titlepage', 'title.xhtml'],
      ['toc', 'toc.xhtml'],
      ['bodymatter', '01-exponential-business-engine.xhtml'],
      ['index', 'index.xhtml'],
    ]);
    const index = await text('OEBPS/index.xhtml');
    expect(index).toContain('epub:type="index" role="doc-index"');
    for (const a of result.book!.articles) {
      const x = await text(`OEBPS/${String(a.number).padStart(2, '0')}-${a.meta.slug}.xhtml`);
      expect(x).toContain('epub:type="chapter" role="doc-chapter"');
      const levels = [...x.matchAll(/<h(\d)/g)].map((m) => Number(m[1]));
      expect(levels[0]).toBe(1);
      levels.forEach((l, i) => i > 0 && expect(l).toBeLessThanOrEqual(levels[i - 1]! + 1));
    }
  });
});

describe('images and alt text', () => {
  const png = fs.readFileSync(path.join(FIXTURES, 'images/red.png'));

  it('an image without alt text is a warning naming file and line, and the book claims no conformance', async () => {
    const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, 'dot.png': png, '01-a.md': article('title: 图片', '正文。\n\n![](dot.png)\n') });
    const dir = tempDir('studypack-img-');
    try {
      const r = await build({ corpus, out: dir, outputs: ['epub'] });
      expect(r.diagnostics.items.map((d) => [d.line, d.severity, d.rule])).toEqual([[8, 'warning', 'load:image-alt']]);
      const z = await JSZip.loadAsync(fs.readFileSync(r.outputs[0]!.file));
      const opf = await z.file('OEBPS/content.opf')!.async('string');
      expect(opf).not.toContain('dcterms:conformsTo');
      expect(opf).toContain('<meta property="schema:accessMode">visual</meta>');
      expect(opf).not.toContain('alternativeText');
    } finally {
      fs.rmSync(corpus, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('alt text from the Markdown reaches the EPUB, and the feature is declared', async () => {
    const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, 'dot.png': png, '01-a.md': article('title: 图片', '正文。\n\n![一个黑点](dot.png)\n') });
    const dir = tempDir('studypack-img-');
    try {
      const r = await build({ corpus, out: dir, outputs: ['epub'] });
      expect(r.diagnostics.items).toEqual([]);
      const z = await JSZip.loadAsync(fs.readFileSync(r.outputs[0]!.file));
      const doc = await z.file('OEBPS/01-a.xhtml')!.async('string');
      expect(doc).toMatch(/<img src="images\/[0-9a-f]{12}\.png" alt="一个黑点" \/>/);
      const opf = await z.file('OEBPS/content.opf')!.async('string');
      expect(opf).toContain('<meta property="schema:accessibilityFeature">alternativeText</meta>');
    } finally {
      fs.rmSync(corpus, { recursive: true, force: true });
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
