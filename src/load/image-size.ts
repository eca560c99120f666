/** Image sizes and checks: whether an image can be embedded, and its pixel size. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { Parser } from 'htmlparser2';
import { openImage } from '../seams/pdfkit.js';

let probe: PDFKit.PDFDocument | undefined;

/** Whether pdfkit can decode the image (the painter must not meet a damaged file). pdfkit loads only when an image is checked. */
function decodes(file: string): boolean {
  if (!probe) {
    const PDFDocument = createRequire(import.meta.url)('pdfkit') as typeof import('pdfkit');
    probe = new PDFDocument({ autoFirstPage: false });
  }
  try {
    openImage(probe, file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Pixel size of an image the PDF can draw, read from its header, for the type its name says: PNG and JPEG
 * (checked to decode: pdfkit embeds them as they are), GIF and WebP (their first frame, converted when
 * painted), SVG (its width and height, else its viewBox; CSS pixels). Null for anything else, for a file
 * that is not what its name says, and for a damaged one.
 */
export function imageSize(file: string, mediaType?: string): { width: number; height: number; type: 'png' | 'jpeg' | 'gif' | 'webp' | 'svg' } | null {
  if (mediaType === 'image/gif' || mediaType === 'image/webp' || mediaType === 'image/svg+xml') {
    const size = otherSize(file);
    return size && mediaType.endsWith(size.type === 'svg' ? 'svg+xml' : size.type) ? size : null;
  }
  const size = headerSize(file);
  return size && decodes(file) ? size : null;
}

/** GIF, WebP and SVG sizes from their headers (no decoding: sharp, which converts them, is asynchronous). */
function otherSize(file: string): { width: number; height: number; type: 'gif' | 'webp' | 'svg' } | null {
  let b: Buffer;
  try {
    b = fs.readFileSync(file);
  } catch {
    return null;
  }
  const ok = (width: number, height: number, type: 'gif' | 'webp' | 'svg') => (width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height) ? { width, height, type } : null);
  if (b.length >= 10 && /^GIF8[79]a$/.test(b.toString('latin1', 0, 6))) return ok(b.readUInt16LE(6), b.readUInt16LE(8), 'gif');
  if (b.length >= 30 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') {
    const chunk = b.toString('latin1', 12, 16);
    // Lossy: a key frame's start code, then 14-bit sizes; lossless: a signature byte, then 14-bit sizes less one; extended: a canvas of 24-bit sizes less one.
    if (chunk === 'VP8 ' && b[23] === 0x9d && b[24] === 0x01 && b[25] === 0x2a) return ok(b.readUInt16LE(26) & 0x3fff, b.readUInt16LE(28) & 0x3fff, 'webp');
    if (chunk === 'VP8L' && b[20] === 0x2f) {
      const bits = b.readUInt32LE(21);
      return ok((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1, 'webp');
    }
    if (chunk === 'VP8X') return ok(b.readUIntLE(24, 3) + 1, b.readUIntLE(27, 3) + 1, 'webp');
    return null;
  }
  return svgSize(b.toString('utf8'));
}

/** CSS pixels per unit of an SVG length. */
const UNITS: Record<string, number> = { '': 1, px: 1, pt: 4 / 3, pc: 16, mm: 96 / 25.4, cm: 96 / 2.54, in: 96 };

/**
 * An SVG's size: its root's width and height, else its viewBox (one given with the viewBox's ratio), else
 * the browser's 300 × 150. Null when the root is not `<svg>` or the file ends inside an element (cut short).
 */
export function svgSize(text: string): { width: number; height: number; type: 'svg' } | null {
  let root: Record<string, string> | undefined;
  let first = true;
  let ending = false;
  let truncated = false;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (first && /^(?:svg:)?svg$/i.test(name)) root = attribs;
        first = false;
      },
      onclosetag() {
        if (ending) truncated = true;
      },
    },
    { xmlMode: true },
  );
  parser.write(text.replace(/^\ufeff/, ''));
  ending = true;
  parser.end();
  if (!root || truncated) return null;
  const attrs = root;
  const attr = (name: string) => attrs[name];
  const length = (v: string | undefined) => {
    const m = v ? /^\s*([\d.]+(?:e[+-]?\d+)?)\s*(px|pt|pc|mm|cm|in)?\s*$/i.exec(v) : null;
    return m ? Number(m[1]) * UNITS[(m[2] ?? '').toLowerCase()]! : undefined;
  };
  const box = attr('viewBox')?.trim().split(/[\s,]+/).map(Number);
  const vb = box && box.length === 4 && box.every(Number.isFinite) && box[2]! > 0 && box[3]! > 0 ? { width: box[2]!, height: box[3]! } : undefined;
  let width = length(attr('width'));
  let height = length(attr('height'));
  if (width === undefined && height === undefined && vb) ({ width, height } = vb);
  else if (width === undefined && height !== undefined) width = vb ? (height * vb.width) / vb.height : 300;
  else if (height === undefined && width !== undefined) height = vb ? (width * vb.height) / vb.width : 150;
  width ??= 300;
  height ??= 150;
  return width > 0 && height > 0 && Number.isFinite(width) && Number.isFinite(height) ? { width, height, type: 'svg' } : null;
}

function headerSize(file: string): { width: number; height: number; type: 'png' | 'jpeg' } | null {
  let b: Buffer;
  try {
    b = fs.readFileSync(file);
  } catch {
    return null;
  }
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47 && b.toString('ascii', 12, 16) === 'IHDR') {
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20), type: 'png' };
  }
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    let i = 2;
    while (i + 9 < b.length) {
      if (b[i] !== 0xff) return null;
      const marker = b[i + 1]!;
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5), type: 'jpeg' };
      }
      i += 2 + len;
    }
  }
  return null;
}
