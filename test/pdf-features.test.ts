// The PDF's code, figures and math, on test/fixtures/features: what the reader sees, what the text layer holds, what the file embeds.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { MONO_FEATURES } from '../src/fonts/metrics.js';
import { CODE_COLOURS, codeColour, codeRows } from '../src/layout/code.js';
import { ctxFor } from '../src/layout/furniture.js';
import { exOf } from '../src/layout/math.js';
import { leftEdge, pageSetup } from '../src/layout/page-setup.js';
import type { Page, SvgItem, TextRun } from '../src/layout/types.js';
import { imageSize, svgSize } from '../src/load/image-size.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import { safeSvg } from '../src/render/pdf/svg.js';
import { build, type BuildResult } from '../src/pipeline.js';
import { article, BOOK_YAML, FIXTURES, tempDir, writeCorpus } from './helpers/corpus.js';
import { kinsokuViolations } from './helpers/lines.js';
import { run } from './helpers/tools.js';

const FEATURES = path.join(FIXTURES, 'features');
const IMAGES = path.join(FEATURES, 'images');

let out: string;
let result: BuildResult;
let file: string;
let pdf: PdfResult;
/** The PDF with its streams decompressed (qpdf --qdf), as text. */
let qdf: string;

beforeAll(async () => {
  out = tempDir('studypack-pdf-features-');
  result = await build({ corpus: FEATURES, out, outputs: ['pdf'] });
  file = result.outputs[0]!.file;
  pdf = result.outputs[0]!.detail as PdfResult;
  const q = path.join(out, 'qdf.pdf');
  execFileSync('qpdf', ['--qdf', '--object-streams=disable', file, q]);
  qdf = fs.readFileSync(q).toString('latin1');
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const pages = (): Page[] => pdf.layout.pages;
/** The page whose lines hold `text`. */
const pageWith = (text: string): Page => pages().find((p) => p.lines.some((l) => l.text.includes(text)))!;
const codeRuns = (p: Page): TextRun[] => p.items.filter((it): it is TextRun => it.kind === 'text' && !!it.struct?.some((n) => n.role === 'Code'));

/** Words of one page as pdftotext -bbox reads them back: text and box. */
function words(page: number): { text: string; xMin: number; xMax: number; yMin: number }[] {
  const xml = run('pdftotext', ['-bbox', '-f', String(page), '-l', String(page), file, '-']);
  return [...xml.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({ text: m[4]!.replace(/&amp;/g, '&').replace(/&quot;/g, '"').replace(/&gt;/g, '>').replace(/&lt;/g, '<'), xMin: Number(m[1]), yMin: Number(m[2]), xMax: Number(m[3]) }));
}

describe('the features PDF', () => {
  it('builds with the fixture’s expected warnings only, and qpdf finds no errors', () => {
    expect(result.diagnostics.errors).toEqual([]);
    expect(result.diagnostics.items.map((d) => d.rule).filter((r) => r.startsWith('layout:') || r.startsWith('render:'))).toEqual([]);
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No syntax or stream encoding errors found');
  });

  it('embeds the monospace face (JetBrains Mono) as a subset with a ToUnicode map', () => {
    const fonts = run('pdffonts', [file]);
    expect(fonts).toMatch(/\+JetBrainsMono-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
  });

  it('keeps no line past the measure and breaks no line against the kinsoku rules (layout and pdfcheck.py)', () => {
    const lines = pages().flatMap((p) => p.lines);
    expect(kinsokuViolations(lines)).toEqual([]);
    const pdfcheck = '/work/shared/tools/pdfcheck.py';
    if (fs.existsSync(pdfcheck)) expect(run('python3', [pdfcheck, file, '--skip-pages', '1'])).toMatch(/kinsoku_violations=0\b/);
  });
});

describe('code', () => {
  it('is in the text layer, indentation kept: each level two columns of the monospace grid further right', () => {
    const p = pageWith('function average(scores) {');
    const ws = words(p.number);
    const after = (a: string, b: string) => ws.find((w, i) => w.text === a && ws[i + 1]?.text === b)!;
    const fn = after('function', 'average(scores)');
    const konst = after('const', 'total');
    const ret = after('return', 'total');
    const cell = 0.6 * pdf.layout.setup.bodySize * 0.85;
    expect(konst.xMin - fn.xMin).toBeCloseTo(2 * cell, 0);
    expect(ret.xMin).toBeCloseTo(konst.xMin, 1);
    // Python's four spaces: four columns.
    const def = after('def', 'greet(name:');
    const doc = ws.find((w) => w.text.startsWith('"""') && w.yMin > def.yMin)!;
    expect(doc.xMin - def.xMin).toBeCloseTo(4 * cell, 0);
    // The text layer itself holds the indent (copying code keeps it); -layout shows it as leading spaces.
    const layout = run('pdftotext', ['-layout', '-f', String(p.number), '-l', String(p.number), file, '-']).split('\n');
    const lead = (s: string) => layout.find((l) => l.includes(s))!.search(/\S/);
    expect(lead('const total = scores.reduce((a, b) => a + b, 0);')).toBeGreaterThan(lead('function average(scores) {'));
    expect(lead('return total / scores.length;')).toBe(lead('const total = scores.reduce'));
    expect(lead('}')).toBeLessThan(lead('const total'));
  });

  it('sets code in the monospace face, Chinese in the sans on two columns, without ligatures', () => {
    const runs = codeRuns(pageWith('function average(scores) {'));
    const mono = runs.filter((r) => r.face === 'mono');
    expect(mono.length).toBeGreaterThan(10);
    for (const r of mono) {
      expect(r.text, r.text).not.toMatch(/\p{Script=Han}/u);
      expect(r.features).toEqual(MONO_FEATURES);
    }
    const han = runs.filter((r) => /\p{Script=Han}/u.test(r.text));
    expect(han.length).toBeGreaterThan(0);
    for (const r of han) expect(r.face).toBe('sans');
    // Two columns a character: a Chinese run's advance is twice the cell per character.
    const cell = 0.6 * pdf.layout.setup.bodySize * 0.85;
    const r = han.find((x) => x.text.length > 4)!;
    expect(r.width + r.spacing).toBeCloseTo([...r.text].length * 2 * cell, 1);
    // Inline code too: the monospace face, Chinese in it in the sans.
    const inline = pageWith('行内代码').lines.find((l) => l.text.includes('行内代码'))!;
    expect(inline.runs.some((x) => x.face === 'mono' && x.text.includes('const'))).toBe(true);
    expect(inline.runs.find((x) => x.text.includes('中文'))!.face).toBe('sans');
  });

  it('wraps a long line at the measure with a ↪ drawn before the continuation, nothing past the right margin', () => {
    const p = pageWith('function average(scores) {');
    const setup = pdf.layout.setup;
    const right = leftEdge(setup, p.number) + setup.measure;
    for (const w of words(p.number)) expect(w.xMax, w.text).toBeLessThanOrEqual(right + 0.5);
    // The comment line is in two pieces: the second is a continuation (not a line of its own), hung further in.
    const pieces = p.lines.filter((l) => l.src && l.text.includes('很长'));
    expect(pieces.length).toBe(2);
    expect(pieces[0]!.last).toBe(false);
    expect(pieces[1]!.first).toBe(false);
    expect(pieces[1]!.runs[0]!.x).toBeGreaterThan(pieces[0]!.runs.find((r) => r.text.startsWith('return'))?.x ?? pieces[0]!.runs[0]!.x);
    expect(pieces[1]!.src!.start).toBe(pieces[0]!.src!.end);
    // The mark: grey strokes just left of the continuation, on its line.
    const marks = p.items.filter((it) => it.kind === 'rule' && it.color === '#8a8a8a' && Math.abs(it.y1 - pieces[1]!.y) < 10);
    expect(marks.length).toBe(4);
    for (const m of marks) if (m.kind === 'rule') expect(Math.max(m.x1, m.x2)).toBeLessThanOrEqual(pieces[1]!.runs[0]!.x + 0.01);
  });

  it('colours highlighted tokens (keyword, string, comment, number) and leaves code with no language plain', () => {
    const runs = codeRuns(pageWith('function average(scores) {'));
    const colours = new Set(runs.map((r) => r.color));
    expect(colours.size).toBeGreaterThanOrEqual(4);
    const colourOf = (text: string) => runs.find((r) => r.text.trim() === text)?.color;
    expect(colourOf('function')).toBe(CODE_COLOURS.keyword);
    expect(colourOf('0')).toBe(CODE_COLOURS.number);
    expect(colourOf('"样张"') ?? runs.find((r) => r.text === '样张')?.color).toBe(CODE_COLOURS.string);
    expect(runs.find((r) => r.text.startsWith('//'))!.color).toBe(CODE_COLOURS.comment);
    expect(codeColour('')).toBe(CODE_COLOURS.plain);
    expect(codeColour('no-such-scope')).toBe(CODE_COLOURS.plain);
  });

  it('has a palette that reads on the code ground (≥ 4.5:1) and stays apart in grey, darkest to lightest', () => {
    const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
    const rgb = (hex: string) => [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
    const lum = (hex: string) => {
      const [r, g, b] = rgb(hex).map(lin) as [number, number, number];
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const luma = (hex: string) => {
      const [r, g, b] = rgb(hex);
      return 0.299 * r + 0.587 * g + 0.114 * b;
    };
    const ground = lum('#f2f2f2');
    const order = [CODE_COLOURS.plain, CODE_COLOURS.keyword, CODE_COLOURS.number, CODE_COLOURS.string, CODE_COLOURS.comment];
    for (const c of order) expect((ground + 0.05) / (lum(c) + 0.05), c).toBeGreaterThanOrEqual(4.5);
    for (let i = 1; i < order.length; i++) {
      expect(lum(order[i]!)).toBeGreaterThan(lum(order[i - 1]!));
      expect(luma(order[i]!)).toBeGreaterThan(luma(order[i - 1]!) + 0.02);
    }
  });

  it('expands tabs to the next multiple of four columns, keeps blank lines, and points every line at its source', () => {
    const diags = new Diagnostics();
    const ctx = ctxFor('x.md', 't-', pageSetup('A4'), diags);
    const value = 'a\tb\n\n\tc\n  \td';
    const rows = codeRows({ value, key: 'b1', line: 1 }, 0, 420, ctx);
    const lines = rows.flatMap((r) => r.lines);
    expect(lines.map((l) => l.text)).toEqual(['a   b', '    c', '    d']);
    // Blank line kept: four rows of text height between the frame rows, one of them empty.
    expect(rows.filter((r) => r.lines.length === 0 && r.height > 10).length).toBe(1);
    expect(lines.map((l) => value.slice(l.src!.start, l.src!.end))).toEqual(['a\tb', '\tc', '  \td']);
    for (const l of lines) expect(l.justified).toBe(false);
    expect(diags.items).toEqual([]);
  });

  it('breaks a long Chinese line without putting a closing mark at a line start', () => {
    const ctx = ctxFor('x.md', 't-', pageSetup('A5'), new Diagnostics());
    const value = '# ' + '很长的注释，'.repeat(30);
    const lines = codeRows({ value, line: 1 }, 0, 200, ctx).flatMap((r) => r.lines);
    expect(lines.length).toBeGreaterThan(3);
    expect(kinsokuViolations(lines)).toEqual([]);
    expect(lines.map((l) => l.text).join('')).toBe(value);
  });
});

describe('figures and images', () => {
  it('reads the size of GIF, WebP and SVG from their headers, and refuses a file that is not what its name says', () => {
    expect(imageSize(path.join(IMAGES, 'anim.gif'), 'image/gif')).toMatchObject({ width: 120, height: 80 });
    expect(imageSize(path.join(IMAGES, 'leaf.webp'), 'image/webp')).toMatchObject({ width: 100, height: 100 });
    expect(imageSize(path.join(IMAGES, 'chart.svg'), 'image/svg+xml')).toMatchObject({ width: 240, height: 120 });
    expect(imageSize(path.join(IMAGES, 'photo.png'), 'image/gif')).toBeNull();
    expect(svgSize('<?xml version="1.0"?>\n<!-- c --><svg viewBox="0 0 50 20"/>')).toMatchObject({ width: 50, height: 20 });
    expect(svgSize('<svg width="1in" viewBox="0 0 50 25"></svg>')).toMatchObject({ width: 96, height: 48 });
    expect(svgSize('<svg width="100%" height="100%"></svg>')).toMatchObject({ width: 300, height: 150 });
    expect(svgSize('<html></html>')).toBeNull();
    // A file cut short is not drawn (its alt text is), a self-closed root is fine.
    expect(svgSize('<svg width="10" height="10"><g><rect')).toBeNull();
    expect(svgSize('<svg width="10" height="10"/>')).toMatchObject({ width: 10, height: 10 });
  });

  it('embeds every local image: PNG as it is, GIF and WebP as one image each, SVG as vector art (no image for it)', () => {
    const items = pages().flatMap((p) => p.items);
    const images = items.filter((it) => it.kind === 'image').map((it) => (it.kind === 'image' ? path.basename(it.file) : ''));
    expect(images.sort()).toEqual(['anim.gif', 'leaf.webp', 'photo.png']);
    const svgs = items.filter((it): it is SvgItem => it.kind === 'svg' && !!it.file);
    expect(svgs.map((s) => path.basename(s.file!))).toEqual(['chart.svg']);
    // The PDF's images: exactly the three rasters at their pixel sizes (a GIF's transparency as its soft mask).
    const list = run('pdfimages', ['-list', file]).trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
    const rasters = list.filter((c) => c[2] === 'image').map((c) => `${c[3]}x${c[4]}`);
    expect(rasters.sort()).toEqual(['100x100', '120x80', '160x90']);
    // The chart's bars are paths filled in their colours (#4a7ab5, #d9822b).
    expect(qdf).toContain('0.2901960784313726 0.47843137254901963 0.7098039215686275 scn');
    expect(qdf).toContain('0.8509803921568627 0.5098039215686274 0.16862745098039217 scn');
  });

  it('centres each figure, within the measure and 60 % of the text height, its caption under it', () => {
    const setup = pdf.layout.setup;
    for (const p of pages()) {
      const x0 = leftEdge(setup, p.number);
      for (const it of p.items) {
        if (it.kind !== 'image' && !(it.kind === 'svg' && it.file)) continue;
        expect(it.x + it.w / 2).toBeCloseTo(x0 + setup.measure / 2, 1);
        expect(it.w).toBeLessThanOrEqual(setup.measure + 1e-6);
        expect(it.h).toBeLessThanOrEqual((setup.height - setup.top - setup.bottom) * 0.6 + 1e-6);
      }
    }
    const p = pageWith('图 1 三年的增长');
    const chart = p.items.find((it): it is SvgItem => it.kind === 'svg' && !!it.file)!;
    const caption = p.lines.find((l) => l.text.includes('图 1 三年的增长'))!;
    expect(caption.y).toBeGreaterThan(chart.y + chart.h);
    expect(caption.runs[0]!.face).toBe('sans');
    expect(caption.runs[0]!.color).toBe('#555555');
    expect(chart.struct?.[0]).toMatchObject({ role: 'Figure', alt: '柱状图' });
  });

  it('draws nothing of an SVG that acts or reaches out: no script, no handler, no link, no remote image', () => {
    expect(qdf).not.toMatch(/alert|example\.com|\/JavaScript|\/JS\b|\/URI/);
    const safe = safeSvg(fs.readFileSync(path.join(IMAGES, 'chart.svg'), 'utf8'));
    expect(safe).not.toMatch(/<script|onload|onclick|href="https/);
    expect(safe).toContain('<rect');
    const links = safeSvg('<svg xmlns:xlink="http://www.w3.org/1999/xlink"><a href="javascript:alert(1)"><use xlink:href="#r"/><use href="file:///etc/passwd#x"/></a><foreignObject><p/></foreignObject><image href="/etc/passwd"/><image href="data:image/png;base64,AAAA"/><g stroke="red" stroke-width="0"/></svg>');
    expect(links).not.toMatch(/javascript|passwd|foreignObject|<a\b/);
    expect(links).toContain('xlink:href="#r"');
    expect(links).toContain('href="data:image/png;base64,AAAA"');
    expect(links).toMatch(/<g stroke="none" stroke-width="0"/);
  });
});

describe('math', () => {
  it('sets inline math as a vector box in the line, on the baseline, sized in the text’s ex', () => {
    const p = pageWith('质能方程');
    const line = p.lines.find((l) => l.text.includes('质能方程'))!;
    const box = p.items.find((it): it is SvgItem => it.kind === 'svg' && !it.file && Math.abs(it.y + it.h - line.y) < 10)!;
    expect(box).toBeDefined();
    expect(box.svg).toMatch(/^<svg/);
    expect(box.struct?.map((n) => n.role)).toEqual(['P', 'Formula']);
    expect(box.struct?.[1]?.alt).toBe('E=mc^2');
    const ex = exOf('serif', pdf.layout.setup.bodySize);
    expect(ex / pdf.layout.setup.bodySize).toBeCloseTo(0.514, 2);
    expect(box.w).toBeCloseTo(8.699 * ex, 1);
    // Its depth hangs below the baseline.
    expect(box.y + box.h - line.y).toBeCloseTo(0.186 * ex, 1);
    // Between the Chinese before and after it.
    const before = line.runs.find((r) => r.text.includes('质能方程'))!;
    const after = line.runs.find((r) => r.text.includes('写在行内'))!;
    expect(box.x).toBeGreaterThan(before.x + before.width);
    expect(box.x + box.w).toBeLessThan(after.x);
  });

  it('sets display math centred on a line of its own, as a Formula with its TeX', () => {
    const setup = pdf.layout.setup;
    const p = pageWith('质能方程');
    const display = p.items.find((it): it is SvgItem => it.kind === 'svg' && it.struct?.length === 1 && it.struct[0]!.role === 'Formula')!;
    expect(display.struct![0]!.alt).toContain('\\int_0^1');
    expect(display.x + display.w / 2).toBeCloseTo(leftEdge(setup, p.number) + setup.measure / 2, 1);
    const lines = p.lines.filter((l) => l.y > display.y - 20 && l.y < display.y + display.h + 20);
    expect(lines.every((l) => l.y < display.y || l.y - l.runs[0]!.size > display.y + display.h)).toBe(true);
  });
});

describe('images and math that cannot be drawn', () => {
  it('prints alt text for an unreadable GIF or a cut-short SVG (warned), an empty frame for a GIF that will not convert, TeX in error as written, ligature sequences as typed; same bytes twice', async () => {
    const badHeader = Buffer.from('not a gif at all');
    // A GIF whose header is fine and whose picture is not.
    const badBody = Buffer.concat([fs.readFileSync(path.join(IMAGES, 'anim.gif')).subarray(0, 13), Buffer.from([0x2c, 1, 2, 3])]);
    const corpus = writeCorpus({
      'book.yaml': BOOK_YAML,
      'a.gif': badHeader,
      'b.gif': badBody,
      'c.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5"',
      'leaf.webp': fs.readFileSync(path.join(IMAGES, 'leaf.webp')),
      '01-a.md': article('title: 坏图', '正文。\n\n![第一张坏图](a.gif)\n\n![第二张坏图](b.gif)\n\n![截断的图](c.svg)\n\n![叶子](leaf.webp)\n\n公式 $\\frac{1}{$ 写错了。\n\n行内 `a != b && c => d // e === f -> g` 与代码块：\n\n```\nx => y != z // ->\n```\n'),
    });
    const dirs = [tempDir('studypack-bad-a-'), tempDir('studypack-bad-b-')];
    try {
      const [r1, r2] = [await build({ corpus, out: dirs[0]!, outputs: ['pdf'] }), await build({ corpus, out: dirs[1]!, outputs: ['pdf'] })];
      expect(r1!.diagnostics.errors).toEqual([]);
      const rules = r1!.diagnostics.items.map((d) => d.rule);
      expect(rules).toContain('layout:image');
      expect(rules).toContain('render:image');
      expect(rules).toContain('analyse:math');
      const text = run('pdftotext', [r1!.outputs[0]!.file, '-']);
      expect(text).toContain('［第一张坏图］');
      expect(text).toContain('［截断的图］');
      expect(r1!.diagnostics.items.filter((d) => d.rule === 'layout:image').map((d) => d.line)).toEqual([8, 12]);
      expect(text).toContain('$\\frac{1}{$');
      // JetBrains Mono's ligature sequences are set as the characters typed (its contextual alternates off).
      expect(text).toContain('a != b && c => d // e === f -> g');
      expect(text).toContain('x => y != z // ->');
      expect(fs.readFileSync(r1!.outputs[0]!.file).equals(fs.readFileSync(r2!.outputs[0]!.file))).toBe(true);
    } finally {
      for (const d of [corpus, ...dirs]) fs.rmSync(d, { recursive: true, force: true });
    }
  }, 120_000);
});
