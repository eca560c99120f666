import * as fontkit from 'fontkit';
import { face as faceOf, type FaceName } from '../../src/fonts/catalog.js';
import { fontkitFeatures } from '../../src/fonts/metrics.js';
import { COMPRESSIBLE_CLOSING, COMPRESSIBLE_OPENING, NO_LINE_END, NO_LINE_START } from '../../src/util/chars.js';
import type { TextRun } from '../../src/layout/types.js';

const fonts = new Map<FaceName, fontkit.Font>();
function font(name: FaceName): fontkit.Font {
  let f = fonts.get(name);
  if (!f) {
    f = fontkit.openSync(faceOf(name).file) as fontkit.Font;
    fonts.set(name, f);
  }
  return f;
}

/** Width of a string as fontkit shapes it, independently of the layout's own measuring. */
export function shapedWidth(text: string, name: FaceName, size: number, features: string[] = []): number {
  const f = font(name);
  const run = f.layout(text, fontkitFeatures(features));
  return (run.positions.reduce((s, p) => s + p.xAdvance, 0) / f.unitsPerEm) * size;
}

/** Left and right edges of the ink boxes of a line's runs, re-measured: half-width marks count half. */
export function lineEdges(runs: TextRun[]): { left: number; right: number; leftIfCompressed: number } {
  const first = runs[0]!;
  const last = runs[runs.length - 1]!;
  const chars = [...last.text];
  const drawn = shapedWidth(last.text, last.face, last.size, last.features) + last.spacing * (chars.length - 1);
  const lastCh = chars[chars.length - 1]!;
  const trim = COMPRESSIBLE_CLOSING.has(lastCh) ? shapedWidth(lastCh, last.face, last.size) / 2 : 0;
  // An opening mark set half-width at a line start is drawn half an em left of the line's edge.
  const lead = COMPRESSIBLE_OPENING.has([...first.text][0]!) ? shapedWidth([...first.text][0]!, first.face, first.size) / 2 : 0;
  return { left: first.x, right: last.x + drawn - trim, ...{ leftIfCompressed: first.x + lead } };
}

/** Lines that start with a mark that may not start a line, or end with one that may not end it (a paragraph's own start and end excepted). */
export function kinsokuViolations(lines: { text: string; first: boolean; last: boolean }[]): string[] {
  return lines
    .filter((l) => l.text && ((!l.first && NO_LINE_START.has(l.text[0]!)) || (!l.last && NO_LINE_END.has(l.text[l.text.length - 1]!))))
    .map((l) => l.text);
}
