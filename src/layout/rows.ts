/** Rows: the horizontal slices of flowed content (a line, a rule, an image) that pagination stacks. */
import type { LineBox, LinkBox, OutlineEntry, PageItem, StructNode } from './types.js';
import type { SetLine } from './paragraph.js';

/**
 * A horizontal slice of flowed content: one line of text, a rule, an image, a table row.
 * Coordinates are relative to the row's top and the text block's left edge.
 */
export interface Row {
  height: number;
  /** Space above the row, dropped at the top of a page. */
  spaceBefore: number;
  /** Keep with the next row on the same page (headings, first and last lines of paragraphs). */
  keep: boolean;
  /** Start a new page before this row. */
  pageBreakBefore?: boolean;
  items: PageItem[];
  lines: LineBox[];
  links: LinkBox[];
  dests: { name: string; y: number }[];
  outline: OutlineEntry[];
  /** Footnotes first referenced in this row, each as its rows: set at the foot of the page the row lands on (paginate.ts). */
  notes?: Row[][];
}

export function emptyRow(height: number, spaceBefore = 0): Row {
  return { height, spaceBefore, keep: false, items: [], lines: [], links: [], dests: [], outline: [] };
}

/** Where the baseline sits in a line of the given pitch: the ideographic em box centred in the line. */
export function baselineIn(pitch: number, size: number): number {
  return (pitch - size) / 2 + 0.88 * size;
}

/** A row holding one set line at horizontal offset `x0`. */
export function lineRow(line: SetLine, x0: number, pitch: number, measure: number, body: boolean, key?: string): Row {
  const row = emptyRow(pitch);
  let y = baselineIn(pitch, line.size);
  if (line.boxes) {
    // A formula taller than the line's em box pushes the lines around it apart: the row grows by the overshoot.
    const above = Math.max(0, ...line.boxes.map((b) => b.box.ascent - (y - line.size * 0.1)));
    const below = Math.max(0, ...line.boxes.map((b) => b.box.descent - (pitch - y - line.size * 0.1)));
    row.height += above + below;
    y += above;
    for (const { x, box } of line.boxes) row.items.push({ kind: 'svg', svg: box.svg, alt: box.alt, x: x + x0, y: y - box.ascent, w: box.width, h: box.ascent + box.descent });
  }
  // A run's own y is its rise above the baseline (superscripts, footnote marks): 0 for most.
  const runs = line.runs.map((r) => ({ ...r, x: r.x + x0, y: y + r.y }));
  row.items.push(...runs);
  const src = key !== undefined && line.src ? { src: { key, ...line.src } } : {};
  row.lines.push({ x: x0, y, measure, runs, justified: line.justified, text: line.text, body, first: line.first, last: line.last, ...src });
  row.links.push(...line.links.map((l) => ({ ...l, x: l.x + x0, y: l.y + y })));
  return row;
}

/**
 * Puts the rows' text and images under a structure element: items already in one get it as a new
 * outermost ancestor (a paragraph inside a list item inside a list). Rules, dots and fills stay artifacts,
 * unless they are in an element already (a task box is a labelled Lbl).
 */
export function nest(rows: Row[], node: StructNode): Row[] {
  // Items that shared a path share the longer one too: one array per element, not one per run.
  const nested = new Map<StructNode[] | undefined, StructNode[]>();
  for (const r of rows)
    for (const it of r.items)
      if (it.kind === 'text' || it.kind === 'image' || it.kind === 'svg' || it.struct) {
        let path = nested.get(it.struct);
        if (!path) nested.set(it.struct, (path = [node, ...(it.struct ?? [])]));
        it.struct = path;
      }
  return rows;
}

/** Marks rows so a paragraph never leaves its first line alone at a page foot or its last alone at a top. */
export function keepLines(rows: Row[]): Row[] {
  const n = rows.length;
  if (n >= 2) {
    rows[0]!.keep = true;
    rows[n - 2]!.keep = true;
  }
  return rows;
}
