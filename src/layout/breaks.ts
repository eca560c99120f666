/** Line-break opportunities: UAX #14 (the linebreak package) with the clreq layer on top (kinsoku, …… and —— kept whole, numbers with their units). */
import LineBreaker from 'linebreak';
import { INSEPARABLE, isCjkSide, NO_LINE_END, NO_LINE_START } from '../util/chars.js';

/** Units a number is never parted from (「10 亿」「2027 年」「40%」「5 美元」): magnitudes, dates, percent and currency. */
const MAGNITUDE = '万亿';
const UNIT = '年月日号%％‰元';
const CURRENCY = ['美元', '欧元', '英镑', '日元', '港元', '人民币', '元'];
const DIGIT = /[0-9０-９]/;
/** Dashes that join the two ends of a numeric range (「2026-2027」「3–12」「5～10」). */
const RANGE_DASH = '-‐–—~～〜';

/**
 * Break opportunities of a paragraph: `result[i] === 1` when a line may start at UTF-16 index `i`.
 * UAX #14 (the `linebreak` package) gives the base; the clreq layer on top forbids closing marks at a
 * line start and opening marks at a line end, keeps …… and —— whole, and opens the breaks that UAX #14's
 * quotation rule (LB19) closes around Chinese quotes “ ”. Numbers keep their units and ranges their dash:
 * no break between digits and a following 亿/万/年/月/日/% or currency (spaced or not), none after the
 * dash of a numeric range. After 万 or 亿 a line may break before the currency (「40 亿 / 美元」).
 */
export function breakOpportunities(text: string): Uint8Array {
  const can = new Uint8Array(text.length + 1);
  const lb = new LineBreaker(text);
  for (let bk = lb.nextBreak(); bk; bk = lb.nextBreak()) can[bk.position] = 1;
  for (let i = 1; i < text.length; i++) {
    const prev = text[i - 1]!;
    const ch = text[i]!;
    if ((ch === '“' || ch === '‘') && isCjkSide(prev) && !NO_LINE_END.has(prev)) can[i] = 1;
    if ((prev === '”' || prev === '’') && isCjkSide(ch)) can[i] = 1;
    if (NO_LINE_START.has(ch) || NO_LINE_END.has(prev)) can[i] = 0;
    if (prev === ch && INSEPARABLE.has(ch)) can[i] = 0;
  }
  keepNumbers(text, can);
  can[0] = 0;
  return can;
}

/** Closes the breaks inside a number with its unit and inside a numeric range. */
function keepNumbers(text: string, can: Uint8Array): void {
  for (let i = 0; i < text.length; i++) {
    if (!DIGIT.test(text[i]!)) continue;
    // The end of the number: digits with their decimal point or thousands separators.
    let j = i;
    while (j < text.length && (DIGIT.test(text[j]!) || ((text[j] === '.' || text[j] === ',') && DIGIT.test(text[j + 1] ?? '')))) j++;
    // A range: 「2026-2027」 breaks neither side of its dash.
    if (RANGE_DASH.includes(text[j] ?? '') && DIGIT.test(text[j + 1] ?? '')) {
      can[j] = 0;
      can[j + 1] = 0;
    }
    // A unit after at most one space: 「10 亿美元」「2027 年」「40%」.
    let k = j;
    if (text[k] === ' ' || text[k] === '\u00a0') k++;
    let glued = false;
    while (k < text.length && MAGNITUDE.includes(text[k]!)) {
      glued = true;
      k++;
    }
    // After 万 or 亿 the currency is a word of its own (「40 亿 / 美元」); straight after the digits it is the unit.
    const currency = CURRENCY.find((c) => text.startsWith(c, k));
    if (currency && glued) {
      for (let p = k + 1; p < k + currency.length; p++) can[p] = 0;
    } else if (currency) {
      glued = true;
      k += currency.length;
    } else if (!glued && k < text.length && UNIT.includes(text[k]!)) {
      glued = true;
      k++;
    }
    if (glued) for (let p = j; p < k; p++) can[p] = 0;
    i = Math.max(i, j - 1);
  }
}
