/**
 * A Traditional edition of the parsed book (issue 17): every text a reader sees converted with OpenCC (Taiwan
 * with its vocabulary, Hong Kong), curly quotes set as corner brackets; code, URLs, ids and Latin text as written.
 * A stage of its own between parse and analyse: the analysis finds names, figures and their offsets in the
 * text the edition prints, so it must read the converted text, never the Simplified one.
 */
import type { Block, Book, GlossaryEntry, Inline } from '../model/types.js';
import { converterTo, VARIANT_LANGUAGE, type TraditionalVariant } from '../seams/opencc.js';
import { cornerQuotes } from '../util/chars.js';
import { NO_EXCEPTIONS, type VariantExceptions } from '../load/variant-exceptions.js';

const HAN = /\p{Script=Han}/u;

/** Converts strings into one edition: OpenCC for the text, the pack's exceptions first, corner quotes where there is Chinese. */
export class VariantConverter {
  private readonly full: (s: string) => string;
  private readonly chars: (s: string) => string;
  /** The exceptions' phrases, longest first, as one pattern (null without any). */
  private readonly phrases: RegExp | null;
  private readonly replacement = new Map<string, string>();

  constructor(
    readonly variant: TraditionalVariant,
    exceptions: VariantExceptions = NO_EXCEPTIONS,
  ) {
    this.full = converterTo(variant);
    this.chars = converterTo(variant, false);
    for (const p of exceptions.keep) this.replacement.set(p, this.chars(p));
    for (const p of exceptions.verbatim) this.replacement.set(p, p);
    for (const [p, r] of Object.entries(exceptions.replace)) this.replacement.set(p, r);
    const all = [...this.replacement.keys()].filter(Boolean).sort((a, b) => b.length - a.length);
    this.phrases = all.length ? new RegExp(all.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gu') : null;
  }

  /** The OpenCC conversion of `text`, its exception phrases excepted; Latin text (no Han) is returned as it is. */
  convert(text: string): string {
    if (!HAN.test(text)) return text;
    if (!this.phrases) return this.full(text);
    let out = '';
    let from = 0;
    for (const m of text.matchAll(this.phrases)) {
      out += this.full(text.slice(from, m.index)) + this.replacement.get(m[0])!;
      from = m.index + m[0].length;
    }
    return out + this.full(text.slice(from));
  }

  /** A string a reader sees on its own (a title, a name, a question): converted, quotes too when it holds Chinese. */
  text(s: string): string;
  text(s: string | undefined): string | undefined;
  text(s: string | undefined): string | undefined {
    if (s === undefined) return s;
    const c = this.convert(s);
    return HAN.test(s) ? cornerQuotes(c) : c;
  }
}

/** Whether inline content holds any Chinese outside code: a block of Latin text keeps its quotes as written. */
function inlinesHaveHan(nodes: readonly Inline[]): boolean {
  return nodes.some((n) => (n.type === 'text' ? HAN.test(n.value) : 'children' in n ? inlinesHaveHan(n.children) : n.type === 'image' ? HAN.test(n.alt) : false));
}

function convertInlines(nodes: Inline[], cv: VariantConverter, quotes: boolean): void {
  const q = (s: string) => (quotes ? cornerQuotes(cv.convert(s)) : cv.convert(s));
  for (const n of nodes) {
    switch (n.type) {
      case 'text':
        n.value = q(n.value);
        break;
      case 'image':
        n.alt = q(n.alt);
        if (n.title) n.title = q(n.title);
        break;
      case 'link':
      case 'styled':
        // The link's target and an abbreviation's expansion are not text of the page: the target stays.
        if (n.type === 'styled' && n.title) n.title = q(n.title);
        if (n.type === 'link' && n.title) n.title = q(n.title);
        convertInlines(n.children, cv, quotes);
        break;
      case 'strong':
      case 'emphasis':
        convertInlines(n.children, cv, quotes);
        break;
      // code, math, footnote marks and breaks: as written.
    }
  }
}

function convertBlocks(blocks: Block[], cv: VariantConverter): void {
  const inl = (nodes: Inline[]) => convertInlines(nodes, cv, inlinesHaveHan(nodes));
  for (const b of blocks) {
    switch (b.type) {
      case 'heading':
      case 'paragraph':
        inl(b.children);
        break;
      case 'list':
        for (const item of b.items) convertBlocks(item.blocks, cv);
        break;
      case 'blockquote':
        convertBlocks(b.children, cv);
        break;
      case 'container':
        if (b.title) b.title = cv.text(b.title);
        convertBlocks(b.children, cv);
        break;
      case 'figure': {
        const quotes = inlinesHaveHan(b.caption) || HAN.test(b.image.alt);
        convertInlines([b.image], cv, quotes);
        convertInlines(b.caption, cv, quotes);
        break;
      }
      case 'table':
        for (const cell of b.head) inl(cell);
        for (const row of b.rows) for (const cell of row) inl(cell);
        break;
      // code, math, rules: as written.
    }
  }
}

function convertEntry(e: GlossaryEntry, cv: VariantConverter): GlossaryEntry {
  return { ...e, name: cv.text(e.name), aliases: [...new Set(e.aliases.map((a) => cv.text(a)))], ...(e.description !== undefined ? { description: cv.text(e.description) } : {}) };
}

/**
 * The book as the edition prints it: a converted copy (the book itself is not changed). Its language is the
 * edition's (`zh-Hant-TW`, `zh-Hant-HK`: lang, xml:lang, dc:language, the PDF's /Lang), and so are its labels
 * (templates.ts converts the Simplified ones). Slugs, ids, file names, URLs and code are as written.
 */
export function convertBook(book: Book, cv: VariantConverter): Book {
  const out = structuredClone(book);
  const m = out.meta;
  const language = VARIANT_LANGUAGE[cv.variant];
  out.meta = {
    ...m,
    title: cv.text(m.title),
    ...(m.subtitle !== undefined ? { subtitle: cv.text(m.subtitle) } : {}),
    ...(m.editor !== undefined ? { editor: cv.text(m.editor) } : {}),
    ...(m.description !== undefined ? { description: cv.text(m.description) } : {}),
    ...(m.publisher !== undefined ? { publisher: cv.text(m.publisher) } : {}),
    language,
    labels: language,
    variant: cv.variant,
  };
  out.glossary = out.glossary.map((e) => convertEntry(e, cv));
  if (out.exclude) out.exclude = out.exclude.map((x) => cv.text(x));
  // One part object is shared by its articles (structuredClone keeps that): each converted once.
  const parts = new Set<NonNullable<Book['articles'][number]['part']>>();
  for (const a of out.articles) {
    const am = a.meta;
    a.meta = {
      ...am,
      title: cv.text(am.title),
      speakers: am.speakers.map((s) => cv.text(s)),
      interviewer: am.interviewer.map((s) => cv.text(s)),
      author: am.author.map((s) => cv.text(s)),
      ...(am.source !== undefined ? { source: cv.text(am.source) } : {}),
      questions: am.questions.map((q) => cv.text(q)),
    };
    convertBlocks(a.blocks, cv);
    for (const f of a.footnotes) convertBlocks(f.blocks, cv);
    if (a.part && !parts.has(a.part)) {
      parts.add(a.part);
      a.part.title = cv.text(a.part.title);
      convertBlocks(a.part.blocks, cv);
    }
  }
  return out;
}
