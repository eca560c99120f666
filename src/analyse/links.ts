/** The one link policy: which link targets the outputs keep, decided once for the PDF and the EPUB alike. */
import type { Diagnostics } from '../diagnostics.js';
import type { Article, Block, Inline } from '../model/types.js';

const WEB = /^(https?:|mailto:)/i;
const IN_PAGE = /^#[\w-]+$/;

/** A web or mail address, which both outputs make a link of. */
export function isWebLink(href: string): boolean {
  return WEB.test(href);
}

/**
 * Resolved blocks with each link's target kept when an output can follow it (web and mail addresses,
 * in-page anchors), else emptied with a warning at its line: its text stays, as plain text.
 */
export function linkPolicy(blocks: Block[], a: Article, diags: Diagnostics): Block[] {
  const inlines = (ns: Inline[]): Inline[] =>
    ns.map((n) => {
      if (n.type === 'strong' || n.type === 'emphasis') return { ...n, children: inlines(n.children) };
      if (n.type !== 'link') return n;
      let href = n.href;
      if (href && !WEB.test(href) && !IN_PAGE.test(href)) {
        const line = n.children.find((c) => 'line' in c && c.line > 0);
        diags.warn(a.file, line && 'line' in line ? line.line : 0, 1, 'analyse:link', `link '${href.slice(0, 60)}' is not a web address; kept as plain text`);
        href = '';
      }
      return { ...n, href, children: inlines(n.children) };
    });
  const walk = (bs: Block[]): Block[] =>
    bs.map((b): Block => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return { ...b, children: inlines(b.children) };
        case 'table':
          return { ...b, head: b.head.map(inlines), rows: b.rows.map((r) => r.map(inlines)) };
        case 'list':
          return { ...b, items: b.items.map((it) => ({ ...it, blocks: walk(it.blocks) })) };
        case 'blockquote':
          return { ...b, children: walk(b.children) };
        default:
          return b;
      }
    });
  return walk(blocks);
}
