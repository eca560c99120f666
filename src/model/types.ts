/** The one document model. Every node keeps where it came from. */

export interface Position {
  file: string;
  /** 1-based line in the source file. */
  line: number;
}

export type Inline =
  | { type: 'text'; value: string; line: number }
  | { type: 'strong'; children: Inline[] }
  | { type: 'emphasis'; children: Inline[] }
  | { type: 'code'; value: string; line: number }
  | { type: 'link'; href: string; title?: string; children: Inline[] }
  | {
      type: 'image';
      src: string;
      alt: string;
      title?: string;
      line: number;
      /** Set by the loader when the image is a readable local file inside the corpus: its absolute path and type. */
      file?: string;
      mediaType?: string;
      /** Pixel size, read by the loader for the images the PDF can embed (PNG, JPEG). */
      size?: { width: number; height: number };
    }
  | { type: 'break' }
  | { type: 'softbreak' };

export interface ListItem {
  pos: Position;
  blocks: Block[];
}

export type TableAlign = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'heading'; level: number; id: string; children: Inline[]; pos: Position }
  | { type: 'paragraph'; children: Inline[]; pos: Position }
  | { type: 'list'; ordered: boolean; start: number; items: ListItem[]; pos: Position }
  | { type: 'blockquote'; children: Block[]; pos: Position }
  | { type: 'code'; lang: string; value: string; pos: Position }
  | { type: 'rule'; pos: Position }
  | {
      type: 'table';
      align: TableAlign[];
      head: Inline[][];
      rows: Inline[][][];
      pos: Position;
    };

export type ArticleKind = 'interview' | 'essay' | 'article';

export interface ArticleMeta {
  title: string;
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
}

export interface Article {
  /** Absolute path of the Markdown file. */
  file: string;
  /** Position in the book, 1-based. */
  number: number;
  meta: ArticleMeta;
  blocks: Block[];
  /** The part the article belongs to (one object shared by the part's articles); absent when the book has no parts. */
  part?: Part;
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
}

/** A person or organisation the index lists, with every form the text uses for it. */
export interface GlossaryEntry {
  name: string;
  aliases: string[];
  kind: 'person' | 'org';
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
}

/** A heading with the article it belongs to, for tables of contents. */
export interface SectionRef {
  level: number;
  id: string;
  title: string;
  children: SectionRef[];
}
