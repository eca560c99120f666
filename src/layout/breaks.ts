/** Line-break opportunities: UAX #14 (the linebreak package) with the clreq layer on top (kinsoku, …… and —— kept whole). */
import LineBreaker from 'linebreak';
import { INSEPARABLE, isCjkSide, NO_LINE_END, NO_LINE_START } from '../util/chars.js';

/**
 * Break opportunities of a paragraph: `result[i] === 1` when a line may start at UTF-16 index `i`.
 * UAX #14 (the `linebreak` package) gives the base; the clreq layer on top forbids closing marks at a
 * line start and opening marks at a line end, keeps …… and —— whole, and opens the breaks that UAX #14's
 * quotation rule (LB19) closes around Chinese quotes “ ”.
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
  can[0] = 0;
  return can;
}
