import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { imposition } from '../src/layout/impose.js';
import { build } from '../src/pipeline.js';
import type { BookletResult } from '../src/render/pdf/pdf.js';
import { SEED_CORPUS, tempDir } from './helpers/corpus.js';
import { run } from './helpers/tools.js';

const pairs = (n: number, sig?: number) => imposition(n, sig).map((s) => [s.left, s.right]);

describe('saddle-stitch imposition', () => {
  it('4 pages: one sheet, 4|1 then 2|3', () => {
    expect(pairs(4)).toEqual([
      [4, 1],
      [2, 3],
    ]);
  });

  it('6 pages: padded to 8 with blanks at the end', () => {
    expect(pairs(6)).toEqual([
      [null, 1],
      [2, null],
      [6, 3],
      [4, 5],
    ]);
  });

  it('18 pages: padded to 20, every page once, each sheet side pairs pages summing to 21', () => {
    const p = pairs(18);
    expect(p).toHaveLength(10);
    expect(p[0]).toEqual([null, 1]);
    expect(p[1]).toEqual([2, null]);
    expect(p[9]).toEqual([10, 11]);
    const seen = p.flat().filter((x): x is number => x !== null).sort((a, b) => a - b);
    expect(seen).toEqual(Array.from({ length: 18 }, (_, i) => i + 1));
    for (const [l, r] of p) expect((l ?? 21 - r!) + (r ?? 21 - l!)).toBe(21);
  });

  it('signatures of 8: gatherings folded on their own', () => {
    expect(pairs(16, 8)).toEqual([
      [8, 1],
      [2, 7],
      [6, 3],
      [4, 5],
      [16, 9],
      [10, 15],
      [14, 11],
      [12, 13],
    ]);
  });
});

describe('the seed booklet', () => {
  it('is A4 landscape, half as many sides as A5 pages (padded to a multiple of 4)', async () => {
    const out = tempDir('studypack-booklet-');
    try {
      const r = await build({ corpus: SEED_CORPUS, out, outputs: ['booklet'] });
      const o = r.outputs[0]!;
      expect(o.file.endsWith('amodei-reader-booklet.pdf')).toBe(true);
      const detail = o.detail as BookletResult;
      const pages = detail.layout.pages.length;
      expect(detail.layout.setup.paper).toBe('A5');
      const info = run('pdfinfo', [o.file]);
      expect(info).toContain('Page size:       841.89 x 595.28 pts (A4)');
      expect(Number(/Pages:\s+(\d+)/.exec(info)![1])).toBe(Math.ceil(pages / 4) * 2);
      expect(run('qpdf', ['--check', o.file])).toContain('No syntax or stream encoding errors');
      // The outer sheet's front carries the last page (or a blank) and the title page on the right.
      const front = run('pdftotext', ['-f', '1', '-l', '1', '-layout', o.file, '-']);
      expect(front).toContain(r.book!.meta.title);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
    }
  }, 60_000);
});
