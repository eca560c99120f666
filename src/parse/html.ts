/** Raw HTML in Markdown: sanitised (sanitize-html), then turned into model nodes; a safe subset keeps its meaning, other tags only their text. */
import { parseDocument } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import type { Block, ContainerKind, Inline, Position, StyledTag, TableAlign } from '../model/types.js';

/** Tags whose meaning both outputs render. */
const STYLED: Record<string, StyledTag> = { sup: 'sup', sub: 'sub', kbd: 'kbd', mark: 'mark', ins: 'ins', u: 'ins', del: 'del', s: 'del', strike: 'del', small: 'small', abbr: 'abbr', span: 'span' };
const INLINE_KEPT = ['b', 'strong', 'i', 'em', 'code', 'a', 'img', 'br', ...Object.keys(STYLED)];
const BLOCK_KEPT = ['p', 'div', 'center', 'details', 'summary', 'table', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'ul', 'ol', 'li', 'blockquote', 'hr', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'pre', 'figure', 'figcaption'];
/** Removed with everything inside them. */
const REMOVED = ['script', 'style', 'iframe', 'object', 'embed', 'noscript', 'template', 'textarea', 'select', 'option', 'svg', 'math', 'canvas', 'video', 'audio', 'form', 'button', 'input'];

/** What the sanitiser keeps: the subset above, a few attributes, web and mail links only. No script, handler or `javascript:` survives. */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...INLINE_KEPT, ...BLOCK_KEPT],
  allowedAttributes: { img: ['src', 'alt', 'title', 'width', 'height', 'align'], a: ['href', 'title'], abbr: ['title'], p: ['align'], div: ['align'], td: ['align'], th: ['align'], h1: ['align', 'id'], h2: ['align', 'id'], h3: ['align', 'id'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: ['http', 'https'] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  nonTextTags: REMOVED,
};

export interface HtmlReport {
  /** Tags removed with their content (`script`, `iframe` …). */
  removed: Set<string>;
  /** Tags dropped with their text kept. */
  dropped: Set<string>;
  /** Attributes removed because they could run script or reach out (`onerror`, `javascript:` links). */
  unsafe: Set<string>;
}

/** The tags of a fragment the sanitiser will remove or drop, for the warning that names them. */
export function reportTags(html: string): HtmlReport {
  const removed = new Set<string>();
  const dropped = new Set<string>();
  const unsafe = new Set<string>();
  const walk = (ns: Node[]): Element[] => ns.flatMap((n) => (isElement(n) ? [n, ...walk(n.children)] : []));
  for (const el of walk(parseDocument(html).children as unknown as Node[])) {
    const tag = el.name;
    for (const [k, v] of Object.entries(el.attribs)) {
      if (/^on/i.test(k) || ((k === 'href' || k === 'src') && /^\s*(javascript|data|vbscript):/i.test(v))) unsafe.add(`${k}=`);
    }
    if (REMOVED.includes(tag)) removed.add(tag);
    else if (!INLINE_KEPT.includes(tag) && !BLOCK_KEPT.includes(tag)) dropped.add(tag);
  }
  return { removed, dropped, unsafe };
}

export function sanitize(html: string): string {
  return sanitizeHtml(html, SANITIZE);
}

/** The parts of htmlparser2's DOM nodes read here. */
interface Node {
  type: string;
  data?: string;
}
interface Element extends Node {
  type: 'tag' | 'script' | 'style';
  name: string;
  attribs: Record<string, string>;
  children: Node[];
}

// htmlparser2 types <script> and <style> elements apart from other tags.
const isElement = (n: Node): n is Element => n.type === 'tag' || n.type === 'script' || n.type === 'style';
const parse = (html: string): Node[] => parseDocument(sanitize(html), { decodeEntities: true }).children as unknown as Node[];

/** Converts sanitised HTML to model blocks; `line` is where the fragment starts. */
export function htmlBlocks(html: string, pos: Position): Block[] {
  return blocksOf(parse(html), pos);
}

/** Converts sanitised inline HTML (a fragment inside a paragraph) to model inlines. */
export function htmlInlines(html: string, line: number): Inline[] {
  return inlinesOf(parse(html), line);
}

const BLOCK_TAGS = new Set(BLOCK_KEPT);

function blocksOf(nodes: Node[], pos: Position): Block[] {
  const out: Block[] = [];
  let run: Node[] = [];
  const flush = () => {
    const inl = trimInlines(inlinesOf(run, pos.line));
    run = [];
    if (inl.length) out.push(paragraphOrFigure(inl, pos, false));
  };
  for (const n of nodes) {
    if (isElement(n) && BLOCK_TAGS.has(n.name)) {
      flush();
      out.push(...blockOf(n, pos));
    } else run.push(n);
  }
  flush();
  return out;
}

/** A paragraph holding only an image becomes a figure, captioned by its title or alt text. */
function paragraphOrFigure(children: Inline[], pos: Position, center: boolean): Block {
  const only = children.filter((c) => !(c.type === 'text' && !c.value.trim()) && c.type !== 'break');
  // `<img …><br>图注`: an image, a line break, then its caption.
  const first = only[0];
  const at = first ? children.indexOf(first) : -1;
  if (first?.type === 'image' && only.length > 1 && children[at + 1]?.type === 'break') {
    const caption = trimInlines(children.slice(at + 2));
    return { type: 'figure', image: first, caption, center: true, pos };
  }
  if (only.length === 1 && only[0]!.type === 'image') {
    const image = only[0]!;
    const caption = image.title || image.alt;
    return { type: 'figure', image, caption: caption ? [{ type: 'text', value: caption, line: image.line }] : [], center: true, pos };
  }
  const p: Block = { type: 'paragraph', children, pos };
  return center ? { type: 'container', kind: 'center', children: [p], pos } : p;
}

function blockOf(el: Element, pos: Position): Block[] {
  const align = (el.attribs.align ?? '').toLowerCase();
  switch (el.name) {
    case 'p': {
      const inl = trimInlines(inlinesOf(el.children, pos.line));
      return inl.length ? [paragraphOrFigure(inl, pos, align === 'center')] : [];
    }
    case 'div':
    case 'center':
    case 'figure': {
      const inner = blocksOf(el.children, pos);
      if (el.name === 'figure') {
        const cap = el.children.find((c): c is Element => isElement(c) && c.name === 'figcaption');
        const fig = inner.find((b) => b.type === 'figure');
        if (cap && fig && fig.type === 'figure') fig.caption = trimInlines(inlinesOf(cap.children, pos.line));
        return inner.filter((b) => b === fig || !(cap && b.type === 'paragraph'));
      }
      const centred = el.name === 'center' || align === 'center';
      // A centred figure is centred already: no box around it.
      if (centred && !(inner.length === 1 && inner[0]!.type === 'figure')) return inner.length ? [{ type: 'container', kind: 'center', children: inner, pos }] : [];
      return inner;
    }
    case 'figcaption':
      return blocksOf(el.children, pos);
    case 'details': {
      const summary = el.children.find((c): c is Element => isElement(c) && c.name === 'summary');
      const title = summary ? textOf(summary).trim() : undefined;
      const rest = el.children.filter((c) => c !== summary);
      return [{ type: 'container', kind: 'details', ...(title ? { title } : {}), children: blocksOf(rest, pos), pos }];
    }
    case 'summary':
      return [{ type: 'paragraph', children: [{ type: 'strong', children: inlinesOf(el.children, pos.line) }], pos }];
    case 'blockquote':
      return [{ type: 'blockquote', children: blocksOf(el.children, pos), pos }];
    case 'hr':
      return [{ type: 'rule', pos }];
    case 'pre':
      return [{ type: 'code', lang: '', value: textOf(el).replace(/\n$/, ''), pos }];
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
      return [{ type: 'heading', level: Number(el.name.slice(1)), id: '', children: trimInlines(inlinesOf(el.children, pos.line)), pos }];
    case 'ul':
    case 'ol':
      return [
        {
          type: 'list',
          ordered: el.name === 'ol',
          start: 1,
          pos,
          items: el.children.filter((c): c is Element => isElement(c) && c.name === 'li').map((li) => ({ pos, blocks: blocksOf(li.children, pos) })),
        },
      ];
    case 'li':
      return blocksOf(el.children, pos);
    case 'table':
      return [tableOf(el, pos)];
    default:
      return blocksOf(el.children, pos);
  }
}

function tableOf(el: Element, pos: Position): Block {
  const rows: Element[] = [];
  const collect = (ns: Node[]) => {
    for (const n of ns) if (isElement(n)) n.name === 'tr' ? rows.push(n) : collect(n.children);
  };
  collect(el.children);
  const cells = (tr: Element) => tr.children.filter((c): c is Element => isElement(c) && (c.name === 'td' || c.name === 'th'));
  const first = rows[0];
  const hasHead = !!first && cells(first).every((c) => c.name === 'th');
  const headRow = hasHead ? first : undefined;
  const align: TableAlign[] = (headRow ? cells(headRow) : first ? cells(first) : []).map((c) => {
    const a = (c.attribs.align ?? '').toLowerCase();
    return a === 'left' || a === 'center' || a === 'right' ? a : null;
  });
  const cellInlines = (c: Element) => trimInlines(inlinesOf(c.children, pos.line));
  return {
    type: 'table',
    align,
    head: headRow ? cells(headRow).map(cellInlines) : [],
    rows: (hasHead ? rows.slice(1) : rows).map((tr) => cells(tr).map(cellInlines)),
    pos,
  };
}

function inlinesOf(nodes: Node[], line: number): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    if (n.type === 'text') {
      const value = (n.data ?? '').replace(/\s+/g, ' ');
      if (value) out.push({ type: 'text', value, line });
      continue;
    }
    if (!isElement(n)) continue;
    const kids = () => inlinesOf(n.children, line);
    switch (n.name) {
      case 'br':
        out.push({ type: 'break' });
        break;
      case 'img': {
        const src = n.attribs.src ?? '';
        if (!src) break;
        out.push({ type: 'image', src, alt: n.attribs.alt ?? '', ...(n.attribs.title ? { title: n.attribs.title } : {}), line });
        break;
      }
      case 'a':
        out.push({ type: 'link', href: n.attribs.href ?? '', ...(n.attribs.title ? { title: n.attribs.title } : {}), children: kids() });
        break;
      case 'b':
      case 'strong':
        out.push({ type: 'strong', children: kids() });
        break;
      case 'i':
      case 'em':
        out.push({ type: 'emphasis', children: kids() });
        break;
      case 'code':
        out.push({ type: 'code', value: textOf(n), line });
        break;
      default: {
        const tag = STYLED[n.name];
        if (tag) out.push({ type: 'styled', tag, ...(n.attribs.title ? { title: n.attribs.title } : {}), children: kids() });
        else {
          // A block element met inside inline content: its text, set off by a line break.
          if (out.length && BLOCK_TAGS.has(n.name)) out.push({ type: 'break' });
          out.push(...kids());
        }
      }
    }
  }
  return out;
}

function textOf(el: Element): string {
  return el.children.map((c) => (c.type === 'text' ? (c.data ?? '') : isElement(c) ? (c.name === 'br' ? '\n' : textOf(c)) : '')).join('');
}

/** Leading and trailing white space and breaks of a block's inline content dropped. */
function trimInlines(nodes: Inline[]): Inline[] {
  const out = [...nodes];
  while (out.length && ((out[0]!.type === 'text' && !(out[0] as { value: string }).value.trim()) || out[0]!.type === 'break')) out.shift();
  while (out.length && ((out[out.length - 1]!.type === 'text' && !(out[out.length - 1] as { value: string }).value.trim()) || out[out.length - 1]!.type === 'break')) out.pop();
  const f = out[0];
  if (f && f.type === 'text') out[0] = { ...f, value: f.value.trimStart() };
  const l = out[out.length - 1];
  if (l && l.type === 'text') out[out.length - 1] = { ...l, value: l.value.trimEnd() };
  return out;
}

export const CONTAINER_KINDS: readonly ContainerKind[] = ['tip', 'note', 'info', 'important', 'warning', 'caution', 'danger', 'details', 'center'];
