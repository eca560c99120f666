/** Index order: Chinese names by pinyin (surnames read as surnames), Latin names by letters, in one alphabet. */
import { pinyin } from 'pinyin-pro';

/**
 * Sort key of an index heading as a Chinese index reader expects it: Chinese names by their pinyin
 * (a surname read as a surname: 曾 zeng, 单 shan), Latin names by their letters, both in one alphabet.
 */
export function sortKey(name: string): string {
  if (!/\p{Script=Han}/u.test(name)) return name.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' }) as string[];
  return syllables
    .join(' ')
    .toLowerCase()
    .replace(/ü/g, 'v')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The letter group (A, B, …; # for digits and symbols) a name is filed under. */
export function letterOf(name: string): string {
  const c = sortKey(name)[0]?.toUpperCase() ?? '#';
  return /[A-Z]/.test(c) ? c : '#';
}

export function compareNames(a: string, b: string): number {
  const ka = sortKey(a);
  const kb = sortKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The name a person is filed under: a Latin personal name by its surname (「Zuckerberg, Mark」 under Z; the
 * entry still prints the name as written); everything else as it is.
 */
export function personSortName(name: string, kind: 'person' | 'org'): string {
  if (kind !== 'person' || /\p{Script=Han}/u.test(name)) return name;
  const words = name.trim().split(/\s+/);
  if (words.length < 2) return name;
  return `${words[words.length - 1]}, ${words.slice(0, -1).join(' ')}`;
}

/** How an index is ordered: by pinyin (the Simplified pack), by stroke count (Taiwan, Hong Kong), or by zhuyin. */
export type IndexOrder = 'pinyin' | 'stroke' | 'zhuyin';

/** An index order: how two headings compare and the group (letter, stroke count, zhuyin initial) a heading is filed under. */
export interface IndexCollation {
  order: IndexOrder;
  compare(a: string, b: string): number;
  groupOf(name: string): string;
}

/** The index order of the pack as written: pinyin, the functions above. */
const PINYIN: IndexCollation = { order: 'pinyin', compare: compareNames, groupOf: letterOf };

const ZHUYIN_INITIALS = [...'ㄅㄆㄇㄈㄉㄊㄋㄌㄍㄎㄏㄐㄑㄒㄓㄔㄕㄖㄗㄘㄙㄚㄛㄜㄝㄞㄟㄠㄡㄢㄣㄤㄥㄦㄧㄨㄩ'];

/**
 * Stroke and zhuyin order come from CLDR's Chinese collations as ICU (in Node) ships them: `zh-Hant-TW-u-co-stroke`
 * sorts by the first character's total strokes (Unihan kTotalStrokes), then its radical, then the next character;
 * `-u-co-zhuyin` by bopomofo. Their index boundaries (U+FDD0 followed by U+2800 + n for n strokes, or by a
 * bopomofo letter) sort just before the first character of each group, so a heading's group is read from the same
 * data that orders it. Null when this Node has no Chinese collation data (a small-ICU build).
 */
export function indexCollation(order: IndexOrder, strokeLabel = '{n} 畫'): IndexCollation | null {
  if (order === 'pinyin') return PINYIN;
  const collator = new Intl.Collator(`zh-Hant-TW-u-co-${order}`);
  const boundary = (n: number) => `\uFDD0${String.fromCharCode(0x2800 + n)}`;
  // The data is there when 丁 (2 strokes, ㄉ) falls between its group's boundary and the next one's.
  const [from, to] = order === 'stroke' ? [boundary(2), boundary(3)] : ['\uFDD0ㄉ', '\uFDD0ㄊ'];
  if (!collator.resolvedOptions().locale.startsWith('zh') || collator.compare(from, '丁') > 0 || collator.compare('丁', to) >= 0) return null;
  const groups = new Map<string, string>();
  const hanGroup = (ch: string): string => {
    let g = groups.get(ch);
    if (g === undefined) {
      if (order === 'stroke') {
        // The last boundary at or before the character: its stroke count (binary search over 1–64 strokes).
        let lo = 0;
        let hi = 64;
        while (lo < hi) {
          const mid = Math.ceil((lo + hi) / 2);
          if (collator.compare(boundary(mid), ch) <= 0) lo = mid;
          else hi = mid - 1;
        }
        g = strokeLabel.replace('{n}', String(lo));
      } else {
        g = ZHUYIN_INITIALS.filter((b) => collator.compare(`\uFDD0${b}`, ch) <= 0).pop() ?? '#';
      }
      groups.set(ch, g);
    }
    return g;
  };
  return {
    order,
    compare: (a, b) => collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0),
    groupOf(name) {
      const first = [...name.trim()][0] ?? '';
      if (/\p{Script=Han}/u.test(first)) return hanGroup(first);
      const c = (first.normalize('NFD')[0] ?? '').toUpperCase();
      return /[A-Z]/.test(c) ? c : '#';
    },
  };
}
