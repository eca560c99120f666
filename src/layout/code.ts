/** Code blocks in the PDF: monospace lines on a character grid, highlighted, wrapped at the measure with a continuation mark. */
import type { FaceName } from '../fonts/catalog.js';
import { needsGlyph } from '../fonts/coverage.js';
import { MONO_FEATURES } from '../fonts/metrics.js';
import { NO_LINE_END, NO_LINE_START } from '../util/chars.js';
import { node, type BlockContext } from './blocks.js';
import type { SetLine } from './paragraph.js';
import { emptyRow, keepLines, lineRow, nest, type Row } from './rows.js';
import type { TextRun } from './types.js';

/**
 * Colours of highlighted code on the code background (#f2f2f2), by token class. Each has a contrast of at
 * least 4.5:1 there, and in greyscale print they stay apart by lightness, darkest to lightest (CIE L*, and
 * luma as a printer driver turns colour into grey):
 *
 *   plain    #222222  L* 13  luma 13   text, names, punctuation
 *   keyword  #1c376e  L* 24  luma 21   dark blue: keywords, built-ins, types, tags, decorators
 *   number   #921d1d  L* 32  luma 25   dark red: numbers and literals (true, null)
 *   string   #156823  L* 38  luma 28   dark green: strings, regexes, characters
 *   comment  #6a6a6a  L* 45  luma 42   grey (4.8:1): comments and doc comments
 *
 * No class is told by weight or slant alone: the monospace face has one weight and no italic.
 */
export const CODE_COLOURS = {
  plain: '#222222',
  keyword: '#1c376e',
  number: '#921d1d',
  string: '#156823',
  comment: '#6a6a6a',
} as const;

/** highlight.js scopes (their first part, analyse/highlight.ts) → colour class; any other scope is plain. */
const CLASS_OF: Record<string, keyof typeof CODE_COLOURS> = {
  keyword: 'keyword',
  built: 'keyword',
  built_in: 'keyword',
  type: 'keyword',
  meta: 'keyword',
  selector: 'keyword',
  tag: 'keyword',
  name: 'keyword',
  section: 'keyword',
  bullet: 'keyword',
  number: 'number',
  literal: 'number',
  deletion: 'number',
  string: 'string',
  regexp: 'string',
  symbol: 'string',
  char: 'string',
  link: 'string',
  addition: 'string',
  comment: 'comment',
  doctag: 'comment',
  quote: 'comment',
};

/** The colour code of a highlight.js kind is set in ('' and unknown kinds: plain). */
export function codeColour(kind: string): string {
  return CODE_COLOURS[CLASS_OF[kind] ?? 'plain'];
}

const BACKGROUND = '#f2f2f2';
const RULE = '#b4b4b4';
const MARK = '#8a8a8a';
const TAB = 4;

/** One character as set: its grid cells (a Chinese character takes two), face, advance and source offset. */
interface Cell {
  ch: string;
  /** Offsets of the source character in the block's text (a tab's spaces all point at the tab). */
  src: number;
  end: number;
  color: string;
  face: FaceName;
  size: number;
  natural: number;
  cells: number;
}

/** What a code block needs: its text as highlighted runs, its key and line. */
export interface CodeSource {
  value: string;
  tokens?: readonly { text: string; kind: string }[];
  key?: string;
  line: number;
}

/**
 * A code block as rows: one per printed line, on a grey ground with a rule at its left. Indentation and
 * blank lines are kept (tabs to the next multiple of four columns); lines are never justified and break
 * only between lines of code at a page end. A line longer than the measure wraps: where it can in the
 * piece's second half (after a space, a comma, a semicolon, a slash or the like, next to a Chinese
 * character), else at the measure; never before a closing mark nor after an opening one. The continuation
 * hangs two columns further in than the line, behind a drawn ↪.
 */
export function codeRows(code: CodeSource, indent: number, measure: number, ctx: BlockContext): Row[] {
  const { setup, metrics } = ctx;
  const em = setup.bodySize;
  const size = em * 0.85;
  const pitch = Math.round(size * 1.5 * 100) / 100;
  const cell = metrics.width(' ', 'mono', size);
  // Chinese takes two columns (1.2 em of the code face). Set at 1.2 times the code's size (about the body
  // size) it fills them exactly: no gaps between characters, which a reader would see as letter-spacing and
  // text extraction as spaces (`" 样张 "`).
  const fallbackSize = size * 1.2;
  const pad = em * 0.5;
  const cols = Math.max(8, Math.floor((measure - 2 * pad) / cell + 1e-6));
  const x0 = indent + pad;

  /** The face that has the character: the monospace one, the sans, the serif, or a visible □ in the sans. */
  const faceFor = (ch: string): { face: FaceName; ch: string } => {
    for (const face of ['mono', 'sans', 'serif'] as const) if (metrics.has(face, ch)) return { face, ch };
    return { face: 'sans', ch: '□' };
  };
  const cellOf = (ch: string, src: number, color: string): Cell | null => {
    const end = src + ch.length;
    if (ch === ' ') return { ch, src, end, color, face: 'mono', size, natural: cell, cells: 1 };
    const cp = ch.codePointAt(0)!;
    // Controls and zero-width characters take no column; the ideographic space takes two, like a Chinese character.
    if (!needsGlyph(cp) && cp !== 0x3000) return null;
    const f = faceFor(ch);
    const natural = metrics.width(f.ch, f.face, f.face === 'mono' ? size : fallbackSize);
    const cells = f.face === 'mono' ? (natural > 0 ? 1 : 0) : Math.max(1, Math.round(natural / cell));
    return { ch: f.ch, src, end, color, face: f.face, size: f.face === 'mono' ? size : fallbackSize, natural, cells };
  };

  // The code's lines, each a row of cells, from the highlighted tokens (their texts joined are the code).
  const tokens = code.tokens && code.tokens.length ? code.tokens : [{ text: code.value, kind: '' }];
  const lines: Cell[][] = [[]];
  let offset = 0;
  for (const t of tokens) {
    const color = codeColour(t.kind);
    for (const ch of t.text) {
      const line = lines[lines.length - 1]!;
      if (ch === '\n') lines.push([]);
      else if (ch === '\t') {
        const col = line.reduce((a, c) => a + c.cells, 0);
        for (let k = TAB - (col % TAB); k > 0; k--) line.push({ ch: ' ', src: offset, end: offset + 1, color, face: 'mono', size, natural: cell, cells: 1 });
      } else if (ch !== '\r') {
        const c = cellOf(ch, offset, color);
        if (c) line.push(c);
      }
      offset += ch.length;
    }
  }

  const rows: Row[] = [];
  const codeNode = node(ctx, 'Code');
  for (const line of lines) {
    if (line.every((c) => c.ch === ' ')) {
      rows.push(emptyRow(pitch));
      continue;
    }
    const lead = line.findIndex((c) => c.ch !== ' ');
    // Continuations hang two columns in from the line's own indent, keeping at least half the measure.
    const hang = Math.min(lead + 2, Math.floor(cols / 2));
    const segments = wrap(line, cols, hang);
    segments.forEach(([s, e], i) => {
      const startCol = i === 0 ? 0 : hang;
      const set = setSegment(line.slice(s, e), startCol, cell, size, i === 0, i === segments.length - 1);
      const row = lineRow(set, x0, pitch, measure - 2 * pad, false, code.key);
      if (i > 0) continuationMark(row, x0 + (hang - 2) * cell, row.lines[0]!.y, cell, size);
      // A wrapped line is not split over two pages.
      if (i < segments.length - 1) row.keep = true;
      rows.push(row);
    });
  }
  while (rows.length > 0 && rows[rows.length - 1]!.lines.length === 0) rows.pop();
  if (rows.length === 0) rows.push(emptyRow(pitch));
  keepLines(rows);
  nest(rows, codeNode);
  // A little ground above the first line and below the last; both stay with the lines they frame.
  const top = emptyRow(size * 0.45);
  top.keep = true;
  const bottom = emptyRow(size * 0.45);
  if (rows.length > 0) rows[rows.length - 1]!.keep = true;
  const all = [top, ...rows, bottom];
  for (const r of all) {
    r.items.unshift(
      { kind: 'rect', x: indent, y: 0, w: measure, h: r.height, fill: BACKGROUND },
      { kind: 'rule', x1: indent + 0.75, y1: 0, x2: indent + 0.75, y2: r.height, width: 1.5, color: RULE },
    );
  }
  top.spaceBefore = em * 0.5;
  return [...all, emptyRow(em * 0.5)];
}

/** Where a line of cells breaks into pieces of at most `cols` columns (continuations: `cols − hang`). */
function wrap(line: readonly Cell[], cols: number, hang: number): [number, number][] {
  const out: [number, number][] = [];
  let s = 0;
  while (s < line.length) {
    const avail = out.length === 0 ? cols : cols - hang;
    let w = 0;
    let p = s;
    while (p < line.length && w + line[p]!.cells <= avail) w += line[p++]!.cells;
    if (p >= line.length) {
      out.push([s, line.length]);
      break;
    }
    if (p === s) p = s + 1; // a character wider than the whole measure still moves on
    // The last good place in the second half of the piece, else the last place that fits.
    let b = -1;
    for (let k = p; k > s && k - s > (p - s) / 2; k--) {
      const prev = line[k - 1]!;
      const cur = line[k]!;
      const good = (prev.ch === ' ' && cur.ch !== ' ') || ',;/&?=|'.includes(prev.ch) || prev.cells > 1 || cur.cells > 1;
      if (good && allowed(line, k)) {
        b = k;
        break;
      }
    }
    if (b < 0) {
      b = p;
      while (b > s + 1 && !allowed(line, b)) b--;
    }
    out.push([s, b]);
    s = b;
  }
  return out;
}

/** Whether a line may break before cell `k`: not before a closing mark or a combining one, not after an opening mark. */
function allowed(line: readonly Cell[], k: number): boolean {
  const cur = line[k]!;
  return cur.cells > 0 && !NO_LINE_START.has(cur.ch) && !NO_LINE_END.has(line[k - 1]!.ch);
}

/** A piece of a code line set on the grid: runs of one face and colour, each character centred in its cells. */
function setSegment(cells: readonly Cell[], startCol: number, cell: number, size: number, first: boolean, last: boolean): SetLine {
  const runs: TextRun[] = [];
  let col = startCol;
  let run: { cells: Cell[]; col: number } | null = null;
  const flush = () => {
    if (!run) return;
    const c0 = run.cells[0]!;
    const spacing = c0.face === 'mono' ? 0 : c0.cells * cell - c0.natural;
    const n = run.cells.length;
    const natural = run.cells.reduce((a, c) => a + c.natural, 0);
    runs.push({
      kind: 'text',
      x: run.col * cell + spacing / 2,
      y: 0,
      text: run.cells.map((c) => c.ch).join(''),
      face: c0.face,
      size: c0.size,
      spacing,
      features: c0.face === 'mono' ? MONO_FEATURES : [],
      width: natural + spacing * (n - 1),
      color: c0.color,
    });
    run = null;
  };
  for (const c of cells) {
    const r = run as { cells: Cell[]; col: number } | null;
    const p = r?.cells[r.cells.length - 1];
    // Monospace runs need nothing but the font's own advances; a fallback run keeps one advance and one width.
    const same = p && p.face === c.face && p.color === c.color && (c.face === 'mono' || (p.natural === c.natural && p.cells === c.cells));
    if (!same) {
      flush();
      run = { cells: [], col };
    }
    run!.cells.push(c);
    col += c.cells;
  }
  flush();
  const visible = cells.filter((c) => c.ch !== ' ');
  const text = cells.map((c) => c.ch).join('');
  const lastC = cells[cells.length - 1];
  return {
    runs,
    links: [],
    left: startCol * cell,
    right: col * cell,
    justified: false,
    text: first ? text : text.trimStart(),
    first,
    last,
    size,
    ...(visible.length && lastC ? { src: { start: cells[0]!.src, end: lastC.end } } : {}),
  };
}

/** The continuation mark ↪ in front of a wrapped line's next piece, drawn as strokes (the code face has no such glyph). */
function continuationMark(row: Row, x: number, baseline: number, cell: number, size: number): void {
  const w = 0.6;
  const left = x + cell * 0.25;
  const right = x + cell * 1.65;
  const top = baseline - size * 0.62;
  const mid = baseline - size * 0.28;
  const head = size * 0.2;
  const stroke = (x1: number, y1: number, x2: number, y2: number) => row.items.push({ kind: 'rule', x1, y1, x2, y2, width: w, color: MARK });
  stroke(left, top, left, mid);
  stroke(left, mid, right, mid);
  stroke(right - head, mid - head * 0.8, right, mid);
  stroke(right - head, mid + head * 0.8, right, mid);
}
