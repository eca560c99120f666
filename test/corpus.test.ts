import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import type { Article, Inline } from '../src/model/types.js';
import { articleText, inlineText, ownInlines, walkBlocks } from '../src/model/walk.js';
import { readBook } from '../src/pipeline.js';
import { FIXTURES, SEED_CORPUS } from './helpers/corpus.js';

/** Whitespace out, full-width punctuation back to the ASCII the web listing used, the listing's literal ** dropped. */
const FULL_TO_ASCII: Record<string, string> = { '，': ',', '：': ':', '；': ';', '？': '?', '！': '!', '（': '(', '）': ')' };
function normalise(s: string): string {
  return s
    .replace(/\*\*/g, '')
    .replace(/\s+/gu, '')
    .replace(/[，：；？！（）]/g, (c) => FULL_TO_ASCII[c]!);
}

const seedLines = fs.readFileSync(path.join(FIXTURES, 'seed.txt'), 'utf8').split('\n');
const seed = [0, 1, 2, 3, 4].map((k) => ({
  title: seedLines[6 * k]!,
  body: seedLines[6 * k + 2]!,
  dateLine: seedLines[6 * k + 4]!,
}));

/** One correction of the errata list (corpus/ERRATA.md): the seed's text and what the corpus has instead, in a file. */
interface Erratum {
  file: string;
  was: string;
  now: string;
}

/** The errata list: its corrections and the notes the editor added, read from corpus/ERRATA.md's two tables. */
function readErrata(md: string): { edits: Erratum[]; notes: { file: string; label: string; text: string }[] } {
  const cell = (c: string) => c.trim().replace(/^`(.*)`$/, '$1');
  const rows = (heading: string) => {
    const section = md.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
    return section
      .split('\n')
      .filter((l) => /^\|\s*\d+\s*\|/.test(l))
      .map((l) => l.split('|').slice(1, -1).map(cell));
  };
  return {
    edits: rows('正文改动').map(([, file, was, now]) => ({ file: file!, was: was!, now: now! })),
    notes: rows('编者所加注释').map(([, file, label, text]) => ({ file: file!, label: label!, text: text! })),
  };
}

/** Inline text with footnote marks written `[^label]` where they stand (articleText leaves them out). */
function inlineWithMarks(nodes: readonly Inline[]): string {
  return nodes
    .map((n) => {
      if (n.type === 'footnoteRef') return `[^${n.label}]`;
      if (n.type === 'strong' || n.type === 'emphasis' || n.type === 'link' || n.type === 'styled') return inlineWithMarks(n.children);
      return inlineText([n]);
    })
    .join('');
}

/** An article's text as articleText gives it, footnote marks included. */
function textWithMarks(a: Article): string {
  const parts: string[] = [];
  for (const b of walkBlocks(a.blocks)) {
    if (b.type === 'code') parts.push(b.value);
    for (const run of ownInlines(b)) parts.push(inlineWithMarks(run));
  }
  return parts.join('\n');
}

/**
 * Checks an article's text against its seed text with the errata applied: null when they agree, else what is
 * wrong (an erratum the seed does not hold exactly once, or the first place where the texts part).
 */
function fidelity(text: string, seedBody: string, edits: readonly Erratum[]): string | null {
  let want = normalise(seedBody);
  for (const e of edits) {
    const was = normalise(e.was);
    const at = want.indexOf(was);
    if (!was || at < 0 || want.indexOf(was, at + 1) >= 0) return `erratum 「${e.was}」 is not in the seed exactly once`;
    want = want.slice(0, at) + normalise(e.now) + want.slice(at + was.length);
  }
  const ours = normalise(text);
  if (ours === want) return null;
  let i = 0;
  while (i < ours.length && ours[i] === want[i]) i++;
  return `corpus 「${ours.slice(Math.max(0, i - 20), i + 20)}」 where the seed with its errata has 「${want.slice(Math.max(0, i - 20), i + 20)}」`;
}

const errata = readErrata(fs.readFileSync(path.join(SEED_CORPUS, 'ERRATA.md'), 'utf8'));

describe('the seed corpus', () => {
  const diags = new Diagnostics();
  const book = readBook(SEED_CORPUS, diags)!;

  it('loads five articles and the book metadata without errors or warnings', () => {
    expect(diags.items).toEqual([]);
    expect(book.articles).toHaveLength(5);
    expect(book.meta).toMatchObject({ language: 'zh-CN', slug: 'amodei-reader' });
    expect(book.meta.title).toBeTruthy();
    expect(book.meta.subtitle).toBeTruthy();
    expect(book.meta.editor).toBeTruthy();
  });

  const editsOf = (a: Article) => errata.edits.filter((e) => e.file === path.basename(a.file));

  it.each([0, 1, 2, 3, 4])('article %i is the seed text, character for character, but for the errata list', (k) => {
    const a = book.articles[k]!;
    expect(fidelity(textWithMarks(a), seed[k]!.body, editsOf(a))).toBeNull();
  });

  it('lists every correction in corpus/ERRATA.md, each one used', () => {
    expect(errata.edits.length).toBeGreaterThanOrEqual(7);
    const files = new Set(book.articles.map((a) => path.basename(a.file)));
    for (const e of errata.edits) expect(files.has(e.file), e.file).toBe(true);
    // The flattening artefacts the seed printed as content are gone.
    const all = book.articles.map(textWithMarks).join('\n');
    for (const gone of ['达里- 奥', '原文：解读', '小的（约 1', '未来的愿景', '...']) expect(all.includes(gone), gone).toBe(false);
    expect(book.glossary.flatMap((g) => g.aliases)).not.toContain('达里- 奥');
  });

  it('fails on a change the errata list does not hold', () => {
    const a = book.articles[0]!;
    const text = textWithMarks(a);
    // One character changed, one dropped, one added, and a listed correction undone: each is caught.
    expect(fidelity(text.replace('年化收入', '年化收益'), seed[0]!.body, editsOf(a))).toMatch(/年化收益/);
    expect(fidelity(text.replace('指数级', '指数'), seed[0]!.body, editsOf(a))).not.toBeNull();
    expect(fidelity(text + '。', seed[0]!.body, editsOf(a))).not.toBeNull();
    expect(fidelity(text.replace('达里奥建议', '达里- 奥建议'), seed[0]!.body, editsOf(a))).not.toBeNull();
    // An erratum the seed does not hold, or holds more than once, fails too.
    expect(fidelity(text, seed[0]!.body, [...editsOf(a), { file: '', was: '不在种子里的话', now: '' }])).toMatch(/not in the seed/);
    expect(fidelity(text, seed[0]!.body, [{ file: '', was: '达里奥', now: '达里奥' }])).toMatch(/not in the seed exactly once/);
    // Without its errata the corrected article is not the seed.
    expect(fidelity(textWithMarks(book.articles[3]!), seed[3]!.body, [])).not.toBeNull();
  });

  it('holds the notes the editor added, word for word, and no other', () => {
    const notes = book.articles.flatMap((a) => a.footnotes.map((f) => ({ file: path.basename(a.file), label: `[^${f.label}]`, text: f.blocks.flatMap((b) => ownInlines(b).map(inlineText)).join('') })));
    expect(notes).toEqual(errata.notes);
  });

  it.each([0, 1, 2, 3, 4])('article %i has its date, kind and excerpt mark from the seed', (k) => {
    const a = book.articles[k]!;
    const s = seed[k]!;
    const [, month, day, year] = /^(\w+) (\d+), (\d{4})/.exec(s.dateLine)!;
    const m = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'].indexOf(month!) + 1;
    const date = `${year}-${String(m).padStart(2, '0')}-${day!.padStart(2, '0')}`;
    expect(a.meta.date).toBe(date);
    expect(a.meta.excerpt).toBe(s.body.trimEnd().endsWith('...'));
    expect(a.meta.source).toBe(s.dateLine.split(/\s+·\s+/)[2]);
    if (a.meta.kind === 'essay') expect(a.meta.author).toEqual(['Dario Amodei']);
    else expect(a.meta.speakers).toEqual(['Dario Amodei']);
    expect(normalise(s.title)).toContain(normalise(a.meta.title));
  });

  it('no ASCII , : ; ? ! ( ) is left between Chinese characters', () => {
    for (const a of book.articles) {
      const text = articleText(a) + a.meta.title;
      const bad = text.match(/[\p{Script=Han}“”][,:;?!()]|[,:;?!()][\p{Script=Han}“”]/gu);
      expect(bad, a.meta.slug).toBeNull();
    }
  });
});
