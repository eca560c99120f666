/** Laid-out pages and what is on them: text runs, rules, images, links, destinations, lines with their text ranges. */
import type { Diagnostics } from '../diagnostics.js';
import type { FaceName } from '../fonts/catalog.js';
import type { ShapedText } from '../fonts/metrics.js';

/**
 * Results kept between the builds of one session: an unchanged article is not laid out again. Watch mode
 * supplies one (watch/cache.ts); `parts` is everything the value is computed from.
 */
export interface LayoutCache {
  get<T>(kind: string, parts: unknown, diags: Diagnostics, compute: (diags: Diagnostics) => T): T;
}

/** One element of the PDF's structure tree: the id is unique in the document, the role a PDF standard type. */
export interface StructNode {
  id: string;
  role: string;
  /** Alternative text (figures). */
  alt?: string;
}

/**
 * Where an item sits in the structure tree: the chain of elements from the outermost to its own
 * (Table › TR › TD). Items without one are artifacts (rules, bullets, backgrounds, running heads, folios).
 */
export type StructPath = StructNode[];

/** A string drawn at one position in one face: what the painter hands to pdfkit. */
export interface TextRun {
  struct?: StructPath;
  /** Page furniture (running head, folio): an artifact of type Pagination. */
  pagination?: boolean;
  kind: 'text';
  /** Left edge and baseline, in PDF points from the page's top-left. */
  x: number;
  y: number;
  text: string;
  face: FaceName;
  size: number;
  /** Extra space after every character but the last (PDF Tc). */
  spacing: number;
  /** OpenType features the run was measured with; the painter draws with the same. */
  features: string[];
  /** Advance of the run as measured, spacing included, last character's spacing excluded. */
  width: number;
  /**
   * The glyphs that set `text`, as shaped when it was laid out (FontMetrics#glyphRun: shared pieces, numbers only):
   * the painter writes them as they are. A run made without them is shaped the same way when painted.
   */
  glyphs?: readonly ShapedText[];
  color: string;
  /** Emphasis dots (着重号) under each character. */
  dots?: boolean;
  /** Inline HTML drawn with the run (`<kbd>` box, `<mark>` highlight, `<del>` line through, `<ins>` line under). */
  deco?: Deco[];
  /** What the run stands for when the text is extracted (PDF ActualText): a hyphen set at a line break is a soft hyphen, U+00AD. */
  actualText?: string;
}

export type Deco = 'kbd' | 'mark' | 'del' | 'ins';

export interface RuleItem {
  struct?: StructPath;
  /** Page furniture (running head, folio): an artifact of type Pagination. */
  pagination?: boolean;
  kind: 'rule';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  width: number;
  color: string;
  /** Dotted (TOC leaders) instead of solid. */
  dotted?: boolean;
  /** Round ends (a drawn tick). */
  round?: boolean;
}

export interface RectItem {
  struct?: StructPath;
  /** Page furniture (running head, folio): an artifact of type Pagination. */
  pagination?: boolean;
  kind: 'rect';
  x: number;
  y: number;
  w: number;
  h: number;
  /** A colour, or 'none' for an outline only. */
  fill: string;
  /** An outline (a task box, a key's box). */
  stroke?: string;
  lineWidth?: number;
}

/** A filled circle: list bullets are drawn, not set, so the text layer holds no stray symbol. */
export interface DotItem {
  struct?: StructPath;
  /** Page furniture (running head, folio): an artifact of type Pagination. */
  pagination?: boolean;
  kind: 'dot';
  x: number;
  y: number;
  r: number;
  fill: string;
  /** An outline (a second-level bullet ◦) instead of a filled disc. */
  hollow?: boolean;
  lineWidth?: number;
}

export interface ImageItem {
  struct?: StructPath;
  /** Page furniture (running head, folio): an artifact of type Pagination. */
  pagination?: boolean;
  kind: 'image';
  file: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Vector art drawn from SVG (svg-to-pdfkit): a figure's SVG file, read and made safe when painted, or markup
 * in hand (a typeset formula), scaled into the box. Tagged like an image: a Figure or Formula with its alt.
 */
export interface SvgItem {
  struct?: StructPath;
  /** Page furniture (running head, folio): an artifact of type Pagination. */
  pagination?: boolean;
  kind: 'svg';
  /** The markup, or the file that holds it. */
  svg?: string;
  file?: string;
  /** What it shows, in words (the TeX of a formula): the alt of its structure element. */
  alt?: string;
  x: number;
  y: number;
  w: number;
  h: number;
}

export type PageItem = TextRun | RuleItem | RectItem | ImageItem | DotItem | SvgItem;

/** A clickable area: a web link or a jump to a named destination. */
export interface LinkBox {
  x: number;
  y: number;
  w: number;
  h: number;
  url?: string;
  dest?: string;
}

/** A typeset line, kept for checks: its runs, its box, and whether it was justified. */
export interface LineBox {
  x: number;
  /** Baseline. */
  y: number;
  /** The measure the line was set to. */
  measure: number;
  runs: TextRun[];
  justified: boolean;
  /** The characters of the line as set (after punctuation normalisation). */
  text: string;
  /** Body text (paragraphs, list items, quotes) rather than headings or furniture. */
  body: boolean;
  /** First and last line of its paragraph: a paragraph's own start and end are no line breaks. */
  first: boolean;
  last: boolean;
  /** The text it sets: its block's key and the range of offsets in that block's text (see analyse/text.ts). */
  src?: { key: string; start: number; end: number };
  /** Ends inside a word broken with a hyphen (drawn, not in `text`). */
  hyphen?: boolean;
}

export interface OutlineEntry {
  title: string;
  level: number;
  dest: string;
}

export interface Page {
  width: number;
  height: number;
  /** Physical page number, 1-based. */
  number: number;
  kind: 'title' | 'toc' | 'article' | 'blank' | 'index';
  items: PageItem[];
  lines: LineBox[];
  links: LinkBox[];
  /** Named destinations on this page, with the y they point at. */
  dests: { name: string; y: number }[];
  outline: OutlineEntry[];
  /** The article this page belongs to, if any. */
  article?: number;
}
