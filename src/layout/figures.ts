/** Figures and images in the PDF: the picture centred and scaled to the measure, its caption below; its alt text when it cannot be shown. */
import type { Block, ImageInline } from '../model/types.js';
import { inlineText } from '../model/walk.js';
import { node, spanRows, type BlockContext } from './blocks.js';
import type { Span } from './paragraph.js';
import { emptyRow, nest, type Row } from './rows.js';
import { inlineSpans } from './spans.js';

/** Caption grey: 67 % black, for reading, not for show. */
const CAPTION = '#555555';
const ALT = '#666666';
const KIND: Record<string, string> = { 'image/png': 'PNG', 'image/jpeg': 'JPEG', 'image/gif': 'GIF', 'image/webp': 'WebP', 'image/svg+xml': 'SVG' };

/** A figure block: its image and, under it, its caption (set from its inlines, keyed to the figure). */
export function figureRows(b: Extract<Block, { type: 'figure' }>, indent: number, ctx: BlockContext): Row[] {
  const size = ctx.setup.bodySize * 0.85;
  const caption = b.caption.length > 0 ? inlineSpans(b.caption, { face: 'sans', bold: 'sansBold', size, color: CAPTION }) : [];
  return pictureRows(b.image, caption, inlineText(b.caption), indent, ctx, b.key);
}

/** An image alone in a paragraph: a figure whose caption is its alt text. */
export function imageRows(img: ImageInline, indent: number, ctx: BlockContext): Row[] {
  const size = ctx.setup.bodySize * 0.85;
  return pictureRows(img, img.alt ? [{ text: img.alt, face: 'sans', size, color: CAPTION }] : [], img.alt, indent, ctx);
}

/** Whether the PDF draws the image: a local file whose size the loader read (PNG, JPEG, GIF, WebP, SVG). */
function drawable(img: ImageInline): img is ImageInline & { file: string; size: { width: number; height: number } } {
  return !!img.file && !!img.size && img.size.width > 0 && img.size.height > 0;
}

function pictureRows(img: ImageInline, caption: Span[], captionText: string, indent: number, ctx: BlockContext, key?: string): Row[] {
  const { setup } = ctx;
  const em = setup.bodySize;
  const measure = setup.measure - indent;
  const rows: Row[] = [];
  const alt = img.alt || captionText || img.src;
  if (!drawable(img)) {
    // A remote image was warned about by the loader; a local one the PDF cannot read is warned here.
    if (img.file) ctx.diags.warn(ctx.file, img.line, 1, 'layout:image', `image '${img.src}' is not a readable ${KIND[img.mediaType ?? ''] ?? 'image'} file, so the PDF shows its alt text instead`);
    rows.push(...nest(spanRows([{ text: `［${img.alt || img.src}］`, face: 'sans', size: em * 0.9, color: ALT }], { measure, indent: 0, align: 'center', em }, indent, setup.pitch, ctx, false), node(ctx, 'P')));
    // The caption still says what the figure was, unless it only repeats the alt text.
    if (captionText && captionText !== img.alt) rows.push(...captionRows(caption, indent, measure, ctx, img.line, key));
    return rows;
  }
  const maxH = (setup.height - setup.top - setup.bottom) * 0.6;
  const scale = Math.min(measure / img.size.width, maxH / img.size.height, 1);
  const w = img.size.width * scale;
  const h = img.size.height * scale;
  const r = emptyRow(h + em * 0.6, em * 0.6);
  const struct = [node(ctx, 'Figure', alt)];
  const x = indent + (measure - w) / 2;
  // SVG stays vector (drawn from the file when painted); PNG and JPEG are embedded as they are, GIF and WebP as their first frame.
  if (img.mediaType === 'image/svg+xml') r.items.push({ kind: 'svg', struct, file: img.file, alt, x, y: em * 0.3, w, h });
  else r.items.push({ kind: 'image', struct, file: img.file, x, y: em * 0.3, w, h });
  r.keep = caption.length > 0;
  rows.push(r);
  rows.push(...captionRows(caption, indent, measure, ctx, img.line, key));
  return rows;
}

function captionRows(caption: Span[], indent: number, measure: number, ctx: BlockContext, line: number, key?: string): Row[] {
  if (caption.length === 0) return [];
  const em = ctx.setup.bodySize;
  const rows = nest(spanRows(caption, { measure, indent: 0, align: 'center', em }, indent, em * 1.5, ctx, false, line, key), node(ctx, 'Caption'));
  // A caption of several lines stays in one piece under its picture.
  rows.slice(0, -1).forEach((r) => (r.keep = true));
  return rows;
}

