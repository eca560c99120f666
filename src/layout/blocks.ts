import type { Diagnostics } from '../diagnostics.js';
import type { Block, Inline } from '../model/types.js';
import { cellKey, inlineText } from '../model/walk.js';
import type { FontMetrics } from '../fonts/metrics.js';
import type { PageSetup } from './page-setup.js';
import { LayoutBoundError, typesetParagraph, type ParagraphStyle, type Span } from './paragraph.js';
import { emptyRow, keepLines, lineRow, nest, type Row } from './rows.js';
import type { StructNode } from './types.js';
import { inlineSpans, type TextStyle } from './spans.js';
import { codeRows } from './code.js';
import { figureRows, imageRows } from './figures.js';
import { mathRows } from './math.js';

export interface BlockContext {
  setup: PageSetup;
  metrics: FontMetrics;
  diags: Diagnostics;
  file: string;
  /** Prefix for named destinations of this article's headings, and for its structure element ids. */
  destPrefix: string;
  /** Counter for structure element ids. */
  seq: { n: number };
}

/** A new structure element for the PDF's tag tree. */
export function node(ctx: BlockContext, role: string, alt?: string): StructNode {
  return { id: `${ctx.destPrefix}s${++ctx.seq.n}`, role, ...(alt ? { alt } : {}) };
}

const TEXT = '#000000';
const QUOTE = '#333333';
const GREY = '#666666';

export const BODY_STYLE = (setup: PageSetup): TextStyle => ({ face: 'serif', bold: 'serifBold', size: setup.bodySize, color: TEXT });

/** Typesets spans into line rows at offset x0 within the text block. */
export function spanRows(spans: Span[], style: ParagraphStyle, x0: number, pitch: number, ctx: BlockContext, body: boolean, line = 0, key?: string): Row[] {
  try {
    const rows = typesetParagraph(spans, style, ctx.metrics).map((l) => lineRow(l, x0, pitch, style.measure, body, key));
    // A formula in the line is an element of its own (tagged with its TeX) inside the paragraph.
    for (const r of rows) for (const it of r.items) if (it.kind === 'svg' && !it.struct) it.struct = [node(ctx, 'Formula', it.alt)];
    return rows;
  } catch (e) {
    if (!(e instanceof LayoutBoundError)) throw e;
    ctx.diags.error(ctx.file, line, 1, 'layout:bound', `${e.message}; this paragraph cannot be set`);
    return [];
  }
}

/** Lays out an article's blocks as rows. */
export function blockRows(blocks: readonly Block[], ctx: BlockContext, indent = 0, quote = false, inList = false): Row[] {
  const { setup } = ctx;
  const em = setup.bodySize;
  const measure = setup.measure - indent;
  const rows: Row[] = [];
  const body: TextStyle = { ...BODY_STYLE(setup), color: quote ? QUOTE : TEXT };
  // Deep nesting (a list or quote inside itself two hundred times) stops indenting once 12 em are left.
  const deeper = (extra: number) => (measure - extra >= 12 * em ? indent + extra : indent);
  for (const b of blocks) {
    switch (b.type) {
      case 'paragraph': {
        const image = soleImage(b.children);
        if (image) {
          rows.push(...imageRows(image, indent, ctx));
          break;
        }
        const rs = nest(keepLines(spanRows(inlineSpans(b.children, body), { measure, indent: inList ? 0 : 2 * em, align: 'justify', em }, indent, setup.pitch, ctx, true, b.pos.line, b.key)), node(ctx, 'P'));
        if (rs[0]) rs[0].spaceBefore = rows.length > 0 && rows[rows.length - 1]!.height !== setup.pitch ? em * 0.4 : 0;
        rows.push(...rs);
        break;
      }
      case 'heading': {
        const size = b.level === 2 ? em * 1.3 : b.level === 3 ? em * 1.12 : em;
        const pitch = Math.round(size * 1.5 * 100) / 100;
        const rs = nest(
          spanRows(inlineSpans(b.children, { face: 'sansBold', bold: 'sansBold', size, color: TEXT }), { measure, indent: 0, align: 'justify', em: size }, indent, pitch, ctx, false, b.pos.line, b.key),
          node(ctx, `H${Math.min(b.level, 6)}`),
        );
        rs.forEach((r) => (r.keep = true));
        if (rs[0]) {
          rs[0].spaceBefore = b.level === 2 ? em * 1.6 : em * 1.0;
          rs[0].dests.push({ name: `${ctx.destPrefix}${b.id}`, y: 0 });
          rs[0].outline.push({ title: inlineText(b.children), level: b.level, dest: `${ctx.destPrefix}${b.id}` });
        }
        const last = rs[rs.length - 1];
        if (last) last.height += em * 0.35;
        rows.push(...rs);
        break;
      }
      case 'list': {
        // A paragraph that leads into the list (“……堪称疯狂：”) stays on the page with its first item.
        const lead = rows[rows.length - 1];
        if (lead && lead.lines.some((l) => /[：:]$/.test(l.text))) lead.keep = true;
        const listNode = node(ctx, 'L');
        b.items.forEach((item, i) => {
          const marker = `${b.start + i}.`;
          const markerW = deeper(2 * em) - indent;
          // Paragraphs in list items hang from the marker: no first-line indent.
          const inner = blockRows(item.blocks.slice(0, 1), ctx, indent + markerW, quote, true);
          // A lead-in line (“不透明性衍生的具体风险：”) stays with the nested list under it.
          if (item.blocks.length > 1 && inner.length > 0) inner[inner.length - 1]!.keep = true;
          inner.push(...blockRows(item.blocks.slice(1), ctx, indent + markerW, quote, true));
          const itemRows = inner.length > 0 ? inner : [emptyRow(setup.pitch)];
          const target = itemRows.find((r) => r.lines.length > 0);
          if (target) {
            const ml = target.lines[0]!;
            const color = quote ? QUOTE : TEXT;
            if (b.ordered) {
              const mw = ctx.metrics.width(marker, 'serif', em);
              target.items.push({ kind: 'text', x: indent + markerW - mw - em * 0.5, y: ml.y, text: marker, face: 'serif', size: em, spacing: 0, features: [], width: mw, color });
            } else {
              target.items.push({ kind: 'dot', x: indent + markerW - em * 0.75, y: ml.y - em * 0.36, r: em * 0.14, fill: color });
            }
          }
          itemRows[0]!.spaceBefore = i === 0 ? em * 0.3 : em * 0.15;
          // The last item never stands alone at the top of a page: it stays with the one before.
          if (i === b.items.length - 1 && i > 0) rows[rows.length - 1]!.keep = true;
          rows.push(...nest(nest(itemRows, node(ctx, 'LI')), listNode));
        });
        break;
      }
      case 'blockquote': {
        const inner = nest(blockRows(b.children, ctx, deeper(2 * em), true, inList), node(ctx, 'BlockQuote'));
        if (inner.length === 0) break;
        inner[0]!.spaceBefore = em * 0.5;
        for (const r of inner) r.items.unshift({ kind: 'rule', x1: indent + em * 0.8, y1: 0, x2: indent + em * 0.8, y2: r.height, width: 1.5, color: '#bbbbbb' });
        rows.push(...inner);
        rows.push(emptyRow(em * 0.5));
        break;
      }
      case 'code':
        rows.push(...codeRows({ value: b.value, tokens: b.tokens, key: b.key, line: b.pos.line }, indent, measure, ctx));
        break;
      case 'figure':
        rows.push(...figureRows(b, indent, ctx));
        break;
      case 'math': {
        // The line that leads into a formula stays on its page.
        const lead = rows[rows.length - 1];
        if (lead && lead.lines.length > 0) lead.keep = true;
        rows.push(...mathRows(b, indent, measure, ctx));
        break;
      }
      case 'rule': {
        const r = emptyRow(setup.pitch, em * 0.5);
        r.items.push({ kind: 'rule', x1: indent + measure * 0.35, y1: setup.pitch / 2, x2: indent + measure * 0.65, y2: setup.pitch / 2, width: 0.6, color: '#888888' });
        rows.push(r);
        break;
      }
      case 'table':
        rows.push(...tableRows(b, indent, measure, ctx, quote));
        break;
    }
  }
  return rows;
}

function soleImage(nodes: readonly Inline[]): Extract<Inline, { type: 'image' }> | null {
  const real = nodes.filter((n) => !(n.type === 'text' && n.value.trim() === '') && n.type !== 'softbreak');
  const only = real.length === 1 ? real[0]! : null;
  return only && only.type === 'image' ? only : null;
}

function tableRows(b: Extract<Block, { type: 'table' }>, indent: number, measure: number, ctx: BlockContext, quote: boolean): Row[] {
  const { setup, metrics } = ctx;
  const em = setup.bodySize;
  const size = em * 0.9;
  const pitch = Math.round(size * 1.6 * 100) / 100;
  const pad = size * 0.5;
  const cols = Math.max(b.head.length, ...b.rows.map((r) => r.length));
  const style: TextStyle = { face: 'serif', bold: 'serifBold', size, color: quote ? QUOTE : TEXT };
  const headStyle: TextStyle = { ...style, face: 'serifBold' };
  // Column widths: natural widths, scaled to fit the measure, each at least 3 em.
  const natural = Array.from({ length: cols }, (_, c) =>
    Math.max(
      3 * size,
      ...[b.head, ...b.rows].map((r) => (r[c] ? inlineSpans(r[c]!, style).reduce((w, s) => w + metrics.width(s.text, s.face, s.size), 0) + 2 * pad : 0)),
    ),
  );
  const total = natural.reduce((a, v) => a + v, 0);
  const widths = total > measure ? natural.map((w) => (w / total) * measure) : natural;
  const tableW = widths.reduce((a, v) => a + v, 0);
  const lefts = widths.map((_, c) => indent + widths.slice(0, c).reduce((a, v) => a + v, 0));
  const tableNode = node(ctx, 'Table');
  const rowOf = (cells: Inline[][], st: TextStyle, cellRole: 'TH' | 'TD', r: number): Row => {
    const sets = Array.from({ length: cols }, (_, c) => {
      const align = b.align[c] ?? null;
      return typesetParagraph(inlineSpans(cells[c] ?? [], st), { measure: widths[c]! - 2 * pad, indent: 0, align: align === 'center' ? 'center' : align === 'right' ? 'right' : 'left', em: size }, metrics);
    });
    const lines = Math.max(1, ...sets.map((s) => s.length));
    const row = emptyRow(lines * pitch + pad);
    const rowNode = node(ctx, 'TR');
    sets.forEach((set, c) => {
      const cell = node(ctx, cellRole);
      set.forEach((l, i) => {
        const [lr] = nest([lineRow(l, lefts[c]! + pad, pitch, widths[c]! - 2 * pad, false, b.key === undefined ? undefined : cellKey(b.key, r, c))], cell) as [Row];
        for (const it of lr.items) if (it.kind === 'text') it.y += i * pitch + pad / 2;
        for (const ln of lr.lines) ln.y += i * pitch + pad / 2;
        for (const lk of lr.links) lk.y += i * pitch + pad / 2;
        row.items.push(...lr.items);
        row.lines.push(...lr.lines);
        row.links.push(...lr.links);
      });
    });
    return nest(nest([row], rowNode), tableNode)[0]!;
  };
  const rule = (row: Row, y: number, width: number) => row.items.push({ kind: 'rule', x1: indent, y1: y, x2: indent + tableW, y2: y, width, color: '#000000' });
  const rows: Row[] = [];
  if (b.head.length > 0) {
    const h = rowOf(b.head, headStyle, 'TH', -1);
    rule(h, 0, 1);
    rule(h, h.height, 0.5);
    h.keep = true;
    h.spaceBefore = em * 0.6;
    rows.push(h);
  }
  b.rows.forEach((cells, r) => rows.push(rowOf(cells, style, 'TD', r)));
  const last = rows[rows.length - 1];
  if (last) rule(last, last.height, 1);
  if (rows[0] && b.head.length === 0) rule(rows[0], 0, 1);
  rows.push(emptyRow(em * 0.6));
  return rows;
}
