/** Standalone font subsets for the EPUB (HarfBuzz via subset-font), keeping cmap and name so readers can use them. */
import subsetFont from 'subset-font';
import { fontBytes, fontId } from './catalog.js';

/**
 * Subsets made in this process, by font identity and text: a watch session's rebuild after an edit that
 * brings no new character takes the last build's subsets instead of running HarfBuzz again. The last few only.
 */
const made = new Map<string, Promise<Buffer>>();
const KEEP = 16;

/**
 * A standalone TrueType subset holding only `text`'s characters (HarfBuzz hb-subset),
 * with cmap and name tables intact so e-readers can use it.
 */
export function subsetTtf(file: string, text: string): Promise<Buffer> {
  const key = `${fontId(file)}\u0000${text}`;
  let subset = made.get(key);
  if (subset) {
    // Most recently used last: the oldest goes first when the map is full.
    made.delete(key);
  } else {
    subset = subsetFont(fontBytes(file), text, { targetFormat: 'truetype' });
    // A failed subset is not kept: the next build tries again.
    subset.catch(() => made.delete(key));
  }
  made.set(key, subset);
  while (made.size > KEEP) made.delete(made.keys().next().value!);
  return subset;
}
