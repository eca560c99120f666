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
