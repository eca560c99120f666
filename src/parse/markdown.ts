/** Markdown → model: markdown-it (GFM tables, strikethrough, autolinks, footnotes, containers, alerts, math, task lists, HTML) into blocks. */
import { createHash } from 'node:crypto';
import GithubSlugger from 'github-slugger';
import MarkdownIt, { type Token } from 'markdown-it';
import cjkFriendly from 'markdown-it-cjk-friendly';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';
import type { Diagnostics } from '../diagnostics.js';
import type { Block, ContainerKind, Footnote, Inline, ListItem, TableAlign } from '../model/types.js';
import { inlineText } from '../model/walk.js';
import { CONTAINER_KINDS, htmlBlocks, htmlInlines, reportTags } from './html.js';
import { mathPlugin } from './math.js';

/**
 * One parser for every corpus: CommonMark with GFM tables, strikethrough and autolinks, CJK-friendly emphasis,
 * footnotes (`[^1]`, `^[…]`), `::: kind` containers of any name (the parser keeps the known ones), `$` math.
 */
const md = new MarkdownIt({ html: true, linkify: true, typographer: false })
  .use(cjkFriendly)
  .use(footnote)
  .use(container, 'any', { validate: () => true })
  .use(mathPlugin);
// Bare `www.` and e-mail addresses stay text: only full web addresses become links.
md.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
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
  slugger: GithubSlugger;
  /** Footnote numbers by markdown-it's note id, in order of first reference. */
  notes: Map<number, number>;
  /** Labels of the notes, by markdown-it's id (inline notes have none). */
  labels: Map<number, string>;
  footnotes: Footnote[];
  /** Line of the last block met, for blocks markdown-it gives no map (footnote contents). */
  lastLine: number;
}

/** Parses an article body into blocks and footnotes. Nothing after this sees markdown-it tokens. */
export function parseMarkdown(body: string, file: string, bodyLine: number, diags: Diagnostics): { blocks: Block[]; footnotes: Footnote[] } {
  const env: { footnotes?: { list?: { label?: string }[] } } = {};
  const tokens = md.parse(body, env);
  const ctx: Ctx = { file, offset: bodyLine, diags, ids: new Set(), slugger: new GithubSlugger(), notes: new Map(), labels: new Map(), footnotes: [], lastLine: bodyLine };
  (env.footnotes?.list ?? []).forEach((n, i) => n.label !== undefined && ctx.labels.set(i, n.label));
  const [blocks] = parseBlocks(tokens, 0, null, ctx);
  ctx.footnotes.sort((a, b) => a.n - b.n);
  return { blocks, footnotes: ctx.footnotes };
}

function attr(t: Token, name: string): string | undefined {
  const v = t.attrGet(name);
  return v === null || v === undefined ? undefined : String(v);
}

function lineOf(t: Token, ctx: Ctx): number {
  if (t.map) ctx.lastLine = t.map[0] + ctx.offset;
  return t.map ? t.map[0] + ctx.offset : ctx.lastLine;
}

type Close = ((t: Token) => boolean) | null;
const closes = (type: string): Close => (t) => t.type === type;

const ALERTS: Record<string, ContainerKind> = { NOTE: 'note', TIP: 'tip', IMPORTANT: 'important', WARNING: 'warning', CAUTION: 'caution' };
const FIGURE_CAPTION = /^(?:图|圖|Figure|Fig\.?)\s*[0-9一二三四五六七八九十]+(?:[-.．][0-9]+)*(?:\s|[：:.．、]|$)/i;

/** An HTML block that opens an element it does not close (`<details><summary>…</summary>`, `<div align="center">`). */
function unclosedOpener(html: string): { tag: string; align?: string; summary?: string } | null {
  const m = /^\s*<(details|div|center|p|figure|blockquote)\b([^>]*)>/i.exec(html);
  if (!m) return null;
  const tag = m[1]!.toLowerCase();
  const opens = html.match(new RegExp(`<${tag}\\b`, 'gi'))?.length ?? 0;
  const ends = html.match(new RegExp(`</${tag}\\s*>`, 'gi'))?.length ?? 0;
  if (opens <= ends) return null;
  const align = /\balign\s*=\s*["']?(\w+)/i.exec(m[2] ?? '')?.[1]?.toLowerCase();
  const summary = /<summary[^>]*>([\s\S]*?)<\/summary>/i.exec(html)?.[1];
  return { tag, ...(align ? { align } : {}), ...(summary !== undefined ? { summary: htmlInlines(summary, 0).map((n) => inlineText([n])).join('').trim() } : {}) };
}

function warnHtml(html: string, line: number, ctx: Ctx): void {
  const r = reportTags(html);
  if (r.removed.size) ctx.diags.warn(ctx.file, line, 1, 'parse:html', `HTML <${[...r.removed].join('>, <')}> removed with its content: it cannot be printed or is unsafe`);
  if (r.dropped.size) ctx.diags.warn(ctx.file, line, 1, 'parse:html', `HTML <${[...r.dropped].join('>, <')}> is not supported: the tag was dropped, its text kept`);
  if (r.unsafe.size) ctx.diags.warn(ctx.file, line, 1, 'parse:html', `HTML attribute ${[...r.unsafe].join(', ')} removed: it could run script`);
}

/** Parses block tokens from `i` until a token `close` accepts (or the end). Returns blocks and the index after. */
function parseBlocks(tokens: Token[], start: number, close: Close, ctx: Ctx): [Block[], number] {
  const out: Block[] = [];
  let i = start;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (close && close(t)) return [out, i + 1];
    const pos = { file: ctx.file, line: lineOf(t, ctx) };
    switch (t.type) {
      case 'heading_open': {
        const parsed = headingAnchor(parseInlines(tokens[i + 1]!, ctx));
        const level = Number(t.tag.slice(1));
        const text = inlineText(parsed.children);
        const anchors = [...(parsed.id ? [parsed.id] : []), ctx.slugger.slug(text)];
        out.push({ type: 'heading', level, id: headingId(text, ctx), children: parsed.children, pos, anchors });
        i += 3;
        break;
      }
      case 'paragraph_open': {
        const children = parseInlines(tokens[i + 1]!, ctx);
        i += 3;
        if (children.length === 0) break;
        const image = soleImage(children);
        if (image) {
          // A caption: the image's title, else a following 「图 N …」 paragraph, else its alt text.
          let caption: Inline[] = image.title ? [{ type: 'text', value: image.title, line: image.line }] : [];
          const next = tokens[i];
          if (!caption.length && next?.type === 'paragraph_open' && FIGURE_CAPTION.test(tokens[i + 1]!.content.trim())) {
            caption = parseInlines(tokens[i + 1]!, ctx);
            i += 3;
          }
          if (!caption.length && image.alt) caption = [{ type: 'text', value: image.alt, line: image.line }];
          out.push({ type: 'figure', image, caption, center: true, pos });
          break;
        }
        out.push({ type: 'paragraph', children, pos });
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
          const [blocks, next] = parseBlocks(tokens, i + 1, closes('list_item_close'), ctx);
          items.push({ pos: { file: ctx.file, line: lineOf(itemTok, ctx) }, blocks, ...taskState(blocks) });
          i = next;
        }
        out.push({ type: 'list', ordered, start: Number(attr(t, 'start') ?? 1), items, pos });
        i++;
        break;
      }
      case 'blockquote_open': {
        const [children, next] = parseBlocks(tokens, i + 1, closes('blockquote_close'), ctx);
        out.push(alertOrQuote(children, pos));
        i = next;
        break;
      }
      case 'container_any_open': {
        const [children, next] = parseBlocks(tokens, i + 1, closes('container_any_close'), ctx);
        const info = t.info.trim();
        const name = info.split(/\s+/)[0]!.toLowerCase();
        const title = info.slice(name.length).trim();
        if ((CONTAINER_KINDS as readonly string[]).includes(name)) out.push({ type: 'container', kind: name as ContainerKind, ...(title ? { title } : {}), children, pos });
        else {
          ctx.diags.warn(ctx.file, pos.line, 1, 'parse:container', `unknown container '::: ${info.slice(0, 30)}': its content is kept without a box (known: ${CONTAINER_KINDS.join(', ')})`);
          out.push(...children);
        }
        i = next;
        break;
      }
      case 'fence':
      case 'code_block':
        out.push({ type: 'code', lang: t.info.trim().split(/\s+/)[0] ?? '', value: t.content.replace(/\n$/, ''), pos });
        i++;
        break;
      case 'math_block':
        out.push({ type: 'math', tex: t.content, pos });
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
      case 'html_block': {
        warnHtml(t.content, pos.line, ctx);
        const open = unclosedOpener(t.content);
        if (open) {
          // The element's content is Markdown up to the HTML block that closes it.
          const closer = new RegExp(`^\\s*</${open.tag}\\s*>`, 'i');
          const [inner, next] = parseBlocks(tokens, i + 1, (x) => x.type === 'html_block' && closer.test(x.content), ctx);
          const lead = htmlBlocks(t.content, pos).filter((b) => !(open.tag === 'details' && b.type === 'container'));
          const children = [...lead, ...inner];
          if (open.tag === 'details') out.push({ type: 'container', kind: 'details', ...(open.summary ? { title: open.summary } : {}), children, pos });
          else if (open.tag === 'center' || open.align === 'center') out.push(children.length === 1 && children[0]!.type === 'figure' ? children[0]! : { type: 'container', kind: 'center', children, pos });
          else out.push(...children);
          i = next;
          break;
        }
        const blocks = htmlBlocks(t.content, pos);
        if (blocks.length === 0 && reportTags(t.content).removed.size === 0 && !/^\s*<\/?[a-z][^>]*>\s*$/i.test(t.content) && !/^\s*<!--/.test(t.content)) {
          ctx.diags.warn(ctx.file, pos.line, 1, 'parse:html', `raw HTML left nothing to print: ${snippet(t.content)}`);
        }
        out.push(...blocks);
        i++;
        break;
      }
      case 'footnote_block_open': {
        const [, next] = parseFootnotes(tokens, i + 1, ctx);
        i = next;
        break;
      }
      default:
        i++;
    }
  }
  return [out, i];
}

/** The notes of `footnote_block_open … footnote_block_close`, numbered as they were referenced. */
function parseFootnotes(tokens: Token[], start: number, ctx: Ctx): [null, number] {
  let i = start;
  while (i < tokens.length && tokens[i]!.type !== 'footnote_block_close') {
    const t = tokens[i]!;
    if (t.type === 'footnote_open') {
      const id = (t.meta as { id: number }).id;
      const line = ctx.lastLine;
      const [blocks, next] = parseBlocks(tokens, i + 1, closes('footnote_close'), ctx);
      const n = ctx.notes.get(id);
      const label = ctx.labels.get(id) ?? String(id + 1);
      if (n === undefined) ctx.diags.warn(ctx.file, blocks[0]?.pos.line ?? line, 1, 'parse:footnote', `footnote [^${label}] is never referenced; it is left out`);
      else ctx.footnotes.push({ label, n, blocks, pos: { file: ctx.file, line: blocks[0]?.pos.line ?? line } });
      i = next;
    } else i++;
  }
  return [null, i + 1];
}

/** `> [!NOTE]` (GitHub alerts): the quote becomes a box of that kind, its first line dropped. */
function alertOrQuote(children: Block[], pos: Block['pos']): Block {
  const first = children[0];
  if (first?.type === 'paragraph') {
    const lead = first.children[0];
    const m = lead?.type === 'text' ? /^\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*/i.exec(lead.value) : null;
    if (m && lead?.type === 'text') {
      const rest = [{ ...lead, value: lead.value.slice(m[0].length) }, ...first.children.slice(1)].filter((n) => !(n.type === 'text' && n.value === ''));
      while (rest[0]?.type === 'softbreak' || rest[0]?.type === 'break') rest.shift();
      const body = rest.length ? [{ ...first, children: rest }, ...children.slice(1)] : children.slice(1);
      return { type: 'container', kind: ALERTS[m[1]!.toUpperCase()]!, children: body, pos };
    }
  }
  return { type: 'blockquote', children, pos };
}

/** `- [ ] 任务` / `- [x] 任务`: the item's state, its marker taken out of the text. */
function taskState(blocks: Block[]): { checked?: boolean } {
  const p = blocks[0];
  if (p?.type !== 'paragraph') return {};
  const lead = p.children[0];
  const m = lead?.type === 'text' ? /^\[([ xX])\]\s+/.exec(lead.value) : null;
  if (!m || lead?.type !== 'text') return {};
  p.children[0] = { ...lead, value: lead.value.slice(m[0].length) };
  return { checked: m[1] !== ' ' };
}

/** A heading's explicit id, `## 标题 {#my-id}`: taken out of its text. */
function headingAnchor(children: Inline[]): { children: Inline[]; id?: string } {
  const last = children[children.length - 1];
  if (last?.type !== 'text') return { children };
  const m = /\s*\{#([\w\-\u4e00-\u9fff]+)\}\s*$/u.exec(last.value);
  if (!m) return { children };
  return { children: [...children.slice(0, -1), { ...last, value: last.value.slice(0, m.index) }], id: m[1]! };
}

function soleImage(nodes: readonly Inline[]): Extract<Inline, { type: 'image' }> | null {
  const real = nodes.filter((n) => !(n.type === 'text' && n.value.trim() === '') && n.type !== 'softbreak');
  const only = real.length === 1 ? real[0]! : null;
  return only && only.type === 'image' ? only : null;
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

/** Inline HTML tags that open and close a styled run (`<sup>…</sup>`), or stand alone (`<br>`, `<img>`). */
const INLINE_OPEN = /^<([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(\/?)>$/;
const INLINE_CLOSE = /^<\/([a-zA-Z][a-zA-Z0-9]*)\s*>$/;
const SKIPPED = new Set(['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'textarea', 'svg', 'math', 'select']);

function parseInlines(inline: Token, ctx: Ctx, at?: number): Inline[] {
  let line = inline.map ? lineOf(inline, ctx) : (at ?? lineOf(inline, ctx));
  const root: Inline[] = [];
  const stack: { children: Inline[]; tag?: string }[] = [{ children: root }];
  const top = () => stack[stack.length - 1]!.children;
  const open = (node: Inline & { children: Inline[] }, tag?: string) => {
    top().push(node);
    stack.push({ children: node.children, ...(tag ? { tag } : {}) });
  };
  /** Inside `<script>…</script>` and the like: nothing is kept until it closes. */
  let skipping: string | null = null;
  for (const t of inline.children ?? []) {
    if (skipping) {
      if (t.type === 'html_inline' && INLINE_CLOSE.exec(t.content.trim())?.[1]?.toLowerCase() === skipping) skipping = null;
      continue;
    }
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
      case 'math_inline':
        top().push({ type: 'math', tex: t.content, line });
        break;
      case 'footnote_ref': {
        const id = (t.meta as { id: number }).id;
        let n = ctx.notes.get(id);
        if (n === undefined) ctx.notes.set(id, (n = ctx.notes.size + 1));
        top().push({ type: 'footnoteRef', label: ctx.labels.get(id) ?? String(n), n, line });
        break;
      }
      case 'strong_open':
        open({ type: 'strong', children: [] });
        break;
      case 'em_open':
        open({ type: 'emphasis', children: [] });
        break;
      case 's_open':
        open({ type: 'styled', tag: 'del', children: [] });
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
      case 's_close':
      case 'link_close':
        if (stack.length > 1) stack.pop();
        break;
      case 'image': {
        const title = attr(t, 'title');
        top().push({ type: 'image', src: attr(t, 'src') ?? '', alt: t.content, ...(title ? { title } : {}), line });
        break;
      }
      case 'html_inline': {
        const raw = t.content.trim();
        const closing = INLINE_CLOSE.exec(raw);
        if (closing) {
          const tag = closing[1]!.toLowerCase();
          const at = stack.map((s) => s.tag).lastIndexOf(tag);
          if (at > 0) stack.length = at;
          break;
        }
        const opening = INLINE_OPEN.exec(raw);
        if (!opening) {
          if (!raw.startsWith('<!--')) warnHtml(raw, line, ctx);
          break;
        }
        warnHtml(raw, line, ctx);
        const tag = opening[1]!.toLowerCase();
        if (SKIPPED.has(tag)) {
          if (!opening[2]) skipping = tag;
          break;
        }
        // The tag alone, sanitised and read: a styled run, a link, a break or an image.
        const [node] = htmlInlines(tag === 'br' || tag === 'img' || opening[2] ? raw : `${raw}</${tag}>`, line);
        if (!node) break;
        if ('children' in node) open(node, tag);
        else top().push(node);
        break;
      }
      default:
        if (t.content) pushText(top(), t.content, line);
    }
  }
  return withoutTemplateCode(root, ctx);
}

const TEMPLATE_LINK = /\[([^\]]*)\]\(\s*(?:\{\{|\{%)[^)]*\)/g;
const TEMPLATE_CODE = /\{\{[^{}]*\}\}|\{%[^{}]*%\}/g;

/**
 * Site-generator leftovers (`{{ site.url }}`, `{% raw %}`, `[首页]({{ site.baseurl }}/)`) are no text of the
 * article: a link keeps its words, the rest goes, with one warning at its line.
 */
function withoutTemplateCode(nodes: Inline[], ctx: Ctx): Inline[] {
  for (const n of nodes) {
    if ('children' in n) withoutTemplateCode(n.children, ctx);
    if (n.type !== 'text' || !/\{\{|\{%/.test(n.value)) continue;
    const before = n.value;
    n.value = n.value.replace(TEMPLATE_LINK, '$1').replace(TEMPLATE_CODE, '');
    if (n.value !== before) ctx.diags.warn(ctx.file, n.line, 1, 'parse:template', `site-template code left out: ${snippet(before.match(TEMPLATE_CODE)?.[0] ?? before)}`);
  }
  return nodes;
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
