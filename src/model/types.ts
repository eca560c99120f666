/** The one document model. Every node keeps where it came from. */

export interface Position {
  file: string;
  /** 1-based line in the source file. */
  line: number;
}

/**
 * Inline content. The analysis stage (analyse/text.ts) gives each leaf `at`, its offset in its block's
 * text, and each soft break its `join` (nothing between Chinese lines, a space between Latin ones).
 */
export type Inline =
  | { type: 'text'; value: string; line: number; at?: number }
  | { type: 'strong'; children: Inline[] }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'code'; value: string; line: number; at?: number }
  | {
      type: 'link';
      href: string;
      title?: string;
      children: Inline[];
      /** A link inside the pack (`#节`, `./other.md#节`), resolved by the analysis: the article and heading id it lands on. */
      target?: { article: number; id?: string; part?: number };
    }
  | {
      type: 'image';
      src: string;
      alt: string;
      title?: string;
      line: number;
      at?: number;
      /** Set by the loader when the image is a readable local file inside the corpus: its absolute path and type. */
      file?: string;
      mediaType?: string;
      /** Pixel size, read by the loader for the images the PDF can draw (PNG, JPEG, GIF, WebP; SVG in CSS pixels). */
      size?: { width: number; height: number };
    }
  | { type: 'break'; at?: number }
  | { type: 'softbreak'; at?: number; join?: string }
  /** A footnote mark: `n` numbers the article's notes in the order they are first referenced. */
  | { type: 'footnoteRef'; label: string; n: number; line: number; at?: number }
  /** Inline HTML kept as meaning (`<sup>`, `<kbd>`, `<mark>` …) and Markdown strikethrough (`del`). */
  | { type: 'styled'; tag: StyledTag; title?: string; children: Inline[] }
  /** TeX between `$…$`; `typeset` is set by the analysis (analyse/math.ts), absent when the TeX has an error. */
  | { type: 'math'; tex: string; line: number; at?: number; typeset?: MathBox };

/** Typeset math: an SVG (paths only) sized in ex of the surrounding text, and its MathML. */
export interface MathBox {
  svg: string;
  width: number;
  height: number;
  depth: number;
  mathml: string;
}

export type StyledTag = 'sup' | 'sub' | 'kbd' | 'mark' | 'ins' | 'del' | 'small' | 'abbr' | 'span';

/** Inline content of an image: what a figure holds. */
export type ImageInline = Extract<Inline, { type: 'image' }>;

/** Boxes from `::: tip` containers and GitHub alerts (`> [!NOTE]`); `center` centres its content, `details` folds. */
export type ContainerKind = 'tip' | 'note' | 'info' | 'important' | 'warning' | 'caution' | 'danger' | 'details' | 'center';

export interface ListItem {
  pos: Position;
  blocks: Block[];
  /** A task list item (`- [x]`): whether it is ticked. */
  checked?: boolean;
}

export type TableAlign = 'left' | 'center' | 'right' | null;

/**
 * Block content. Text-bearing blocks get a `key` from the analysis stage, unique in their article: with an
 * offset into the block's text it names a position (`TextPos`) that layout and the renderers look up.
 */
export type Block =
  | {
      type: 'heading';
      level: number;
      id: string;
      children: Inline[];
      pos: Position;
      key?: string;
      /** Other names `#…` links may use for it: its explicit `{#id}` and its GitHub slug. */
      anchors?: string[];
    }
  | { type: 'paragraph'; children: Inline[]; pos: Position; key?: string }
  | { type: 'list'; ordered: boolean; start: number; items: ListItem[]; pos: Position }
  | { type: 'blockquote'; children: Block[]; pos: Position }
  | {
      type: 'code';
      lang: string;
      value: string;
      pos: Position;
      key?: string;
      /** The code as highlighted runs (set by the analysis, analyse/highlight.ts): their texts joined are `value`. */
      tokens?: { text: string; kind: string }[];
    }
  | { type: 'rule'; pos: Position }
  | { type: 'container'; kind: ContainerKind; title?: string; children: Block[]; pos: Position }
  /** An image set on its own with a caption (its title, its alt text, or a following 「图 N …」 line). */
  | { type: 'figure'; image: ImageInline; caption: Inline[]; center: boolean; pos: Position; key?: string }
  /** Display math (`$$…$$`). */
  | { type: 'math'; tex: string; pos: Position; typeset?: MathBox }
  | {
      type: 'table';
      align: TableAlign[];
      head: Inline[][];
      rows: Inline[][][];
      pos: Position;
      /** Each cell's key is `cellKey(key, row, column)` (model/walk.ts); the head is row −1. */
      key?: string;
    };

/** A place in an article's text: a block (or cell, or metadata field) key and an offset into its text. */
export interface TextPos {
  key: string;
  at: number;
}

export type ArticleKind = 'interview' | 'essay' | 'article';

export interface ArticleMeta {
  title: string;
  /** A shorter title for the running heads (front matter `short_title`); without it the heads cut the title at a clause. */
  shortTitle?: string;
  slug: string;
  kind: ArticleKind;
  speakers: string[];
  interviewer: string[];
  author: string[];
  /** ISO date, YYYY-MM-DD. */
  date?: string;
  source?: string;
  excerpt: boolean;
  /** Discussion questions (讨论问题), in order. */
  questions: string[];
  /**
   * Answer lines asked for each question (front matter `- text: … / lines: N`), same order as `questions`;
   * null where the question gives none (the sheet's `answerLines`). Absent when no question gives one.
   */
  questionLines?: (number | null)[];
}

export interface Article {
  /** Absolute path of the Markdown file. */
  file: string;
  /** Position in the book, 1-based. */
  number: number;
  meta: ArticleMeta;
  blocks: Block[];
  /** Footnotes in the order of their numbers; a note never referenced is not printed (and is warned). */
  footnotes: Footnote[];
  /** The part the article belongs to (one object shared by the part's articles); absent when the book has no parts. */
  part?: Part;
}

export interface Footnote {
  label: string;
  n: number;
  blocks: Block[];
  pos: Position;
}

/** A part of the book: a SUMMARY.md part heading, a `chapters:` part, or a top-level subfolder of the corpus. */
export interface Part {
  /** 1-based, in book order. */
  number: number;
  title: string;
  /** The part's opening page (its folder's README.md / index.md), when it has one. */
  file?: string;
  /** The opening page's blocks, its title heading taken out (empty without a page). */
  blocks: Block[];
}

export interface BookMeta {
  title: string;
  subtitle?: string;
  editor?: string;
  /** BCP 47, e.g. zh-CN. */
  language: string;
  /** ISO date, YYYY-MM-DD. */
  date?: string;
  slug: string;
  description?: string;
  identifier?: string;
  publisher?: string;
  /** Language of the generated labels (templates/labels/); default: `language`. */
  labels?: string;
  /** The Traditional edition this book was converted into (`zh-TW`, `zh-HK`; parse/variant.ts); absent for the pack as written. */
  variant?: string;
}

/** A person or organisation the index lists, or a term with its definition (`kind: term`), with every form the text uses for it. */
export interface GlossaryEntry {
  name: string;
  aliases: string[];
  kind: 'person' | 'org' | 'term';
  /** One line in Chinese; a term's short definition. */
  description?: string;
  /** Where the entry is defined (glossary file and line). */
  pos: Position;
}

export interface Book {
  /** Absolute path of the corpus folder. */
  root: string;
  /** The metadata file, when there is one. */
  metaFile?: string;
  meta: BookMeta;
  articles: Article[];
  /** The curated glossary of people and organisations (empty without glossary.yaml). */
  glossary: GlossaryEntry[];
  /** Names and words the glossary keeps out of the automatic index (its `exclude:` list). */
  exclude?: string[];
}

/** A heading with the article it belongs to, for tables of contents. */
export interface SectionRef {
  level: number;
  id: string;
  title: string;
  children: SectionRef[];
}
