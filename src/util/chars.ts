/** Character classes for Chinese line layout (W3C clreq). */

/** Must not start a line: closing brackets and quotes, pause and stop marks, small kana, iteration marks. */
export const NO_LINE_START = new Set(
  '、。，．：；？！）］｝〕〉》」』】〙〗〟’”｠»・·ゝゞヽヾーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻‐゠–〜～' + ',.:;?!)]}%…—',
);

/** Must not end a line: opening brackets and quotes. */
export const NO_LINE_END = new Set('（［｛〔〈《「『【〘〖〝‘“｟«([{');

/** Full-width closing punctuation whose glyph sits in the left half of the em (SC fonts): can be set half-width. */
export const COMPRESSIBLE_CLOSING = new Set('、。，．：；）］｝〕〉》」』】〙〗’”');

/** Full-width opening punctuation whose glyph sits in the right half of the em. */
export const COMPRESSIBLE_OPENING = new Set('（［｛〔〈《「『【〘〖‘“');

/** Marks that come in pairs and must never be split: …… and ——. */
export const INSEPARABLE = new Set('…—');

const CJK_RE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff01-\uff60\uffe0-\uffe6\u2e80-\u2fdf\u31c0-\u31ef\u3200-\u33ff\ufe30-\ufe4f]/u;

/** Ideographs, kana, Hangul and full-width punctuation: text set on the em grid. */
export function isCjk(ch: string): boolean {
  return CJK_RE.test(ch);
}

/** Curly quotes, ellipsis and dashes are full-width in Chinese fonts and belong with CJK text. */
export function isCjkSide(ch: string): boolean {
  return isCjk(ch) || ch === '“' || ch === '”' || ch === '‘' || ch === '’' || ch === '…' || ch === '—' || ch === '·';
}

/** Latin letters, digits and their signs: text that keeps its own spacing. */
export function isLatinLike(ch: string): boolean {
  return /[\p{L}\p{N}]/u.test(ch) && !isCjk(ch);
}

const CORNER: Record<string, string> = { '“': '「', '”': '」', '‘': '『', '’': '』' };

/**
 * Curly quotes as Traditional Chinese sets them: “” → 「」, ‘’ → 『』. A ‘ or ’ between two Latin letters or
 * digits is an apostrophe (don’t, Anthropic’s) and stays; the caller leaves Latin text (a string or block
 * without Chinese) and code alone.
 */
export function cornerQuotes(text: string): string {
  return text.replace(/[“”‘’]/g, (q, i: number) => {
    if ((q === '’' || q === '‘') && /[A-Za-z0-9]/.test(text[i - 1] ?? '') && /[A-Za-z0-9]/.test(text[i + 1] ?? '')) return q;
    return CORNER[q]!;
  });
}
