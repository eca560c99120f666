/** Where a Latin word in Chinese text may be hyphenated at a line end: a few safe rules, no dictionary. */

const VOWEL = /[aeiouy]/;
/** Consonant pairs that start English syllables (or are one sound): never parted by the VC-CV rule. */
const ONSETS = new Set(['bl', 'br', 'ch', 'ck', 'cl', 'cr', 'dr', 'fl', 'fr', 'gh', 'gl', 'gr', 'kn', 'ng', 'ph', 'pl', 'pr', 'qu', 'sc', 'sh', 'sk', 'sl', 'sm', 'sn', 'sp', 'st', 'sw', 'th', 'tr', 'tw', 'wh', 'wr']);
const SUFFIXES = ['ization', 'isation', 'ability', 'ibility', 'tion', 'sion', 'ment', 'ness'];
const PREFIXES = ['super', 'inter', 'trans', 'under', 'counter', 'multi', 'hyper', 'micro', 'macro'];
/** Letters a hyphenated word keeps on either side of the break. */
const LEFT = 3;
const RIGHT = 3;

/**
 * Offsets inside `word` where it may be broken with a hyphen, in order. Conservative, for the long words
 * that otherwise leave a loose line (「（super-position）」「Compartmental-ization」「Deep-Seek」): between
 * the parts of a CamelCase name, before a common suffix, after a common prefix, between doubled consonants
 * and between two consonants that no English syllable starts with (VC-CV). Words under seven letters,
 * acronyms and anything but plain letters are never hyphenated.
 */
export function hyphenPoints(word: string): number[] {
  const n = word.length;
  if (n < 7 || !/^[A-Za-z]+$/.test(word) || word === word.toUpperCase()) return [];
  const lower = word.toLowerCase();
  const points = new Set<number>();
  for (let i = 1; i < n; i++) if (/[a-z]/.test(word[i - 1]!) && /[A-Z]/.test(word[i]!)) points.add(i);
  for (const s of SUFFIXES) if (lower.endsWith(s)) points.add(n - s.length);
  for (const p of PREFIXES) if (lower.startsWith(p) && n - p.length >= 4) points.add(p.length);
  const vowel = (i: number) => VOWEL.test(lower[i]!);
  for (let i = 2; i < n - 1; i++) {
    if (!vowel(i - 2) || vowel(i - 1) || vowel(i) || !vowel(i + 1)) continue;
    const pair = lower[i - 1]! + lower[i]!;
    if (lower[i - 1] === lower[i] || !ONSETS.has(pair)) points.add(i);
  }
  return [...points].filter((i) => i >= LEFT && n - i >= RIGHT).sort((a, b) => a - b);
}
