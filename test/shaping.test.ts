import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { face, openFont } from '../src/fonts/catalog.js';
import { loneHanUnshaped } from '../src/fonts/lone-glyphs.js';
import { MONO_FEATURES, sharedMetrics } from '../src/fonts/metrics.js';
import { layoutBook } from '../src/layout/handout.js';
import { readPack } from '../src/pipeline.js';
import { paintPdf } from '../src/render/pdf/paint.js';
import { currentEmbeddedFont } from '../src/seams/pdfkit.js';
import { SEED_CORPUS } from './helpers/corpus.js';

describe('painting shares the layout’s fonts and writes the layout’s glyphs', () => {
  const diags = new Diagnostics();
  const { book, analysis } = readPack(SEED_CORPUS, diags)!;
  const layout = layoutBook(book, analysis, diags, {});
  const runs = layout.pages.flatMap((p) => p.items.filter((it) => it.kind === 'text'));

  it('hands pdfkit the very fontkit Font the layout measured with', () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    doc.registerFont('serif', openFont(face('serif').file) as unknown as Buffer);
    doc.font('serif');
    expect(currentEmbeddedFont(doc)?.font).toBe(openFont(face('serif').file));
  });

  it('every run the paragraphs and page furniture set carries its glyphs, equal to shaping the run whole', () => {
    let carried = 0;
    for (const it of runs) {
      // The runs that come without glyphs (TOC and index page numbers, list numbers) are shaped the same way when painted.
      const pieces = it.glyphs ?? sharedMetrics().glyphRun(it.text, it.face, it.features);
      if (it.glyphs) carried++;
      const font = openFont(face(it.face).file);
      const whole = font.layout(it.text, it.features.length ? [...it.features] : it.face === 'mono' ? MONO_FEATURES : undefined);
      const ids = pieces.flatMap((p) => p.ids);
      expect(ids, it.text).toEqual(whole.glyphs.map((g) => g.id));
      expect(
        pieces.flatMap((p) => p.xAdvance),
        it.text,
      ).toEqual(whole.positions.map((p) => p.xAdvance));
      expect(
        pieces.flatMap((p) => p.advance),
        it.text,
      ).toEqual(whole.glyphs.map((g) => g.advanceWidth));
      expect(
        pieces.flatMap((p) => p.ids.map((_, i) => [p.offsets?.x[i] ?? 0, p.offsets?.y[i] ?? 0])),
        it.text,
      ).toEqual(whole.positions.map((p) => [p.xOffset, p.yOffset]));
      // What the text layer gives back: the code points of fontkit's own glyph objects (pdfkit's ToUnicode source).
      expect(pieces.flatMap((p) => p.codePoints).map((c) => [...c]), it.text).toEqual(whole.glyphs.map((g) => [...g.codePoints]));
    }
    expect(runs.length).toBeGreaterThan(500);
    // Plain numbers and arrays: a layout posted to a worker thread (structured clone) keeps its glyphs.
    const sample = runs.find((r) => r.glyphs && r.text.length > 10)!;
    expect(structuredClone(sample).glyphs).toEqual(sample.glyphs);
    // Body text, headings and running heads carry theirs: nearly all runs.
    expect(carried / runs.length).toBeGreaterThan(0.9);
  });

  it('a lone Han character is set from the cmap only where shaping gives the same: every Han character of the faces', () => {
    const m = sharedMetrics();
    let checked = 0;
    for (const name of ['serif', 'serifBold', 'sans', 'sansBold'] as const) {
      const font = openFont(face(name).file);
      expect(loneHanUnshaped(font, () => font.layout('一')), `${name}: Noto CJK's default features cannot change a lone glyph`).toBe(true);
      const han = font.characterSet.filter((cp) => /^\p{Script=Han}$/u.test(String.fromCodePoint(cp)));
      expect(han.length).toBeGreaterThan(20_000);
      const fast: number[][] = [];
      const shaped: number[][] = [];
      for (const cp of han) {
        const ch = String.fromCodePoint(cp);
        const [p, more] = m.glyphRun(ch, name);
        expect(more).toBeUndefined();
        fast.push([p!.ids[0]!, p!.xAdvance[0]!, p!.advance[0]!, p!.offsets ? 1 : 0, ...p!.codePoints[0]!]);
        const run = font.layout(ch);
        const g = run.glyphs[0]!;
        const q = run.positions[0]!;
        shaped.push([g.id, q.xAdvance, g.advanceWidth, q.xOffset || q.yOffset ? 1 : 0, ...g.codePoints]);
        checked++;
      }
      expect(fast, name).toEqual(shaped);
    }
    expect(checked).toBeGreaterThan(80_000);
    // Where a lookup could change a lone glyph (JetBrains Mono's contextual alternates), every piece is shaped.
    const mono = openFont(face('mono').file);
    expect(loneHanUnshaped(mono, () => mono.layout('一'))).toBe(false);
  }, 60_000);

  it('pieces are shared: a run is put together from the cache, not shaped again', () => {
    const m = sharedMetrics();
    const a = m.glyphRun('中文排版，“引号”与标点。', 'serif');
    const b = m.glyphRun('排版中文。', 'serif');
    expect(a[2]).toBe(b[0]); // 排
    expect(a[0]).toBe(b[2]); // 中
    expect(a.map((p) => p.ids.length)).toEqual([1, 1, 1, 1, 2, 1, 1, 1, 1, 1, 1, 1]);
    // A Han character outside the BMP (a surrogate pair) is a piece of its own too; a lone surrogate is not Han.
    expect(m.glyphRun('ab\u{20000}cd中', 'serif').map((p) => p.ids.length)).toEqual([2, 1, 2, 1]);
    expect(m.glyphRun('a\ud840b中', 'serif').map((p) => p.ids.length)).toEqual([3, 1]);
  });

  it('pdfkit shapes and encodes no text when the handout is painted', async () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    doc.registerFont('serif', openFont(face('serif').file) as unknown as Buffer);
    doc.font('serif');
    const proto = Object.getPrototypeOf(currentEmbeddedFont(doc)!) as Record<string, (...a: unknown[]) => unknown>;
    const calls: string[] = [];
    const saved = { layout: proto.layout!, encode: proto.encode! };
    for (const name of ['layout', 'encode'] as const) {
      const own = saved[name];
      proto[name] = function (this: unknown, ...a: unknown[]) {
        calls.push(name);
        return own.apply(this, a);
      };
    }
    try {
      const pdf = await paintPdf(layout.pages, { title: 't', language: 'zh-CN', date: new Date(Date.UTC(2024, 0, 1)) });
      expect(pdf.length).toBeGreaterThan(100_000);
    } finally {
      Object.assign(proto, saved);
    }
    expect(calls).toEqual([]);
  });
});
