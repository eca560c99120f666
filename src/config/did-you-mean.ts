// "Did you mean" suggestions: the known word nearest a misspelt one (config keys, commands).
import { closest, distance } from 'fastest-levenshtein';

/** ` (did you mean 'x'?)` for the known word nearest to `word`, when it is near enough; else ''. */
export function didYouMean(word: string, known: readonly string[]): string {
  if (known.length === 0) return '';
  const best = closest(word, known as string[]);
  const d = distance(word.toLowerCase(), best.toLowerCase());
  return d <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean '${best}'?)` : '';
}
