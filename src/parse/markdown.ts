import { createHash } from 'node:crypto';
import MarkdownIt, { type Token } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import type { Diagnostics } from '../diagnostics.js';
import type { Block, Inline, ListItem, TableAlign } from '../model/types.js';
import { inlineText } from '../model/walk.js';

/** One parser for every corpus: CommonMark + tables + strikethrough off, CJK-friendly emphasis. */
const md = new MarkdownIt({ html: true, linkify: false, typographer: false }).use(cjkFriendly).disable('strikethrough');
// Every link target reaches the model, where unsafe ones are dropped with a message (markdown-it alone
// would silently leave `[text](javascript:…)` as literal text).
md.validateLink = () => true;
const SAFE_LINK = /^(https?:|mailto:|#)/i;
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

interface Ctx {
  file: string;
  /** Absolute line of the body's first line, minus one: token.map lines are 0-based within the body. */
  offset: number;
  diags: Diagnostics;
  ids: Set<string>;
}

/** Parses an article body into blocks. Nothing after this sees markdown-it tokens. */
export function parseMarkdown(body: string, file: string, bodyLine: number, diags: Diagnostics): Block[] {
  const tokens = md.parse(body, {});
  const ctx: Ctx = { file, offset: bodyLine, diags, ids: new Set() };
  const [blocks] = parseBlocks(tokens, 0, null, ctx);
  return blocks;
}

function attr(t: Token, name: string): string | undefined {
  const v = t.attrGet(name);
  return v === null || v === undefined ? undefined : String(v);
}

function lineOf(t: Token, ctx: Ctx): number {
  return (t.map?.[0] ?? 0) + ctx.offset;
}

/** Parses block tokens from `i` until the closing token `close` (or the end). Returns blocks and the index after. */
function parseBlocks(tokens: Token[], start: number, close: string | null, ctx: Ctx): [Block[], number] {
  const out: Block[] = [];
  let i = start;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (close && t.type === close) return [out, i + 1];
    const pos = { file: ctx.file, line: lineOf(t, ctx) };
    switch (t.type) {
      case 'heading_open': {
        const children = parseInlines(tokens[i + 1]!, ctx);
        const level = Number(t.tag.slice(1));
        out.push({ type: 'heading', level, id: headingId(inlineText(children), ctx), children, pos });
        i += 3;
        break;
      }
      case 'paragraph_open': {
        const children = parseInlines(tokens[i + 1]!, ctx);
        if (children.length > 0) out.push({ type: 'paragraph', children, pos });
        i += 3;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = t.type === 'ordered_list_open';
        const items: ListItem[] = [];
        i++;
        const closeType = ordered ? 'ordered_list_close' : 'bullet_list_close';
        while (tokens[i] && tokens[i]!.type !== closeType) {
          const itemTok = tokens[i]!; // list_item_open
          const [blocks, next] = parseBlocks(tokens, i + 1, 'list_item_close', ctx);
          items.push({ pos: { file: ctx.file, line: lineOf(itemTok, ctx) }, blocks });
          i = next;
        }
        out.push({ type: 'list', ordered, start: Number(attr(t, 'start') ?? 1), items, pos });
        i++;
        break;
      }
      case 'blockquote_open': {
        const [children, next] = parseBlocks(tokens, i + 1, 'blockquote_close', ctx);
        out.push({ type: 'blockquote', children, pos });
        i = next;
        break;
      }
      case 'fence':
      case 'code_block':
        out.push({ type: 'code', lang: t.info.trim().split(/\s+/)[0] ?? '', value: t.content.replace(/\n$/, ''), pos });
        i++;
        break;
      case 'hr':
        out.push({ type: 'rule', pos });
        i++;
        break;
      case 'table_open': {
        const [table, next] = parseTable(tokens, i, ctx);
        out.push(table);
        i = next;
        break;
      }
      case 'html_block':
        ctx.diags.warn(ctx.file, pos.line, 1, 'parse:html', `raw HTML is not supported and was left out: ${snippet(t.content)}`);
        i++;
        break;
      default:
        i++;
    }
  }
  return [out, i];
}

function parseTable(tokens: Token[], start: number, ctx: Ctx): [Block, number] {
  const pos = { file: ctx.file, line: lineOf(tokens[start]!, ctx) };
  const head: Inline[][] = [];
  const rows: Inline[][][] = [];
  const align: TableAlign[] = [];
  let row: Inline[][] | null = null;
  let inHead = false;
  // markdown-it gives rows a line but not their cells: a cell's text is on its row's line.
  let rowLine = pos.line;
  let i = start + 1;
  for (; i < tokens.length && tokens[i]!.type !== 'table_close'; i++) {
    const t = tokens[i]!;
    if (t.type === 'thead_open') inHead = true;
    else if (t.type === 'thead_close') inHead = false;
    else if (t.type === 'tr_open') {
      row = [];
      rowLine = lineOf(t, ctx);
    }
    else if (t.type === 'tr_close' && row) {
      if (inHead) head.push(...row);
      else rows.push(row);
      row = null;
    } else if (t.type === 'th_open' || t.type === 'td_open') {
      if (inHead) {
        const style = attr(t, 'style') ?? '';
        const m = /text-align:(left|center|right)/.exec(style);
        align.push((m?.[1] as TableAlign) ?? null);
      }
      row?.push(parseInlines(tokens[i + 1]!, ctx, rowLine));
    }
  }
  return [{ type: 'table', align, head, rows, pos }, i + 1];
}

function parseInlines(inline: Token, ctx: Ctx, at?: number): Inline[] {
  let line = inline.map ? lineOf(inline, ctx) : (at ?? lineOf(inline, ctx));
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  const top = () => stack[stack.length - 1]!;
  const open = (node: Inline & { children: Inline[] }) => {
    top().push(node);
    stack.push(node.children);
  };
  for (const t of inline.children ?? []) {
    switch (t.type) {
      case 'text':
        if (t.content) pushText(top(), t.content, line);
        break;
      case 'softbreak':
        top().push({ type: 'softbreak' });
        line++;
        break;
      case 'hardbreak':
        top().push({ type: 'break' });
        line++;
        break;
      case 'code_inline':
        top().push({ type: 'code', value: t.content, line });
        break;
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [] });
        break;
      case 'link_open': {
        const title = attr(t, 'title');
        let href = attr(t, 'href') ?? '';
        if (SCHEME.test(href.trim()) && !SAFE_LINK.test(href.trim())) {
          ctx.diags.warn(ctx.file, line, 1, 'parse:link', `link to '${href.slice(0, 40)}' is not a web or mail address and was removed; its text stays`);
          href = '';
        }
        open({ type: 'link', href, ...(title ? { title } : {}), children: [] });
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'image': {
        const title = attr(t, 'title');
        top().push({ type: 'image', src: attr(t, 'src') ?? '', alt: t.content, ...(title ? { title } : {}), line });
        break;
      }
      case 'html_inline':
        ctx.diags.warn(ctx.file, line, 1, 'parse:html', `raw HTML is not supported and was left out: ${snippet(t.content)}`);
        break;
      default:
        if (t.content) pushText(top(), t.content, line);
    }
  }
  return root;
}

/** Adjacent text on the same line is merged, so the model holds runs, not markdown-it's fragments. */
function pushText(into: Inline[], value: string, line: number): void {
  const last = into[into.length - 1];
  if (last && last.type === 'text' && last.line === line) last.value += value;
  else into.push({ type: 'text', value, line });
}

/** A stable id from the heading's text: the same heading keeps its id when other text changes. */
function headingId(text: string, ctx: Ctx): string {
  const base = 'sec-' + createHash('sha1').update(text).digest('hex').slice(0, 8);
  let id = base;
  for (let n = 2; ctx.ids.has(id); n++) id = `${base}-${n}`;
  ctx.ids.add(id);
  return id;
}

function snippet(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > 40 ? one.slice(0, 40) + '…' : one;
}
