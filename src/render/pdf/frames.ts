/** GIF and WebP images for the PDF: their first frame as PNG (sharp), since pdfkit embeds PNG and JPEG only. */
import path from 'node:path';
import type { Diagnostics } from '../../diagnostics.js';
import type { Page } from '../../layout/types.js';

/** Images the painter embeds through a conversion: by their file name, as the loader typed them. */
export function needsFrame(file: string): boolean {
  return /\.(gif|webp)$/i.test(file);
}

/**
 * The first frame of every GIF and WebP image on the pages, as PNG bytes by file (each converted once).
 * The same file gives the same bytes every time: sharp writes no date and no metadata into a PNG. A file
 * sharp cannot read is warned about, and the painter draws an empty frame in its place.
 */
export async function firstFrames(pages: readonly Page[], diags: Diagnostics): Promise<Map<string, Buffer>> {
  const files = new Set<string>();
  for (const p of pages) for (const it of p.items) if (it.kind === 'image' && needsFrame(it.file)) files.add(it.file);
  const frames = new Map<string, Buffer>();
  if (files.size === 0) return frames;
  const { default: sharp } = await import('sharp');
  for (const file of [...files].sort()) {
    try {
      frames.set(file, await sharp(file, { pages: 1, page: 0 }).png().toBuffer());
    } catch (e) {
      diags.warn(file, 0, 0, 'render:image', `image '${path.basename(file)}' cannot be converted for the PDF (${(e as Error).message}); an empty frame is printed in its place`);
    }
  }
  return frames;
}
