/** Key figures in Chinese text: money, percentages, dates, counts with units, ranges; names, versions and footnote marks left out. */
import Nzh from 'nzh';

export type NumberKind = 'money' | 'percent' | 'year' | 'count';

export interface NumberHit {
  /** The figure as written, with its unit: `40亿美元`, `1.5 万`, `50%`, `三分之一`. */
  text: string;
  start: number;
  end: number;
  kind: NumberKind;
  /** Its value where it can be read (Arabic or Chinese numerals, 万/亿 applied); ranges give their first value. */
  value: number | null;
  /** The unit after the figure (美元, %, 年, 位 …), empty when none. */
  unit: string;
}

const AR = String.raw`\d+(?:,\d{3})*(?:\.\d+)?`;
const MAG = String.raw`(?:万亿|千亿|百亿|十亿|亿|千万|百万|十万|万|千)`;
const UNIT = String.raw`(?:美元|美金|人民币|元|%|％|倍|年代|年|个月|月|日|号|周|天|小时|分钟|秒|次|家|人|名|位|个|种|项|款|条|轮|代|篇|页|行|million|billion|trillion)`;
const CN = '[零〇一二两三四五六七八九十百千万亿]';
const CN_UNIT = String.raw`(?:位|个|周|年|倍|种|分钟|小时|天|家|次|个月|月|人|名|成|项|条|轮|代|款|万|亿|美元)`;
const ONE_WORD = /^一(?:个|种|家|位|次|项|条|款|代|轮|名|人|年|月|天|周)$/;

const DATE = String.raw`\d{4}\s?年\s?\d{1,2}\s?月(?:\s?\d{1,2}\s?[日号])?|\d{1,2}\s?月\s?\d{1,2}\s?[日号]`;
const FRACTION_OR_TIME = String.raw`\d+\s?/\s?\d+|\d{1,2}:\d{2}`;
const ARABIC = new RegExp(
  String.raw`${DATE}|${FRACTION_OR_TIME}|[$￥¥]?${AR}\s?${MAG}?\s?${UNIT}?(?:\s?(?:-|–|~|～|至|到)\s?[$￥¥]?${AR}\s?${MAG}?\s?${UNIT}?)?`,
  'gu',
);
const CHINESE = new RegExp(String.raw`${CN}+分之${CN}+|${CN}+${CN_UNIT}`, 'gu');

/** Why an Arabic number is not a key figure, or null when it is one. */
export function exclusion(text: string, start: number, end: number, figure: string): string | null {
  const before = text.slice(Math.max(0, start - 2), start);
  const after = text.slice(end, end + 1);
  const hasUnit = /\D$/.test(figure.trim()) || /[%％$￥¥]/.test(figure);
  if (/[A-Za-z]-?$/.test(before) || /^[A-Za-z]/.test(after)) return 'part of a name or version (GPT-4, R1, o1, 4o)';
  if (/[A-Za-z] $/.test(before) && !hasUnit) return 'part of a name or version (Claude 3.5, Level 4)';
  if (/[）)”」]$/.test(before) && /^\d$/.test(figure) && !hasUnit) return 'a footnote mark';
  // A bare small number closing a clause after Chinese text (“至关重要 2。”) is a footnote mark too.
  if (/^\d{1,2}$/.test(figure) && /[\p{Script=Han}）”] ?$/u.test(before) && /^[。，；！？]/.test(after) && !/[第约近超过余多]\s?$/.test(before)) return 'a footnote mark';
  if (/^\d+\.$/.test(text.slice(start, end + 1)) && (start === 0 || /\n/.test(text[start - 1] ?? ''))) return 'the numbering of a heading or list';
  return null;
}

function kindOf(figure: string): NumberKind {
  if (/月\s?\d{0,2}\s?[日号]?$/.test(figure) && /月/.test(figure)) return 'year';
  if (/[%％]/.test(figure)) return 'percent';
  if (/美元|美金|人民币|元|[$￥¥]|million|billion|trillion/.test(figure)) return 'money';
  if (/^\d{4}\s?年(?!代)/.test(figure) || /^\d{4}\s?[-–]\s?\d{4}/.test(figure)) return 'year';
  return 'count';
}

const MAGNITUDE: Record<string, number> = { 万亿: 1e12, 千亿: 1e11, 百亿: 1e10, 十亿: 1e9, 亿: 1e8, 千万: 1e7, 百万: 1e6, 十万: 1e5, 万: 1e4, 千: 1e3 };

function valueOf(figure: string): number | null {
  const m = new RegExp(String.raw`(${AR})\s?(${MAG})?`).exec(figure);
  if (m) return Number(m[1]!.replace(/,/g, '')) * (m[2] ? MAGNITUDE[m[2]]! : 1);
  const frac = /(.+)分之(.+)/.exec(figure);
  if (frac) {
    const d = Number(Nzh.cn.decodeS(frac[1]!.replace(/两/g, '二')));
    const n = Number(Nzh.cn.decodeS(frac[2]!.replace(/两/g, '二')));
    return d ? n / d : null;
  }
  const cn = /^[零〇一二两三四五六七八九十百千万亿]+/.exec(figure)?.[0];
  if (cn) {
    const v = Number(Nzh.cn.decodeS(cn.replace(/两/g, '二').replace(/〇/g, '零')));
    return Number.isFinite(v) && v > 0 ? v : null;
  }
  return null;
}

/**
 * Finds the figures of a text: Arabic numbers with 万/亿, currency and unit (`40亿美元`, `$1.5`, `50%`,
 * `2025 年`, `1 亿至 10 亿` as one range), and Chinese numerals with a counter (`七位`, `九周`,
 * `三分之一`, `一万种`). Left out, by rule: digits that belong to a name or version (GPT-4, R1, Claude 3.5),
 * footnote marks, heading numbers, and 一 used as the article “a” (一个, 一种).
 */
export function findNumbers(text: string): NumberHit[] {
  const hits: NumberHit[] = [];
  ARABIC.lastIndex = 0;
  for (let m = ARABIC.exec(text); m; m = ARABIC.exec(text)) {
    const figure = m[0].replace(/\s+$/, '');
    const start = m.index;
    const end = start + figure.length;
    if (exclusion(text, start, end, figure)) continue;
    const unit = /(美元|美金|人民币|元|%|％|倍|年代|年|个月|月|日|号|周|天|小时|分钟|秒|次|家|人|名|位|个|种|项|款|条|轮|代|篇|页|行|million|billion|trillion)$/.exec(figure)?.[1] ?? '';
    hits.push({ text: figure, start, end, kind: kindOf(figure), value: valueOf(figure), unit });
  }
  CHINESE.lastIndex = 0;
  for (let m = CHINESE.exec(text); m; m = CHINESE.exec(text)) {
    const figure = m[0];
    const start = m.index;
    if (ONE_WORD.test(figure) || /^[十百千万亿]/.test(figure) || text[start - 1] === '第' || /^(?:一|二|两)(?:个月|代)$/.test(figure)) continue;
    if (hits.some((h) => start < h.end && start + figure.length > h.start)) continue;
    const unit = /分之/.test(figure) ? '' : (new RegExp(`${CN_UNIT}$`).exec(figure)?.[0] ?? '');
    hits.push({ text: figure, start, end: start + figure.length, kind: /分之/.test(figure) ? 'percent' : unit === '美元' ? 'money' : 'count', value: valueOf(figure), unit });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/** Paired marks: opening → closing. */
const PAIRS: Record<string, string> = { '（': '）', '(': ')', '“': '”', '‘': '’', '「': '」', '『': '』', '《': '》', '〈': '〉', '【': '】', '〔': '〕', '[': ']' };
const CLOSERS = new Map(Object.entries(PAIRS).map(([o, c]) => [c, o]));
/** Where a sentence ends, and where a clause does. */
const SENTENCE_END = /[。！？；\n]/;
const CLAUSE_END = /[，。！？；：\n]/;
/** What a context never starts with: punctuation, spaces, symbols (an opening mark is dropped with its partner). */
const LEADING = /^[\s\p{P}\p{S}]/u;
const TRAILING = /[\s，、：；（“‘「『《〈【〔(\[]$/u;
const WORD_STARTS = new Intl.Segmenter('zh', { granularity: 'word' });

/** Word boundaries of `text` (offsets where a word starts, and its end). */
function wordBoundaries(text: string): Set<number> {
  const at = new Set<number>([0, text.length]);
  for (const s of WORD_STARTS.segment(text)) at.add(s.index);
  return at;
}

/**
 * The clause a figure stands in, for the index's 「key：context」: from the start of its sentence (or, when that
 * is more than `max` characters back, of the furthest clause that fits) to the end of its clause, a clause that
 * is little more than the figure taking the next one too. Cut only at clause marks, or — inside a clause longer
 * than the measure — at a word boundary, never inside a word; a cut at the end is marked 「…」. It never starts with
 * punctuation, and its brackets and quotes are balanced: a mark whose partner is outside is taken in when that
 * is near, else left out (with what stands beyond it when the figure is not there).
 */
export function contextOf(text: string, start: number, end: number, max = 40): string {
  // The figure's clause.
  let c = start;
  while (c > 0 && !CLAUSE_END.test(text[c - 1]!)) c--;
  let b = end;
  while (b < text.length && !CLAUSE_END.test(text[b]!)) b++;
  // A clause that is little more than the figure (“2023年初，”) says nothing: take the next clause too.
  if (b - c < 12 && b < text.length && /[，：]/.test(text[b]!)) {
    b++;
    while (b < text.length && !CLAUSE_END.test(text[b]!)) b++;
  }
  let a = c;
  let cut = false;
  if (b - c <= max) {
    // Earlier clauses of the sentence, while they fit.
    while (a > 0 && !SENTENCE_END.test(text[a - 1]!)) {
      let q = a - 1;
      while (q > 0 && !CLAUSE_END.test(text[q - 1]!)) q--;
      if (b - q > max) break;
      a = q;
    }
  } else {
    // One long clause: cut at word boundaries, the figure about a third of the way in (or the clause's last words).
    const words = wordBoundaries(text.slice(c, b));
    a = Math.max(c, Math.min(start - Math.floor(Math.max(0, max - (end - start)) / 3), b - max));
    while (a > c && !words.has(a - c)) a--;
    let r = Math.max(end, a + max);
    while (r > end && r < b && !words.has(r - c)) r--;
    if (r < b) {
      b = r;
      cut = true;
    }
  }
  // Brackets and quotes: take in a partner within reach, else leave the mark (and what is beyond it) out.
  const drop = new Set<number>();
  const reach = 24;
  for (let round = 0; round < 4; round++) {
    const open: number[] = [];
    let changed = false;
    for (let i = a; i < b && !changed; i++) {
      const c = text[i]!;
      if (drop.has(i)) continue;
      if (PAIRS[c] && !(c === '[' && text[i + 1] === '^')) open.push(i);
      else if (CLOSERS.has(c)) {
        const o = CLOSERS.get(c)!;
        const top = open[open.length - 1];
        if (top !== undefined && text[top] === o) {
          open.pop();
          continue;
        }
        if (i < start) {
          a = i + 1; // a stray closer before the figure: start after it
          changed = true;
        } else {
          const from = text.lastIndexOf(o, a - 1);
          if (from >= 0 && a - from <= reach && !text.slice(from, a).split('').some((x) => SENTENCE_END.test(x))) a = from;
          else drop.add(i);
          changed = true;
        }
      }
    }
    if (!changed)
      for (const i of open) {
        if (i >= end) {
          b = i; // an opener after the figure whose partner is outside: end before it
          cut = false;
        } else {
          const to = text.indexOf(PAIRS[text[i]!]!, b);
          if (to >= 0 && to - b <= reach && !text.slice(b, to).split('').some((x) => SENTENCE_END.test(x))) b = to + 1;
          else drop.add(i);
        }
        changed = true;
        break;
      }
    if (!changed) break;
  }
  // No punctuation first: leading marks go; an opening mark at the start goes with its partner.
  const chars = [...text.slice(a, b)].map((c, k) => (drop.has(a + k) ? '' : c));
  for (;;) {
    const first = chars.findIndex((c) => c !== '');
    if (first < 0 || !LEADING.test(chars[first]!)) break;
    const c = chars[first]!;
    if (PAIRS[c]) {
      let depth = 0;
      for (let k = first + 1; k < chars.length; k++) {
        if (chars[k] === c) depth++;
        else if (chars[k] === PAIRS[c]) {
          if (depth === 0) {
            chars[k] = '';
            break;
          }
          depth--;
        }
      }
    }
    chars[first] = '';
  }
  let s = chars.join('').trim();
  while (TRAILING.test(s)) s = s.slice(0, -1).trimEnd();
  return cut ? `${s}…` : s;
}

/** The counters of a bare count: a numeral with one of these (or with 万/亿 alone) names no unit of its own. */
const COUNTERS = /^(?:个|种|位|家|项|条|款|名|人|次|轮|代|篇|页|行|万|亿|)$/;

/**
 * A trivial key: a bare count word — a numeral with a counter or 万/亿 alone (「三个」「一万种」「10 亿」),
 * no money, percentage, date, span of time, multiple or range. The same one met again in an article is the
 * same entry in the index (analysis.ts merges them), not a new line.
 */
export function isBareCount(n: Pick<NumberHit, 'kind' | 'unit' | 'text'>): boolean {
  return n.kind === 'count' && COUNTERS.test(n.unit) && !/[-–~～至到、]/.test(n.text);
}

/** Where a block's text stands, for the key numbers: in a heading, as a list item's first words, bold ranges. */
export interface NumberSetting {
  heading?: boolean;
  /** The text opens a list item (its first number may be the item's own ordinal). */
  listItem?: boolean;
  /** Ranges of bold text. */
  bold?: readonly [number, number][];
}

/** Blanks out (same length) what is never a key figure's text: URLs, e-mail addresses, dotted version and section numbers. */
export function blankNonFigures(text: string): string {
  const blank = (m: string) => '\ufffc'.repeat(m.length);
  return text
    .replace(/\b(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef）)]+/gi, blank)
    .replace(/[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, blank)
    .replace(/\b[vV]?\d+(?:\.\d+){2,}\b/g, blank)
    .replace(/\b[vV]\d+(?:\.\d+)?\b/g, blank);
}

/**
 * Why a figure does not carry meaning, or null when it does. Kept: money, percentages, years and dates,
 * multiples (10 倍), ranges, and quantities of at least 10 with a unit (or 万/亿). Left out: list ordinals
 * (“1、”, “（2）”, “第三步”), small counts (一个, 两种, 三步, 8 位), bare numbers without a unit, clock times.
 */
export function meaningless(n: NumberHit, text: string, setting: NumberSetting = {}): string | null {
  const before = text.slice(Math.max(0, n.start - 2), n.start);
  const after = text.slice(n.end, n.end + 2);
  if (n.kind === 'money' || n.kind === 'percent') return /分之/.test(n.text) || n.unit || /[%％$￥¥]/.test(n.text) ? null : 'a fraction without a unit';
  if (/第\s?$/.test(before)) return 'an ordinal (第…)';
  const bare = /^(?:\d+|[零〇一二两三四五六七八九十]+)$/.test(n.text.trim());
  if (bare && /^\s*[、.．)）:：]/.test(after) && (n.start === 0 || /(?:^|[\s（(])$/.test(before) || setting.listItem)) return 'a list ordinal';
  if (bare && /[（(]$/.test(before) && /^[)）]/.test(after)) return 'a list ordinal';
  // 三四年, 五六个: “three or four”, a small approximate count.
  if (/^[一二两三四五六七八九]{2}(?![十百千万亿])/.test(n.text) && n.kind === 'count') return 'a small approximate count';
  if (/\d{1,2}:\d{2}/.test(n.text)) return 'a clock time';
  if (n.kind === 'year') return null;
  if (/[-–~～至到]/.test(n.text.replace(/^\d{4}\s?[-–]\s?\d{4}$/, '')) && n.unit) return null;
  if (n.unit === '倍') return null;
  if (/\d\s?\/\s?\d/.test(n.text)) return null;
  if (!n.unit && !/[万亿千百]/.test(n.text)) return 'a number without a unit';
  if (/^(?:年|个月|月|周|天|日|号|小时|分钟|秒)$/.test(n.unit) && (n.value ?? 0) < 10) return 'a short span of time';
  if ((n.value ?? 0) < 10) return 'a small count';
  return null;
}

/** How much a figure says: its kind, its size, whether it stands in a heading or in bold. */
export function salience(n: NumberHit, setting: NumberSetting = {}): number {
  let s = { money: 5, percent: 4, year: 2, count: 2 }[n.kind];
  if (n.unit === '倍') s += 2;
  if (/[-–~～至到]/.test(n.text)) s += 1;
  const v = n.value ?? 0;
  if (n.kind === 'money' || n.kind === 'count') s += Math.min(3, Math.max(0, Math.log10(Math.max(1, v)) - 1) / 2);
  if (/[万亿]|million|billion|trillion/.test(n.text)) s += 1;
  if (setting.heading) s += 3;
  if (setting.bold?.some(([a, b]) => n.start < b && n.end > a)) s += 2;
  return s;
}
