// Traditional editions (issue 17): Taiwan vocabulary checked against OpenCC's own dictionaries, code and URLs untouched, the stroke-order index, centred punctuation read back from the layout.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// OpenCC's dictionaries as opencc-js ships them (`key value|key value…`): the expected forms come from here.
// @ts-expect-error: data modules without declarations
import STCharacters from 'opencc-js/dict/STCharacters';
// @ts-expect-error: data modules without declarations
import STPhrases from 'opencc-js/dict/STPhrases';
// @ts-expect-error: data modules without declarations
import TWPhrases from 'opencc-js/dict/TWPhrases';
// @ts-expect-error: data modules without declarations
import TWVariants from 'opencc-js/dict/TWVariants';
import { analyse } from '../src/analyse/analysis.js';
import { indexCollation } from '../src/analyse/sort.js';
import { Diagnostics } from '../src/diagnostics.js';
import { face as faceOf, setFaceFiles } from '../src/fonts/catalog.js';
import { FontMetrics, shapeText } from '../src/fonts/metrics.js';
import { typesetParagraph } from '../src/layout/paragraph.js';
import type { TextRun } from '../src/layout/types.js';
import { readVariantExceptions } from '../src/load/variant-exceptions.js';
import type { Block, Book, Inline } from '../src/model/types.js';
import { convertBook, VariantConverter } from '../src/parse/variant.js';
import { build, readBook } from '../src/pipeline.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import { loadLabels } from '../src/templates.js';
import { article, BOOK_YAML, SEED_CORPUS, tempDir, writeCorpus } from './helpers/corpus.js';

const dict = (data: string) => new Map(data.split('|').map((e) => e.split(' ') as [string, ...string[]]).map(([k, ...v]) => [k, v]));
const st = { phrases: dict(STPhrases as string), chars: dict(STCharacters as string) };
const twPhrases = dict(TWPhrases as string);
const twVariants = dict(TWVariants as string);

/** What OpenCC's s2twp makes of a word, from its dictionaries: Simplified → Traditional, the Taiwan phrase, Taiwan variants. */
function expectedTaiwan(word: string): string | undefined {
  const traditional = st.phrases.get(word)?.[0] ?? [...word].map((c) => st.chars.get(c)?.[0] ?? c).join('');
  const phrase = twPhrases.get(traditional)?.[0];
  return phrase && [...phrase].map((c) => twVariants.get(c)?.[0] ?? c).join('');
}

/** Simplified words whose Taiwan form is another word (TWPhrases): the input; their expected forms are read from the dictionaries above. */
const WORDS = [
  '软件', '信息', '网络', '数据库', '人工智能', '视频', '打印机', '鼠标', '硬盘', '内存', '程序员', '服务器', '默认', '芯片', '硬件',
  '文件', '操作系统', '光盘', '激光', '博客', '短信', '出租车', '自行车', '互联网', '程序', '菜单', '屏幕', '移动电话', '宽带', '分辨率',
  '局域网', '算法', '源代码', '打印', '支持', '数据', '笔记本电脑', '编程', '晶体管', '高清', '优化', '接口', '字节', '用户', '信息技术',
  '模块', '新西兰', '奔驰',
];

const dirs: string[] = [];
afterAll(() => {
  dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true }));
  setFaceFiles({});
});

function inlineText(ns: readonly Inline[]): string {
  return ns.map((n) => (n.type === 'text' || n.type === 'code' ? n.value : 'children' in n ? inlineText(n.children) : '')).join('');
}
const paragraphs = (blocks: readonly Block[]) => blocks.filter((b): b is Extract<Block, { type: 'paragraph' }> => b.type === 'paragraph');

/** A corpus of `files` read and converted into `variant`; `original` is the book as read (conversion leaves it alone). */
function convertedCorpus(files: Record<string, string>, variant: 'zh-TW' | 'zh-HK' = 'zh-TW'): Book & { original: Book } {
  const dir = writeCorpus({ 'book.yaml': BOOK_YAML, ...files });
  dirs.push(dir);
  const diags = new Diagnostics();
  const book = readBook(dir, diags)!;
  expect(diags.items).toEqual([]);
  const before = JSON.stringify(book);
  const converted = convertBook(book, new VariantConverter(variant, readVariantExceptions(dir, variant, diags)));
  expect(diags.items).toEqual([]);
  expect(JSON.stringify(book)).toBe(before);
  return Object.assign(converted, { original: book });
}

describe('the Taiwan edition converts as OpenCC says Taiwan writes', () => {
  it(`converts ${WORDS.length} words to their Taiwan vocabulary, as OpenCC's dictionaries give it`, () => {
    const expected = WORDS.map(expectedTaiwan);
    // Every word is a vocabulary entry (not a character-for-character conversion).
    expect(expected.filter((e) => e === undefined)).toEqual([]);
    expect(WORDS.length).toBeGreaterThanOrEqual(30);
    const book = convertedCorpus({
      '01-a.md': article(`title: 关于${WORDS[0]}与${WORDS[1]}\nquestions: [${WORDS.slice(0, 3).join('、')}有什么不同？]`, `${WORDS.join('、')}。\n`),
      'glossary.yaml': `- name: 软件公司\n  aliases: [信息公司]\n  kind: org\n  description: 一家做${WORDS[2]}的公司\n`,
    });
    const [para] = paragraphs(book.articles[0]!.blocks);
    const got = inlineText(para!.children).replace(/。$/, '').split('、');
    expect(got).toEqual(expected);
    // Titles, questions, the glossary (names, aliases, descriptions) and the book's metadata too.
    expect(book.articles[0]!.meta.title).toBe(`關於${expected[0]}與${expected[1]}`);
    expect(book.articles[0]!.meta.questions).toEqual([`${expected.slice(0, 3).join('、')}有什麼不同？`]);
    expect(book.glossary[0]).toMatchObject({ name: `${expected[0]}公司`, aliases: [`${expected[1]}公司`], description: `一家做${expected[2]}的公司` });
    expect(book.meta).toMatchObject({ title: '測試書', language: 'zh-Hant-TW', labels: 'zh-Hant-TW', variant: 'zh-TW' });
  });

  it('converts the labels, with corner quotes, and keeps their placeholders', () => {
    const tw = loadLabels('zh-Hant-TW');
    const hk = loadLabels('zh-Hant-HK');
    expect(tw.toc).toBe('目錄');
    expect((tw.container as Record<string, string>).info).toBe(expectedTaiwan('信息'));
    expect(tw.accessibilitySummary).toContain(expectedTaiwan('软件'));
    expect(tw.indexNoteEpub).toContain('「第 1 篇」');
    expect(tw.articleRef).toBe('第 {n} 篇');
    expect(tw.strokeGroup).toBe('{n} 畫');
    expect(tw.fontsCredit).toContain('Noto Serif TC');
    // Hong Kong: characters and Hong Kong variants, not Taiwan's vocabulary.
    expect((hk.container as Record<string, string>).info).toBe('信息');
    expect(loadLabels('zh-CN').toc).toBe('目录');
  });

  it('leaves code, URLs, link targets and Latin text as written; curly quotes become corner brackets', () => {
    const body = [
      '他说“软件就是‘信息’的容器”，Anthropic’s 团队用 `软件信息 = load("网络")` 检查 [信息网站](https://example.com/软件/信息?q=网络 "网络标题")。',
      '',
      '```python',
      '# 软件信息：网络',
      'print("“软件”")',
      '```',
      '',
      'She said “hello”, don’t worry.',
      '',
      '<https://example.org/软件>',
      '',
    ].join('\n');
    const book = convertedCorpus({ '01-a.md': article('title: 代码', body) });
    const blocks = book.articles[0]!.blocks;
    const [p1, p2, p3] = paragraphs(blocks);
    expect(inlineText(p1!.children)).toBe('他說「軟體就是『資訊』的容器」，Anthropic’s 團隊用 软件信息 = load("网络") 檢查 資訊網站。');
    const code = p1!.children.find((n) => n.type === 'code');
    expect(code).toMatchObject({ value: '软件信息 = load("网络")' });
    const link = p1!.children.find((n): n is Extract<Inline, { type: 'link' }> => n.type === 'link')!;
    expect(decodeURI(link.href)).toBe('https://example.com/软件/信息?q=网络');
    expect(link.title).toBe('網路標題');
    expect(blocks.find((b) => b.type === 'code')).toMatchObject({ value: '# 软件信息：网络\nprint("“软件”")' });
    // A block of Latin text keeps its quotes and apostrophes.
    expect(inlineText(p2!.children)).toBe(inlineText(paragraphs(book.original.articles[0]!.blocks)[1]!.children));
    expect(inlineText(p2!.children)).toMatch(/^She said “hello”.*don’t worry\.$/);
    const auto = p3!.children.find((n): n is Extract<Inline, { type: 'link' }> => n.type === 'link')!;
    const autoBefore = paragraphs(book.original.articles[0]!.blocks)[2]!.children.find((n): n is Extract<Inline, { type: 'link' }> => n.type === 'link')!;
    expect(auto.href).toBe(autoBefore.href);
    expect(auto.href).toContain('example.org');
  });

  it("keeps the pack's exceptions: a name kept as written is converted by character only; verbatim and replaced phrases as given", () => {
    const book = convertedCorpus({
      '01-a.md': article('title: 例外', '英伟达和字节跳动的软件，百度信息。\n'),
      'variant-exceptions.yaml': 'keep: [英伟达]\nverbatim: [字节跳动]\nzh-TW:\n  replace: {百度信息: 百度資訊網}\nzh-HK:\n  replace: {百度信息: 不用}\n',
    });
    expect(inlineText(paragraphs(book.articles[0]!.blocks)[0]!.children)).toBe('英偉達和字节跳动的軟體，百度資訊網。');
    // Without the exception OpenCC writes Taiwan's name for the company.
    expect(expectedTaiwan('英伟达')).toBe('輝達');
  });
});

describe('the index of a Traditional edition', () => {
  let tw: { book: Book; people: { name: string; letter: string }[] };
  beforeAll(() => {
    const diags = new Diagnostics();
    const book = convertBook(readBook(SEED_CORPUS, diags)!, new VariantConverter('zh-TW'));
    const analysis = analyse(book, loadLabels('zh-Hant-TW'), diags);
    expect(diags.errors).toEqual([]);
    tw = { book, people: analysis.people };
  });

  it('sorts by stroke count (CLDR stroke collation): Chinese names by their first character\'s strokes, then Latin names by letter', () => {
    // Total strokes of the first characters (Unihan kTotalStrokes): 中 丹 4, 谷 7, 黃 12, 微 達 13, 輝 15, 諾 16.
    const han = tw.people.filter((p) => /\p{Script=Han}/u.test(p.name));
    expect(han.map((p) => `${p.letter}:${p.name}`)).toEqual([
      '4 畫:中國共產黨',
      '4 畫:丹妮拉·阿莫迪',
      '7 畫:谷歌大腦',
      '12 畫:黃仁勳',
      '13 畫:微軟',
      '13 畫:達里奧·阿莫迪',
      '15 畫:輝達',
      '16 畫:諾和諾德',
    ]);
    const latin = tw.people.slice(han.length);
    expect(latin.every((p) => /^[A-Z]$/.test(p.letter))).toBe(true);
    expect(latin.map((p) => p.letter)).toEqual([...latin.map((p) => p.letter)].sort());
  });

  it('finds the same names and key figures in the converted text as in the Simplified one', () => {
    const diags = new Diagnostics();
    const sc = analyse(readBook(SEED_CORPUS, diags)!, loadLabels('zh-CN'), diags);
    const twa = analyse(tw.book, loadLabels('zh-Hant-TW'), diags);
    expect(twa.articles.map((a) => a.names.length)).toEqual(sc.articles.map((a) => a.names.length));
    // The same figures are found (kept or left out); how many an article keeps follows its length, which conversion changes.
    expect(twa.numbers.flat().length + twa.numbersLeftOut).toBe(sc.numbers.flat().length + sc.numbersLeftOut);
    expect(twa.numbers.map((n) => n.length).reduce((a, b) => a + b)).toBeGreaterThanOrEqual(sc.numbers.flat().length - 2);
    // Figures print as the edition writes them (億, not 亿).
    expect(twa.numbers.flat().some((n) => n.text.includes('億'))).toBe(true);
    expect(twa.numbers.flat().some((n) => /[亿万个]/.test(n.text))).toBe(false);
  });

  it('offers zhuyin order, and the Simplified pack keeps pinyin', () => {
    const zhuyin = indexCollation('zhuyin')!;
    expect(['馬斯克', '黃仁勳', '阿莫迪', '達里奧'].sort(zhuyin.compare)).toEqual(['馬斯克', '達里奧', '黃仁勳', '阿莫迪']);
    expect(zhuyin.groupOf('黃仁勳')).toBe('ㄏ');
    const diags = new Diagnostics();
    const sc = analyse(readBook(SEED_CORPUS, diags)!, loadLabels('zh-CN'), diags);
    expect(sc.indexOrder).toBe('pinyin');
    expect(sc.people.find((p) => p.name === '黄仁勋')!.letter).toBe('H');
  });
});

describe('the Traditional faces', () => {
  it("set Simplified characters left as written (code) in the Simplified sans, which the TC faces lack", () => {
    setFaceFiles({}, { set: 'tc', language: 'ZHT' });
    try {
      const metrics = new FontMetrics();
      expect(faceOf('serif').family).toBe('Noto Serif TC');
      expect(metrics.has('sans', '签')).toBe(false);
      const [line] = typesetParagraph([{ text: 'print("签到") 簽到', face: 'mono', size: 10, color: '#000' }], { measure: 400, indent: 0, align: 'left', em: 10 }, metrics);
      const faces = line!.runs.map((r) => `${r.face}:${r.text}`);
      expect(faces).toContain('hans:签');
      expect(faces.some((f) => f.startsWith('sans:') && f.includes('簽'))).toBe(true);
      expect(line!.text).not.toContain('□');
    } finally {
      setFaceFiles({});
    }
  });
});

describe('a Taiwan edition of the seed', () => {
  let out: string;
  let tw: PdfResult;
  let sc: PdfResult;
  beforeAll(async () => {
    out = tempDir('studypack-variant-');
    dirs.push(out);
    const r = await build({ corpus: SEED_CORPUS, out, outputs: ['pdf', 'epub', 'sheets'], variants: ['zh-TW'] });
    expect(r.diagnostics.items).toEqual([]);
    tw = r.outputs.find((o) => o.kind === 'pdf')!.detail as PdfResult;
    const scOut = tempDir('studypack-variant-sc-');
    dirs.push(scOut);
    sc = (await build({ corpus: SEED_CORPUS, out: scOut, outputs: ['pdf'] })).outputs[0]!.detail as PdfResult;
  }, 120_000);

  it('names its files for the edition and tags them zh-Hant-TW', () => {
    const files = fs.readdirSync(out, { recursive: true }).map(String).sort();
    expect(files).toContain('amodei-reader.zh-TW.pdf');
    expect(files).toContain('amodei-reader.zh-TW.epub');
    expect(files).toContain(path.join('sheets', 'zh-TW', 'all.pdf'));
    expect(files).toContain(path.join('sheets', 'zh-TW', '01-exponential-business-engine.pdf'));
    expect(fs.readFileSync(path.join(out, 'amodei-reader.zh-TW.pdf')).toString('latin1')).toContain('/Lang (zh-Hant-TW)');
  });

  /** Every ，。、：； in the body's Chinese runs: its em cell as laid out, and where its glyph's ink sits in it. */
  function marks(pdf: PdfResult): { cell: number; ink: number; size: number }[] {
    const found: { cell: number; ink: number; size: number }[] = [];
    const font = fontkit.openSync(faceOf('serif').file) as fontkit.Font;
    for (const page of pdf.layout.pages) {
      for (const it of page.items) {
        if (it.kind !== 'text' || it.face !== 'serif') continue;
        const run = it as TextRun;
        let x = run.x;
        for (const ch of run.text) {
          const shaped = shapeText(font, ch, run.features);
          const advance = (shaped.positions[0]!.xAdvance / font.unitsPerEm) * run.size;
          if ('，。、：；'.includes(ch)) {
            const g = shaped.glyphs[0]!;
            found.push({ cell: x, ink: x + (((g.bbox.minX + g.bbox.maxX) / 2) / font.unitsPerEm) * run.size, size: run.size });
          }
          x += advance + run.spacing;
        }
      }
    }
    return found;
  }

  it('sets ，。、：； centred in the em (Taiwan), where the Simplified pack sets them in its left half', () => {
    setFaceFiles({}, { set: 'tc', language: 'ZHT' });
    const centred = marks(tw);
    setFaceFiles({});
    const left = marks(sc);
    expect(centred.length).toBeGreaterThan(300);
    expect(left.length).toBeGreaterThan(300);
    for (const m of centred) expect(Math.abs(m.ink - (m.cell + m.size / 2))).toBeLessThan(m.size * 0.12);
    for (const m of left) expect(m.ink - m.cell).toBeLessThan(m.size * 0.3);
  });
});
