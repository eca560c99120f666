/** Footnotes in the handout: each note set small under its number and tied to the row that first refers to it (paginate.ts sets it at that page's foot). */
import type { Block } from '../model/types.js';
import { blockRows, node, type BlockContext } from './blocks.js';
import { noteDest, noteRefDest } from './dests.js';
import type { PageSetup } from './page-setup.js';
import type { Span } from './paragraph.js';
import { emptyRow, nest, type Row } from './rows.js';

/** Size of footnote text against the body's. */
const NOTE_SIZE = 0.8;

/** The short rule over a page's footnotes; its height is the space it takes above them. */
export function footRule(setup: PageSetup): Row {
  const em = setup.bodySize;
  const rule = emptyRow(em * 1.1);
  rule.items.push({ kind: 'rule', x1: 0, y1: em * 0.5, x2: setup.measure / 4, y2: em * 0.5, width: 0.5, color: '#888888' });
  return rule;
}

/** Footnote marks link to their note: its destination name is known where the article's prefix is. */
export function noteLinks(spans: Span[], prefix: string): Span[] {
  return spans.some((s) => s.note !== undefined) ? spans.map((s) => (s.note !== undefined ? { ...s, dest: noteDest(prefix, s.note) } : s)) : spans;
}

/**
 * Lays out the article's notes and gives each to the first row whose line refers to it (its mark's link):
 * the row carries the note's rows, and a destination the note's number links back to. A note referred to
 * only from another note goes with that note. Notes never referred to are not printed.
 */
export function attachFootnotes(rows: readonly Row[], notes: readonly { n: number; blocks: Block[] }[], ctx: BlockContext): void {
  if (notes.length === 0) return;
  const byDest = new Map(notes.map((n) => [noteDest(ctx.destPrefix, n.n), n]));
  const done = new Set<number>();
  const attach = (scan: readonly Row[], to?: Row) => {
    for (const row of scan)
      for (const l of row.links) {
        const note = l.dest !== undefined ? byDest.get(l.dest) : undefined;
        if (!note || done.has(note.n)) continue;
        done.add(note.n);
        const target = to ?? row;
        const set = noteRows(note, ctx);
        (target.notes ??= []).push(set);
        if (!to) row.dests.push({ name: noteRefDest(ctx.destPrefix, note.n), y: 0 });
        attach(set, target);
      }
  };
  attach(rows);
}

/** One note: its number hanging in the margin of its first line, its blocks in the note size. */
function noteRows(note: { n: number; blocks: Block[] }, ctx: BlockContext): Row[] {
  const { setup } = ctx;
  const size = Math.round(setup.bodySize * NOTE_SIZE * 100) / 100;
  const small: PageSetup = { ...setup, bodySize: size, pitch: Math.round(size * 1.6 * 100) / 100 };
  const hang = size * 2;
  const rows = blockRows(note.blocks, { ...ctx, setup: small }, hang, false, true);
  if (rows.length === 0) rows.push(emptyRow(small.pitch));
  for (const r of rows) r.spaceBefore = 0;
  const first = rows[0]!;
  const line = first.lines[0];
  const y = line ? line.y : small.pitch * 0.7;
  const text = String(note.n);
  const w = ctx.metrics.width(text, 'serif', size);
  const x = hang - size * 0.6 - w;
  first.items.unshift({ kind: 'text', x, y, text, face: 'serif', size, spacing: 0, features: [], width: w, color: '#000000' });
  first.links.push({ x, y: y - size * 0.9, w, h: size * 1.2, dest: noteRefDest(ctx.destPrefix, note.n) });
  first.dests.push({ name: noteDest(ctx.destPrefix, note.n), y: 0 });
  return nest(rows, node(ctx, 'Note'));
}
