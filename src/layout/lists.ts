/** List markers, drawn rather than set: numbers, bullets by depth (• ◦ ▪) and task boxes (☐ and ticked) for `- [ ]` items. */
import { node, type BlockContext } from './blocks.js';
import type { Row } from './rows.js';
import type { PageItem } from './types.js';

export interface Marker {
  ordered: boolean;
  /** The item's number in an ordered list, as printed (“3.”). */
  number: string;
  /** A task item: ticked or not. */
  checked?: boolean;
  /** Lists around this one (0 for a list at the top level). */
  depth: number;
  /** Right edge of the marker's room (the item's text starts there) and the first line's baseline. */
  right: number;
  baseline: number;
  color: string;
}

/** Puts an item's marker on the row of its first line. */
export function addMarker(row: Row, m: Marker, ctx: BlockContext): void {
  const em = ctx.setup.bodySize;
  if (m.checked !== undefined) {
    row.items.unshift(...taskBox(m, ctx));
    return;
  }
  if (m.ordered) {
    const mw = ctx.metrics.width(m.number, 'serif', em);
    row.items.push({ kind: 'text', x: m.right - mw - em * 0.5, y: m.baseline, text: m.number, face: 'serif', size: em, spacing: 0, features: [], width: mw, color: m.color });
    return;
  }
  const x = m.right - em * 0.75;
  const y = m.baseline - em * 0.36;
  const level = m.depth % 3;
  if (level === 0) row.items.push({ kind: 'dot', x, y, r: em * 0.14, fill: m.color });
  else if (level === 1) row.items.push({ kind: 'dot', x, y, r: em * 0.15, fill: m.color, hollow: true, lineWidth: em * 0.065 });
  else {
    const side = em * 0.24;
    row.items.push({ kind: 'rect', x: x - side / 2, y: y - side / 2, w: side, h: side, fill: m.color });
  }
}

/** A box the height of a Chinese character, ticked when done; labelled (已完成 / 未完成) for screen readers. */
function taskBox(m: Marker, ctx: BlockContext): PageItem[] {
  const em = ctx.setup.bodySize;
  const side = em * 0.68;
  const x = m.right - em * 0.45 - side;
  const y = m.baseline - em * 0.38 - side / 2;
  const label = ctx.labels?.[m.checked ? 'taskDone' : 'taskOpen'];
  const struct = typeof label === 'string' ? { struct: [node(ctx, 'Lbl', label)] } : {};
  const items: PageItem[] = [{ kind: 'rect', x, y, w: side, h: side, fill: 'none', stroke: m.color, lineWidth: em * 0.07, ...struct }];
  if (m.checked) {
    const w = em * 0.11;
    const p = (fx: number, fy: number) => [x + fx * side, y + fy * side] as const;
    const [ax, ay] = p(0.2, 0.52);
    const [bx, by] = p(0.42, 0.76);
    const [cx, cy] = p(0.84, 0.2);
    items.push({ kind: 'rule', x1: ax, y1: ay, x2: bx, y2: by, width: w, color: m.color, round: true, ...struct });
    items.push({ kind: 'rule', x1: bx, y1: by, x2: cx, y2: cy, width: w, color: m.color, round: true, ...struct });
  }
  return items;
}
