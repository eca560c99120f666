import PDFDocument from 'pdfkit';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { face, openFont } from '../src/fonts/catalog.js';
import { layoutBook } from '../src/layout/handout.js';
import { readPack } from '../src/pipeline.js';
import { shapeCached } from '../src/render/pdf/shaping.js';
import { currentEmbeddedFont } from '../src/seams/pdfkit.js';
import { SEED_CORPUS } from './helpers/corpus.js';

describe('painting shares the layout’s fonts and shapes from a cache', () => {
  it('hands pdfkit the very fontkit Font the layout measured with', () => {
    const doc = new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
    doc.registerFont('serif', openFont(face('serif').file) as unknown as Buffer);
    doc.font('serif');
    expect(currentEmbeddedFont(doc)?.font).toBe(openFont(face('serif').file));
  });

  it('gives the same glyphs and advances as shaping each run whole, on every run of the seed handout', () => {
    const diags = new Diagnostics();
    const { book, analysis } = readPack(SEED_CORPUS, diags)!;
    const layout = layoutBook(book, analysis, diags, {});
    let runs = 0;
    for (const page of layout.pages) {
      for (const it of page.items) {
        if (it.kind !== 'text') continue;
        const font = openFont(face(it.face).file);
        const scale = 1000 / font.unitsPerEm;
        const features = it.features.length ? [...it.features] : undefined;
        const whole = font.layout(it.text, features);
        const cached = shapeCached(font, it.text, features, scale);
        expect(cached.glyphs.map((g) => g.id), it.text).toEqual(whole.glyphs.map((g) => g.id));
        expect(
          cached.positions.map((p) => Math.round(p.xAdvance * 1000)),
          it.text,
        ).toEqual(whole.positions.map((p) => Math.round(p.xAdvance * scale * 1000)));
        expect(cached.positions.some((p, i) => p.xOffset !== whole.positions[i]!.xOffset * scale || p.yOffset !== whole.positions[i]!.yOffset * scale), it.text).toBe(false);
        runs++;
      }
    }
    expect(runs).toBeGreaterThan(500);
  });
});
