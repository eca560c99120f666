// Real-world corpora (issue 15): optional front matter, titles from headings and file names, dates, other tools' keys, order, parts, diagnostics that fit.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Reporter } from '../src/cli/reporter.js';
import { loadConfig } from '../src/config/load.js';
import { Diagnostics, type Diagnostic } from '../src/diagnostics.js';
import { loadCorpus } from '../src/load/corpus.js';
import { readDate } from '../src/load/dates.js';
import { resolveImages } from '../src/load/images.js';
import type { Article, Book } from '../src/model/types.js';
import { parseBook } from '../src/parse/book.js';
import { FIXTURES, tempDir } from './helpers/corpus.js';

const made: string[] = [];
afterAll(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

const REAL_WORLD = path.join(FIXTURES, 'real-world');
const BOOK = 'title: 测试书\nslug: test-book\n';

/** A corpus from relative paths → contents (folders made as needed); book.yaml unless given. */
function corpus(files: Record<string, string>): string {
  const dir = tempDir('studypack-rw-');
  made.push(dir);
  for (const [name, content] of Object.entries({ 'book.yaml': BOOK, ...files })) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/** Load, parse and check images, as a build does, keeping the book even when there are errors. */
function read(dir: string, book?: Parameters<typeof loadCorpus>[2]['book']): { book: Book | null; diags: Diagnostics } {
  const diags = new Diagnostics();
  const c = loadCorpus(dir, diags, { book });
  if (!c) return { book: null, diags };
  const b = parseBook(c, diags);
  resolveImages(b, diags);
  return { book: b, diags };
}

const name = (a: Article) => path.basename(a.file);
const problems = (d: Diagnostics) => d.items.filter((x) => x.severity !== 'note').map((x) => `${path.basename(x.file)}:${x.line}: ${x.severity} [${x.rule}]`);
const notes = (d: Diagnostics) => d.items.filter((x) => x.severity === 'note');

describe('titles: front matter, else the first heading (printed once), else the file name', () => {
  it('a # heading titles the article and leaves the body; later blocks and diagnostics keep their lines', () => {
    const { book, diags } = read(corpus({ '01-a.md': '\n# 第一篇\n\n正文一。\n\n## 小节\n\n![图](nope.png)\n' }));
    const a = book!.articles[0]!;
    expect(a.meta.title).toBe('第一篇');
    expect(a.blocks.map((b) => [b.type, b.pos.line])).toEqual([
      ['paragraph', 4],
      ['heading', 6],
      ['paragraph', 8],
    ]);
    expect(a.blocks.some((b) => b.type === 'heading' && JSON.stringify(b.children).includes('第一篇'))).toBe(false);
    expect(problems(diags)).toContain('01-a.md:8: error [load:image]');
  });

  it('a setext heading (Title + ===) and a lone <h1> block are titles too', () => {
    const { book } = read(corpus({ '01-a.md': '小学语文课\n=========\n\n正文。\n', '02-b.md': '<h1 align="center">居中的 &amp; 标题</h1>\n\n正文。\n' }));
    const [a, b] = book!.articles;
    expect(a!.meta.title).toBe('小学语文课');
    expect(a!.blocks.map((x) => [x.type, x.pos.line])).toEqual([['paragraph', 4]]);
    expect(b!.meta.title).toBe('居中的 & 标题');
    expect(b!.blocks.map((x) => [x.type, x.pos.line])).toEqual([['paragraph', 3]]);
  });

  it('markup and a {#id} attribute are not part of the title', () => {
    const { book } = read(corpus({ '01-a.md': '# **重要**的 `代码` 与[链接](https://example.org) {#custom}\n\n正文。\n' }));
    expect(book!.articles[0]!.meta.title).toBe('重要的 代码 与链接');
  });

  it('a heading after other text titles the article only when it is the only # heading', () => {
    const { book } = read(corpus({ '01-only.md': '引言一段。\n\n# 唯一的标题\n\n正文。\n', '02-many.md': '引言一段。\n\n# 第一节\n\n正文。\n\n# 第二节\n\n正文。\n' }));
    const [only, many] = book!.articles;
    expect(only!.meta.title).toBe('唯一的标题');
    expect(only!.blocks.map((x) => x.type)).toEqual(['paragraph', 'paragraph']);
    expect(many!.meta.title).toBe('many');
    expect(many!.blocks.filter((x) => x.type === 'heading')).toHaveLength(2);
  });

  it("a first heading that repeats the front matter's title is printed once (a note says so); another heading stays", () => {
    const { book, diags } = read(corpus({ '01-a.md': '---\ntitle: 同一个 标题\n---\n\n# 同一个标题\n\n正文。\n', '02-b.md': '---\ntitle: 文章\n---\n\n# 另一个标题\n\n正文。\n' }));
    const [a, b] = book!.articles;
    expect(a!.blocks.map((x) => [x.type, x.pos.line])).toEqual([['paragraph', 7]]);
    expect(b!.blocks.map((x) => x.type)).toEqual(['heading', 'paragraph']);
    expect(notes(diags).map((n) => [path.basename(n.file), n.line])).toContainEqual(['01-a.md', 5]);
  });

  it('without front matter or heading: the file name, its NN- prefix dropped and - _ read as spaces', () => {
    const { book, diags } = read(
      corpus({ '03-reading_notes.md': '正文。\n', '读书会 第一次 记录.md': '正文。\n', '2024-03-05-spring-plan.md': '正文。\n', '100 个问题.md': '正文。\n' }),
    );
    const byName = new Map(book!.articles.map((a) => [name(a), a.meta]));
    expect(byName.get('03-reading_notes.md')).toMatchObject({ title: 'reading notes', slug: 'reading-notes' });
    expect(byName.get('读书会 第一次 记录.md')).toMatchObject({ title: '读书会 第一次 记录', slug: 'du-shu-hui-di-yi-ci-ji-lu' });
    expect(byName.get('2024-03-05-spring-plan.md')).toMatchObject({ title: 'spring plan', slug: 'spring-plan', date: '2024-03-05' });
    expect(byName.get('100 个问题.md')).toMatchObject({ title: '100 个问题', slug: '100-ge-wen-ti' });
    expect(diags.hasErrors).toBe(false);
  });

  it('slugs are safe for file names: a Chinese or capitalised slug is converted (a note), the same derived slug twice gets -2', () => {
    const { book, diags } = read(corpus({ '01-a.md': '---\nslug: 读书会_Notes\n---\n\n正文。\n', 'x/notes.md': '# 甲\n\n正文。\n', 'y/notes.md': '# 乙\n\n正文。\n' }));
    expect(book!.articles.map((a) => a.meta.slug)).toEqual(['du-shu-hui-notes', 'notes', 'notes-2']);
    expect(problems(diags).filter((p) => !p.includes('load:questions'))).toEqual([]);
    expect(notes(diags).map((n) => n.rule)).toEqual(expect.arrayContaining(['load:front-matter', 'load:duplicate']));
  });
});

describe('front matter of other tools', () => {
  it('dates in any common form read as YYYY-MM-DD; impossible or unreadable ones are null', () => {
    const cases: [unknown, string | null][] = [
      ['2024-03-05', '2024-03-05'],
      ['2024/3/5', '2024-03-05'],
      ['2024.03.05', '2024-03-05'],
      ['2024-03-05 10:20:30 +0800', '2024-03-05'],
      ['2024-03-05T23:20:30+08:00', '2024-03-05'],
      ['2024-03-05T02:20:30Z', '2024-03-05'],
      ['2024-03-05 10:20', '2024-03-05'],
      [new Date(Date.UTC(2024, 2, 5)), '2024-03-05'],
      [20240305, '2024-03-05'],
      ['2024年3月5日', '2024-03-05'],
      ['2024 年 3 月 5 日', '2024-03-05'],
      ['2024年03月05号 10:00', '2024-03-05'],
      ['March 5, 2024', '2024-03-05'],
      ['Mar. 5 2024', '2024-03-05'],
      ['Sept 5, 2024', '2024-09-05'],
      ['5 March 2024', '2024-03-05'],
      ['2025-02-30', null],
      ['明天', null],
      ['2024年3月', null],
      [['2024-03-05'], null],
    ];
    for (const [v, want] of cases) expect([v, readDate(v)]).toEqual([v, want]);
  });

  it("Jekyll, Hugo, Hexo, VuePress and GitBook keys are accepted silently and listed in one note; a misspelt key still warns", () => {
    const front = [
      'title: 甲',
      'layout: post',
      'date: 2024年3月5日',
      'tags: [读书, 教学]',
      'categories:',
      '  - [教学, 语文]',
      'permalink: /a/',
      'sidebar: auto',
      'sidebarDepth: 2',
      'prev: false',
      'draft: true',
      'weight: 3',
      'lastmod: 2024-04-01',
      'aliases: [/old/]',
      'cover: /img/a.png',
      'excerpt: 这是一段摘要，不是 true 或 false。',
      'description: 描述',
      'author: [张三, 李四]',
    ].join('\n');
    const { book, diags } = read(corpus({ '01-a.md': `---\n${front}\n---\n\n正文。\n`, '02-b.md': '---\ntitle: 乙\ncatagories: [教学]\nauthor:\n  name: 王五\n  link: https://example.org\n---\n\n正文。\n' }));
    const [a, b] = book!.articles;
    expect(a!.meta).toMatchObject({ title: '甲', date: '2024-03-05', author: ['张三', '李四'], excerpt: false });
    expect(b!.meta.author).toEqual(['王五']);
    expect(diags.items.filter((d) => d.severity !== 'note' && d.rule === 'load:front-matter').map((d) => [path.basename(d.file), d.line, d.message])).toEqual([
      ['02-b.md', 3, "front matter: unknown key 'catagories'; did you mean 'categories'?"],
    ]);
    const listed = notes(diags).find((n) => n.message.includes('keys of other tools'))!;
    expect(listed).toMatchObject({ line: 3 });
    for (const k of ['layout', 'tags', 'categories', 'permalink', 'sidebar', 'sidebarDepth', 'prev', 'draft', 'lastmod', 'aliases', 'cover', 'description', 'excerpt']) expect(listed.message).toContain(k);
  });

  it('broken YAML is still an error naming file and line; an unreadable date is a warning and dropped', () => {
    const { book, diags } = read(corpus({ '01-a.md': '---\ntitle: 坏\ntags: [a, b\n---\n\n正文。\n' }));
    expect(book).toBeNull();
    expect(diags.errors.map((d) => [path.basename(d.file), d.line >= 3, d.rule])).toEqual([['01-a.md', true, 'load:front-matter']]);
    const late = read(corpus({ '01-a.md': '---\ntitle: 日期\ndate: 下周三\n---\n\n正文。\n' }));
    expect(late.book!.articles[0]!.meta.date).toBeUndefined();
    expect(problems(late.diags)).toContain('01-a.md:3: warning [load:front-matter]');
  });

  it('articles without questions: a warning each when a few lack them, one for the corpus when more do', () => {
    const few = read(corpus({ '01-a.md': '# 甲\n\n正文。\n', '02-b.md': '---\ntitle: 乙\nquestions: [为什么？]\n---\n正文。\n' }));
    expect(problems(few.diags)).toEqual(['01-a.md:1: warning [load:questions]']);
    const many = read(corpus(Object.fromEntries([1, 2, 3, 4, 5].map((i) => [`0${i}-a.md`, `# 第${i}篇\n\n正文。\n`]))));
    expect(problems(many.diags)).toEqual(['01-a.md:1: warning [load:questions]']);
    expect(many.diags.warnings[0]!.message).toMatch(/^none of the 5 articles has discussion questions \(01-a\.md, 02-a\.md, 03-a\.md, 04-a\.md, 05-a\.md\)/);
  });
});

describe('order without SUMMARY.md: natural names, order:/weight: first, subfolders as parts', () => {
  it('2-x before 10-x, 第二章 before 第十章; README.md, index.md, LICENSE.md and _drafts are not articles', () => {
    const { book, diags } = read(
      corpus({ '10-x.md': '# 十\n', '2-x.md': '# 二\n', '1-x.md': '# 一\n', '第十章.md': '正文\n', '第二章.md': '正文\n', 'README.md': '# 说明\n', 'index.md': '# 首页\n', 'LICENSE.md': 'MIT\n', '_draft.md': '# 草稿\n', '_drafts/x.md': '# 草稿\n' }),
    );
    expect(book!.articles.map(name)).toEqual(['1-x.md', '2-x.md', '10-x.md', '第二章.md', '第十章.md']);
    expect(notes(diags).filter((n) => n.rule === 'load:corpus').map((n) => path.basename(n.file))).toEqual(['index.md', 'LICENSE.md', 'README.md']);
  });

  it('an order: or weight: key comes before the names, lower first', () => {
    const { book } = read(corpus({ 'a.md': '---\nweight: 2\n---\n正文\n', 'b.md': '---\norder: 1\n---\n正文\n', 'c.md': '正文\n', '0-d.md': '正文\n', 'e.md': '---\nsidebar_position: 3\n---\n正文\n' }));
    expect(book!.articles.map(name)).toEqual(['b.md', 'a.md', 'e.md', '0-d.md', 'c.md']);
  });

  it("each top-level subfolder is a part titled by its README's heading, index.md's title or its name; its page's blocks are kept", () => {
    const { book, diags } = read(
      corpus({
        '00-序.md': '# 序\n\n正文。\n',
        '01-上篇/README.md': '# 上篇：课堂\n\n这是上篇的导语。\n',
        '01-上篇/02-b.md': '# 乙\n\n正文。\n',
        '01-上篇/01-a.md': '# 甲\n\n正文。\n',
        '01-上篇/深入/c.md': '# 丙\n\n正文。\n',
        '02-下篇/index.md': '---\ntitle: 下篇：工具\n---\n\n导语。\n',
        '02-下篇/d.md': '# 丁\n\n正文。\n',
        '03-附录_资料/e.md': '# 戊\n\n正文。\n',
        '04-只有说明/README.md': '# 只有说明的文件夹\n\n正文。\n',
        '99-跋.md': '# 跋\n\n正文。\n',
      }),
    );
    expect(problems(diags)).toEqual(['00-序.md:1: warning [load:questions]']);
    expect(book!.articles.map((a) => [a.meta.title, a.part?.title ?? null])).toEqual([
      ['序', null],
      ['甲', '上篇：课堂'],
      ['乙', '上篇：课堂'],
      ['丙', '上篇：课堂'],
      ['丁', '下篇：工具'],
      ['戊', '附录 资料'],
      ['只有说明的文件夹', null],
      ['跋', null],
    ]);
    const parts = [...new Set(book!.articles.flatMap((a) => (a.part ? [a.part] : [])))];
    expect(parts.map((p) => [p.number, p.title, p.file ? path.relative(book!.root, p.file) : null])).toEqual([
      [1, '上篇：课堂', path.join('01-上篇', 'README.md')],
      [2, '下篇：工具', path.join('02-下篇', 'index.md')],
      [3, '附录 资料', null],
    ]);
    expect(parts[0]!.blocks.map((b) => [b.type, b.pos.line])).toEqual([['paragraph', 3]]);
    expect(parts[1]!.blocks.map((b) => [b.type, b.pos.line])).toEqual([['paragraph', 5]]);
    expect(parts[2]!.blocks).toEqual([]);
  });

  it("a folder's order: key (on its README.md / index.md) places the whole part", () => {
    const { book } = read(corpus({ '00-序.md': '# 序\n\n正文。\n', 'a/README.md': '---\norder: 2\n---\n# 甲部\n', 'a/x.md': '# 甲\n\n正文。\n', 'b/index.md': '---\nweight: 1\ntitle: 乙部\n---\n', 'b/y.md': '# 乙\n\n正文。\n' }));
    expect(book!.articles.map((a) => [a.meta.title, a.part?.number ?? null])).toEqual([
      ['乙', 1],
      ['甲', 2],
      ['序', null],
    ]);
  });
});

describe('SUMMARY.md and chapters: set the order and the parts', () => {
  const summary = [
    '# Summary',
    '',
    '* [前言](README.md)',
    '',
    '## 第一部分 读',
    '',
    '* [乙](part1/b.md)',
    '    * [甲](part1/a.md)',
    '* [缺的](part1/missing.md)',
    '* [再一次](part1/b.md)',
    '',
    '## 第二部分 写',
    '',
    '- [丙](<part2/c d.md>)',
    '- [草稿]()',
    '',
    '* 第三部分 用',
    '  * [丁](part3/d.md#节)',
    '',
    '---',
    '',
    '[附录](appendix.md)',
  ].join('\n');
  const files = {
    'SUMMARY.md': summary,
    'README.md': '# 前言\n\n正文。\n',
    'part1/README.md': '# 第一部分的导语\n\n导语正文。\n',
    'part1/a.md': '# 甲\n\n正文。\n',
    'part1/b.md': '---\norder: 9\n---\n# 乙\n\n正文。\n',
    'part2/c d.md': '# 丙\n\n正文。\n',
    'part3/d.md': '# 丁\n\n正文。\n',
    'appendix.md': '# 附录\n\n正文。\n',
    'extra.md': '# 多余\n\n正文。\n',
    'part2/notes.md': '# 笔记\n\n正文。\n',
  };

  it('linked files in its order, parts from ## headings and unlinked bullets, none after ---; problems are warnings at their lines', () => {
    const { book, diags } = read(corpus(files));
    expect(book!.articles.map((a) => [a.meta.title, a.part ? `${a.part.number} ${a.part.title}` : null])).toEqual([
      ['前言', null],
      ['乙', '1 第一部分 读'],
      ['甲', '1 第一部分 读'],
      ['丙', '2 第二部分 写'],
      ['丁', '3 第三部分 用'],
      ['附录', null],
    ]);
    expect(book!.articles[1]!.part!.file).toBe(path.join(book!.root, 'part1/README.md'));
    expect(book!.articles[1]!.part!.blocks.map((b) => [b.type, b.pos.line])).toEqual([['paragraph', 3]]);
    expect(problems(diags).filter((p) => !p.includes('load:questions'))).toEqual([
      'SUMMARY.md:9: warning [load:summary]',
      'SUMMARY.md:10: warning [load:summary]',
      'SUMMARY.md:15: warning [load:summary]',
      'SUMMARY.md:1: warning [load:corpus]',
    ]);
    expect(diags.warnings.find((d) => d.rule === 'load:corpus')!.message).toBe('2 Markdown files are not in SUMMARY.md and left out of the pack: extra.md, part2/notes.md');
    expect(notes(diags).map((n) => n.message)).toContain('the order key is not used: SUMMARY.md sets the order');
  });

  it("book.yaml's chapters: sets the order and parts (with a page); a missing file is an error at its line", () => {
    const book = `${BOOK}chapters:\n  - appendix.md\n  - part: 上编\n    page: part1/README.md\n    chapters: [part1/a.md, part1/b.md]\n  - part3/d.md\n`;
    const r = read(corpus({ ...files, 'book.yaml': book }));
    expect(r.book!.articles.map((a) => [a.meta.title, a.part?.title ?? null])).toEqual([
      ['附录', null],
      ['甲', '上编'],
      ['乙', '上编'],
      ['丁', null],
    ]);
    expect(r.diags.warnings.find((d) => d.rule === 'load:corpus')).toMatchObject({ line: 3 });
    const bad = read(corpus({ ...files, 'book.yaml': `${BOOK}chapters:\n  - appendix.md\n  - nope.md\n` }));
    expect(bad.diags.errors.map((d) => [path.basename(d.file), d.line, d.rule])).toEqual([['book.yaml', 5, 'load:chapters']]);
  });

  it("the config's book: chapters: wins over book.yaml's", () => {
    const dir = corpus({ ...files, 'book.yaml': `${BOOK}chapters: [appendix.md]\n`, 'studypack.config.yaml': 'book:\n  chapters:\n    - part3/d.md\n    - part: 下编\n      chapters: [part1/b.md]\n' });
    const diags = new Diagnostics();
    const config = loadConfig(dir, diags)!;
    expect(diags.items).toEqual([]);
    const r = read(dir, config.book);
    expect(r.book!.articles.map((a) => [a.meta.title, a.part?.title ?? null])).toEqual([
      ['丁', null],
      ['乙', '下编'],
    ]);
  });
});

describe('diagnostics on a terminal', () => {
  function capture(options: { verbose?: boolean; quiet?: boolean } = {}) {
    let text = '';
    const stream = { write: (s: string) => ((text += s), true), isTTY: false } as unknown as NodeJS.WriteStream;
    return { r: new Reporter(options, stream, stream), text: () => text };
  }
  const d = (file: string, line: number, severity: Diagnostic['severity'], rule: string): Diagnostic => ({ file, line, column: 1, severity, rule, message: `m${line}` });
  const items = [
    ...[3, 5, 7, 9, 11].map((l) => d('a.md', l, 'warning', 'parse:html')),
    d('b.md', 2, 'warning', 'parse:html'),
    d('a.md', 4, 'note', 'load:front-matter'),
    ...[8, 9, 10, 12].map((l) => d('c.md', l, 'error', 'load:image')),
  ];

  it('errors first, all of them; at most three warnings per rule and file, then "… and N more [rule]"; a count per rule ends the build', () => {
    const { r, text } = capture();
    r.diagnostics(items);
    const diags = new Diagnostics();
    items.forEach((x) => diags.add(x));
    r.summary({ diagnostics: diags, outputs: [] }, 10);
    expect(text().trimEnd().split('\n')).toEqual([
      'c.md:8:1: error: m8 [load:image]',
      'c.md:9:1: error: m9 [load:image]',
      'c.md:10:1: error: m10 [load:image]',
      'c.md:12:1: error: m12 [load:image]',
      'a.md:3:1: warning: m3 [parse:html]',
      'a.md:5:1: warning: m5 [parse:html]',
      'a.md:7:1: warning: m7 [parse:html]',
      'a.md: … and 2 more [parse:html]',
      'b.md:2:1: warning: m2 [parse:html]',
      'studypack: load:image: 4 errors',
      'studypack: parse:html: 6 warnings',
      'studypack: 4 errors, 6 warnings; nothing was written',
    ]);
  });

  it('--verbose prints every diagnostic and the notes', () => {
    const { r, text } = capture({ verbose: true });
    r.diagnostics(items);
    const lines = text().trimEnd().split('\n');
    expect(lines).toHaveLength(items.length);
    expect(lines[0]).toContain('error');
    expect(lines.at(-1)).toBe('a.md:4:1: note: m4 [load:front-matter]');
  });
});

describe('the real-world fixture corpus', () => {
  const files = fs
    .readdirSync(REAL_WORLD, { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md') && !/^(README|SUMMARY)\.md$/.test(f) && !/(README|index)\.md$/.test(f));

  it('has at least 20 articles of 15 to 60 lines each', () => {
    expect(files.length).toBeGreaterThanOrEqual(20);
    for (const f of files) {
      const n = fs.readFileSync(path.join(REAL_WORLD, f), 'utf8').trimEnd().split('\n').length;
      expect([f, n >= 15 && n <= 60]).toEqual([f, true]);
    }
  });

  it('loads in SUMMARY.md order, two parts with their pages, titles from front matter, headings and the file name', () => {
    const { book, diags } = read(REAL_WORLD);
    const b = book!;
    expect(b.articles).toHaveLength(23);
    expect(b.articles.map((a) => a.meta.title)).toEqual([
      '写在前面',
      '整本书阅读的三个阶段',
      '如何提出好的讨论问题',
      '读书会主持人指南',
      '《论语》选读笔记',
      '小学语文课的提问技巧',
      '阅读速度与理解',
      '班级图书角的建立',
      '家校共读计划',
      '古诗词教学中的朗读',
      '批注式阅读',
      '用脚本整理读书会签到表',
      '阅读数据的简单统计',
      '在线协作文档的使用',
      '读书笔记模板',
      '学生阅读档案袋',
      '线上读书会的组织',
      '教师专业阅读书目',
      '阅读课的评价量表',
      '绘本共读的五个步骤',
      '读书会的时间管理',
      '附录：常用术语',
      '读书会第三次活动记录',
    ]);
    const parts = b.articles.map((a) => a.part?.title ?? '-');
    expect(parts).toEqual(['-', ...Array(10).fill('第一部分 课堂与阅读'), ...Array(10).fill('第二部分 工具与方法'), '-', '-']);
    expect(b.articles[1]!.part!.blocks.length).toBeGreaterThan(0);
    expect(path.basename(b.articles[11]!.part!.file!)).toBe('index.md');
    const meta = (title: string) => b.articles.find((a) => a.meta.title === title)!.meta;
    expect(['如何提出好的讨论问题', '阅读速度与理解', '家校共读计划', '学生阅读档案袋', '线上读书会的组织', '阅读课的评价量表'].map((t) => meta(t).date)).toEqual(Array(6).fill('2024-03-05'));
    expect(meta('《论语》选读笔记').date).toBe('2023-11-18');
    expect(meta('古诗词教学中的朗读').date).toBe('2023-09-10');
    expect(meta('家校共读计划').author).toEqual(['李静', '陈立新']);
    expect(meta('学生阅读档案袋')).toMatchObject({ author: ['周晓东'], kind: 'essay' });
    expect(meta('读书会第三次活动记录').slug).toBe('du-shu-hui-di-san-ci-ji-lu');
    expect(new Set(b.articles.map((a) => a.meta.slug)).size).toBe(23);
    // Load-stage diagnostics: no book.yaml, the misspelt key, the questions, alt text, a remote image; the only
    // errors are the two images in the sibling folder outside the corpus (--resource-path, once it exists).
    const load = diags.items.filter((x) => x.rule.startsWith('load:') && x.severity !== 'note');
    expect(load.map((x) => `${x.severity} ${x.rule} ${path.basename(x.file)}:${x.line}`)).toEqual([
      'warning load:book real-world:0',
      'warning load:front-matter 09-绘本共读的五个步骤.md:7',
      'warning load:questions 00-写在前面.md:1',
      'warning load:image-alt 08-家校共读计划.md:21',
      'error load:image 03-在线协作文档的使用.md:17',
      'error load:image 03-在线协作文档的使用.md:23',
      'warning load:image 06-线上读书会的组织.md:20',
    ]);
    expect(diags.errors.every((x) => x.message.includes('../../real-world-assets/') && x.message.includes('outside the corpus folder'))).toBe(true);
  });

  it('without SUMMARY.md: the same articles, in folder order, with the folders as parts', () => {
    const dir = tempDir('studypack-rw-copy-');
    made.push(dir);
    fs.cpSync(REAL_WORLD, dir, { recursive: true });
    fs.rmSync(path.join(dir, 'SUMMARY.md'));
    const { book } = read(dir);
    const b = book!;
    expect(b.articles).toHaveLength(23);
    expect(b.articles.map((a) => a.part?.title ?? '-')).toEqual(['-', ...Array(10).fill('第一部分 课堂与阅读'), ...Array(10).fill('第二部分 工具与方法'), '-', '-']);
    expect(b.articles.map(name).slice(-2)).toEqual(['读书会 第三次 记录.md', '附录-常用术语.md']);
  });
});
