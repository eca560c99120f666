/** Containers in the handout (`::: tip`, GitHub alerts, `details`): a tinted box with a bar down its left and a label line, breaking across pages row by row; `center` centres its paragraphs. */
import type { Block, ContainerKind } from '../model/types.js';
import { node, spanRows, type BlockContext } from './blocks.js';
import { emptyRow, nest, type Row } from './rows.js';

/**
 * Each kind's tint, bar and label colours. In greyscale print the kinds stay apart by more than hue: the
 * label names the kind, and the graver kinds have a darker tint and a darker, wider bar.
 */
const LOOK: Record<Exclude<ContainerKind, 'center'>, { tint: string; bar: string; label: string; weight: number }> = {
  tip: { tint: '#eaf6ec', bar: '#3b8a52', label: '#1f5c33', weight: 0 },
  note: { tint: '#e9f0fb', bar: '#3a6db5', label: '#1f477f', weight: 0 },
  info: { tint: '#e8f3f8', bar: '#3b82a0', label: '#1d566e', weight: 0 },
  details: { tint: '#f0f0f0', bar: '#7a7a7a', label: '#3d3d3d', weight: 0 },
  important: { tint: '#ebe2f7', bar: '#5f3f96', label: '#45286f', weight: 1 },
  warning: { tint: '#fcebc3', bar: '#8a5600', label: '#5f3b00', weight: 1 },
  caution: { tint: '#f9dcc8', bar: '#963f0b', label: '#6b2b05', weight: 2 },
  danger: { tint: '#f5cfcf', bar: '#861414', label: '#5e0c0c', weight: 2 },
};

type Lay = (blocks: readonly Block[], ctx: BlockContext, indent: number, quote: boolean, inList: boolean) => Row[];

/**
 * A container's rows. A box is drawn piecewise: every row carries its slice of the tint and the bar, so a box
 * broken by a page ends at the page's last row and goes on at the next page's top. `details` prints open,
 * its summary as the label; an untitled box is labelled with its kind's name (labels.container).
 */
export function containerRows(b: Extract<Block, { type: 'container' }>, ctx: BlockContext, indent: number, quote: boolean, inList: boolean, lay: Lay): Row[] {
  if (b.kind === 'center') return lay(b.children, { ...ctx, center: true }, indent, quote, inList);
  const { setup } = ctx;
  const em = setup.bodySize;
  const look = LOOK[b.kind];
  const measure = setup.measure - indent;
  // Content inset: 1¼ em on the left (bar and padding), ¾ em on the right: the inner measure stays whole ems.
  const left = em * 1.25;
  const right = em * 0.75;
  const inner = { ...ctx, setup: { ...setup, measure: setup.measure - right } };
  const names = ctx.labels?.container as Record<string, string> | undefined;
  const label = b.title?.trim() || names?.[b.kind] || '';
  const rows: Row[] = [];
  const top = em * 0.4;
  if (label) {
    const size = em * 0.9;
    const labelRows = nest(spanRows([{ text: label, face: 'sansBold', size, color: look.label }], { measure: measure - left - right, indent: 0, align: 'left', em: size }, indent + left, Math.round(size * 1.7 * 100) / 100, ctx, false, b.pos.line), node(ctx, 'Caption'));
    labelRows.forEach((r) => (r.keep = true));
    rows.push(...labelRows);
  }
  const content = lay(b.children, inner, indent + left, quote, inList);
  if (content.length === 0 && rows.length === 0) return [];
  rows.push(...content);
  // The space between rows goes inside them, so the tint has no gaps; the padding above the first row too.
  rows.forEach((r, i) => {
    const gap = i === 0 ? top : r.spaceBefore;
    if (gap > 0) lowerRow(r, gap);
    r.spaceBefore = 0;
  });
  const last = rows[rows.length - 1]!;
  last.keep = true;
  rows.push(emptyRow(em * 0.5));
  const bar = em * (0.24 + look.weight * 0.08);
  for (const r of rows) r.items.unshift({ kind: 'rect', x: indent, y: 0, w: measure, h: r.height, fill: look.tint }, { kind: 'rect', x: indent, y: 0, w: bar, h: r.height, fill: look.bar });
  nest(rows, node(ctx, 'Div'));
  rows[0]!.spaceBefore = em * 0.6;
  return [...rows, emptyRow(em * 0.3)];
}

/** Moves a row's content down by `dy`, making the row taller by as much. */
function lowerRow(r: Row, dy: number): void {
  r.height += dy;
  const moved = new Set<object>();
  for (const it of r.items) {
    if (moved.has(it)) continue;
    moved.add(it);
    if (it.kind === 'rule') {
      it.y1 += dy;
      it.y2 += dy;
    } else it.y += dy;
  }
  // A line's runs are items of its row too (moved above); its own baseline moves with them.
  for (const l of r.lines) l.y += dy;
  for (const l of r.links) l.y += dy;
  for (const d of r.dests) d.y += dy;
}
