// The automatic index (issue 18): recognised people and organisations, terms, key numbers by meaning, index form, sheets.
import fs from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pageRanges } from '../src/analyse/analysis.js';
import { blankNonFigures, contextOf, findNumbers, isBareCount, meaningless } from '../src/analyse/numbers.js';
import { compareNames, letterOf, personSortName } from '../src/analyse/sort.js';
import { Diagnostics } from '../src/diagnostics.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import type { SheetsResult } from '../src/render/sheets/sheets.js';
import { build, readPack, type BuildResult } from '../src/pipeline.js';
import { article, BOOK_YAML, SEED_CORPUS, tempDir, writeCorpus } from './helpers/corpus.js';
import { run } from './helpers/tools.js';

/** The seed corpus without its glossary. */
function seedWithoutGlossary(): string {
  const dir = tempDir('studypack-noglossary-');
  for (const f of fs.readdirSync(SEED_CORPUS)) if (f !== 'glossary.yaml') fs.cpSync(path.join(SEED_CORPUS, f), path.join(dir, f), { recursive: true });
  return dir;
}

const kept = (sentence: string) =>
  findNumbers(blankNonFigures(sentence))
    .filter((n) => meaningless(n, blankNonFigures(sentence)) === null)
    .map((n) => n.text);

describe('key numbers that carry meaning', () => {
  it('keeps money, percentages, years, multiples, ranges and quantities of at least 10 with a unit', () => {
    expect(kept('收入突破40亿美元')).toEqual(['40亿美元']);
    expect(kept('增长了50%')).toEqual(['50%']);
    expect(kept('在2025 年，')).toEqual(['2025 年']);
    expect(kept('效率高10 倍')).toEqual(['10 倍']);
    expect(kept('控制在 8 到 12 人')).toEqual(['8 到 12 人']);
    expect(kept('全年级 268 个家庭')).toEqual(['268 个']);
  });

  it('never takes list ordinals, small counts, bare numbers, URLs or versions', () => {
    expect(kept('1、先读目录')).toEqual([]);
    expect(kept('（2）再读正文')).toEqual([]);
    expect(kept('一个模型，两种方法，三步完成，8 位老师')).toEqual([]);
    expect(kept('调用 a.subarray(2,3) 之后')).toEqual([]);
    expect(kept('见 https://example.org/2024/50%25 与 v1.2.3 版本，第 1.1.2 节')).toEqual([]);
    expect(kept('三四年后')).toEqual([]);
  });

  it('an analysed pack takes no figure from code, a list ordinal or a heading number', () => {
    const dir = writeCorpus({
      'book.yaml': BOOK_YAML,
      '01-a.md': article(
        'title: 数字\nkind: essay',
        [
          '## 1.1.2 三个步骤',
          '',
          '1、第一步，花 300 万元买设备。',
          '2、第二步，用户增长了 35%。',
          '',
          '1. 列表里的 2 个小事',
          '2. 还有 3 种办法',
          '',
          '```js',
          'const share = 60; // 60% 的用户，2024 年，500 万元',
          '```',
          '',
          '行内代码 `a.subarray(2,3)` 与 `40%` 不算，正文里的 2024 年营收 40 亿元算。',
        ].join('\n'),
      ),
    });
    const { analysis } = readPack(dir, new Diagnostics())!;
    const texts = analysis.numbers[0]!.map((n) => n.text);
    expect(texts.join('、')).toContain('300 万元');
    // A short article keeps only its most salient figures; every one kept is from the prose.
    for (const t of texts.flatMap((x) => x.split('、'))) expect(['300 万元', '35%', '2024 年', '40 亿元']).toContain(t);
    for (const bad of ['1', '2', '3 种', '2 个', '60%', '500 万元', '40%', '1.1.2']) expect(texts.flatMap((t) => t.split('、'))).not.toContain(bad);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('key-number contexts and merged counts (issue 19)', () => {
  const ctx = (sentence: string, figure: string) => {
    const at = sentence.indexOf(figure);
    return contextOf(sentence, at, at + figure.length);
  };

  it('cuts the context at clause marks, never inside a word, with no punctuation first and brackets balanced', () => {
    // A quotation whose closing mark is beyond the sentence's end: its opening mark is left out, not left open.
    expect(ctx('他说：“三年前，我们的融资额只有几亿美元，而对手已经从微软拿了130亿美元。”', '130亿美元')).toBe('他说：三年前，我们的融资额只有几亿美元，而对手已经从微软拿了130亿美元');
    // A quotation opening the context goes with its partner: no punctuation first.
    expect(ctx('“一个新功能发布两小时后，网上就已经有人用它尝试了一万种可能”，他说。', '一万种')).toBe('一个新功能发布两小时后，网上就已经有人用它尝试了一万种可能');
    // A bracket closed in the figure's clause but opened before it: the opening one is taken in.
    const c = ctx('这家公司的成本（据其论文所称，训练只用了560万美元）远低于同行。', '560万美元');
    expect(c).not.toMatch(/^[\p{P}]/u);
    expect([...c].filter((x) => x === '（').length).toBe([...c].filter((x) => x === '）').length);
    // A long clause is cut at word boundaries, the cut at its end marked.
    const long = ctx('相关的基准测试得分从十八个月前的百分之三一路飙升到了现在的百分之七十到八十之间并且还在以惊人的速度继续增长下去没有放缓的迹象', '百分之七十');
    expect(long.length).toBeLessThanOrEqual(52);
    expect(long).toContain('百分之七十');
    // A figure's clause that says little takes the next one.
    expect(ctx('2023年：你投入1亿美元训练一个模型。', '2023年')).toBe('2023年：你投入1亿美元训练一个模型');
  });

  it('calls a bare count trivial, and merges one met again into one entry with every occurrence', () => {
    const [wan] = findNumbers('一万种');
    expect(isBareCount(wan!)).toBe(true);
    for (const t of ['40亿美元', '50%', '2025 年', '10 倍', '5-10 年', '18个月']) expect(isBareCount(findNumbers(t)[0]!), t).toBe(false);
    const dir = writeCorpus({
      'book.yaml': BOOK_YAML,
      '01-a.md': article(
        'title: 可能\nkind: essay',
        ['新功能发布两小时后，网上已经有人尝试了一万种用法。', '', '第二天，又有人说出现了一万种变体，评论区十分热闹。', '', '到了周末，论坛上号称有一万种玩法，真假难辨。', '', '最后统计下来，收入达到 40 亿美元，远超预期。'].join('\n'),
      ),
    });
    const { analysis } = readPack(dir, new Diagnostics())!;
    const nums = analysis.numbers[0]!;
    const wans = nums.filter((n) => n.text === '一万种');
    expect(wans).toHaveLength(1);
    expect(wans[0]!.also).toHaveLength(2);
    const ids = [wans[0]!.id, ...wans[0]!.also!.map((o) => o.id)];
    expect(new Set(ids).size).toBe(3);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});

describe('index form', () => {
  it('files a Latin personal name under its surname and prints it as written', () => {
    expect(personSortName('Mark Zuckerberg', 'person')).toBe('Zuckerberg, Mark');
    expect(letterOf(personSortName('Mark Zuckerberg', 'person'))).toBe('Z');
    expect(personSortName('Google DeepMind', 'org')).toBe('Google DeepMind');
    expect(personSortName('黄仁勋', 'person')).toBe('黄仁勋');
    expect(['Mark Zuckerberg', '黄仁勋', 'Chris Olah'].map((n) => personSortName(n, 'person')).sort(compareNames)).toEqual(['黄仁勋', 'Olah, Chris', 'Zuckerberg, Mark']);
  });

  it('caps a long page list with 「等」', () => {
    expect(pageRanges([1, 3, 5, 7, 9, 11, 13, 15, 17, 19], 8)).toBe('1, 3, 5, 7, 9, 11, 13, 15 等');
    expect(pageRanges([1, 2, 3, 5], 8)).toBe('1–3, 5');
  });
});

describe('the seed with an empty glossary', () => {
  let dir: string;
  let out: string;
  let result: BuildResult;
  beforeAll(async () => {
    dir = seedWithoutGlossary();
    out = tempDir('studypack-auto-');
    result = await build({ corpus: dir, out, outputs: ['pdf', 'epub', 'sheets'] });
  }, 180_000);
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  });

  it('finds at least 16 of the 20 curated names, 黄仁勋 and 英伟达 included', () => {
    const curated = readPack(SEED_CORPUS, new Diagnostics())!.book.glossary;
    const { analysis } = readPack(dir, new Diagnostics())!;
    expect(analysis.source).toBe('recognised');
    const forms = new Set(analysis.people.flatMap((p) => [analysis.glossary[p.entry]!.name, ...analysis.glossary[p.entry]!.aliases]));
    const found = curated.filter((e) => [e.name, ...e.aliases].some((f) => forms.has(f)));
    expect(found.length, `found: ${found.map((e) => e.name).join(', ')}`).toBeGreaterThanOrEqual(16);
    expect(forms.has('黄仁勋')).toBe(true);
    expect(forms.has('英伟达')).toBe(true);
    // Not every capitalised word is an organisation.
    for (const word of ['AI', 'CEO', 'Claude', 'Sonnet', 'Hopper', 'AGI']) expect(forms.has(word), word).toBe(false);
  });

  it('prints people, terms and key numbers with page references that pdftotext finds on those pages', () => {
    const pdf = result.outputs.find((o) => o.kind === 'pdf')!;
    const layout = (pdf.detail as PdfResult).layout;
    const { people, terms, numbers } = layout.index;
    expect(people.length).toBeGreaterThanOrEqual(16);
    expect(terms.length).toBeGreaterThanOrEqual(10);
    const { analysis } = readPack(dir, new Diagnostics())!;
    const page = (n: number) => run('pdftotext', ['-f', String(n), '-l', String(n), pdf.file, '-']).replace(/\s+/g, '');
    for (const t of terms) for (const p of t.pages) expect(page(p), `${t.name} p.${p}`).toContain(t.name.replace(/\s+/g, ''));
    for (const p of people.slice(0, 12)) {
      const e = analysis.glossary[p.entry]!;
      for (const n of p.pages) expect([e.name, ...e.aliases].some((f) => page(n).includes(f.replace(/\s+/g, ''))), `${p.name} p.${n}`).toBe(true);
    }
    for (const n of numbers) expect(page(n.page), `${n.text} p.${n.page}`).toContain(n.text.split('、')[0]!.replace(/\s+/g, ''));
    const indexText = layout.pages.filter((p) => p.kind === 'index').map((p) => page(p.number)).join('');
    expect(indexText).toContain('本索引由程序自动生成');
    expect(indexText).toContain('术语');
  }, 180_000);

  it('links every EPUB index entry, terms included, to an anchor that exists, and passes epubcheck', async () => {
    const epub = result.outputs.find((o) => o.kind === 'epub')!;
    const zip = await JSZip.loadAsync(fs.readFileSync(epub.file));
    const index = await zip.file('OEBPS/index.xhtml')!.async('string');
    expect(index).toContain('id="index-terms"');
    const links = [...index.matchAll(/href="([^"#]+)#([^"]+)"/g)];
    expect(links.some(([, , id]) => /-t\d+$/.test(id!))).toBe(true);
    for (const [, file, id] of links) expect((await zip.file(`OEBPS/${file}`)!.async('string')).includes(`id="${id}"`), `${file}#${id}`).toBe(true);
    const nav = await zip.file('OEBPS/toc.xhtml')!.async('string');
    expect(nav).toContain('index.xhtml#index-terms');
  });

  it('fills the sheets from the automatic analysis, still on two pages each', () => {
    const sheets = result.outputs.filter((o) => o.kind === 'sheets' && path.basename(o.file) !== 'all.pdf');
    for (const o of sheets) expect(Number(/Pages:\s+(\d+)/.exec(run('pdfinfo', [o.file]))![1])).toBeLessThanOrEqual(2);
    const first = run('pdftotext', [sheets[0]!.file, '-']);
    expect(first).toContain('关键人物与机构');
    expect(first).toContain('术语');
  });
});

describe('an article without questions', () => {
  it('gets generic prompts on its sheet, marked as generic, with answer lines and no nearly empty page', async () => {
    const body = ['## 背景', '', '读书会每周四下午开一次，每次 90 分钟，参加的老师从 18 人增加到 32 人。', '', '## 做法', '', '主持人先读导读，再请大家发言。'].join('\n');
    const dir = writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': `---\ntitle: 没有问题的文章\nkind: essay\n---\n\n${body}\n` });
    const out = tempDir('studypack-generic-');
    const result = await build({ corpus: dir, out, outputs: ['sheets'] });
    const detail = result.outputs.find((o) => path.basename(o.file) === 'all.pdf')!.detail as SheetsResult;
    const pages = detail.layouts[0]!;
    const text = run('pdftotext', ['-layout', result.outputs[0]!.file, '-']);
    expect(text).toContain('讨论问题（通用）');
    const prompts = text.match(/^\s*\d\.\s/gm) ?? [];
    expect(prompts.length).toBeGreaterThanOrEqual(4);
    // Answer lines: rules under the prompts.
    expect(pages.flatMap((p) => p.items).filter((it) => it.kind === 'rule').length).toBeGreaterThanOrEqual(4 * 5);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(out, { recursive: true, force: true });
  }, 120_000);
});
