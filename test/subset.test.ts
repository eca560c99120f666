// The EPUB's font subsets are made once per font and text in a process (a watch session's rebuild reuses them).
import subsetFont from 'subset-font';
import { describe, expect, it } from 'vitest';
import { faceFile, fontBytes } from '../src/fonts/catalog.js';
import { subsetTtf } from '../src/fonts/subset.js';

describe('subsetTtf', () => {
  it('gives the same subset for the same font and text without subsetting again, and HarfBuzz its bytes', async () => {
    const file = faceFile('sans');
    const a = subsetTtf(file, '讨论问题AI');
    const b = subsetTtf(file, '讨论问题AI');
    expect(b).toBe(a);
    const fresh = await subsetFont(fontBytes(file), '讨论问题AI', { targetFormat: 'truetype' });
    expect(Buffer.compare(await a, fresh)).toBe(0);
  });

  it('makes another subset for other text or another font', async () => {
    const a = await subsetTtf(faceFile('sans'), '讨论问题');
    const other = await subsetTtf(faceFile('sans'), '讨论问题。');
    const bold = await subsetTtf(faceFile('sansBold'), '讨论问题');
    expect(Buffer.compare(a, other)).not.toBe(0);
    expect(Buffer.compare(a, bold)).not.toBe(0);
  });

  it('keeps the last sixteen only: the first of seventeen is made again', () => {
    const file = faceFile('serif');
    const first = subsetTtf(file, '一');
    for (const ch of '二三四五六七八九十百千万亿兆京垓') void subsetTtf(file, ch);
    expect(subsetTtf(file, '一')).not.toBe(first);
  });
});
