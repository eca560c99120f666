/** The EPUB's view: analysed articles turned into the nodes the templates render (marks, notes, boxes, figures, math, code). */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { AnalysedArticle } from '../../analyse/analysis.js';
import type { Article, Block, Book, ImageInline, Inline, StyledTag } from '../../model/types.js';
import { cellKey, inlineText, leafText, sectionTree } from '../../model/walk.js';
import type { Labels } from '../../templates.js';
import { mathmlMarkup } from './mathml.js';
import { sanitiseSvg } from './svg.js';

/** A mark the view puts into the text: an index anchor, or where a page of the printed handout begins. */
export type Mark = { type: 'anchor'; id: string } | { type: 'pagebreak'; page: number };

/** Inline content as templates/epub/partials/inlines.hbs reads it: the model's, resolved for the EPUB, with the marks put in. */
export type ViewInline =
  | Mark
  | Extract<Inline, { type: 'text' | 'code' | 'break' | 'softbreak' }>
  | { type: 'strong' | 'emphasis'; children: ViewInline[] }
  | { type: 'styled'; tag: StyledTag; title?: string; children: ViewInline[] }
  /** `href` empty: the link's target is not kept (its text is). */
  | { type: 'link'; href: string; title?: string; children: ViewInline[] }
  /** `src` empty: the image is not packed and its alt text stands in. */
  | { type: 'image'; src: string; alt: string; title?: string }
  /** A note reference; `href` empty when the article has no such note. */
  | { type: 'footnoteRef'; n: number; id: string; href: string; label: string }
  /** `mathml`: the checked `<math>` markup; absent (a TeX error), the TeX is printed. */
  | { type: 'math'; tex: string; mathml?: string }
  /** The link from a note back to where it is referenced. */
  | { type: 'backlink'; n: number; href: string; label: string }
  /** A task list item's tick box. */
  | { type: 'task'; done: boolean; label: string }
  /** A run in another language than the book's (Latin-script words in Chinese text: `en`), rendered as `<span lang>`. */
  | { type: 'lang'; lang: string; children: ViewInline[] };

export interface ImageAsset {
  /** Absolute path of the source image. */
  file: string;
  /** Path inside the EPUB, relative to the package document. */
  href: string;
  /** Media type of what is packed. */
  mediaType: string;
  /** The source's media type, when it is packed converted (WebP, not a core media type of EPUB 3.2, as PNG). */
  sourceType?: string;
  /** The bytes to pack when they are not the file's own (an SVG, sanitised). */
  data?: Buffer;
}

/** A footnote as the article's end sets it: an aside with the note's blocks, the first starting with the back link. */
export interface FootnoteView {
  n: number;
  id: string;
  blocks: unknown[];
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
  footnotes: FootnoteView[];
  /** The handout page the article starts on, marked at the section's start. */
  pagebreak?: number;
  /** The document holds MathML (its manifest item says so). */
  mathml: boolean;
}

export function articleFilename(a: Article): string {
  return `${String(a.number).padStart(2, '0')}-${a.meta.slug}.xhtml`;
}

/** Marks by position: block key → marks in text order, each at an offset in that block's text. */
export type MarksByKey = Map<string, { at: number; mark: Mark }[]>;

const STYLED_TAGS: readonly StyledTag[] = ['sup', 'sub', 'kbd', 'mark', 'ins', 'del', 'small', 'abbr', 'span'];
/** A name safe in a class attribute (`language-js`, `tok-keyword`). */
const className = (s: string) => s.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');

/** What one article's view counts as it goes: ids given, note references met, whether it holds MathML. */
interface ArticleState {
  article: Article;
  marks: MarksByKey;
  notes: Set<number>;
  /** References made to each note so far (the first is `fnref-n`, later ones `fnref-n-2` …). */
  refs: Map<number, number>;
  boxes: number;
  mathml: boolean;
}

/**
 * Converts the analysed article into what the EPUB templates read: the analysis's blocks with their marks
 * (index anchors, page starts) put in as nodes at their positions, links inside the pack resolved to files
 * and ids, notes, boxes, figures, formulas and code made view nodes, and images checked. Nothing here reads
 * text to find a place: every mark comes with its block key and offset. Markup is left to the templates; the
 * one string of markup a view node carries is a formula's MathML, rebuilt from its parsed tree (mathml.ts).
 */
export class EpubViewBuilder {
  readonly images = new Map<string, ImageAsset>();
  /** Images in the text that have no alt text (each one also warned). */
  imagesWithoutAlt = 0;
  /** The book has code (blocks, inline code or keys): the mono face is embedded. */
  hasCode = false;
  /** Images that cannot be packed after all (an `.svg` that is no SVG document), for warnings. */
  readonly unusable: { file: string; line: number; message: string }[] = [];
  private state!: ArticleState;

  constructor(
    private readonly book: Book,
    private readonly labels: Labels,
  ) {}

  /** A part's opening page: its title and blocks (no index marks: the index covers the articles). */
  part(p: { number: number; title: string; blocks: Block[] }, first: Article, pagebreak?: number): { number: number; title: string; filename: string; blocks: unknown[]; mathml: boolean; pagebreak?: number } {
    const state: ArticleState = { article: first, marks: new Map(), notes: new Set(), refs: new Map(), boxes: 0, mathml: false };
    this.state = state;
    const blocks = this.blocks(p.blocks);
    return { number: p.number, title: p.title, filename: partFilename(p.number), blocks, mathml: state.mathml, ...(pagebreak ? { pagebreak } : {}) };
  }

  article(a: Article, art: AnalysedArticle, marks: MarksByKey, pagebreak?: number): ArticleView {
    const state: ArticleState = { article: a, marks, notes: new Set(art.footnotes.map((f) => f.n)), refs: new Map(), boxes: 0, mathml: false };
    this.state = state;
    const meta = (key: string) => this.inlines(art.meta[key] ?? [], marks.get(key));
    const list = (field: 'speakers' | 'interviewer' | 'author') => a.meta[field].map((_, i) => meta(`m:${field}:${i}`));
    const questions = art.questions.flatMap((b) => (b.type === 'list' ? b.items.map((item) => item.blocks.flatMap((p) => (p.type === 'paragraph' ? this.inlines(p.children, marks.get(p.key ?? '')) : []))) : []));
    const view = {
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
      blocks: this.blocks(art.blocks),
      footnotes: [] as FootnoteView[],
      ...(pagebreak ? { pagebreak } : {}),
    };
    // Notes after the body (and after each other: a note may cite another), then each one's back link to its
    // first reference, once every reference is known.
    const notes = art.footnotes.map((f) => ({ n: f.n, blocks: this.blocks(f.blocks) }));
    view.footnotes = notes.map(({ n, blocks }) => {
      const back: ViewInline = { type: 'backlink', n, href: `#fnref-${n}`, label: this.fill('footnoteBack', n) };
      return { n, id: `fn-${n}`, blocks: state.refs.has(n) ? this.withLead(blocks, back) : blocks };
    });
    return { ...view, mathml: state.mathml };
  }

  private label(key: string): string {
    return String(this.labels[key] ?? '');
  }

  /** A label with its `{n}` filled in. */
  private fill(key: string, n: number): string {
    return this.label(key).replace('{n}', String(n));
  }

  /** Blocks with a node put first in the first paragraph (a new paragraph when they do not start with one). */
  private withLead(blocks: unknown[], lead: ViewInline): unknown[] {
    const first = blocks[0] as { type?: string; children?: ViewInline[] } | undefined;
    if (first?.type === 'paragraph') return [{ ...first, children: [lead, ...(first.children ?? [])] }, ...blocks.slice(1)];
    return [{ type: 'paragraph', children: [lead] }, ...blocks];
  }

  private blocks(blocks: readonly Block[]): unknown[] {
    const marks = this.state.marks;
    return blocks.map((b) => {
      switch (b.type) {
        case 'heading':
        case 'paragraph':
          return { ...b, children: this.inlines(b.children, marks.get(b.key ?? '')) };
        case 'blockquote':
          return { ...b, children: this.blocks(b.children) };
        case 'list':
          return {
            ...b,
            items: b.items.map((item) => {
              const task: ViewInline | undefined =
                item.checked === undefined ? undefined : { type: 'task', done: item.checked, label: this.label(item.checked ? 'taskDone' : 'taskOpen') };
              const only = item.blocks.length === 1 ? item.blocks[0] : undefined;
              const kind = task ? { task: task.done ? 'done' : 'open' } : {};
              if (only?.type === 'paragraph') {
                const inl = this.inlines(only.children, marks.get(only.key ?? ''));
                return { ...kind, tight: task ? [task, ...inl] : inl };
              }
              const inner = this.blocks(item.blocks);
              return { ...kind, blocks: task ? this.withLead(inner, task) : inner };
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
          this.hasCode = true;
          // Code is never split by a mark: a page that starts inside it is marked before the block.
          const breaks = (marks.get(b.key ?? '') ?? []).flatMap((m) => (m.mark.type === 'pagebreak' ? [m.mark.page] : []));
          const lang = className(b.lang);
          return {
            type: 'code',
            lang,
            label: lang ? this.label('codeLanguage').replace('{lang}', b.lang) : '',
            tokens: (b.tokens ?? [{ text: b.value, kind: '' }]).map((t) => ({ text: t.text, cls: t.kind ? `tok-${className(t.kind)}` : '' })),
            ...(breaks.length ? { breaks } : {}),
          };
        }
        case 'container': {
          const children = this.blocks(b.children);
          if (b.kind === 'center') return { type: 'center', children };
          const label = b.title ?? String((this.labels.container as Record<string, unknown> | undefined)?.[b.kind] ?? '');
          if (b.kind === 'details') return { type: 'details', label, children };
          return { type: 'box', kind: b.kind, label, labelId: `box-${++this.state.boxes}`, children };
        }
        case 'figure': {
          const image = this.imageView(b.image) as Extract<ViewInline, { type: 'image' }>;
          // An image not packed stands as its alt text, unless the caption already says the same.
          const alt = !image.src && image.alt !== inlineText(b.caption).trim() ? image.alt : '';
          return { type: 'figure', image: image.src ? image : undefined, alt, caption: this.inlines(b.caption, marks.get(b.key ?? '')) };
        }
        case 'math':
          return { type: 'math', display: true, ...this.math(b.tex, b.typeset?.mathml) };
        default:
          return b;
      }
    });
  }

  /** A formula's view: its MathML checked and rebuilt (mathml.ts), or only its TeX when it has none that is sound. */
  private math(tex: string, mathml: string | undefined): { tex: string; mathml?: string } {
    const markup = mathml ? mathmlMarkup(mathml, tex) : null;
    if (!markup) return { tex };
    this.state.mathml = true;
    return { tex, mathml: markup };
  }

  /** Inline content with the marks put in at their offsets (text split where one falls inside it). */
  private inlines(nodes: readonly Inline[], marks: { at: number; mark: Mark }[] = []): ViewInline[] {
    let next = 0;
    const out = (ns: readonly Inline[], inKbd = false): ViewInline[] => {
      const res: ViewInline[] = [];
      for (const n of ns) {
        switch (n.type) {
          case 'strong':
          case 'emphasis':
            res.push({ type: n.type, children: out(n.children, inKbd) });
            break;
          case 'styled':
            if (n.tag === 'kbd') this.hasCode = true;
            res.push({ type: 'styled', tag: STYLED_TAGS.includes(n.tag) ? n.tag : 'span', ...(n.title ? { title: n.title } : {}), children: out(n.children, inKbd || n.tag === 'kbd') });
            break;
          case 'link':
            res.push({ type: 'link', href: this.href(n), ...(n.title ? { title: n.title } : {}), children: out(n.children, inKbd) });
            break;
          case 'text': {
            const at = n.at ?? 0;
            let from = 0;
            // Key text (`<kbd>`) is code: its Latin is no English phrase.
            const text = (t: typeof n) => (inKbd ? res.push(t) : res.push(...latinRuns(t)));
            while (next < marks.length && marks[next]!.at < at + n.value.length) {
              const cut = Math.max(0, marks[next]!.at - at);
              if (cut > from) text({ ...n, value: n.value.slice(from, cut), at: at + from });
              from = Math.max(from, cut);
              res.push(marks[next++]!.mark);
            }
            if (from < n.value.length || n.value.length === 0) text(from === 0 ? n : { ...n, value: n.value.slice(from), at: at + from });
            break;
          }
          case 'image':
            while (next < marks.length && marks[next]!.at <= (n.at ?? 0)) res.push(marks[next++]!.mark);
            res.push(this.imageView(n));
            break;
          default: {
            // Code, breaks, note references, formulas: a mark at or inside one goes before it.
            const end = (n.at ?? 0) + leafText(n).length;
            while (next < marks.length && marks[next]!.at < Math.max(end, (n.at ?? 0) + 1)) res.push(marks[next++]!.mark);
            if (n.type === 'footnoteRef') res.push(this.noteRef(n.n));
            else if (n.type === 'math') res.push({ type: 'math', ...this.math(n.tex, n.typeset?.mathml) });
            else {
              if (n.type === 'code') this.hasCode = true;
              res.push(n);
            }
          }
        }
      }
      return res;
    };
    const res = out(nodes);
    while (next < marks.length) res.push(marks[next++]!.mark);
    return res;
  }

  /** A note reference: the first to a note is `fnref-n` (its note links back there), later ones `fnref-n-2` …. */
  private noteRef(n: number): ViewInline {
    const s = this.state;
    const k = (s.refs.get(n) ?? 0) + 1;
    s.refs.set(n, k);
    const known = s.notes.has(n);
    return { type: 'footnoteRef', n, id: k === 1 ? `fnref-${n}` : `fnref-${n}-${k}`, href: known ? `#fn-${n}` : '', label: this.fill('footnoteRef', n) };
  }

  /** Where a link goes in the EPUB: a web address as it is, a link inside the pack to its document and heading. */
  private href(n: Extract<Inline, { type: 'link' }>): string {
    if (!n.target) return n.href;
    if (n.target.part !== undefined) return partFilename(n.target.part);
    const to = this.book.articles.find((x) => x.number === n.target!.article);
    if (!to) return '';
    if (!n.target.id) return articleFilename(to);
    return to === this.state.article ? `#${n.target.id}` : `${articleFilename(to)}#${n.target.id}`;
  }

  private imageView(img: ImageInline): ViewInline {
    if (!img.alt.trim()) this.imagesWithoutAlt++;
    return { type: 'image', src: this.image(img), alt: img.alt, ...(img.title ? { title: img.title } : {}) };
  }

  /**
   * A checked local image (see load/images.ts) is packed; any other stands as its alt text. WebP is packed as
   * PNG (converted when packing: EPUB 3.2, which epubcheck 4 checks, has no WebP), an SVG sanitised (svg.ts);
   * an SVG that is no SVG document stands as its alt text too.
   */
  private image(img: ImageInline): string {
    if (!img.file || !img.mediaType) return '';
    const known = this.images.get(img.file);
    if (known) return known.href;
    const rel = path.relative(this.book.root, img.file);
    const name = `images/${createHash('sha1').update(rel).digest('hex').slice(0, 12)}`;
    let asset: ImageAsset;
    if (img.mediaType === 'image/webp') asset = { file: img.file, href: `${name}.png`, mediaType: 'image/png', sourceType: img.mediaType };
    else if (img.mediaType === 'image/svg+xml') {
      const svg = sanitiseSvg(fs.readFileSync(img.file, 'utf8'));
      if (svg === null) {
        this.unusable.push({ file: this.state.article.file, line: img.line, message: `image '${img.src}' is not an SVG document; its alt text is shown instead` });
        return '';
      }
      asset = { file: img.file, href: `${name}.svg`, mediaType: img.mediaType, data: Buffer.from(svg) };
    } else asset = { file: img.file, href: `${name}${path.extname(img.file).toLowerCase()}`, mediaType: img.mediaType };
    this.images.set(img.file, asset);
    return asset.href;
  }
}

/** Navigation entries (articles and their sections) shared by the nav document and the NCX. */
export interface NavEntry {
  title: string;
  href: string;
  children: NavEntry[];
}

/** The document of a part's opening page. */
export function partFilename(n: number): string {
  return `part-${n}.xhtml`;
}

export function navEntries(book: Book, extra: NavEntry[], questionsTitle: string, parts: readonly { number: number; title: string; first: number }[] = []): NavEntry[] {
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
  // With parts, each part's articles nest under it (articles before the first part stay at the top).
  const top: NavEntry[] = [];
  let current: NavEntry | null = null;
  book.articles.forEach((a, i) => {
    const part = parts.find((p) => p.first === a.number);
    if (part) top.push((current = { title: part.title, href: partFilename(part.number), children: [] }));
    (current ? current.children : top).push(articles[i]!);
  });
  return [...top, ...extra];
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

/** A letter of the Latin script (Basic Latin, Latin-1, Extended-A/B, Extended Additional; not × ÷ nor the full-width forms). */
const LATIN = String.raw`A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF`;
/** A Latin word: letters and digits, with an apostrophe, hyphen or full stop inside it (`don't`, `GPT-4o`, `U.S`). */
const LATIN_WORD = String.raw`[${LATIN}](?:[${LATIN}0-9]|['\u2019.\-](?=[${LATIN}0-9]))*`;
/** Latin words with spaces between them: one phrase. */
const LATIN_RUN = new RegExp(String.raw`${LATIN_WORD}(?:[ \u00A0]+${LATIN_WORD})*`, 'g');
const LATIN_LETTER = new RegExp(`[${LATIN}]`, 'g');

/**
 * A text node split where Latin-script phrases of three letters or more stand in it, each phrase made a run
 * marked `lang="en"` (screen readers read it in English; readers keep their Chinese hyphenation off it).
 */
export function latinRuns<T extends { type: 'text'; value: string; at?: number }>(n: T): (T | { type: 'lang'; lang: string; children: T[] })[] {
  const out: (T | { type: 'lang'; lang: string; children: T[] })[] = [];
  let from = 0;
  const piece = (a: number, b: number): T => ({ ...n, value: n.value.slice(a, b), ...(n.at !== undefined ? { at: n.at + a } : {}) });
  for (const m of n.value.matchAll(LATIN_RUN)) {
    if ((m[0].match(LATIN_LETTER)?.length ?? 0) < 3) continue;
    if (m.index > from) out.push(piece(from, m.index));
    out.push({ type: 'lang', lang: 'en', children: [piece(m.index, m.index + m[0].length)] });
    from = m.index + m[0].length;
  }
  if (from === 0) return [n];
  if (from < n.value.length) out.push(piece(from, n.value.length));
  return out;
}

/** Plain text (a title, a label) as inline view nodes, its Latin phrases marked as runs in English. */
export function textRuns(value: string): ViewInline[] {
  if (!value) return [];
  return latinRuns({ type: 'text', value }) as ViewInline[];
}
