import { createHash } from 'node:crypto';
import path from 'node:path';
import type { Diagnostics } from '../../diagnostics.js';
import type { Article, Block, Book, Inline } from '../../model/types.js';
import { inlineText, sectionTree } from '../../model/walk.js';
import type { Labels } from '../../templates.js';

/** Han, kana, Hangul and CJK punctuation: where a soft line break joins without a space. */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef\u2014\u2026\u201c\u201d\u2018\u2019]/u;

export interface ImageAsset {
  /** Absolute path of the source image. */
  file: string;
  /** Path inside the EPUB, relative to the package document. */
  href: string;
  mediaType: string;
}

export interface ArticleView {
  number: number;
  filename: string;
  titleId: string;
  title: string;
  kind: string;
  excerpt: boolean;
  speakers: string[];
  interviewer: string[];
  author: string[];
  date?: string;
  source?: string;
  questions: string[];
  blocks: unknown[];
}

export function articleFilename(a: Article): string {
  return `${String(a.number).padStart(2, '0')}-${a.meta.slug}.xhtml`;
}

/** Converts the model into what the EPUB templates read: soft breaks resolved, links and images checked. */
export class EpubViewBuilder {
  readonly images = new Map<string, ImageAsset>();
  /** Images in the text that have no alt text (each one also warned). */
  imagesWithoutAlt = 0;

  constructor(
    private readonly book: Book,
    private readonly diags: Diagnostics,
  ) {}

  article(a: Article): ArticleView {
    return {
      number: a.number,
      filename: articleFilename(a),
      titleId: 'article-title',
      title: a.meta.title,
      kind: a.meta.kind,
      excerpt: a.meta.excerpt,
      speakers: a.meta.speakers,
      interviewer: a.meta.interviewer,
      author: a.meta.author,
      date: a.meta.date,
      source: a.meta.source,
      questions: a.meta.questions,
      blocks: this.blocks(a.blocks, a),
    };
  }

  private blocks(blocks: readonly Block[], a: Article): unknown[] {
    return blocks.map((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return { ...b, children: this.inlines(b.children, a) };
        case 'blockquote':
          return { ...b, children: this.blocks(b.children, a) };
        case 'list':
          return {
            ...b,
            items: b.items.map((item) => {
              const only = item.blocks.length === 1 ? item.blocks[0] : undefined;
              return only?.type === 'paragraph'
                ? { tight: this.inlines(only.children, a) }
                : { blocks: this.blocks(item.blocks, a) };
            }),
          };
        case 'table':
          return {
            ...b,
            head: b.head.map((c) => this.inlines(c, a)),
            rows: b.rows.map((r) => r.map((c) => this.inlines(c, a))),
          };
        default:
          return b;
      }
    });
  }

  private inlines(nodes: readonly Inline[], a: Article): Inline[] {
    const out: Inline[] = [];
    nodes.forEach((n, i) => {
      switch (n.type) {
        case 'softbreak': {
          const before = inlineText(nodes.slice(0, i)).slice(-1);
          const after = inlineText(nodes.slice(i + 1)).slice(0, 1);
          const joined = CJK.test(before) || CJK.test(after);
          out.push({ type: 'text', value: joined ? '' : ' ', line: 0 });
          break;
        }
        case 'strong':
        case 'emphasis':
          out.push({ ...n, children: this.inlines(n.children, a) });
          break;
        case 'link':
          out.push({ ...n, href: this.href(n.href, a, n.children), children: this.inlines(n.children, a) });
          break;
        case 'image':
          if (!n.alt.trim()) this.imagesWithoutAlt++;
          out.push({ ...n, src: this.image(n) });
          break;
        default:
          out.push(n);
      }
    });
    return out;
  }

  /** Web and mail links pass; in-page anchors pass; anything else (javascript:, files) becomes plain text. */
  private href(href: string, a: Article, children: Inline[]): string {
    if (/^(https?:|mailto:)/i.test(href) || /^#[\w-]+$/.test(href)) return href;
    if (!href) return '';
    const line = children.find((c) => 'line' in c && c.line > 0);
    this.diags.warn(a.file, line && 'line' in line ? line.line : 0, 1, 'render:link', `link '${href.slice(0, 60)}' is not a web address; kept as plain text`);
    return '';
  }

  /** A checked local image (see load/images.ts) is packed; any other stands as its alt text. */
  private image(img: Extract<Inline, { type: 'image' }>): string {
    if (!img.file || !img.mediaType) return '';
    const known = this.images.get(img.file);
    if (known) return known.href;
    const rel = path.relative(this.book.root, img.file);
    const href = `images/${createHash('sha1').update(rel).digest('hex').slice(0, 12)}${path.extname(img.file).toLowerCase()}`;
    this.images.set(img.file, { file: img.file, href, mediaType: img.mediaType });
    return href;
  }
}

/** Navigation entries (articles and their sections) shared by the nav document and the NCX. */
export interface NavEntry {
  title: string;
  href: string;
  children: NavEntry[];
}

export function navEntries(book: Book, extra: NavEntry[], questionsTitle: string): NavEntry[] {
  const articles = book.articles.map((a) => {
    const file = articleFilename(a);
    const toEntry = (s: { id: string; title: string; children: { id: string; title: string; children: unknown[] }[] }): NavEntry => ({
      title: s.title,
      href: `${file}#${s.id}`,
      children: s.children.map((c) => toEntry(c as never)),
    });
    const questions = a.meta.questions.length > 0 ? [{ title: questionsTitle, href: `${file}#questions`, children: [] }] : [];
    return { title: a.meta.title, href: file, children: [...sectionTree(a).map(toEntry), ...questions] };
  });
  return [...articles, ...extra];
}

/** A UUID (RFC 4122 version 5 layout) derived from the book's metadata, so rebuilds keep one identifier. */
export function derivedIdentifier(book: Book): string {
  const m = book.meta;
  const h = createHash('sha1').update(['studypack', m.title, m.subtitle ?? '', m.editor ?? '', m.language, m.slug].join('\n')).digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.subarray(0, 16).toString('hex');
  return `urn:uuid:${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`;
}

export function labelsText(labels: Labels): string {
  const out: string[] = [];
  const walk = (v: unknown) => {
    if (typeof v === 'string') out.push(v);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(labels);
  return out.join('');
}
