/** Walkers over the model: blocks depth first, inline text, sections, keys of table cells. */
import type { Article, Block, Inline, SectionRef } from './types.js';

/** Inline nodes that hold other inline nodes. */
export type ParentInline = Extract<Inline, { children: Inline[] }>;
export type LeafInline = Exclude<Inline, ParentInline>;

export function isParent(n: Inline): n is ParentInline {
  return 'children' in n;
}

/** Plain text of inline content, markup dropped, soft breaks as nothing (Chinese joins lines). */
export function inlineText(nodes: readonly Inline[]): string {
  let out = '';
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
      case 'code':
        out += n.value;
        break;
      case 'image':
        out += n.alt;
        break;
      case 'math':
        out += n.tex;
        break;
      case 'strong':
      case 'emphasis':
      case 'link':
      case 'styled':
        out += inlineText(n.children);
        break;
      case 'break':
        out += '\n';
        break;
      case 'softbreak':
        break;
    }
  }
  return out;
}

/** Every block in document order, nested ones included (depth first). */
export function* walkBlocks(blocks: readonly Block[]): Generator<Block> {
  for (const b of blocks) {
    yield b;
    if (b.type === 'blockquote' || b.type === 'container') yield* walkBlocks(b.children);
    else if (b.type === 'list') for (const item of b.items) yield* walkBlocks(item.blocks);
  }
}

/** Inline runs of a block itself (not of nested blocks). */
export function ownInlines(b: Block): Inline[][] {
  switch (b.type) {
    case 'heading':
    case 'paragraph':
      return [b.children];
    case 'table':
      return [...b.head, ...b.rows.flat()];
    case 'figure':
      return [[b.image], b.caption];
    default:
      return [];
  }
}

/** Every text-bearing leaf with the line it sits on, in order. */
export function* walkText(
  nodes: readonly Inline[],
  style: { strong: boolean } = { strong: false },
): Generator<{ value: string; line: number; strong: boolean }> {
  for (const n of nodes) {
    if (n.type === 'text' || n.type === 'code') yield { value: n.value, line: n.line, strong: style.strong };
    else if (n.type === 'image') yield { value: n.alt, line: n.line, strong: style.strong };
    else if (n.type === 'strong') yield* walkText(n.children, { strong: true });
    else if (n.type === 'emphasis' || n.type === 'link' || n.type === 'styled') yield* walkText(n.children, style);
  }
}

/** An article's blocks and then its footnotes' blocks: everything its text holds. */
export function allBlocks(article: Article): Block[] {
  return [...article.blocks, ...article.footnotes.flatMap((f) => f.blocks)];
}

/** The article's plain text in reading order (used by fidelity checks and analyses). */
export function articleText(article: Article): string {
  const parts: string[] = [];
  for (const b of walkBlocks(article.blocks)) {
    if (b.type === 'code') parts.push(b.value);
    for (const run of ownInlines(b)) parts.push(inlineText(run));
  }
  return parts.join('\n');
}

/** Headings of level 2 and 3 as a tree: the article's sections. */
export function sectionTree(article: Article): SectionRef[] {
  const top: SectionRef[] = [];
  for (const b of article.blocks) {
    if (b.type !== 'heading' || b.level < 2 || b.level > 3) continue;
    const ref: SectionRef = { level: b.level, id: b.id, title: inlineText(b.children), children: [] };
    const parent = top[top.length - 1];
    if (b.level === 3 && parent) parent.children.push(ref);
    else top.push(ref);
  }
  return top;
}

/** The key of a table cell (row −1 is the head), from its table's key. */
export function cellKey(tableKey: string, row: number, column: number): string {
  return `${tableKey}:${row}:${column}`;
}

/** What one inline leaf adds to its block's text (a soft break adds what the analysis joined it with). */
export function leafText(n: Inline): string {
  switch (n.type) {
    case 'text':
    case 'code':
      return n.value;
    case 'image':
      return n.alt;
    case 'break':
      return '\n';
    case 'softbreak':
      return n.join ?? '';
    default:
      return '';
  }
}
