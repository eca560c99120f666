/** Paints laid-out pages with pdfkit: text runs, rules, images, links, outline and the tag tree. */
import fs from 'node:fs';
import PDFDocument from 'pdfkit';
import { face, openFont, type FaceName } from '../../fonts/catalog.js';
import { sharedMetrics } from '../../fonts/metrics.js';
import { needsFrame } from './frames.js';
import { drawSvg, safeSvg } from './svg.js';
import { openImage, writeGlyphs } from '../../seams/pdfkit.js';
import type { SheetSide } from '../../layout/impose.js';
import type { Page, PageItem, StructPath } from '../../layout/types.js';

export interface PdfInfo {
  title: string;
  author?: string;
  subject?: string;
  keywords?: string;
  language: string;
  date: Date;
}

// Registering a face embeds nothing: a font reaches the PDF (and takes a resource name) when first set.
const FACES: FaceName[] = ['serif', 'serifBold', 'sans', 'sansBold', 'mono', 'hans'];

/** What painting images needs besides the pages: GIF and WebP first frames as PNG, by file (frames.ts). */
export type Frames = ReadonlyMap<string, Buffer>;
const NO_FRAMES: Frames = new Map();

/**
 * Paints laid-out pages with pdfkit and nothing else: every position, size and break was decided by the
 * layout. Fonts are embedded as subsets by pdfkit (fontkit), with ToUnicode maps for text extraction.
 */
export function paintPdf(pages: readonly Page[], info: PdfInfo, frames: Frames = NO_FRAMES): Promise<Buffer> {
  const painter = new PdfPainter(info, frames);
  for (const page of pages) painter.page(page);
  return painter.end();
}

/** A PDF painted one page at a time: the caller may let each page's layout go once it is painted. */
export class PdfPainter {
  private readonly doc: PDFKit.PDFDocument;
  private readonly done: Promise<Buffer>;
  private readonly tags: TagTree;
  private readonly outlineStack: { level: number; item: PDFKit.PDFOutline }[] = [];

  constructor(
    info: PdfInfo,
    private readonly frames: Frames = NO_FRAMES,
  ) {
    ({ doc: this.doc, done: this.done } = openDocument(info, true));
    this.tags = new TagTree(this.doc);
  }

  page(page: Page): void {
    const { doc, tags, outlineStack } = this;
    doc.addPage({ size: [page.width, page.height], margin: 0 });
    for (const it of page.items) {
      tags.begin(it);
      paintItem(doc, it, this.frames);
    }
    tags.endPage();
    // pdfkit turns the top into PDF space (from the page's foot) itself: it takes it from the page's top, like the layout.
    for (const d of page.dests) doc.addNamedDestination(d.name, 'XYZ', 0, d.y - 4, null);
    for (const l of page.links) {
      if (l.url) doc.link(l.x, l.y, l.w, l.h, l.url);
      else if (l.dest) doc.goTo(l.x, l.y, l.w, l.h, l.dest);
    }
    for (const o of page.outline) {
      while (outlineStack.length > 0 && outlineStack[outlineStack.length - 1]!.level >= o.level) outlineStack.pop();
      const parent = outlineStack[outlineStack.length - 1]?.item ?? doc.outline;
      const item = parent.addItem(o.title, { expanded: false });
      outlineStack.push({ level: o.level, item });
    }
  }

  end(): Promise<Buffer> {
    this.tags.end();
    this.doc.end();
    return this.done;
  }
}

/**
 * The tagged PDF's structure tree, built while painting: each item's structure path (Document › L › LI ›
 * P …) names the elements it belongs to; consecutive items of one element share one marked-content
 * sequence; items without a path (rules, bullets, fills, running heads, folios) are artifacts.
 */
class TagTree {
  private readonly root: PDFKit.PDFStructureElement;
  private readonly elements = new Map<string, PDFKit.PDFStructureElement>();
  private open: { id: string; el: PDFKit.PDFStructureElement; content: PDFKit.PDFStructureContent } | null = null;

  constructor(private readonly doc: PDFKit.PDFDocument) {
    this.root = doc.struct('Document');
    doc.addStructure(this.root);
  }

  /** The Document's child being painted: once the reading order moves past it, it is complete. */
  private top: { id: string; el: PDFKit.PDFStructureElement } | null = null;
  /** Footnotes painted while `top` is open: complete when it is. */
  private readonly notes: PDFKit.PDFStructureElement[] = [];

  private element(path: StructPath): PDFKit.PDFStructureElement {
    const first = path[0]!;
    // A footnote, painted at the page foot, stands outside the flow: the paragraph it interrupts goes on after it.
    if (this.top && this.top.id !== first.id && first.role !== 'Note') {
      // Painting follows the reading order: the previous top-level element (a paragraph, a list, an
      // article's heading) gets nothing more. End it now, so pdfkit writes it out and lets it go
      // instead of holding every element of a 4,000-page handout until the end.
      this.top.el.end();
      for (const el of this.notes.splice(0)) el.end();
      this.elements.clear();
      this.top = null;
    }
    let parent = this.root;
    for (const n of path) {
      let el = this.elements.get(n.id);
      if (!el) {
        el = this.doc.struct(n.role, n.alt ? { alt: n.alt } : {});
        parent.add(el);
        this.elements.set(n.id, el);
        if (n === first && n.role === 'Note') this.notes.push(el);
        else if (n === first) this.top = { id: n.id, el };
      }
      parent = el;
    }
    return parent;
  }

  begin(it: PageItem): void {
    const path = it.struct;
    if (path && path.length > 0) {
      const leaf = path[path.length - 1]!;
      if (this.open?.id === leaf.id) return;
      this.close();
      const el = this.element(path);
      this.open = { id: leaf.id, el, content: this.doc.markStructureContent(leaf.role) };
      return;
    }
    this.close();
    this.doc.markContent('Artifact', { type: it.pagination ? 'Pagination' : 'Layout' });
    this.artifact = true;
  }

  private artifact = false;

  private close(): void {
    if (this.artifact) {
      this.doc.endMarkedContent();
      this.artifact = false;
    }
    if (this.open) {
      this.doc.endMarkedContent();
      this.open.el.add(this.open.content);
      this.open = null;
    }
  }

  endPage(): void {
    this.close();
  }

  end(): void {
    this.close();
    this.root.end();
  }
}

/**
 * Paints pages two-up on sheets twice their width (A5 on A4 landscape), side by side in the order the
 * imposition gives, with a short fold mark at the top and foot of the centre line. Web links are kept;
 * the booklet has no bookmarks (its page order is the printer's, not the reader's).
 */
export function paintBooklet(pages: readonly Page[], sides: readonly SheetSide[], info: PdfInfo, frames: Frames = NO_FRAMES): Promise<Buffer> {
  const { doc, done } = openDocument(info);
  const first = pages[0]!;
  // A4 landscape holds two A5 pages; each sits centred in its half.
  const width = Math.max(841.89, first.width * 2);
  const height = Math.max(595.28, first.height);
  const half = width / 2;
  const inset = (half - first.width) / 2;
  for (const side of sides) {
    doc.addPage({ size: [width, height], margin: 0 });
    for (const [n, dx] of [
      [side.left, inset],
      [side.right, half + inset],
    ] as const) {
      const page = n ? pages[n - 1] : undefined;
      if (!page) continue;
      doc.save().translate(dx, 0);
      for (const it of page.items) paintItem(doc, it, frames);
      for (const l of page.links) if (l.url) doc.link(l.x, l.y, l.w, l.h, l.url);
      doc.restore();
    }
    doc.save().lineWidth(0.5).strokeColor('#999999').dash(3, { space: 3 });
    doc.moveTo(half, 0).lineTo(half, 18).stroke();
    doc.moveTo(half, height - 18).lineTo(half, height).stroke();
    doc.undash().restore();
  }
  doc.end();
  return done;
}

function openDocument(info: PdfInfo, tagged = false): { doc: PDFKit.PDFDocument; done: Promise<Buffer> } {
  const doc = new PDFDocument({
    autoFirstPage: false,
    // No default font. pdfkit 0.20 still opens one eagerly (initFonts → font('Helvetica'): a StandardFont with
    // its width and kerning tables built, ~0.4 ms a document), and that font takes the resource name F1, which
    // would shift our four faces to F2–F5 and their subset tags: every PDF's bytes would change. Nothing is set in it.
    font: null as unknown as string,
    tagged,
    margin: 0,
    pdfVersion: '1.7',
    compress: true,
    lang: info.language,
    displayTitle: true,
    info: {
      Title: info.title,
      ...(info.author ? { Author: info.author } : {}),
      ...(info.subject ? { Subject: info.subject } : {}),
      ...(info.keywords ? { Keywords: info.keywords } : {}),
      Creator: 'studypack',
      Producer: 'studypack (pdfkit)',
      CreationDate: info.date,
      ModDate: info.date,
    },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  // pdfkit (0.20+) takes the very fontkit Font the layout measured with: no second parse of a 15 MB file per
  // document, one glyph cache per process. @types/pdfkit does not list a Font among the sources yet.
  for (const f of FACES) doc.registerFont(f, openFont(face(f).file) as unknown as Buffer);
  return { doc, done };
}

/** A figure's SVG as read now (the loader found it; should it be gone since, nothing is drawn). */
function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** Per document: converted frames opened once (a picture used twice is embedded once), SVG made safe once. */
const perDoc = new WeakMap<PDFKit.PDFDocument, { images: Map<string, unknown>; svgs: Map<string, string> }>();
const cachesOf = (doc: PDFKit.PDFDocument) => {
  let c = perDoc.get(doc);
  if (!c) perDoc.set(doc, (c = { images: new Map(), svgs: new Map() }));
  return c;
};

function paintItem(doc: PDFKit.PDFDocument, it: PageItem, frames: Frames): void {
  switch (it.kind) {
    case 'text': {
      if (it.deco) paintDeco(doc, it, 'under');
      doc.font(it.face).fontSize(it.size).fillColor(it.color);
      // A hyphen set at a line break reads as a soft hyphen (U+00AD) when the text is extracted.
      if (it.actualText !== undefined) doc.markContent('Span', { actual: it.actualText });
      // The glyphs as the layout shaped them, written as they are (a run made without them is shaped now, from
      // the same cache): pdfkit shapes, measures and encodes nothing again.
      writeGlyphs(doc, it.x, it.y, it.size, it.spacing, it.glyphs ?? sharedMetrics().glyphRun(it.text, it.face, it.features));
      if (it.actualText !== undefined) doc.endMarkedContent();
      if (it.dots) {
        // 着重号 under Chinese characters only (not punctuation, not Latin): runs of them are set on the em grid.
        const step = it.size + it.spacing;
        [...it.text].forEach((ch, i) => {
          if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(ch)) doc.circle(it.x + i * step + it.size / 2, it.y + it.size * 0.28, it.size * 0.07).fill(it.color);
        });
      }
      if (it.deco) paintDeco(doc, it, 'over');
      break;
    }
    case 'rule':
      doc.save().lineWidth(it.width).strokeColor(it.color);
      if (it.dotted) doc.lineCap('round').dash(0.01, { space: it.width * 3.2 });
      else if (it.round) doc.lineCap('round');
      doc.moveTo(it.x1, it.y1).lineTo(it.x2, it.y2).stroke();
      doc.restore();
      break;
    case 'rect':
      if (it.stroke) {
        doc.save().lineWidth(it.lineWidth ?? 0.5).rect(it.x, it.y, it.w, it.h);
        if (it.fill === 'none') doc.stroke(it.stroke);
        else doc.fillAndStroke(it.fill, it.stroke);
        doc.restore();
      } else doc.save().rect(it.x, it.y, it.w, it.h).fill(it.fill).restore();
      break;
    case 'image': {
      if (!needsFrame(it.file)) {
        doc.image(it.file, it.x, it.y, { width: it.w, height: it.h });
        break;
      }
      const { images } = cachesOf(doc);
      const frame = frames.get(it.file);
      const image = images.get(it.file) ?? (frame ? openImage(doc, frame) : undefined);
      if (image) {
        images.set(it.file, image);
        doc.image(image as unknown as Buffer, it.x, it.y, { width: it.w, height: it.h });
      } else doc.save().lineWidth(0.5).rect(it.x, it.y, it.w, it.h).stroke('#999999').restore(); // not convertible: warned by frames.ts
      break;
    }
    case 'svg': {
      const { svgs } = cachesOf(doc);
      const key = it.file ?? it.svg ?? '';
      let markup = svgs.get(key);
      if (markup === undefined) {
        markup = safeSvg(it.file ? readText(it.file) : (it.svg ?? ''));
        svgs.set(key, markup);
      }
      if (markup) drawSvg(doc, markup, it.x, it.y, it.w, it.h);
      break;
    }
    case 'dot':
      if (it.hollow) doc.save().lineWidth(it.lineWidth ?? 0.6).circle(it.x, it.y, it.r).stroke(it.fill).restore();
      else doc.circle(it.x, it.y, it.r).fill(it.fill);
      break;
  }
}

/** Inline HTML drawn with a run: under the glyphs a highlight or a key's box, over them a line through or under. */
function paintDeco(doc: PDFKit.PDFDocument, it: Extract<PageItem, { kind: 'text' }>, layer: 'under' | 'over'): void {
  const s = it.size;
  for (const d of it.deco ?? []) {
    if (layer === 'under' && d === 'mark') doc.save().rect(it.x, it.y - s * 0.95, it.width, s * 1.15).fill('#fff0a0').restore();
    else if (layer === 'under' && d === 'kbd') {
      const pad = s * 0.15;
      doc.save().lineWidth(0.5).roundedRect(it.x - pad, it.y - s * 0.88, it.width + 2 * pad, s * 1.12, s * 0.15).fillAndStroke('#f3f3f3', '#777777').restore();
    } else if (layer === 'over' && (d === 'del' || d === 'ins')) {
      const y = d === 'del' ? it.y - s * 0.32 : it.y + s * 0.12;
      doc.save().lineWidth(s * 0.06).moveTo(it.x, y).lineTo(it.x + it.width, y).stroke(it.color).restore();
    }
  }
}
