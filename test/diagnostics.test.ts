import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { build } from '../src/pipeline.js';
import { article, BOOK_YAML, FIXTURES, tempDir, writeCorpus } from './helpers/corpus.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

/** Builds a corpus made of `files` (plus a valid second article) and returns the printed diagnostics and the out folder's files. */
async function tryBuild(files: Record<string, string | Uint8Array>) {
  const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, '99-good.md': article('title: 好文章'), ...files });
  const out = tempDir('studypack-out-');
  made.push(corpus, out);
  const result = await build({ corpus, out, outputs: ['epub'] });
  // Articles written inline here have no questions: that warning is tested on its own below.
  const lines = result.diagnostics.items.filter((d) => d.rule !== 'load:questions').map((d) => formatDiagnostic({ ...d, file: path.relative(corpus, d.file) }));
  return { result, lines, written: fs.readdirSync(out) };
}

describe('input errors: a message with file and line, exit as error, nothing written', () => {
  const cases: [string, string | Uint8Array, RegExp][] = [
    ['unterminated front matter', '---\ntitle: 没有结尾\n\n正文。\n', /^01-x\.md:1:1: error: front matter is not closed.* \[load:front-matter\]$/],
    ['broken YAML', '---\ntitle: 好\nauthor: [张三, 李四\n---\n\n正文。\n', /^01-x\.md:[34]:\d+: error: YAML: .* \[load:front-matter\]$/],
    ['empty title', '---\ntitle: ""\n---\n\n正文。\n', /^01-x\.md:2:1: error: front matter: 'title' is empty \[load:front-matter\]$/],
    ['wrong field type', '---\ntitle: 类型\nexcerpt: 是的\n---\n\n正文。\n', /^01-x\.md:3:1: error: front matter: 'excerpt' must be true or false \[load:front-matter\]$/],
    ['unknown kind', '---\ntitle: 类型\nkind: poem\n---\n\n正文。\n', /^01-x\.md:3:1: error: front matter: 'kind' must be one of interview, essay, article \[load:front-matter\]$/],
    ['front matter that is a list', '---\n- a\n- b\n---\n\n正文。\n', /^01-x\.md:2:1: error: front matter must be a set of 'key: value' lines \[load:front-matter\]$/],
    ['empty file', '', /^01-x\.md:1:1: error: file is empty.* \[load:empty\]$/],
    ['file that is not UTF-8', fs.readFileSync(path.join(FIXTURES, 'bad/gbk.md')), /^01-x\.md:2:\d+: error: file is not valid UTF-8; it looks like GB18030; convert it with: iconv -f GB18030 -t UTF-8 .* \[load:encoding\]$/],
    ['duplicate slug', '---\ntitle: 另一篇\nslug: good\n---\n\n正文。\n', /^99-good\.md:\d+:1: error: slug 'good' is already used by 01-x\.md \[load:duplicate\]$/],
    // A question's answer lines (`lines:`) are checked at their own line.
    ['answer lines that are not a number', '---\ntitle: 答题线\nquestions:\n  - 第一题？\n  - text: 第二题？\n    lines: 八\n---\n\n正文。\n', /^01-x\.md:6:1: error: front matter: question 2: 'lines' must be a whole number from 0 to 30, the answer lines under it on the sheet \(got '八'\) \[load:front-matter\]$/],
    ['too many answer lines', '---\ntitle: 答题线\nquestions:\n  - text: 第一题？\n    lines: 31\n  - 第二题？\n---\n\n正文。\n', /^01-x\.md:5:1: error: front matter: question 1: 'lines' must be a whole number from 0 to 30.*\(got '31'\) \[load:front-matter\]$/],
    ['fractional answer lines', '---\ntitle: 答题线\nquestions:\n  - 第一题？\n  - 第二题？\n  - text: 第三题？\n    lines: 2.5\n---\n\n正文。\n', /^01-x\.md:7:1: error: front matter: question 3: 'lines' .*\(got '2\.5'\) \[load:front-matter\]$/],
    ['a question with lines but no text', '---\ntitle: 答题线\nquestions:\n  - 第一题？\n  - lines: 3\n---\n\n正文。\n', /^01-x\.md:5:1: error: front matter: question 2 has no 'text:' .* \[load:front-matter\]$/],
  ];

  it.each(cases)('%s', async (_name, content, expected) => {
    const { result, lines, written } = await tryBuild({ '01-x.md': content });
    expect(result.diagnostics.hasErrors).toBe(true);
    expect(lines.filter((l) => l.includes(': error: '))).toEqual([expect.stringMatching(expected)]);
    expect(result.outputs).toEqual([]);
    expect(written).toEqual([]);
  });

  it('a broken book.yaml names its line', async () => {
    const { lines, written } = await tryBuild({ 'book.yaml': 'title: 书\ndate: 明天\n' });
    expect(lines).toContainEqual(expect.stringMatching(/^book\.yaml:2:1: error: book: 'date' is not a date .* \[load:book\]$/));
    expect(written).toEqual([]);
  });
});

describe('inputs that are accepted', () => {
  it('UTF-8 BOM and CRLF line ends are accepted silently, with right line numbers', async () => {
    const { result, written } = await tryBuild({ '01-x.md': '\ufeff---\r\ntitle: 带 BOM 与 CRLF\r\nquestions: [为什么？]\r\n---\r\n\r\n正文。\r\n' });
    expect(result.diagnostics.items).toEqual([]);
    expect(written).toEqual(['test-book.epub']);
    const para = result.book!.articles[0]!.blocks[0]!;
    expect(para.pos.line).toBe(6);
  });

  it('no front matter: the first heading is the title, printed once; later lines keep their numbers', async () => {
    const { result, lines, written } = await tryBuild({ '01-x.md': '# 标题\n\n正文。\n\n<div>x</div>\n\n<marquee>y</marquee>\n' });
    expect(result.diagnostics.hasErrors).toBe(false);
    expect(written).toEqual(['test-book.epub']);
    const a = result.book!.articles[0]!;
    expect(a.meta.title).toBe('标题');
    // A <div> keeps its text as a paragraph; an unsupported tag is dropped, its text kept, with a warning at its line.
    expect(a.blocks.map((b) => [b.type, b.pos.line])).toEqual([['paragraph', 3], ['paragraph', 5], ['paragraph', 7]]);
    expect(lines).toEqual([expect.stringMatching(/^01-x\.md:7:1: warning: HTML <marquee> is not supported.* \[parse:html\]$/)]);
  });

  it('front matter without a title: the file name titles the article', async () => {
    const { result, written } = await tryBuild({ '01-x.md': '---\nauthor: 张三\n---\n\n正文。\n' });
    expect(result.diagnostics.hasErrors).toBe(false);
    expect(written).toEqual(['test-book.epub']);
    expect(result.book!.articles[0]!.meta).toMatchObject({ title: 'x', author: ['张三'] });
  });

  it('a date that cannot be read is a warning at its line, and the date is left out', async () => {
    const { result, lines, written } = await tryBuild({ '01-x.md': '---\ntitle: 日期\nauthor: 张三\ndate: 2025-02-30\n---\n\n正文。\n' });
    expect(lines).toEqual([expect.stringMatching(/^01-x\.md:4:1: warning: front matter: 'date' '2025-02-30' is not a date studypack can read .* \[load:front-matter\]$/)]);
    expect(written).toEqual(['test-book.epub']);
    expect(result.book!.articles[0]!.meta.date).toBeUndefined();
  });

  it('an unknown key is a warning with a suggestion, and the build goes on', async () => {
    const { result, lines, written } = await tryBuild({ '01-x.md': '---\ntitle: 拼错\nauthr: 张三\n---\n\n正文。\n' });
    expect(lines).toEqual([expect.stringMatching(/^01-x\.md:3:1: warning: front matter: unknown key 'authr'; did you mean 'author'\? \[load:front-matter\]$/)]);
    expect(result.diagnostics.hasErrors).toBe(false);
    expect(written).toEqual(['test-book.epub']);
  });

  it('characters no embedded font has are one warning per line, naming them, and the build goes on', async () => {
    const { result, lines, written } = await tryBuild({ '01-x.md': '---\ntitle: 表情\n---\n\n第一行没有问题。\n\n笑脸 😀 和扩展 B 的 𠀀 字。\n' });
    expect(lines).toEqual([
      expect.stringMatching(/^01-x\.md:7:4: warning: no embedded font has 😀 \(U\+1F600\), 𠀀 \(U\+20000\); .* \[fonts:missing-glyph\]$/),
    ]);
    expect(result.diagnostics.hasErrors).toBe(false);
    expect(written).toEqual(['test-book.epub']);
  });

  it("a question's own answer lines: read with the question, a misspelt key warned at its line", async () => {
    const front = ['title: 答题线', 'questions:', '  - 第一题？', '  - text: 第二题？', '    lines: 8', '  - text: 第三题？', '    line: 2', '  - text: 第四题？', '    lines: 0'].join('\n');
    const { result, lines, written } = await tryBuild({ '01-x.md': `---\n${front}\n---\n\n正文。\n` });
    expect(lines).toEqual([expect.stringMatching(/^01-x\.md:8:1: warning: front matter: question 3: unknown key 'line'; did you mean 'lines'\? .*\[load:front-matter\]$/)]);
    expect(written).toEqual(['test-book.epub']);
    const meta = result.book!.articles.find((a) => a.meta.title === '答题线')!.meta;
    expect(meta.questions).toEqual(['第一题？', '第二题？', '第三题？', '第四题？']);
    expect(meta.questionLines).toEqual([null, 8, null, 0]);
    // Without any lines: the list is only texts, as before.
    expect(result.book!.articles.find((a) => a.meta.title === '好文章')!.meta.questionLines).toBeUndefined();
  });

  it('an article without discussion questions is a warning at its file and line', async () => {
    const { result, written } = await tryBuild({ '01-x.md': '---\ntitle: 没有问题\n---\n\n正文。\n' });
    const w = result.diagnostics.items.filter((d) => d.rule === 'load:questions');
    expect(w.map((d) => [path.basename(d.file), d.line, d.severity])).toEqual([['01-x.md', 1, 'warning']]);
    expect(written).toEqual(['test-book.epub']);
  });

  it('a failed build leaves the previous output in place', async () => {
    const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': article('title: 甲') });
    const out = tempDir('studypack-out-');
    made.push(corpus, out);
    const first = await build({ corpus, out, outputs: ['epub'] });
    const file = first.outputs[0]!.file;
    const before = fs.readFileSync(file);
    fs.writeFileSync(path.join(corpus, '02-b.md'), '---\ntitle: [\n---\n');
    const second = await build({ corpus, out, outputs: ['epub'] });
    expect(second.diagnostics.hasErrors).toBe(true);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(out)).toEqual(['test-book.epub']);
  });
});
