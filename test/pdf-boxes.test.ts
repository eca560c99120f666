// The PDF's footnotes, boxes, inline HTML, task lists, tables and links inside the pack, on the features fixture and a footnote-heavy corpus.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftEdge } from '../src/layout/page-setup.js';
import type { Page, PageItem, TextRun } from '../src/layout/types.js';
import type { Block } from '../src/model/types.js';
import { inlineText, walkBlocks } from '../src/model/walk.js';
import type { PdfResult } from '../src/render/pdf/pdf.js';
import { build } from '../src/pipeline.js';
import { loadLabels } from '../src/templates.js';
import { article, BOOK_YAML, FIXTURES, tempDir, writeCorpus } from './helpers/corpus.js';
import { run } from './helpers/tools.js';

const labels = loadLabels('zh-CN');
const containerLabel = (kind: string) => (labels.container as Record<string, string>)[kind]!;

interface Word {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  text: string;
}

/** pdftotext -bbox, page by page: each page's size and words. */
function bboxPages(file: string): { width: number; height: number; words: Word[] }[] {
  const xml = run('pdftotext', ['-bbox', file, '-']);
  return xml
    .split('<page ')
    .slice(1)
    .map((chunk) => {
      const [, w, h] = /width="([\d.]+)" height="([\d.]+)"/.exec(chunk)!;
      const words = [...chunk.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        x0: Number(m[1]),
        y0: Number(m[2]),
        x1: Number(m[3]),
        y1: Number(m[4]),
        text: m[5]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"'),
      }));
      return { width: Number(w), height: Number(h), words };
    });
}

/** Each page's link annotations that jump to a named destination, and the page each named destination is on. */
function pdfLinks(file: string): { gotos: { page: number; dest: string }[]; destPages: Map<string, number>; destTops: Map<string, number> } {
  const json = JSON.parse(run('qpdf', ['--json', file])) as { pages: { object: string; pageposfrom1: number }[]; qpdf: [unknown, Record<string, { value?: unknown }>] };
  const objs = json.qpdf[1];
  const value = (ref: unknown) => (typeof ref === 'string' && ref.endsWith(' R') ? objs[`obj:${ref}`]?.value : ref) as Record<string, unknown> | undefined;
  const gotos: { page: number; dest: string }[] = [];
  for (const p of json.pages) {
    const annots = (value(p.object)?.['/Annots'] ?? []) as string[];
    for (const a of annots) {
      const action = value(value(a)?.['/A']);
      if (action?.['/S'] === '/GoTo') gotos.push({ page: p.pageposfrom1, dest: String(action['/D']).replace(/^u:/, '') });
    }
  }
  const destPages = new Map<string, number>();
  const destTops = new Map<string, number>();
  for (const line of run('pdfinfo', ['-dests', file]).split('\n').slice(1)) {
    const m = /^\s*(\d+)\s+\[\s*XYZ\s+\S+\s+(\S+).*\]\s+"(.*)"$/.exec(line);
    if (m) {
      destPages.set(m[3]!, Number(m[1]));
      destTops.set(m[3]!, Number(m[2]));
    }
  }
  return { gotos, destPages, destTops };
}

const texts = (p: Page) => p.items.filter((i): i is TextRun => i.kind === 'text');
const pageWith = (pages: Page[], text: string) => pages.find((p) => p.lines.some((l) => l.text.includes(text)));
/** Fills and outlines whose vertical extent covers y. */
const rectsAt = (p: Page, y: number) => p.items.filter((i): i is Extract<PageItem, { kind: 'rect' }> => i.kind === 'rect' && i.y <= y + 1e-6 && i.y + i.h >= y - 1e-6);
/** The short rule over a page's footnotes (a quarter of the measure, not a running head's). */
const footRuleOf = (p: Page, measure: number) => p.items.find((i) => i.kind === 'rule' && !i.pagination && Math.abs(i.x2 - i.x1 - measure / 4) < 0.01) as Extract<PageItem, { kind: 'rule' }> | undefined;
const isNoteLine = (l: Page['lines'][number]) => /^f\d+\./.test(l.src?.key ?? '');

function pdfcheck(file: string): string {
  return run('python3', ['/work/shared/tools/pdfcheck.py', file, '--skip-pages', '1']);
}

describe('the features fixture in the PDF', () => {
  let out: string;
  let file: string;
  let pdf: PdfResult;
  let pages: Page[];

  beforeAll(async () => {
    out = tempDir('studypack-boxes-');
    const result = await build({ corpus: path.join(FIXTURES, 'features'), out, outputs: ['pdf'] });
    file = result.outputs[0]!.file;
    pdf = result.outputs[0]!.detail as PdfResult;
    pages = pdf.layout.pages;
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('sets each footnote at the foot of the page that refers to it, under a short rule, below the text', () => {
    const notes = pdf.layout.analysis.articles[0]!.footnotes;
    expect(notes.map((n) => n.n)).toEqual([1, 2]);
    const bbox = bboxPages(file);
    const { measure } = pdf.layout.setup;
    for (const note of notes) {
      const name = `a1-fn:${note.n}`;
      const markPage = pages.find((p) => p.links.some((l) => l.dest === name))!;
      expect(markPage, `mark ${note.n}`).toBeDefined();
      expect(markPage.dests.map((d) => d.name)).toContain(name);
      // The mark: a smaller, raised number after the text.
      const line = markPage.lines.find((l) => l.runs.some((r) => r.text === String(note.n) && r.size < pdf.layout.setup.bodySize * 0.7))!;
      const mark = line.runs.find((r) => r.text === String(note.n))!;
      expect(mark.y).toBeLessThan(line.y - 2);
      // The note's lines keep their source keys, f<n>.<k>.
      const noteLines = markPage.lines.filter((l) => l.src?.key.startsWith(`f${note.n}.`));
      expect(noteLines.length).toBeGreaterThan(0);
      const first = inlineText((note.blocks[0] as Extract<Block, { type: 'paragraph' }>).children).slice(0, 7);
      // In the text layer: on the same page, below the rule, and every word of the text above it.
      const words = bbox[markPage.number - 1]!.words;
      const noteWord = words.find((w) => w.text.startsWith(first))!;
      expect(noteWord, first).toBeDefined();
      const rule = footRuleOf(markPage, measure)!;
      expect(rule).toBeDefined();
      expect(noteWord.y0).toBeGreaterThan(rule.y1);
      const folioTop = pdf.layout.setup.height - pdf.layout.setup.bottom;
      for (const w of words.filter((w) => w.y0 < rule.y1)) expect(w.y1, w.text).toBeLessThanOrEqual(rule.y1);
      for (const w of words.filter((w) => w.y0 > rule.y1)) expect(w.y1 < folioTop || /^\d+$/.test(w.text), w.text).toBe(true);
      expect(words.some((w) => w.y1 <= rule.y1 && w.text.includes('读书会'))).toBe(true);
    }
    // The note's number links back to its mark.
    const notePage = pages.find((p) => p.dests.some((d) => d.name === 'a1-fn:1'))!;
    expect(notePage.links.some((l) => l.dest === 'a1-fnref:1')).toBe(true);
    expect(notePage.dests.some((d) => d.name === 'a1-fnref:1')).toBe(true);
  });

  it("prints each box's label and content, and leaves no Markdown or HTML in the text layer", () => {
    const text = run('pdftotext', [file, '-']);
    for (const s of ['读前准备', '先准备一支笔', containerLabel('warning'), '不要只看结论', containerLabel('note'), 'GitHub 式的提示', '点击展开：参考答案', '答案藏在这里', '这一行居中', '未知的容器保留内容'])
      expect(text, s).toContain(s);
    for (const s of [':::', '[^', '[!NOTE]', '<br', '<sup', '<sub', '<kbd', '<mark', '<u>', '~~', '不应出现']) expect(text, s).not.toContain(s);
  });

  it('draws each box as a tint and a bar on every row, graver kinds darker and wider, and centres `center` without a box', () => {
    const p = pageWith(pages, '读前准备')!;
    const x0 = leftEdge(pdf.layout.setup, p.number);
    const { measure } = pdf.layout.setup;
    const look = (label: string, content: string) => {
      const lines = [p.lines.find((l) => l.text === label)!, p.lines.find((l) => l.text.startsWith(content))!];
      const parts = lines.map((l) => {
        const rs = rectsAt(p, l.y);
        const tint = rs.find((r) => Math.abs(r.x - x0) < 0.01 && Math.abs(r.w - measure) < 0.01);
        const bar = rs.find((r) => Math.abs(r.x - x0) < 0.01 && r.w < 6);
        expect(tint, `${label}: tint at ${l.text}`).toBeDefined();
        expect(bar, `${label}: bar at ${l.text}`).toBeDefined();
        return { tint: tint!, bar: bar! };
      });
      // Slices of one box meet: the label's row and the content's row touch.
      expect(parts[0]!.tint.y + parts[0]!.tint.h).toBeCloseTo(parts[1]!.tint.y, 3);
      return parts[0]!;
    };
    const grey = (hex: string) => {
      const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255);
      return 0.299 * r! + 0.587 * g! + 0.114 * b!;
    };
    const tip = look('读前准备', '先准备一支笔');
    const warning = look(containerLabel('warning'), '不要只看结论');
    const note = look(containerLabel('note'), 'GitHub');
    look('点击展开：参考答案', '答案藏在这里');
    // In greyscale, not by hue alone: the warning's tint and bar are darker than the tip's, its bar wider.
    expect(grey(warning.tint.fill)).toBeLessThan(grey(tip.tint.fill) - 0.01);
    expect(grey(warning.bar.fill)).toBeLessThan(grey(tip.bar.fill));
    expect(warning.bar.w).toBeGreaterThan(tip.bar.w);
    expect(grey(note.bar.fill)).toBeLessThan(0.6);
    const centred = p.lines.find((l) => l.text === '这一行居中。')!;
    const run0 = centred.runs[0]!;
    const lastRun = centred.runs[centred.runs.length - 1]!;
    expect((run0.x + lastRun.x + lastRun.width) / 2).toBeCloseTo(x0 + measure / 2, 0);
    expect(rectsAt(p, centred.y).filter((r) => r.w >= measure - 0.01)).toEqual([]);
  });

  it('sets inline HTML as its meaning: raised and lowered, a key in a box, highlight, struck and underlined text', () => {
    const p = pageWith(pages, '上标')!;
    const runs = texts(p);
    const body = pdf.layout.setup.bodySize;
    const line = p.lines.find((l) => l.text.includes('上标'))!;
    const sup = runs.find((r) => r.text === '2' && r.y < line.y)!;
    const sub = runs.find((r) => r.text === '2' && r.y > line.y)!;
    expect(sup.size).toBeLessThan(body * 0.8);
    expect(sub.size).toBeLessThan(body * 0.8);
    const deco = (text: string) => runs.find((r) => r.text.includes(text))?.deco;
    expect(deco('Ctrl')).toEqual(['kbd']);
    expect(runs.find((r) => r.text === 'Ctrl')!.face).toBe('sans');
    expect(deco('高亮')).toEqual(['mark']);
    expect(deco('删除线')).toEqual(['del']);
    expect(deco('下划线')).toEqual(['ins']);
    // <br> is a line break: 第一行 ends a line, 第二行 starts the next.
    expect(p.lines.some((l) => l.text.endsWith('第一行'))).toBe(true);
    expect(p.lines.some((l) => l.text.startsWith('第二行'))).toBe(true);
  });

  it('draws task boxes (ticked when done) and bullets by depth: disc, circle, square', () => {
    const p = pageWith(pages, '读完第一章')!;
    const at = (text: string) => {
      const l = p.lines.find((x) => x.text === text)!;
      return p.items.filter((i) => {
        const y = i.kind === 'rule' ? i.y1 : i.y;
        const x = i.kind === 'rule' ? i.x1 : i.x;
        return i.kind !== 'text' && Math.abs(y - (l.y - 4)) < 8 && x < l.x;
      });
    };
    const done = at('读完第一章');
    expect(done.some((i) => i.kind === 'rect' && i.fill === 'none' && i.stroke)).toBe(true);
    expect(done.filter((i) => i.kind === 'rule').length).toBe(2);
    expect(done.find((i) => i.kind === 'rect')!.struct?.at(-1)).toMatchObject({ role: 'Lbl', alt: labels.taskDone });
    const open = at('写读书笔记');
    expect(open.some((i) => i.kind === 'rect' && i.fill === 'none')).toBe(true);
    expect(open.some((i) => i.kind === 'rule')).toBe(false);
    expect(open.find((i) => i.kind === 'rect')!.struct?.at(-1)).toMatchObject({ role: 'Lbl', alt: labels.taskOpen });
    expect(at('第二层列表')).toMatchObject([{ kind: 'dot', hollow: true }]);
    const square = at('第三层列表');
    expect(square).toMatchObject([{ kind: 'rect' }]);
    expect((square[0] as { w: number }).w).toBeLessThan(4);
  });

  it('links inside the pack jump to the named destination of the heading or article, on its page', () => {
    const { gotos, destPages, destTops } = pdfLinks(file);
    const bbox = bboxPages(file);
    for (const g of gotos) expect(destPages.has(g.dest), g.dest).toBe(true);
    const headingDest = (article: number, title: string) => {
      const h = [...walkBlocks(pdf.layout.analysis.articles[article - 1]!.blocks)].find((b) => b.type === 'heading' && inlineText(b.children) === title) as Extract<Block, { type: 'heading' }>;
      return `a${article}-${h.id}`;
    };
    const cases: [string, number, string][] = [
      [headingDest(1, '提示框'), 1, '提示框'],
      [headingDest(2, '代码'), 2, '代码'],
      ['art-1', 1, '提示框、脚注与图'],
    ];
    for (const [dest, articleNo, title] of cases) {
      expect(gotos.some((g) => g.dest === dest), dest).toBe(true);
      const page = pages.find((p) => p.article === articleNo && p.lines.some((l) => l.text === title && !l.body))!;
      expect(destPages.get(dest), dest).toBe(page.number);
      // The view opens just above the heading (XYZ top is in PDF space, from the page's foot).
      const word = bbox[page.number - 1]!.words.find((w) => w.text === title)!;
      const top = page.height - destTops.get(dest)!;
      expect(word.y0 - top, dest).toBeGreaterThanOrEqual(0);
      expect(word.y0 - top, dest).toBeLessThan(40);
    }
    // A note's destination opens at the note, at the page foot.
    const noteTop = pages[0]!.height - destTops.get('a1-fn:1')!;
    expect(noteTop).toBeGreaterThan(pdf.layout.setup.height / 2);
    // Web links stay web links; a site-relative link keeps only its text.
    expect(pages.flatMap((p) => p.links).filter((l) => l.url && !/^(https?|mailto):/.test(l.url))).toEqual([]);
  });

  it('keeps every word inside the text block, breaks lines by the kinsoku rules, and passes qpdf --check', () => {
    const { setup } = pdf.layout;
    bboxPages(file).forEach((p, i) => {
      const right = leftEdge(setup, i + 1) + setup.measure;
      for (const w of p.words) expect(w.x1, `p${i + 1} ${w.text}`).toBeLessThanOrEqual(right + 0.5);
    });
    expect(pdfcheck(file)).toMatch(/kinsoku_violations=0\b/);
    const r = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('No syntax or stream encoding errors found');
  });
});

describe('footnotes and wide tables under pressure', () => {
  let out: string;
  let file: string;
  let pdf: PdfResult;

  beforeAll(async () => {
    const para = '读书会的讨论往往从一个具体的问题开始，再慢慢展开到更大的话题，大家轮流发言，互相补充，最后由主持人总结要点';
    const body: string[] = [];
    const notes: string[] = [];
    for (let i = 1; i <= 40; i++) {
      body.push(`第${i}段：${para}[^n${i}]，这是第${i}段的结尾。`);
      notes.push(i % 9 === 0 ? `[^n${i}]: 这是一条很长的脚注，${'它解释了许多背景知识，并给出了更多的参考资料与延伸阅读的建议，'.repeat(18)}\n\n    长脚注的第二段也要印出来。` : `[^n${i}]: 第${i}条脚注的内容。`);
    }
    const head = `| ${Array.from({ length: 9 }, (_, i) => `第${i + 1}列的标题`).join(' | ')} |`;
    const rule = `| ${Array.from({ length: 9 }, (_, i) => (i % 3 === 0 ? ':-:' : i % 3 === 1 ? '--:' : '---')).join(' | ')} |`;
    const row = `| ${Array.from({ length: 9 }, (_, i) => (i === 4 ? 'internationalization and localization' : `单元格内容${i + 1}比较长的一段文字`)).join(' | ')} |`;
    const corpus = writeCorpus({
      'book.yaml': BOOK_YAML,
      '01-notes.md': article('title: 脚注压力测试\nkind: essay\nauthor: 测试', `${body.join('\n\n')}\n\n${notes.join('\n\n')}\n`),
      '02-table.md': article('title: 宽表\nkind: essay\nauthor: 测试', `下表有九列。\n\n${head}\n${rule}\n${row}\n${row}\n`),
    });
    out = tempDir('studypack-notes-');
    const result = await build({ corpus, out, outputs: ['pdf'] });
    expect(result.diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    file = result.outputs[0]!.file;
    pdf = result.outputs[0]!.detail as PdfResult;
    fs.rmSync(corpus, { recursive: true, force: true });
  }, 120_000);
  afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

  it('starts every note on the page of its mark; a long note runs on to the next foot; the text never reaches the foot', () => {
    const pages = pdf.layout.pages.filter((p) => p.article === 1);
    const { measure } = pdf.layout.setup;
    for (let n = 1; n <= 40; n++) {
      const mark = pages.find((p) => p.links.some((l) => l.dest === `a1-fn:${n}`));
      const note = pages.find((p) => p.dests.some((d) => d.name === `a1-fn:${n}`));
      expect(note?.number, `note ${n}`).toBe(mark?.number);
    }
    const runsOn = [9, 18, 27, 36].filter((n) => {
      const on = pages.filter((p) => p.lines.some((l) => l.src?.key.startsWith(`f${n}.`)));
      return on.length === 2 && on[1]!.number === on[0]!.number + 1;
    });
    expect(runsOn.length).toBeGreaterThan(0);
    for (const p of pages) {
      const notes = p.lines.filter(isNoteLine);
      if (notes.length === 0) continue;
      const rule = footRuleOf(p, measure)!;
      expect(rule, `page ${p.number}`).toBeDefined();
      const body = p.lines.filter((l) => !isNoteLine(l));
      for (const l of body) expect(l.y, `page ${p.number}: ${l.text}`).toBeLessThan(rule.y1);
      for (const l of notes) expect(l.y).toBeGreaterThan(rule.y1);
      // The foot sits at the bottom of the text block.
      expect(Math.max(...notes.map((l) => l.y))).toBeGreaterThan(pdf.layout.setup.height - pdf.layout.setup.bottom - 12);
    }
    expect(pdfcheck(file)).toMatch(/kinsoku_violations=0\b/);
  });

  it('sets a table too wide for the measure smaller, then wraps its cells inside their columns', () => {
    const { setup } = pdf.layout;
    const p = pdf.layout.pages.find((x) => x.article === 2)!;
    const cells = p.lines.filter((l) => /^b\d+:-?\d+:\d+$/.test(l.src?.key ?? ''));
    // Two rows and the head, nine columns each.
    expect(new Set(cells.map((l) => l.src!.key)).size).toBe(27);
    const sizes = new Set(cells.flatMap((l) => l.runs.map((r) => r.size)));
    expect(Math.max(...sizes)).toBeLessThan(setup.bodySize * 0.9 - 0.01);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(setup.bodySize * 0.75 - 0.01);
    // Wrapped: some cell takes several lines; every line within its own column's measure.
    expect(cells.length).toBeGreaterThan(2 * 27);
    for (const l of cells) {
      const last = l.runs[l.runs.length - 1]!;
      expect(last.x + last.width, l.text).toBeLessThanOrEqual(l.x + l.measure + 0.01);
      expect(l.runs[0]!.x, l.text).toBeGreaterThanOrEqual(l.x - 0.01);
    }
    bboxPages(file).forEach((pg, i) => {
      const right = leftEdge(setup, i + 1) + setup.measure;
      // A closing mark set half-width at a line's end has its glyph's full box past the edge (clreq allows it):
      // pdftotext's box for it reaches half an em further, about 6 pt at these sizes.
      for (const w of pg.words) expect(w.x1, `p${i + 1} ${w.text}`).toBeLessThanOrEqual(right + (/[，。、；：！？」』）]$/.test(w.text) ? 6 : 0.5));
    });
  });
});
