// pdfkit private API, all in one place: our shaper behind pdfkit's text(), and image decoding without painting. Touches PDFDocument#_font (the current EmbeddedFont) and its members font, scale and layout(text, features, onlyWidth) (replaced per font object), and the undocumented PDFDocument#openImage(src); pdfkit offers no public way to give text() glyphs already shaped (its own layout cache splits at spaces, so a Chinese line is one key) nor to decode an image without placing it on a page.
import type * as fontkit from 'fontkit';

/** A shaped run as EmbeddedFont#layout returns it: positions in 1/1000 em, plus each glyph's own advance. */
export interface PdfRun {
  glyphs: fontkit.Glyph[];
  positions: { xAdvance: number; yAdvance: number; xOffset: number; yOffset: number; advanceWidth: number }[];
  advanceWidth: number;
}

/** Shapes `text` in `font`, positions scaled by `scale` (1000 / unitsPerEm), as EmbeddedFont#layout would. */
export type Shaper = (font: fontkit.Font, text: string, features: string[] | undefined, scale: number) => PdfRun;

/** The private side of pdfkit's EmbeddedFont the seam relies on. */
export interface EmbeddedFontInternals {
  font: fontkit.Font;
  scale: number;
  layout(text: string, features?: string[], onlyWidth?: boolean): { glyphs: fontkit.Glyph[] | null; positions: PdfRun['positions'] | null; advanceWidth: number };
  studypackShaper?: Shaper;
}

/** The document's current font as pdfkit holds it: an EmbeddedFont for a TrueType face, else undefined. */
export function currentEmbeddedFont(doc: PDFKit.PDFDocument): EmbeddedFontInternals | undefined {
  const ef = (doc as unknown as { _font?: Partial<EmbeddedFontInternals> | null })._font;
  if (!ef || !ef.font || typeof ef.font.layout !== 'function' || typeof ef.layout !== 'function') return undefined;
  return ef as EmbeddedFontInternals;
}

/**
 * Makes the document's current font shape with `shape` from now on (text(), widthOfString()); once per
 * font object, which pdfkit keeps for the document's life once registerFont() has named it.
 */
export function shapeCurrentFontWith(doc: PDFKit.PDFDocument, shape: Shaper): void {
  const ef = currentEmbeddedFont(doc);
  if (!ef || ef.studypackShaper) return;
  ef.studypackShaper = shape;
  ef.layout = (text, features, onlyWidth) => {
    const run = shape(ef.font, text, features, ef.scale);
    return onlyWidth ? { glyphs: null, positions: null, advanceWidth: run.advanceWidth } : run;
  };
}

/** Decodes an image as pdfkit will when painting it; throws on a file pdfkit cannot embed. */
export function openImage(doc: PDFKit.PDFDocument, src: string | Uint8Array): unknown {
  const open = (doc as unknown as { openImage?: (src: string | Uint8Array) => unknown }).openImage;
  if (typeof open !== 'function') throw new Error('pdfkit: PDFDocument#openImage is gone; see src/seams/pdfkit.ts');
  return open.call(doc, src);
}
