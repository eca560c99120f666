/** Tables in the handout: columns as wide as their content needs, set smaller (down to ¾ of the body size) before they wrap; no cell runs past its column. */
import type { Block, Inline } from '../model/types.js';
import { cellKey } from '../model/walk.js';
import { isCjkSide } from '../util/chars.js';
import { node, type BlockContext } from './blocks.js';
import { noteLinks } from './footnotes.js';
import { typesetParagraph, type Span } from './paragraph.js';
import { emptyRow, lineRow, nest, type Row } from './rows.js';
import { inlineSpans, type TextStyle } from './spans.js';

const TEXT = '#000000';
const QUOTE = '#333333';

/** The sizes a table is tried at, against the body size: its own, then smaller down to ¾. */
const SIZE = 0.9;
const SMALLEST = 0.75;
/** A word longer than this many ems may be broken inside a narrow column rather than widen it. */
const LONGEST_WORD = 8;

export function tableRows(b: Extract<Block, { type: 'table' }>, indent: number, measure: number, ctx: BlockContext, quote: boolean): Row[] {
  const { setup, metrics } = ctx;
  const em = setup.bodySize;
  const cols = Math.max(b.head.length, ...b.rows.map((r) => r.length));
  const styleAt = (size: number): TextStyle => ({ face: 'serif', bold: 'serifBold', size, color: quote ? QUOTE : TEXT });
  const cellsOf = (size: number) => [
    ...b.head.map((c) => inlineSpans(c, { ...styleAt(size), face: 'serifBold' })),
    ...b.rows.flatMap((r) => r.map((c) => inlineSpans(c, styleAt(size)))),
  ];
  const colOf = [...b.head.map((_, c) => c), ...b.rows.flatMap((r) => r.map((_, c) => c))];
  /** Each column's width unbroken (its widest line, `<br>` kept) and its narrowest (its longest word), padding included. */
  const widthsAt = (size: number) => {
    const pad = size * 0.5;
    const natural = new Array<number>(cols).fill(3 * size);
    const least = new Array<number>(cols).fill(2 * size);
    cellsOf(size).forEach((spans, i) => {
      const c = colOf[i]!;
      const lines = typesetParagraph(spans, { measure: 1e6, indent: 0, align: 'left', em: size }, metrics);
      natural[c] = Math.max(natural[c]!, ...lines.map((l) => l.right - l.left + 2 * pad));
      least[c] = Math.max(least[c]!, Math.min(longestWord(spans, metrics), LONGEST_WORD * size) + 2 * pad);
    });
    return { natural, least: least.map((w, c) => Math.min(w, natural[c]!)) };
  };
  const total = (ws: number[]) => ws.reduce((a, v) => a + v, 0);
  // Too wide at its size: set smaller, as far as the smallest size; then the columns share the measure and wrap.
  let size = em * SIZE;
  let { natural, least } = widthsAt(size);
  if (total(natural) > measure + 1e-6) {
    size = Math.max(em * SMALLEST, Math.floor(size * (measure / total(natural)) * 20) / 20);
    ({ natural, least } = widthsAt(size));
  }
  const widths = fitColumns(natural, least, measure);
  const pitch = Math.round(size * 1.6 * 100) / 100;
  const pad = size * 0.5;
  const style = styleAt(size);
  const headStyle: TextStyle = { ...style, face: 'serifBold' };
  const tableW = total(widths);
  const lefts = widths.map((_, c) => indent + total(widths.slice(0, c)));
  const tableNode = node(ctx, 'Table');
  const rowOf = (cells: Inline[][], st: TextStyle, cellRole: 'TH' | 'TD', r: number): Row => {
    const sets = Array.from({ length: cols }, (_, c) => {
      const align = b.align[c] ?? null;
      return typesetParagraph(noteLinks(inlineSpans(cells[c] ?? [], st), ctx.destPrefix), { measure: widths[c]! - 2 * pad, indent: 0, align: align === 'center' ? 'center' : align === 'right' ? 'right' : 'left', em: size }, metrics);
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

/**
 * Column widths within the measure: the natural widths when they fit; else each column keeps its longest
 * word and the room left is shared in proportion to what each would still like; else (words alone too wide)
 * the narrowest widths scaled down, and the longest words break.
 */
export function fitColumns(natural: number[], least: number[], measure: number): number[] {
  const sum = (ws: number[]) => ws.reduce((a, v) => a + v, 0);
  const want = sum(natural);
  if (want <= measure + 1e-6) return natural;
  const must = sum(least);
  if (must >= measure) return least.map((w) => (w / must) * measure);
  const share = (measure - must) / (want - must);
  return natural.map((w, c) => least[c]! + (w - least[c]!) * share);
}

/** The widest piece of a cell that cannot break: a Latin word or number (a Chinese character breaks anywhere). */
function longestWord(spans: readonly Span[], metrics: BlockContext['metrics']): number {
  let best = 0;
  for (const s of spans) {
    let word = '';
    const flush = () => {
      if (word) best = Math.max(best, metrics.width(word, s.face, s.size));
      word = '';
    };
    for (const ch of s.text) {
      if (/\s/.test(ch)) flush();
      else if (isCjkSide(ch)) {
        flush();
        best = Math.max(best, s.size);
      } else word += ch;
    }
    flush();
  }
  return best;
}
