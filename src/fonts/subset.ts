import fs from 'node:fs';
import subsetFont from 'subset-font';

/**
 * A standalone TrueType subset holding only `text`'s characters (HarfBuzz hb-subset),
 * with cmap and name tables intact so e-readers can use it.
 */
export async function subsetTtf(file: string, text: string): Promise<Buffer> {
  const source = fs.readFileSync(file);
  return subsetFont(source, text, { targetFormat: 'truetype' });
}
