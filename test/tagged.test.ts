import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build, type BuildResult } from '../src/pipeline.js';
import { SEED_CORPUS, tempDir } from './helpers/corpus.js';
import { run } from './helpers/tools.js';

let out: string;
let result: BuildResult;

beforeAll(async () => {
  out = tempDir('studypack-tagged-');
  result = await build({ corpus: SEED_CORPUS, out, outputs: ['pdf', 'sheets'] });
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

/** The structure tree as poppler reads it: [depth, role, text] per element, text from -struct-text. */
function structure(file: string): { depth: number; role: string; text: string }[] {
  const lines = run('pdfinfo', ['-struct-text', file]).split('\n');
  const out: { depth: number; role: string; text: string }[] = [];
  for (const l of lines) {
    const el = /^( *)(\w+)(?: \(\w+\))?$/.exec(l);
    if (el) out.push({ depth: el[1]!.length / 2, role: el[2]!, text: '' });
    else if (/^\s+"/.test(l) && out.length) out[out.length - 1]!.text += l.trim().replace(/^"|"$/g, '');
  }
  return out;
}

describe('the handout is a tagged PDF', () => {
  it('is marked tagged, in zh-CN, with its title shown', () => {
    const file = result.outputs.find((o) => o.kind === 'pdf')!.file;
    expect(run('pdfinfo', [file])).toMatch(/Tagged:\s+yes/);
    const raw = fs.readFileSync(file).toString('latin1');
    expect(raw).toContain('/Lang (zh-CN)');
    expect(raw).toMatch(/\/DisplayDocTitle true/);
  });

  it('has one H1 per article, headings in order without skipped levels, lists and paragraphs', () => {
    const file = result.outputs.find((o) => o.kind === 'pdf')!.file;
    const tree = structure(file);
    expect(tree[0]!.role).toBe('Document');
    const h1 = tree.filter((e) => e.role === 'H1').map((e) => e.text.replace(/\s+/g, ''));
    for (const a of result.book!.articles) expect(h1.filter((t) => t === a.meta.title.replace(/\s+/g, ''))).toHaveLength(1);
    let level = 1;
    for (const e of tree.filter((x) => /^H\d$/.test(x.role))) {
      const l = Number(e.role.slice(1));
      expect(l, e.text).toBeLessThanOrEqual(level + 1);
      level = l;
    }
    const roles = new Set(tree.map((e) => e.role));
    for (const r of ['P', 'H2', 'H3', 'L', 'LI', 'TOC', 'TOCI']) expect(roles).toContain(r);
  });

  it('keeps running heads and folios out of the structure (artifacts)', () => {
    const file = result.outputs.find((o) => o.kind === 'pdf')!.file;
    const text = structure(file).map((e) => e.text).join('\n');
    // The running head of a long title is cut with “…”; the cut form is never structure text.
    expect(text).not.toMatch(/AGI信仰者…/);
    expect(text).toContain('指数时代的掌舵人');
  });

  it('tags the discussion sheets too', () => {
    for (const o of result.outputs.filter((x) => x.kind === 'sheets')) {
      expect(run('pdfinfo', [o.file])).toMatch(/Tagged:\s+yes/);
      expect(structure(o.file).some((e) => e.role === 'H1')).toBe(true);
    }
  });
});
