// Finds the level-1 heading that titles an article without front matter, so it can become the title and not be printed twice.
import MarkdownIt, { type Token } from 'markdown-it';

/** Block structure only: the same CommonMark + HTML blocks the parser sees, without the inline pass. */
const md = new MarkdownIt({ html: true });
md.core.ruler.disable(['inline', 'text_join']);
const inlineMd = new MarkdownIt({ html: true });

export interface TitleHeading {
  /** The heading's text, without markup or a `{#id}` attribute. */
  title: string;
  /** Its lines in the body, 0-based, end exclusive (a setext heading spans its underline too). */
  start: number;
  end: number;
  /** True when nothing but blank lines and HTML comments comes before it. */
  first: boolean;
}

const COMMENT = /^\s*<!--[\s\S]*-->\s*$/;
const HTML_H1 = /^\s*<h1\b[^>]*>([\s\S]*?)<\/h1>\s*$/i;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** The text of a heading's inline source: emphasis, code, links and images read as their text. */
export function plainInline(src: string): string {
  const [inline] = inlineMd.parseInline(src, {});
  const text = (inline?.children ?? [])
    .map((t: Token) => (t.type === 'text' || t.type === 'code_inline' || t.type === 'image' ? t.content : t.type === 'softbreak' || t.type === 'hardbreak' ? ' ' : ''))
    .join('');
  return tidy(text);
}

function tidy(s: string): string {
  return s
    .replace(/\s*\{[#.][^}]*\}\s*$/, '')
    .replace(/\s+/g, ' ')
    .trim();
}

function htmlText(s: string): string {
  return tidy(s.replace(/<[^>]*>/g, '').replace(/&(#39|[a-z]+);/gi, (m, name: string) => ENTITIES[name.toLowerCase()] ?? m));
}

/**
 * The heading that titles the body: its first top-level level-1 heading (`# …`, `…\n===` or a lone
 * `<h1>…</h1>` block), when it comes before any other content or is the body's only level-1 heading.
 */
export function findTitleHeading(body: string): TitleHeading | null {
  // Most bodies open with their title: the first lines settle it without parsing a long article twice.
  const head = body.split('\n', 80);
  if (head.length === 80) {
    const early = scan(head.join('\n'));
    if (early?.first && early.end < 79) return early;
  }
  return scan(body);
}

function scan(body: string): TitleHeading | null {
  const tokens = md.parse(body, {});
  let candidate: TitleHeading | null = null;
  let h1s = 0;
  let seenContent = false;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (t.level !== 0 || t.nesting === -1 || !t.map) continue;
    if (t.type === 'html_block' && COMMENT.test(t.content)) continue;
    let title: string | null = null;
    if (t.type === 'heading_open' && t.tag === 'h1') title = plainInline(tokens[i + 1]?.content ?? '');
    else if (t.type === 'html_block') {
      const m = HTML_H1.exec(t.content);
      if (m) title = htmlText(m[1]!);
    }
    if (title !== null) {
      h1s++;
      if (!candidate && title) candidate = { title, start: t.map[0], end: t.map[1], first: !seenContent };
    }
    seenContent = true;
  }
  if (!candidate) return null;
  return candidate.first || h1s === 1 ? candidate : null;
}

/** The body with lines [start, end) made empty: what follows keeps its line numbers. */
export function blankLines(body: string, start: number, end: number): string {
  const lines = body.split('\n');
  for (let i = start; i < end && i < lines.length; i++) lines[i] = '';
  return lines.join('\n');
}
