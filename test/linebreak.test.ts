import { describe, expect, it } from 'vitest';
import { NO_LINE_END, NO_LINE_START } from '../src/util/chars.js';
import { FontMetrics } from '../src/fonts/metrics.js';
import { typesetParagraph, type SetLine } from '../src/layout/paragraph.js';
import { kinsokuViolations, lineEdges, shapedWidth } from './helpers/lines.js';

const metrics = new FontMetrics();
const EM = 10;

function set(text: string, ems = 12, align: 'justify' | 'left' = 'justify', indent = 0): SetLine[] {
  return typesetParagraph([{ text, face: 'serif', size: EM, color: '#000' }], { measure: ems * EM, indent, align, em: EM }, metrics);
}

/** Every line but the last is flush with the measure; none is wider (a line-end hyphen hangs beyond it). */
function expectFlush(lines: SetLine[], measure: number) {
  lines.forEach((l, i) => {
    const { right } = lineEdges(l.hyphen ? l.runs.slice(0, -1) : l.runs);
    expect(right).toBeLessThanOrEqual(measure + 0.01);
    if (i < lines.length - 1) {
      expect(l.justified, l.text).toBe(true);
      expect(Math.abs(right - measure), l.text).toBeLessThanOrEqual(0.01);
    }
  });
}

const HAN = '我们正处在这条指数曲线上这是我们每天都在面对的不确定性也是这个领域最迷人的地方';

describe('clreq line breaking', () => {
  it.each(['。', '，', '、', '：', '；', '？', '！', '）', '”', '》', '」'])('never starts a line with %s, wherever it falls', (mark) => {
    for (let p = 1; p < 30; p++) {
      const text = HAN.slice(0, p) + mark + HAN.slice(p);
      const lines = set(text);
      expect(kinsokuViolations(lines), `${mark} at ${p}`).toEqual([]);
      expect(lines.map((l) => l.text).join('').replace(/ /g, '')).toBe(text);
      expectFlush(lines, 12 * EM);
    }
  });

  it.each(['（', '“', '《', '「'])('never ends a line with %s, wherever it falls', (mark) => {
    for (let p = 1; p < 30; p++) {
      const text = HAN.slice(0, p) + mark + HAN.slice(p);
      const lines = set(text);
      expect(kinsokuViolations(lines), `${mark} at ${p}`).toEqual([]);
      expectFlush(lines, 12 * EM);
    }
  });

  it('keeps …… and —— whole', () => {
    for (let p = 1; p < 30; p++) {
      for (const pair of ['……', '——']) {
        const lines = set(HAN.slice(0, p) + pair + HAN.slice(p));
        for (const l of lines) {
          expect(l.text.startsWith(pair[0]!)).toBe(false);
          expect(l.text.endsWith(pair[0]!) && !l.text.endsWith(pair)).toBe(false);
        }
      }
    }
  });

  it('sets consecutive punctuation half-width: 。” and ：“', () => {
    const [line] = set('他说：“好。”然后走了。', 20, 'left');
    const runs = line!.runs;
    const colon = runs.find((r) => r.text.endsWith('：'))!;
    const quote = runs.find((r) => r.text.startsWith('“'))!;
    // The colon's run ends half an em early, and the opening quote follows straight after.
    expect(quote.x - (colon.x + colon.width)).toBeCloseTo(0, 6);
    expect(colon.width).toBeCloseTo(shapedWidth(colon.text, "serif", EM) - EM / 2, 6);
    const stop = runs.find((r) => r.text.endsWith('。') && r.text.includes('好'))!;
    expect(stop.width).toBeCloseTo(shapedWidth(stop.text, 'serif', EM) - EM / 2, 6);
  });

  it('compresses a line-end full stop rather than push a character when that makes it fit', () => {
    // 12 characters then 。: the 13th position holds half an em only.
    const lines = set(HAN.slice(0, 12) + '。' + HAN.slice(12, 20), 12.5);
    expect(lines[0]!.text).toBe(HAN.slice(0, 12) + '。');
    expectFlush(lines, 12.5 * EM);
  });

  it('never splits Latin words, numbers or number+unit, and puts ¼ em between Chinese and Latin', () => {
    const text = '在2025年，Anthropic的收入增长了40%，达到1.5亿美元；GPT-4o和Claude 3.5 Sonnet的表现都很好，约$1.5一次，Daniela说这是Intercom的案例。';
    for (let ems = 8; ems <= 20; ems++) {
      const lines = set(text, ems);
      expect(kinsokuViolations(lines)).toEqual([]);
      const joined = lines.map((l) => l.text);
      for (const word of ['2025', 'Anthropic', '40%', '1.5', 'GPT-4o', 'Claude', 'Sonnet', '$1.5', 'Daniela', 'Intercom']) {
        // Whole on a line, or (a long word) hyphenated at a line end: the hyphen drawn, the pieces the word.
        const hyphenated = lines.some((l, i) => l.hyphen && [...word].some((_, k) => k > 0 && l.text.endsWith(word.slice(0, k)) && lines[i + 1]!.text.startsWith(word.slice(k))));
        expect(joined.some((l) => l.includes(word)) || (hyphenated && /^[A-Za-z]{7,}$/.test(word)), `${word} at ${ems} em`).toBe(true);
      }
      expectFlush(lines, ems * EM);
    }
    const [line] = set('在2025年', 20, 'left');
    const [a, b] = line!.runs;
    expect(b!.x - (a!.x + a!.width)).toBeCloseTo(EM / 4, 6);
    const [spaced] = set('在 2025 年', 20, 'left');
    expect(spaced!.runs[1]!.x - (spaced!.runs[0]!.x + spaced!.runs[0]!.width)).toBeCloseTo(EM / 4, 6);
  });

  it('breaks a 300-character URL that fits no line, filling every line to the measure', () => {
    const url = 'https://example.org/' + 'abcdefghij'.repeat(28);
    const lines = set(`见${url}。`, 20);
    expect(lines.map((l) => l.text).join('')).toBe(`见${url}。`);
    expect(lines.length).toBeGreaterThan(3);
    expectFlush(lines, 20 * EM);
  });

  it('handles an empty paragraph and a paragraph of spaces', () => {
    expect(set('')).toEqual([]);
    expect(set('   ')).toEqual([]);
  });

  it('leaves the last line left-aligned and the first indented', () => {
    const lines = set(HAN + HAN, 12, 'justify', 2 * EM);
    expect(lines[0]!.runs[0]!.x).toBeCloseTo(2 * EM, 6);
    const last = lines[lines.length - 1]!;
    expect(last.justified).toBe(false);
    expect(last.runs.every((r) => r.spacing === 0)).toBe(true);
  });

  it('does not leave one lone character on the last line at the handout\'s measures (28 and 40 em)', () => {
    const long = HAN + HAN + HAN;
    for (const ems of [28, 40]) {
      for (let n = ems + 1; n < 3 * ems; n++) {
        const lines = set(long.slice(0, n - 1) + '。', ems, 'justify', 2);
        const last = lines[lines.length - 1]!.text.replace(/[。，]/g, '');
        if (lines.length > 1) expect([...last].length, `${n} chars at ${ems} em`).toBeGreaterThan(1);
      }
    }
  });

  it('keeps numbers with 亿, 万, 年, % and currency units, and a range with its dash, wherever the line ends', () => {
    const text = '公司收入从0做到1亿美元，又在2027 年达到100 亿，增长了40%；5-10 年内成本降到 3–12 万美元。';
    for (let ems = 6; ems <= 20; ems++) {
      const lines = set(text, ems);
      lines.forEach((l, i) => {
        const next = lines[i + 1];
        if (!next) return;
        expect(/\d\s*$/.test(l.text) && /^\s*[亿万年%美元]/.test(next.text), `${l.text} / ${next.text} at ${ems} em`).toBe(false);
        expect(/\d[-–]$/.test(l.text), `${l.text} at ${ems} em`).toBe(false);
        expect(/美$/.test(l.text), `${l.text} at ${ems} em`).toBe(false);
      });
      expect(kinsokuViolations(lines)).toEqual([]);
    }
  });

  it('sets the ¼ em after % before Chinese, as after a digit', () => {
    const [line] = set('增长10%的收入', 20, 'left');
    const pct = line!.runs.find((r) => r.text.endsWith('%'))!;
    const next = line!.runs[line!.runs.indexOf(pct) + 1]!;
    expect(next.x - (pct.x + pct.width)).toBeCloseTo(EM / 4, 6);
  });

  it('weighs the whole paragraph: the CJK–Latin gap shrinks to ⅛ em or grows to ½ em, punctuation squeezes, before letter-spacing', () => {
    const text = '在这场坦诚的对话中，Dario分享了他对AI未来的判断、Anthropic的生存法则，以及他为何选择了一条与众不同的道路，并回应了外界对他的质疑与批评。';
    for (const ems of [12, 16, 20, 24, 28]) {
      const lines = set(text, ems, 'justify', 2);
      expectFlush(lines, ems * EM);
      for (const l of lines) {
        // Gaps between a Chinese run and a Latin word stay within ⅛ and ½ em (JIS X 4051's limit) beyond the line's letter-spacing.
        const spacing = Math.max(0, ...l.runs.map((r) => r.spacing));
        l.runs.forEach((r, i) => {
          const n = l.runs[i + 1];
          if (!n || /^[\p{P}]/u.test(n.text) || /[\p{P}]$/u.test(r.text)) return;
          const latinToHan = /[A-Za-z0-9]$/.test(r.text) && /^\p{Script=Han}/u.test(n.text);
          const hanToLatin = /\p{Script=Han}$/u.test(r.text) && /^[A-Za-z0-9]/.test(n.text);
          if (!latinToHan && !hanToLatin) return;
          const gap = n.x - (r.x + r.width);
          expect(gap, l.text).toBeGreaterThanOrEqual(EM / 8 - 1e-6);
          expect(gap, l.text).toBeLessThanOrEqual(EM / 2 + spacing + 1e-6);
        });
      }
    }
  });

  it('hyphenates a long Latin word at a line end rather than letter-space the line, the hyphen a soft hyphen to text extraction', () => {
    const text = 'Anthropic 将研究重点转向语言模型（LLM），发现了基本机制和“叠加”（superposition）现象（神经元混合表达多种概念）。';
    const lines = set(text, 36);
    const broken = lines.find((l) => l.hyphen)!;
    expect(broken.text.endsWith('（super')).toBe(true);
    const hyphen = broken.runs[broken.runs.length - 1]!;
    expect(hyphen.text).toBe('-');
    expect(hyphen.actualText).toBe('\u00ad');
    // The hyphen hangs in the margin: the word's last letter is flush with the measure.
    expect(hyphen.x).toBeCloseTo(36 * EM, 1);
    // The line's text stays the source's: joined, the lines give the paragraph back.
    expect(lines.map((l) => l.text).join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
    expect(Math.max(...lines.flatMap((l) => l.runs.map((r) => r.spacing / EM)))).toBeLessThan(0.05);
    // Acronyms, names under seven letters and numbers are never hyphenated.
    for (const ems of [8, 9, 10, 11]) expect(set('他们的 OpenAI 与 Claude 和 GPT 模型以及 Dario 的 2025 年计划', ems).filter((l) => l.hyphen).map((l) => l.text)).toEqual([]);
  });

  it('sets display type ragged and balanced, broken between words, never a lone character or two-character word on a line', () => {
    const display = (text: string, ems: number) =>
      typesetParagraph([{ text, face: 'sansBold', size: EM, color: '#000' }], { measure: ems * EM, indent: 0, align: 'left', em: EM, display: true }, metrics);
    const title = 'Anthropic CEO Dario Amodei 深度访谈：AI 的潜力、与 OpenAI 的竞争、生成式 AI 业务、末日论';
    for (const ems of [14, 18, 22, 26, 30]) {
      const lines = display(title, ems);
      expect(lines.every((l) => !l.justified)).toBe(true);
      for (const l of lines) if (lines.length > 1) expect([...l.text.replace(/[\s\p{P}]/gu, '')].length, l.text).toBeGreaterThan(2);
      // Balanced: no line much shorter than the others but the last.
      const widths = lines.map((l) => l.right - l.left);
      if (lines.length > 1) expect(Math.min(...widths.slice(0, -1)) / Math.max(...widths), lines.map((l) => l.text).join(' / ')).toBeGreaterThan(0.5);
      // Never inside a Latin word, nor before 的.
      lines.slice(1).forEach((l, i) => {
        const tail = /[A-Za-z]+$/.exec(lines[i]!.text)?.[0];
        const head = /^[A-Za-z]+/.exec(l.text)?.[0];
        if (tail && head) expect(title.includes(tail + head), `${lines[i]!.text} / ${l.text}`).toBe(false);
        expect(l.text.startsWith('的'), l.text).toBe(false);
      });
    }
    expect(display('从指数级增长到商业引擎的巨大野心', 14).map((l) => l.text)).not.toContain('野心');
  });

  it('uses the same kinsoku sets the design names', () => {
    for (const c of '、。，：；？！）」』】》”’') expect(NO_LINE_START.has(c)).toBe(true);
    for (const c of '（「『【《“‘') expect(NO_LINE_END.has(c)).toBe(true);
  });
});
