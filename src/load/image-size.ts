/** Image sizes and checks: whether an image can be embedded, and its pixel size. */
import fs from 'node:fs';
import { createRequire } from 'node:module';
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

/** Pixel size of a PNG or JPEG that the PDF can embed; null for anything else or a damaged file. */
export function imageSize(file: string): { width: number; height: number; type: 'png' | 'jpeg' } | null {
  const size = headerSize(file);
  return size && decodes(file) ? size : null;
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
