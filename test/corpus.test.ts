import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { articleText } from '../src/model/walk.js';
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

  it.each([0, 1, 2, 3, 4])('article %i is the seed text, character for character', (k) => {
    const a = book.articles[k]!;
    const ours = normalise(articleText(a));
    const theirs = normalise(seed[k]!.body);
    if (ours !== theirs) {
      let i = 0;
      while (i < ours.length && ours[i] === theirs[i]) i++;
      expect(`${ours.slice(Math.max(0, i - 30), i + 30)}`).toBe(`${theirs.slice(Math.max(0, i - 30), i + 30)}`);
    }
    expect(ours.length).toBe(theirs.length);
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
