/** The EPUB's view tree: analysed blocks with index anchors and page breaks put in as nodes, for the templates. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { AnalysedArticle } from '../../analyse/analysis.js';
import type { Article, Block, Book, Inline } from '../../model/types.js';
import { cellKey, leafText, sectionTree } from '../../model/walk.js';
import type { Labels } from '../../templates.js';

/** A mark the view puts into the text: an index anchor, or where a page of the printed handout begins. */
export type Mark = { type: 'anchor'; id: string } | { type: 'pagebreak'; page: number };
type ViewInline = Inline | Mark;

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
  titleInlines: ViewInline[];
  kind: string;
  excerpt: boolean;
  speakers: ViewInline[][];
  interviewer: ViewInline[][];
  author: ViewInline[][];
  date?: string;
  source?: ViewInline[];
  /** The questions' heading (its label) and each question, with their marks. */
  questionsHeading: ViewInline[];
  questions: ViewInline[][];
  blocks: unknown[];
  /** The handout page the article starts on, marked at the section's start. */
  pagebreak?: number;
}

export function articleFilename(a: Article): string {
  return `${String(a.number).padStart(2, '0')}-${a.meta.slug}.xhtml`;
}

/** Marks by position: block key → marks in text order, each at an offset in that block's text. */
export type MarksByKey = Map<string, { at: number; mark: Mark }[]>;

/**
 * Converts the analysed article into what the EPUB templates read: the analysis's blocks with their marks
 * (index anchors, page starts) put in as nodes at their positions, and images checked. Nothing here reads
 * text to find a place: every mark comes with its block key and offset.
 */
export class EpubViewBuilder {
  readonly images = new Map<string, ImageAsset>();
  /** Images in the text that have no alt text (each one also warned). */
  imagesWithoutAlt = 0;

  constructor(private readonly book: Book) {}

  article(a: Article, art: AnalysedArticle, marks: MarksByKey, pagebreak?: number): ArticleView {
    const meta = (key: string) => this.inlines(art.meta[key] ?? [], marks.get(key));
    const list = (field: 'speakers' | 'interviewer' | 'author') => a.meta[field].map((_, i) => meta(`m:${field}:${i}`));
    const questions = art.questions.flatMap((b) => (b.type === 'list' ? b.items.map((item) => item.blocks.flatMap((p) => (p.type === 'paragraph' ? this.inlines(p.children, marks.get(p.key ?? '')) : []))) : []));
    return {
      number: a.number,
      filename: articleFilename(a),
      titleId: 'article-title',
      title: a.meta.title,
      titleInlines: meta('m:title'),
      kind: a.meta.kind,
      excerpt: a.meta.excerpt,
      speakers: list('speakers'),
      interviewer: list('interviewer'),
      author: list('author'),
      date: a.meta.date,
      ...(a.meta.source ? { source: meta('m:source') } : {}),
      questionsHeading: art.questions.flatMap((b) => (b.type === 'heading' ? this.inlines(b.children, marks.get(b.key ?? '')) : [])),
      questions,
      blocks: this.blocks(art.blocks, marks),
      ...(pagebreak ? { pagebreak } : {}),
    };
  }

  private blocks(blocks: readonly Block[], marks: MarksByKey): unknown[] {
    return blocks.map((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return { ...b, children: this.inlines(b.children, marks.get(b.key ?? '')) };
        case 'blockquote':
          return { ...b, children: this.blocks(b.children, marks) };
        case 'list':
          return {
            ...b,
            items: b.items.map((item) => {
              const only = item.blocks.length === 1 ? item.blocks[0] : undefined;
              return only?.type === 'paragraph' ? { tight: this.inlines(only.children, marks.get(only.key ?? '')) } : { blocks: this.blocks(item.blocks, marks) };
            }),
          };
        case 'table': {
          const key = b.key ?? '';
          return {
            ...b,
            head: b.head.map((c, j) => this.inlines(c, marks.get(cellKey(key, -1, j)))),
            rows: b.rows.map((r, i) => r.map((c, j) => this.inlines(c, marks.get(cellKey(key, i, j))))),
          };
        }
        case 'code': {
          // Code is never split by a mark: a page that starts inside it is marked before the block.
          const breaks = (marks.get(b.key ?? '') ?? []).flatMap((m) => (m.mark.type === 'pagebreak' ? [m.mark.page] : []));
          return breaks.length ? { ...b, breaks } : b;
        }
        default:
          return b;
      }
    });
  }

  /** Inline content with the marks put in at their offsets (text split where one falls inside it). */
  private inlines(nodes: readonly Inline[], marks: { at: number; mark: Mark }[] = []): ViewInline[] {
    let next = 0;
    const out = (ns: readonly Inline[]): ViewInline[] => {
      const res: ViewInline[] = [];
      for (const n of ns) {
        switch (n.type) {
          case 'strong':
          case 'emphasis':
          case 'link':
          case 'styled':
            res.push({ ...n, children: out(n.children) as Inline[] });
            break;
          case 'text': {
            const at = n.at ?? 0;
            let from = 0;
            while (next < marks.length && marks[next]!.at < at + n.value.length) {
              const cut = Math.max(0, marks[next]!.at - at);
              if (cut > from) res.push({ ...n, value: n.value.slice(from, cut), at: at + from });
              from = Math.max(from, cut);
              res.push(marks[next++]!.mark);
            }
            if (from < n.value.length || n.value.length === 0) res.push(from === 0 ? n : { ...n, value: n.value.slice(from), at: at + from });
            break;
          }
          case 'image':
            while (next < marks.length && marks[next]!.at <= (n.at ?? 0)) res.push(marks[next++]!.mark);
            if (!n.alt.trim()) this.imagesWithoutAlt++;
            res.push({ ...n, src: this.image(n) });
            break;
          default: {
            // Code, breaks: a mark at or inside one goes before it.
            const end = (n.at ?? 0) + leafText(n).length;
            while (next < marks.length && marks[next]!.at < Math.max(end, (n.at ?? 0) + 1)) res.push(marks[next++]!.mark);
            res.push(n);
          }
        }
      }
      return res;
    };
    const res = out(nodes);
    while (next < marks.length) res.push(marks[next++]!.mark);
    return res;
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
