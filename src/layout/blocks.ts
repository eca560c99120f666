/** Lays out an article's blocks as rows: paragraphs, headings, lists, quotes, code, tables, images. */
import type { Diagnostics } from '../diagnostics.js';
import type { Block, Inline } from '../model/types.js';
import { inlineText } from '../model/walk.js';
import type { FontMetrics } from '../fonts/metrics.js';
import type { PageSetup } from './page-setup.js';
import { LayoutBoundError, typesetParagraph, type ParagraphStyle, type Span } from './paragraph.js';
import { emptyRow, keepLines, lineRow, nest, type Row } from './rows.js';
import type { StructNode } from './types.js';
import { inlineSpans, type TextStyle } from './spans.js';
import type { Labels } from '../templates.js';
import { containerRows } from './boxes.js';
import { noteLinks } from './footnotes.js';
import { addMarker } from './lists.js';
import { tableRows } from './tables.js';
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
  /** The generated wording (box labels, task labels), where the layout has it. */
  labels?: Labels;
  /** Lists around the blocks being laid out (bullets change with depth). */
  listDepth?: number;
  /** Inside a `center` container: paragraphs centred, without indent. */
  center?: boolean;
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
    const rows = typesetParagraph(noteLinks(spans, ctx.destPrefix), style, ctx.metrics).map((l) => lineRow(l, x0, pitch, style.measure, body, key));
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
        const rs = nest(keepLines(spanRows(inlineSpans(b.children, body), { measure, indent: inList || ctx.center ? 0 : 2 * em, align: ctx.center ? 'center' : 'justify', em }, indent, setup.pitch, ctx, true, b.pos.line, b.key)), node(ctx, 'P'));
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
        const depth = ctx.listDepth ?? 0;
        const itemCtx: BlockContext = { ...ctx, listDepth: depth + 1 };
        b.items.forEach((item, i) => {
          const marker = `${b.start + i}.`;
          const markerW = deeper(2 * em) - indent;
          // Paragraphs in list items hang from the marker: no first-line indent.
          const inner = blockRows(item.blocks.slice(0, 1), itemCtx, indent + markerW, quote, true);
          // A lead-in line (“不透明性衍生的具体风险：”) stays with the nested list under it.
          if (item.blocks.length > 1 && inner.length > 0) inner[inner.length - 1]!.keep = true;
          inner.push(...blockRows(item.blocks.slice(1), itemCtx, indent + markerW, quote, true));
          const itemRows = inner.length > 0 ? inner : [emptyRow(setup.pitch)];
          const target = itemRows.find((r) => r.lines.length > 0);
          if (target) addMarker(target, { ordered: b.ordered, number: marker, checked: item.checked, depth, right: indent + markerW, baseline: target.lines[0]!.y, color: quote ? QUOTE : TEXT }, ctx);
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
      case 'container':
        rows.push(...containerRows(b, ctx, indent, quote, inList, blockRows));
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
