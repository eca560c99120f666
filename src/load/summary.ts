// Reads a GitBook / HonKit / mdBook SUMMARY.md: the linked chapters in order, and the part titles between them.
import { plainInline } from './title-heading.js';

export type SummaryItem =
  | { kind: 'part'; title: string; line: number }
  | { kind: 'link'; title: string; href: string; line: number; depth: number }
  | { kind: 'draft'; title: string; line: number }
  /** A rule (`---`): mdBook's end of the numbered chapters; what follows is in no part. */
  | { kind: 'separator'; line: number };

const SUMMARY_TITLE = /^(summary|table of contents|contents|目录|目錄|大纲|大綱)$/i;
const HEADING = /^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const BULLET = /^(\s*)(?:[*+-]|\d+[.)])\s+(.*)$/;
const LINK = /^\[((?:[^\]\\]|\\.)*)\]\(\s*(<[^>]*>|[^\s)]*)(?:\s+["'(][^)]*)?\s*\)/;

/**
 * The items of a SUMMARY.md in order. Chapters are links, as bullets (`* [标题](a.md)`, nested or not)
 * or bare lines (mdBook's prefix chapters). Part titles are headings other than the first `# Summary`
 * (`## 第一部分 …`, mdBook's `# Part`), or top-level bullets without a link. A link with no target
 * (`[草稿]()`) is a chapter not written yet. A rule (`---`) ends the last part.
 */
export function parseSummary(text: string): SummaryItem[] {
  const items: SummaryItem[] = [];
  let fence: string | null = null;
  let inComment = false;
  let headings = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = i + 1;
    const fenceMark = /^\s*(```|~~~)/.exec(raw)?.[1];
    if (fence) {
      if (fenceMark === fence) fence = null;
      continue;
    }
    if (fenceMark) {
      fence = fenceMark;
      continue;
    }
    if (inComment) {
      if (raw.includes('-->')) inComment = false;
      continue;
    }
    if (/^\s*<!--/.test(raw) && !raw.includes('-->')) {
      inComment = true;
      continue;
    }
    const h = HEADING.exec(raw);
    if (h) {
      const title = plainInline(h[2]!);
      if (headings++ === 0 && h[1] === '#' && SUMMARY_TITLE.test(title)) continue;
      if (title) items.push({ kind: 'part', title, line });
      continue;
    }
    if (/^ {0,3}([-*_])(?:\s*\1){2,}\s*$/.test(raw)) {
      items.push({ kind: 'separator', line });
      continue;
    }
    const b = BULLET.exec(raw);
    const content = (b ? b[2]! : raw).trim();
    const depth = b ? Math.floor(b[1]!.replace(/\t/g, '    ').length / 2) : 0;
    const link = LINK.exec(content);
    if (link) {
      const title = plainInline(link[1]!);
      const href = link[2]!.replace(/^<|>$/g, '').trim();
      items.push(href ? { kind: 'link', title, href, line, depth } : { kind: 'draft', title, line });
      continue;
    }
    if (b && depth === 0 && content && !/^[-*_]{3,}$/.test(content)) items.push({ kind: 'part', title: plainInline(content), line });
  }
  return items;
}
