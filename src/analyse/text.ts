/** The text of each block as every output sets it: soft breaks joined once, leaves given offsets, blocks given keys. */
import type { Block, Inline } from '../model/types.js';
import { cellKey, isParent, leafText, type LeafInline } from '../model/walk.js';
import { isCjkSide } from '../util/chars.js';
import { highlightCode } from './highlight.js';

/** One block's text (a paragraph, a heading, a table cell, a metadata field), for the analyses. */
export interface BlockText {
  key: string;
  text: string;
  /** The text with inline code blanked out (U+FFFC, same length): what the index and key numbers search. */
  prose: string;
  /** Source line. */
  line: number;
}

/** A soft line break inside a paragraph: nothing where either side is Chinese, else a space (as a browser would). */
export function softBreakJoin(before: string, after: string): string {
  return isCjkSide(before) || isCjkSide(after) ? '' : ' ';
}

function lastChar(s: string): string {
  const cp = s.length >= 2 ? s.codePointAt(s.length - 2)! : -1;
  return cp > 0xffff ? s.slice(-2) : s.slice(-1);
}

/** A copy of inline content with every leaf's offset and every soft break's join set; and the block's text. */
export function resolveInlines(nodes: readonly Inline[]): { inlines: Inline[]; text: string; prose: string } {
  const leaves: LeafInline[] = [];
  const copy = (ns: readonly Inline[]): Inline[] =>
    ns.map((n) => {
      if (isParent(n)) return { ...n, children: copy(n.children) };
      const c: LeafInline = { ...n };
      leaves.push(c);
      return c;
    });
  const inlines = copy(nodes);
  // The first character after each leaf, for the soft breaks (read backwards once).
  const next: string[] = new Array(leaves.length).fill('');
  for (let i = leaves.length - 2; i >= 0; i--) {
    const t = leaves[i + 1]!.type === 'softbreak' ? '' : leafText(leaves[i + 1]!);
    next[i] = t ? [...t.slice(0, 2)][0]! : next[i + 1]!;
  }
  let text = '';
  let prose = '';
  leaves.forEach((n, i) => {
    n.at = text.length;
    if (n.type === 'softbreak') n.join = softBreakJoin(lastChar(text), next[i]!);
    const t = leafText(n);
    text += t;
    prose += n.type === 'code' ? '\ufffc'.repeat(t.length) : t;
  });
  return { inlines, text, prose };
}

/**
 * A copy of an article's blocks with keys and resolved inlines; the text of each heading, paragraph and table
 * cell goes to `texts` in reading order. Code is keyed (pages may start in it) but never analysed.
 */
export function resolveBlocks(blocks: readonly Block[], prefix: string, seq: { n: number }, texts: BlockText[]): Block[] {
  return blocks.map((b): Block => {
    switch (b.type) {
      case 'heading':
      case 'paragraph': {
        const key = `${prefix}${++seq.n}`;
        const r = resolveInlines(b.children);
        texts.push({ key, text: r.text, prose: r.prose, line: b.pos.line });
        return { ...b, key, children: r.inlines };
      }
      case 'table': {
        const key = `${prefix}${++seq.n}`;
        const cell = (c: Inline[], row: number, col: number) => {
          const r = resolveInlines(c);
          texts.push({ key: cellKey(key, row, col), text: r.text, prose: r.prose, line: b.pos.line });
          return r.inlines;
        };
        return { ...b, key, head: b.head.map((c, j) => cell(c, -1, j)), rows: b.rows.map((row, i) => row.map((c, j) => cell(c, i, j))) };
      }
      case 'code':
        return { ...b, key: `${prefix}${++seq.n}`, tokens: highlightCode(b.value, b.lang) };
      case 'figure': {
        const key = `${prefix}${++seq.n}`;
        const r = resolveInlines(b.caption);
        texts.push({ key, text: r.text, prose: r.prose, line: b.pos.line });
        return { ...b, key, caption: r.inlines };
      }
      case 'container':
        return { ...b, children: resolveBlocks(b.children, prefix, seq, texts) };
      case 'list':
        return { ...b, items: b.items.map((item) => ({ ...item, blocks: resolveBlocks(item.blocks, prefix, seq, texts) })) };
      case 'blockquote':
        return { ...b, children: resolveBlocks(b.children, prefix, seq, texts) };
      default:
        return b;
    }
  });
}
