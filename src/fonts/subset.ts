/** Standalone font subsets for the EPUB (HarfBuzz via subset-font), keeping cmap and name so readers can use them. */
import subsetFont from 'subset-font';
import { fontBytes } from './catalog.js';

/**
 * A standalone TrueType subset holding only `text`'s characters (HarfBuzz hb-subset),
 * with cmap and name tables intact so e-readers can use it.
 */
export async function subsetTtf(file: string, text: string): Promise<Buffer> {
  return subsetFont(fontBytes(file), text, { targetFormat: 'truetype' });
}
