/** Paper, margins and type sizes: the geometry every PDF page is laid out on. */

import type { Paper } from '../config/papers.js';

export { PAPERS, type Paper } from '../config/papers.js';

export interface PageSetup {
  paper: Paper;
  width: number;
  height: number;
  duplex: boolean;
  /** Body text size and line pitch (pt). */
  bodySize: number;
  pitch: number;
  /** Width of the text block: a whole number of body ems, so pure Chinese lines need no spreading. */
  measure: number;
  top: number;
  bottom: number;
  /** Inner (binding) and outer margins. */
  inner: number;
  outer: number;
  /** Baselines of the running head and the folio. */
  headY: number;
  footY: number;
}

const GEOMETRY: Record<Paper, { width: number; height: number; ems: number; top: number; bottom: number; bodySize: number }> = {
  A4: { width: 595.28, height: 841.89, ems: 40, top: 84, bottom: 80, bodySize: 10.5 },
  A5: { width: 419.53, height: 595.28, ems: 28, top: 62, bottom: 58, bodySize: 10 },
  Letter: { width: 612, height: 792, ems: 40, top: 78, bottom: 72, bodySize: 10.5 },
};

export function pageSetup(paper: Paper = 'A4', duplex = false): PageSetup {
  const g = GEOMETRY[paper];
  const measure = g.ems * g.bodySize;
  const side = (g.width - measure) / 2;
  // The binding side gets more room: a fifth of the side margin moves inwards.
  const shift = Math.round(side * 0.2);
  return {
    paper,
    width: g.width,
    height: g.height,
    duplex,
    bodySize: g.bodySize,
    pitch: Math.round(g.bodySize * 1.75 * 1000) / 1000,
    measure,
    top: g.top,
    bottom: g.bottom,
    inner: side + shift,
    outer: side - shift,
    headY: g.top - 30,
    footY: g.height - g.bottom + 36,
  };
}

/** Left edge of the text block on page `number` (1-based): the inner margin is on the left of odd pages. */
export function leftEdge(setup: PageSetup, number: number): number {
  return !setup.duplex || number % 2 === 1 ? setup.inner : setup.outer;
}
