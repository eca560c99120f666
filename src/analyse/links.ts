/** The one link policy: which targets the outputs keep, and where links inside the pack land, decided once for the PDF and the EPUB. */
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { Article, Block, Book, Inline } from '../model/types.js';
import { walkBlocks } from '../model/walk.js';

const WEB = /^(https?:|mailto:)/i;

/** A web or mail address, which both outputs make a link of. */
export function isWebLink(href: string): boolean {
  return WEB.test(href);
}

/** Every article's heading ids by every name a `#…` link may use for them (id, `{#id}`, GitHub slug). */
export class LinkTargets {
  private readonly byFile = new Map<string, number>();
  /** Parts' opening pages by file: the part's number and its first article. */
  private readonly partFiles = new Map<string, { part: number; article: number }>();
  private readonly anchors: Map<string, string>[] = [];

  constructor(book: Book) {
    for (const a of book.articles) {
      if (a.part?.file && !this.partFiles.has(path.resolve(a.part.file))) this.partFiles.set(path.resolve(a.part.file), { part: a.part.number, article: a.number });
      this.byFile.set(path.resolve(a.file), a.number);
      const names = new Map<string, string>();
      for (const b of walkBlocks(a.blocks)) {
        if (b.type !== 'heading') continue;
        for (const n of [b.id, ...(b.anchors ?? [])]) if (n && !names.has(n)) names.set(n, b.id);
      }
      this.anchors[a.number] = names;
    }
  }

  /** The article a relative path from `from` names (`other.md`, `../part/x.md`, `./x`), if it is in the pack. */
  article(from: Article, rel: string): number | undefined {
    const abs = path.resolve(path.dirname(from.file), rel);
    return this.byFile.get(abs) ?? this.byFile.get(`${abs}.md`) ?? this.byFile.get(path.join(abs, 'README.md')) ?? this.byFile.get(path.join(abs, 'index.md'));
  }

  /** A part's opening page a relative path names (`第一部分/README.md`, `第一部分/`). */
  part(from: { file: string }, rel: string): { part: number; article: number } | undefined {
    const abs = path.resolve(path.dirname(from.file), rel);
    return this.partFiles.get(abs) ?? this.partFiles.get(path.join(abs, 'README.md')) ?? this.partFiles.get(path.join(abs, 'index.md'));
  }

  heading(article: number, anchor: string): string | undefined {
    const names = this.anchors[article];
    if (!names) return undefined;
    let decoded = anchor;
    try {
      decoded = decodeURIComponent(anchor);
    } catch {
      // kept as written
    }
    return names.get(decoded) ?? names.get(decoded.toLowerCase());
  }
}

/**
 * Resolved blocks with each link decided: a web or mail address is kept; a link to a heading of the article
 * (`#节`) or to another article of the pack (`./other.md`, `other.md#节`) gets its `target`; anything else
 * (a site-relative `/2020/x/`, a template leftover `{{site.url}}`, a file outside the pack) loses its target
 * and keeps its text, with one warning per file and kind.
 */
export function linkPolicy(blocks: Block[], a: Article, targets: LinkTargets, diags: Diagnostics): Block[] {
  const warned = new Set<string>();
  const warn = (kind: string, line: number, message: string) => {
    if (warned.has(kind)) return;
    warned.add(kind);
    diags.warn(a.file, line, 1, 'analyse:link', message);
  };
  const lineOf = (ns: Inline[]): number => {
    for (const c of ns) {
      if ('line' in c && c.line > 0) return c.line;
      if ('children' in c) {
        const l = lineOf(c.children);
        if (l) return l;
      }
    }
    return 0;
  };
  const resolve = (n: Extract<Inline, { type: 'link' }>): Extract<Inline, { type: 'link' }> => {
    const href = n.href.trim();
    if (!href || WEB.test(href)) return n;
    const line = lineOf(n.children);
    const plain = { ...n, href: '' };
    if (/\{\{|\{%|\$\{/.test(href)) {
      warn('template', line, `link '${href.slice(0, 60)}' is a template placeholder (a site generator's); its text is kept`);
      return plain;
    }
    const hash = href.indexOf('#');
    const file = hash >= 0 ? href.slice(0, hash) : href;
    const anchor = hash >= 0 ? href.slice(hash + 1) : '';
    if (!file) {
      const id = targets.heading(a.number, anchor);
      if (id) return { ...n, href: '', target: { article: a.number, id } };
      warn(`anchor:${anchor}`, line, `link '#${anchor.slice(0, 40)}' names no heading of this article; its text is kept`);
      return plain;
    }
    if (file.startsWith('/')) {
      warn('site', line, `link '${href.slice(0, 60)}' is relative to a web site, not to the pack; its text is kept`);
      return plain;
    }
    let rel = file;
    try {
      rel = decodeURI(file);
    } catch {
      // kept as written
    }
    const part = /^[a-z][a-z0-9+.-]*:/i.test(rel) ? undefined : targets.part(a, rel);
    if (part) return { ...n, href: '', target: { article: part.article, part: part.part } };
    const article = /^[a-z][a-z0-9+.-]*:/i.test(rel) ? undefined : targets.article(a, rel);
    if (article === undefined) {
      warn(`file:${file}`, line, `link '${href.slice(0, 60)}' is not to a web address or an article of the pack; its text is kept`);
      return plain;
    }
    if (!anchor) return { ...n, href: '', target: { article } };
    const id = targets.heading(article, anchor);
    if (!id) warn(`anchor:${file}#${anchor}`, line, `link '${href.slice(0, 60)}' names no heading of that article; it goes to the article's start`);
    return { ...n, href: '', target: { article, ...(id ? { id } : {}) } };
  };
  const inlines = (ns: Inline[]): Inline[] =>
    ns.map((n) => {
      if (n.type === 'link') return { ...resolve(n), children: inlines(n.children) };
      if ('children' in n) return { ...n, children: inlines(n.children) };
      return n;
    });
  const walk = (bs: Block[]): Block[] =>
    bs.map((b): Block => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return { ...b, children: inlines(b.children) };
        case 'figure':
          return { ...b, caption: inlines(b.caption) };
        case 'table':
          return { ...b, head: b.head.map(inlines), rows: b.rows.map((r) => r.map(inlines)) };
        case 'list':
          return { ...b, items: b.items.map((it) => ({ ...it, blocks: walk(it.blocks) })) };
        case 'blockquote':
        case 'container':
          return { ...b, children: walk(b.children) };
        default:
          return b;
      }
    });
  return walk(blocks);
}
