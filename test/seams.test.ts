// Each library's private API studypack relies on (src/seams/*) still exists and still does what the seam expects:
// an upgrade that changes one fails here, with the seam to look at named in the message.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { face, openFont, type FaceName } from '../src/fonts/catalog.js';
import { fontkitFeatures, MONO_FEATURES, sharedMetrics } from '../src/fonts/metrics.js';
import { createEPub, renderEpubZip } from '../src/seams/epub-gen-memory.js';
import { copySimpleGlyphsUndecoded, decodeUnmemoised, glyphPrototype, horizontalMetrics, memoiseGlyphDecoding, subsetPrototype } from '../src/seams/fontkit.js';
import { currentEmbeddedFont, keepDeflated, openImage, writeGlyphs } from '../src/seams/pdfkit.js';
import zlib from 'node:zlib';
import { FIXTURES } from './helpers/corpus.js';

// Runs as the layout hands them to the painter: one script each (a run mixing Han with Latin letters and digits
// is shaped as Han whole but as Latin in FontMetrics#glyphRun's pieces; the layout never sets one, see test/shaping.test.ts).
const SAMPLE = '中文排版，“引号”与标点：一、二。';
const LATIN = 'AVATAR office 1,234.';

function freshFont(): fontkit.Font {
  return fontkit.create(fs.readFileSync(face('serif').file)) as fontkit.Font;
}

describe('fontkit seam (src/seams/fontkit.ts): TTFGlyph#_decode memoised', () => {
  it('the private members are there, with the shapes the seam expects', () => {
    const font = freshFont();
    const glyph = font.glyphForCodePoint(0x4e2d);
    const proto = glyphPrototype(font) as { _decode?: unknown };
    const seam = 'fontkit changed a private member src/seams/fontkit.ts uses';
    expect(typeof proto._decode, `${seam}: TTFGlyph.prototype._decode is not a function`).toBe('function');
    expect((decodeUnmemoised(glyph) as unknown) !== undefined, `${seam}: _decode() returns nothing`).toBe(true);
    expect((glyph as unknown as { _font: unknown })._font, `${seam}: glyph._font is not the glyph's Font`).toBe(font);
    expect('_variationProcessor' in font, `${seam}: Font#_variationProcessor is gone (the memo must not apply to variable fonts)`).toBe(true);
    expect((font as unknown as { _variationProcessor: unknown })._variationProcessor, `${seam}: a static font has a _variationProcessor`).toBeNull();
  });

  it('memoised, each glyph is decoded once and gives fontkit’s own outlines, paths and subset bytes', () => {
    const ids = (f: fontkit.Font) => [SAMPLE, LATIN].flatMap((t) => f.layout(t).glyphs.map((g) => g.id));
    const subset = (f: fontkit.Font) => {
      const s = f.createSubset();
      for (const id of ids(f)) s.includeGlyph(id);
      return Buffer.from(s.encode());
    };
    // fontkit's own results first: the memo is on the shared prototype, so nothing in this file has set it yet.
    const plain = freshFont();
    expect(Object.hasOwn(glyphPrototype(plain), 'studypackUnmemoised'), 'the reference must be made before the memo is set').toBe(false);
    const refPaths = ids(plain).map((id) => plain.getGlyph(id).path.toSVG());
    const refSubset = subset(plain);

    const font = freshFont();
    memoiseGlyphDecoding(font);
    const proto = glyphPrototype(font) as { _decode: () => unknown };
    expect(Object.hasOwn(proto, 'studypackUnmemoised'), 'memoiseGlyphDecoding did not wrap TTFGlyph.prototype._decode').toBe(true);
    for (const id of ids(font)) {
      const g = font.getGlyph(id) as unknown as { _decode(): unknown };
      const first = g._decode();
      expect(g._decode(), `glyph ${id}: decoded again instead of from the memo`).toBe(first);
      expect(first, `glyph ${id}: memoised outline differs from fontkit's`).toEqual(decodeUnmemoised(g as unknown as fontkit.Glyph));
    }
    expect(ids(font).map((id) => font.getGlyph(id).path.toSVG())).toEqual(refPaths);
    const fresh = freshFont();
    memoiseGlyphDecoding(fresh);
    expect(subset(fresh).equals(refSubset), 'a subset made with memoised decoding differs from fontkit’s').toBe(true);
    // The memo is only worth having if fontkit's Subset decodes through _decode: it filled the memo above.
    expect(
      ids(fresh).every((id) => 'decoded' in fresh.getGlyph(id)),
      'fontkit’s TTFSubset no longer decodes glyphs through _decode: the memo in src/seams/fontkit.ts no longer helps',
    ).toBe(true);
  });
});

describe('fontkit seam (src/seams/fontkit.ts): TTFSubset#_addGlyph copies a simple glyph undecoded', () => {
  const seam = 'fontkit changed a private member src/seams/fontkit.ts uses';
  // JetBrains Mono's accented letters are composite glyphs (a base and a mark): there both paths are taken. Noto
  // Serif SC's glyphs are all simple.
  const TEXT = `${SAMPLE}${LATIN} éàöñÅçÉ`;

  it('gives fontkit’s own subset bytes, composites included, without decoding the simple glyphs', () => {
    for (const name of ['serif', 'mono'] as const) {
      const font = fontkit.create(fs.readFileSync(face(name).file)) as fontkit.Font;
      copySimpleGlyphsUndecoded(font);
      const proto = subsetPrototype(font);
      expect(typeof proto.studypackOwnAddGlyph, `${seam}: TTFSubset.prototype._addGlyph was not there to wrap`).toBe('function');
      const ids = font.layout(TEXT).glyphs.map((g) => g.id);
      const kinds = ids.map((id) => (decodeUnmemoised(font.getGlyph(id)) as { numberOfContours: number } | null)?.numberOfContours ?? 0);
      if (name === 'mono') expect(kinds.some((n) => n < 0), `${name}: no composite glyph in the sample: pick another`).toBe(true);
      expect(kinds.some((n) => n > 0)).toBe(true);
      const subset = (f: fontkit.Font) => {
        const s = f.createSubset();
        for (const id of ids) s.includeGlyph(id);
        return Buffer.from(s.encode());
      };
      const wrapped = proto._addGlyph!;
      proto._addGlyph = proto.studypackOwnAddGlyph!;
      let own: Buffer;
      try {
        own = subset(fontkit.create(fs.readFileSync(face(name).file)) as fontkit.Font);
      } finally {
        proto._addGlyph = wrapped;
      }
      const fresh = fontkit.create(fs.readFileSync(face(name).file)) as fontkit.Font;
      memoiseGlyphDecoding(fresh);
      expect(subset(fresh).equals(own), `${seam}: a subset copied without decoding differs from fontkit’s own`).toBe(true);
      // Only the composites (and their components' own checks) were decoded: the simple glyphs were copied as bytes.
      const decoded = ids.filter((id, k) => kinds[k]! > 0 && 'decoded' in fresh.getGlyph(id));
      expect(decoded, 'simple glyphs were decoded while subsetting').toEqual([]);
    }
  });
});

describe('fontkit seam (src/seams/fontkit.ts): horizontal metrics from the hmtx bytes', () => {
  it('gives fontkit’s advanceWidth and leftBearing for every glyph of the faces', () => {
    for (const name of ['serif', 'sansBold', 'mono'] as const) {
      const font = openFont(face(name).file);
      const hm = horizontalMetrics(font);
      expect(hm, `fontkit changed a private member src/seams/fontkit.ts uses: no hmtx reader for ${name}`).toBeDefined();
      const ours: number[] = [];
      const own: number[] = [];
      for (let gid = 0; gid < font.numGlyphs; gid++) {
        let m: { advanceWidth: number; leftBearing: number };
        try {
          m = (font.getGlyph(gid) as unknown as { _getMetrics(): { advanceWidth: number; leftBearing: number } })._getMetrics();
        } catch {
          continue; // JetBrains Mono's spacer glyph: fontkit cannot read its header (see fonts/metrics.ts MONO_FEATURES)
        }
        own.push(m.advanceWidth, m.leftBearing);
        ours.push(hm!.advance(gid), hm!.bearing(gid));
      }
      expect(own.length).toBeGreaterThan(name === 'mono' ? 1000 : 50_000);
      expect(ours, name).toEqual(own);
    }
  });
});

function pdfDoc(font?: string | null): PDFKit.PDFDocument {
  const date = new Date(Date.UTC(2025, 0, 1));
  return new PDFDocument({ autoFirstPage: false, compress: false, info: { CreationDate: date, ModDate: date }, ...(font === undefined ? {} : { font: font as string }) });
}

function finish(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

describe('pdfkit seam (src/seams/pdfkit.ts): text written from shaped glyphs, PDFDocument#openImage', () => {
  const seam = 'pdfkit changed a private member src/seams/pdfkit.ts uses';

  it('the current font is an EmbeddedFont with our parsed Font, its scale, id, subset, widths, unicode and ref()', () => {
    const doc = pdfDoc(null);
    const serif = openFont(face('serif').file);
    doc.registerFont('serif', serif as unknown as Buffer);
    doc.addPage({ size: 'A4', margin: 0 });
    doc.font('serif');
    const raw = (doc as unknown as { _font?: Record<string, unknown> })._font;
    expect(raw, `${seam}: PDFDocument#_font is not set by font()`).toBeTruthy();
    expect(raw!.font, `${seam}: EmbeddedFont#font is not the Font registerFont was given`).toBe(serif);
    expect(raw!.scale, `${seam}: EmbeddedFont#scale is not 1000 / unitsPerEm`).toBe(1000 / serif.unitsPerEm);
    expect(raw!.id, `${seam}: EmbeddedFont#id is not the font's resource name`).toBe('F1');
    expect(typeof (raw!.subset as { includeGlyph?: unknown }).includeGlyph, `${seam}: EmbeddedFont#subset.includeGlyph is gone`).toBe('function');
    expect(raw!.widths, `${seam}: EmbeddedFont#widths no longer starts with glyph 0's advance`).toEqual([serif.getGlyph(0).advanceWidth]);
    expect(raw!.unicode, `${seam}: EmbeddedFont#unicode no longer starts with [[0]]`).toEqual([[0]]);
    expect(typeof raw!.ref, `${seam}: EmbeddedFont#ref is gone`).toBe('function');
    expect(typeof (raw!.encode as unknown), `${seam}: EmbeddedFont#encode is gone (writeGlyphs does what it did)`).toBe('function');
    const page = (doc as unknown as { page: { fonts?: unknown; height?: unknown } }).page;
    expect(page.fonts, `${seam}: PDFPage#fonts is not the page's font resources`).toEqual({});
    expect(page.height).toBeCloseTo(841.89, 2);
    expect(typeof (doc as unknown as { addContent?: unknown }).addContent, `${seam}: PDFDocument#addContent is gone`).toBe('function');
    expect(currentEmbeddedFont(doc)?.font).toBe(serif);
    expect(() => writeGlyphs(pdfDoc(null).addPage(), 0, 0, 10, 0, sharedMetrics().glyphRun('中', 'serif')), 'no current font: writeGlyphs must refuse').toThrow(/EmbeddedFont/);
  });

  // Each case: face, text, character spacing (Tc), features. The Latin ones have kerning (TJ adjustments), the
  // second monospace one combining marks set with offsets (each at its own text matrix); written twice on a page, the font's subset, widths and ToUnicode
  // map are used again. pdfkit's text() with the same features (in fontkit's form: `-calt` is calt off) shapes each
  // string whole, as the layout does.
  const CASES: [FaceName, string, number, string[]][] = [
    ['serif', SAMPLE, 0.37, []],
    ['serif', LATIN, 0, ['kern']],
    ['sansBold', 'Tokyo AVAWAY, 2.5%', 0.2, ['kern']],
    ['mono', 'x != y => z // ok', 0, MONO_FEATURES],
    ['mono', 'n\u0303 a\u0308\u0301 ok', 0.3, MONO_FEATURES],
    ['serif', SAMPLE, 0, []],
  ];

  it('writeGlyphs writes what pdfkit’s text() writes for the same glyphs, byte for byte: content, subset, widths, ToUnicode', async () => {
    const metrics = sharedMetrics();
    const pieces = CASES.map(([f, text, , features]) => metrics.glyphRun(text, f, features));
    // The cases reach what the seam writes besides plain glyphs: adjusted advances and an offset glyph.
    expect(pieces[1]!.some((p) => p.xAdvance.some((a, i) => a !== p.advance[i])), 'no kerning in the Latin case: pick another').toBe(true);
    expect(pieces[4]!.some((p) => p.offsets !== null), 'no offset glyph in the mark case: pick another').toBe(true);
    const paint = (ours: boolean) => {
      const doc = pdfDoc(null);
      for (const f of new Set(CASES.map((c) => c[0]))) doc.registerFont(f, openFont(face(f).file) as unknown as Buffer);
      doc.addPage({ size: 'A4', margin: 0 });
      CASES.forEach(([f, text, spacing, features], k) => {
        doc.font(f).fontSize(11 + k);
        const y = 40 + 30 * k;
        if (ours) writeGlyphs(doc, 20.5, y, 11 + k, spacing, pieces[k]!);
        else doc.text(text, 20.5, y, { lineBreak: false, characterSpacing: spacing, baseline: 'alphabetic', ...(features.length ? { features: fontkitFeatures(features) as PDFKit.Mixins.OpenTypeFeatures[] } : {}) });
      });
      return finish(doc);
    };
    const [own, ours] = await Promise.all([paint(false), paint(true)]);
    expect(ours.toString('latin1')).toContain('] TJ');
    expect(ours.toString('latin1'), 'the ToUnicode map is missing').toContain('beginbfrange');
    expect(ours.equals(own), `${seam}: a page written by writeGlyphs differs from pdfkit’s own text()`).toBe(true);
  });

  it('openImage decodes an image pdfkit can embed and throws on a damaged one', () => {
    expect(typeof (PDFDocument.prototype as unknown as { openImage?: unknown }).openImage, `${seam}: PDFDocument#openImage is gone`).toBe('function');
    const doc = pdfDoc(null);
    const image = openImage(doc, path.join(FIXTURES, 'images/red.png')) as { width: number; height: number };
    expect([image.width, image.height], `${seam}: openImage no longer returns the image's size`).toEqual([40, 20]);
    expect(() => openImage(doc, path.join(FIXTURES, 'images/broken.png')), `${seam}: openImage accepts a damaged PNG`).toThrow();
  });

  it('still opens Helvetica when no font: null is given (why render/pdf/paint.ts passes font: null)', async () => {
    const names = async (font: null | undefined) => {
      const doc = pdfDoc(font);
      doc.registerFont('serif', openFont(face('serif').file) as unknown as Buffer);
      doc.addPage({ size: 'A4', margin: 0 }).font('serif').text('中', 10, 10, { lineBreak: false });
      return [...(await finish(doc)).toString('latin1').matchAll(/\/(F\d+) [\d.]+ Tf/g)].map((m) => m[1]);
    };
    expect(await names(null)).toEqual(['F1']);
    // If this fails, pdfkit no longer opens a default font: font: null can go from paint.ts with the bytes unchanged.
    expect(await names(undefined), 'pdfkit no longer gives its default font the first resource name: drop font: null').toEqual(['F2']);
  });
});

describe('pdfkit seam (src/seams/pdfkit.ts): its streams deflated through node:zlib, kept by content in watch mode', () => {
  /** A small PDF whose page stream is well over 1 KB, written in memory. */
  const pdf = () =>
    new Promise<Buffer>((resolve) => {
      const doc = new PDFDocument({ font: null as unknown as string, compress: true, info: { CreationDate: new Date(0) } });
      const chunks: Buffer[] = [];
      doc.on('data', (c: Buffer) => chunks.push(c));
      doc.on('end', () => resolve(Buffer.concat(chunks)));
      for (let i = 0; i < 200; i++) doc.moveTo(10, i).lineTo(200, i + 1).stroke();
      doc.end();
    });

  it('pdfkit calls zlib.deflateSync on the module at each stream; kept, a stream met again is not compressed again and the bytes are the same', async () => {
    const memo = keepDeflated();
    expect(keepDeflated()).toBe(memo);
    const calls: number[] = [];
    const installed = zlib.deflateSync;
    // pdfkit must reach the function on node:zlib's exports when it finalises a stream (else the memo never acts).
    zlib.deflateSync = ((data: zlib.InputType, options?: zlib.ZlibOptions) => {
      calls.push((data as Uint8Array).length);
      return installed(data, options);
    }) as typeof zlib.deflateSync;
    try {
      const first = await pdf();
      expect(calls.some((n) => n >= 1024)).toBe(true);
      memo.sweep();
      const before = memo.hits();
      const second = await pdf();
      expect(memo.hits()).toBeGreaterThan(before);
      expect(second.equals(first)).toBe(true);
      // What the memo gives back inflates to what was deflated.
      const big = Buffer.alloc(4096, 7);
      expect(zlib.inflateSync(zlib.deflateSync(big)).equals(big)).toBe(true);
      expect(zlib.deflateSync(big)).toBe(zlib.deflateSync(big));
    } finally {
      zlib.deflateSync = installed;
    }
  });
});

describe('epub-gen-memory seam (src/seams/epub-gen-memory.ts): EPub#content and EPub#zip', () => {
  const seam = 'epub-gen-memory changed a protected member src/seams/epub-gen-memory.ts uses';
  const options = {
    title: 'T',
    lang: 'zh-CN',
    description: '-',
    css: 'p{}',
    contentOPF: '<package><%= title %></package>',
    tocXHTML: '<nav/>',
    tocNCX: '<ncx/>',
    chapterXHTML: '<%- content %>',
    prependChapterTitles: false,
    verbose: false,
  };
  // The library's HTML clean-up would rewrite this (the void element, the epub: attribute, the entity).
  const xhtml = '<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body><p epub:type="z3998:hyphen">a<br/>b&#160;</p></body></html>';

  it('EPub keeps its chapters in `content` and its zip in `zip`', () => {
    const epub = createEPub(options, [{ title: 'One', filename: 'one.xhtml' }]);
    expect(Array.isArray(epub.content), `${seam}: EPub#content is not the chapter list`).toBe(true);
    expect(epub.content.length).toBe(1);
    expect(typeof epub.content[0]!.content, `${seam}: a chapter has no \`content\` string`).toBe('string');
    expect(typeof epub.zip?.file, `${seam}: EPub#zip is not a JSZip`).toBe('function');
    expect(typeof epub.zip.files, `${seam}: EPub#zip has no files map`).toBe('object');
    expect(typeof epub.render).toBe('function');
  });

  it('renders the chapters’ XHTML exactly as given, in a zip with the mimetype first', async () => {
    const zip = await renderEpubZip(options, [{ title: 'One', filename: 'one.xhtml', xhtml }]);
    const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
    expect(names[0], `${seam}: the mimetype is no longer the zip's first entry`).toBe('mimetype');
    expect((await zip.files['mimetype']!.async('nodebuffer')).toString()).toBe('application/epub+zip');
    expect(names).toEqual(expect.arrayContaining(['META-INF/container.xml', 'OEBPS/content.opf', 'OEBPS/one.xhtml']));
    expect((await zip.files['OEBPS/one.xhtml']!.async('nodebuffer')).toString('utf8'), `${seam}: the chapter's XHTML was changed`).toBe(xhtml);
    expect((await zip.files['OEBPS/content.opf']!.async('nodebuffer')).toString('utf8')).toBe('<package>T</package>');
  });
});
