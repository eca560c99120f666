/** The clreq paragraph breaker: clusters, kinsoku, punctuation compression, inter-character justification. */
import LineBreaker from 'linebreak';
import type { FaceName } from '../fonts/catalog.js';
import { needsGlyph } from '../fonts/coverage.js';
import { breakOpportunities } from './breaks.js';
import { adjust, breakItems, type FitGap, type FitItem, type LineKind, type Totals } from './knuth-plass.js';
import { COMPRESSIBLE_CLOSING, COMPRESSIBLE_OPENING, isCjk, isCjkSide, isLatinLike, NO_LINE_END, NO_LINE_START } from '../util/chars.js';
import { MONO_FEATURES, type FontMetrics } from '../fonts/metrics.js';
import type { Deco, LinkBox, TextRun } from './types.js';
import { hyphenPoints } from './hyphenate.js';

/** Thrown when layout exceeds its iteration bound; the caller turns it into a diagnostic. */
export class LayoutBoundError extends Error {}

/** A piece of paragraph text in one style. */
export interface Span {
  text: string;
  face: FaceName;
  size: number;
  color: string;
  link?: string;
  /** A named destination in the PDF the span links to (a footnote, a heading of the pack). */
  dest?: string;
  dots?: boolean;
  /** Raised (superscript, footnote mark) or, negative, lowered (subscript), in points. */
  rise?: number;
  /** Drawn with the text: a key's box, a highlight, a line through or under it. */
  deco?: Deco[];
  /** Set tight to the text before it, never starting a line (a footnote mark). */
  attach?: boolean;
  /** A footnote mark: the number of the note (its link is given where the article's names are known). */
  note?: number;
  /** Offset of the span's first character in its block's text (analyse/text.ts), when it has one. */
  at?: number;
  /** An inline object (a formula) set as one unbreakable piece of its width instead of `text`. */
  box?: InlineBox;
}

/** An object in a line: its advance, its extent above and below the baseline (pt), and what is drawn. */
export interface InlineBox {
  width: number;
  ascent: number;
  descent: number;
  svg: string;
  /** Its text for the tag tree and for readers (the TeX). */
  alt: string;
}

export interface ParagraphStyle {
  /** Width of the line (pt). */
  measure: number;
  /** First-line indent (pt). */
  indent: number;
  align: 'justify' | 'left' | 'center' | 'right';
  /** The em used for the ¼ em between Chinese and Latin (the body size). */
  em: number;
  /**
   * Display type (titles, headings, TOC entries): ragged right with balanced lines, broken between words
   * (at punctuation, spaces and script changes; inside a Chinese run only where it must), never leaving a
   * single character or a two-character word alone on a line. `align` still places the lines.
   */
  display?: boolean;
}

/** A set line, positions relative to its left edge (x = 0) and baseline (y = 0). */
export interface SetLine {
  runs: TextRun[];
  links: LinkBox[];
  /** Left edge of the first glyph's set box and right edge of the last one's. */
  left: number;
  right: number;
  justified: boolean;
  text: string;
  first: boolean;
  last: boolean;
  /** Largest size on the line, for the line's height. */
  size: number;
  /** The range of block text the line sets (offsets as the spans' `at`), when the spans carry offsets. */
  src?: { start: number; end: number };
  /** Inline objects on the line, at their left edges (relative to the line like the runs). */
  boxes?: { x: number; box: InlineBox }[];
  /**
   * The line ends inside a word broken with a hyphen: the hyphen is its last run, a soft hyphen to text
   * extraction (`actualText`), and not in `text`, which stays the source's.
   */
  hyphen?: boolean;
}

type Kind = 'cjk' | 'latin' | 'space' | 'dash' | 'ellipsis' | 'break';

interface Cluster {
  text: string;
  start: number;
  /** Offset in the block's text (−1 when the span has none). */
  src: number;
  span: number;
  kind: Kind;
  face: FaceName;
  size: number;
  features: string[];
  /** Advance as drawn. */
  natural: number;
  /** Width on the grid inside a line (consecutive punctuation compressed). */
  set: number;
  /** Draw offset (opening punctuation set half-width is drawn half an em to the left). */
  shift: number;
  closing: boolean;
  opening: boolean;
  /** A piece of a word wider than the measure: may break anywhere, spaced like CJK. */
  emergency: boolean;
  /** A piece of a word that may be hyphenated after it (hyphenate.ts). */
  hyphen?: boolean;
  /** Character classes, worked out once per cluster (the gap and break rules ask for them repeatedly). */
  cls: Classes;
  /** An inline object: a Latin-like piece of its own (¼ em from Chinese), never split. */
  box?: InlineBox;
}

interface Classes {
  /** An ideograph, kana or full-width form (isCjk). */
  cjk: boolean;
  /** Punctuation set on the CJK side. */
  punctCjk: boolean;
  /** An opening bracket or quote / a closing one (spacing just inside them is widened last). */
  opener: boolean;
  closer: boolean;
  /** Letters or digits at the cluster's start and end (for the ¼ em between Chinese and Latin). */
  letterFirst: boolean;
  letterLast: boolean;
  /** Must not start a line / must not end a line. */
  noStart: boolean;
  noEnd: boolean;
}

const OPENERS = '（［｛〔〈《「『【“‘';
const CLOSERS = '）］｝〕〉》」』】”’';
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const CJK_PUNCT = /^[\u3000-\u303f\uff01-\uff0f\uff1a-\uff20]$/u;

const classCache = new Map<string, Classes>();

function classes(c: Cluster): Classes {
  const key = `${c.kind === 'cjk' ? 'c' : c.kind === 'latin' ? 'l' : 'o'}${c.text}`;
  let k = classCache.get(key);
  if (k) return k;
  const t = c.text;
  const lastUnit = t.charCodeAt(t.length - 1);
  const last = t.length >= 2 && lastUnit >= 0xdc00 && lastUnit <= 0xdfff ? t.slice(-2) : t.slice(-1);
  const cjk = isCjk(t);
  const punct = c.kind === 'cjk' && !cjk && !LETTER_OR_DIGIT.test(t);
  k = {
    cjk,
    punctCjk: c.kind !== 'latin' && (punct || CJK_PUNCT.test(t)),
    opener: OPENERS.includes(t),
    closer: CLOSERS.includes(t),
    letterFirst: isLatinLike(t[0] ?? ''),
    letterLast: isLatinLike(last),
    noStart: NO_LINE_START.has(t[0] ?? ''),
    noEnd: NO_LINE_END.has(last),
  };
  // Bounded: words are the only open-ended keys, and a book repeats most of them.
  if (classCache.size > 100_000) classCache.clear();
  classCache.set(key, k);
  return k;
}

const NO_CLASSES: Classes = { cjk: false, punctCjk: false, opener: false, closer: false, letterFirst: false, letterLast: false, noStart: false, noEnd: false };
const BOX_CLASSES: Classes = { ...NO_CLASSES, letterFirst: true, letterLast: true };
/** What an inline object stands for in the line's text (U+FFFC OBJECT REPLACEMENT CHARACTER). */
const BOX_TEXT = '\ufffc';

const REPLACEMENT = '□';

function alternateFace(face: FaceName): FaceName {
  return ({ serif: 'sans', serifBold: 'sansBold', sans: 'serif', sansBold: 'serifBold', mono: 'sans', hans: 'sans' } as const)[face];
}

/** Splits styled spans into clusters: one per CJK character, one per Latin word, spaces, dash and ellipsis pairs. */
function clusterize(spans: readonly Span[], metrics: FontMetrics): { clusters: Cluster[]; text: string } {
  const clusters: Cluster[] = [];
  let text = '';
  spans.forEach((span, si) => {
    const chars = [...span.text];
    // Each character's offset in the span's text (UTF-16 units), for the clusters' source offsets.
    const units: number[] = [];
    for (let k = 0, u = 0; k < chars.length; k++) {
      units.push(u);
      u += chars[k]!.length;
    }
    let i = 0;
    const push = (t: string, kind: Kind, face: FaceName, features: string[] = [], unit = units[i] ?? 0) => {
      // Monospace (code) is set without its contextual alternates (fonts/metrics.ts MONO_FEATURES).
      if (face === 'mono') features = MONO_FEATURES;
      const natural = kind === 'space' || kind === 'break' ? 0 : metrics.width(t, face, span.size, features);
      const single = t.length === 1 || (t.length === 2 && t.codePointAt(0)! > 0xffff);
      clusters.push({
        text: t,
        start: text.length,
        src: span.at === undefined ? -1 : span.at + unit,
        span: si,
        kind,
        face,
        size: span.size,
        features,
        natural,
        set: natural,
        shift: 0,
        // Only a mark whose ink keeps to one half of its em may be set half-width (a Taiwan-style 。 is centred).
        closing: single && COMPRESSIBLE_CLOSING.has(t) && metrics.inkSide(face, t, features) === 'left',
        opening: single && COMPRESSIBLE_OPENING.has(t) && metrics.inkSide(face, t, features) === 'right',
        emergency: false,
        cls: NO_CLASSES,
      });
      text += t;
    };
    /** The face that has the glyph: the span's, its serif/sans twin, or a visible replacement. */
    const faceFor = (ch: string): { face: FaceName; ch: string } => {
      if (!needsGlyph(ch.codePointAt(0)!) || metrics.has(span.face, ch)) return { face: span.face, ch };
      const alt = alternateFace(span.face);
      if (metrics.has(alt, ch)) return { face: alt, ch };
      // A Traditional edition's faces lack Simplified characters left as written (code, verbatim phrases).
      if (metrics.has('hans', ch)) return { face: 'hans', ch };
      return { face: span.face, ch: REPLACEMENT };
    };
    if (span.box) {
      clusters.push({ text: BOX_TEXT, start: text.length, src: span.at ?? -1, span: si, kind: 'latin', face: span.face, size: span.size, features: [], natural: span.box.width, set: span.box.width, shift: 0, closing: false, opening: false, emergency: false, cls: BOX_CLASSES, box: span.box });
      text += BOX_TEXT;
      return;
    }
    while (i < chars.length) {
      const ch = chars[i]!;
      if (ch === '\n') {
        push('\n', 'break', span.face);
        i++;
      } else if (/\s/.test(ch) && ch !== '\u3000') {
        let j = i;
        while (j < chars.length && /\s/.test(chars[j]!) && chars[j] !== '\n' && chars[j] !== '\u3000') j++;
        push(' ', 'space', span.face);
        i = j;
      } else if ((ch === '—' || ch === '…') && span.face !== 'mono') {
        const pair = chars[i + 1] === ch;
        const t = pair ? ch + ch : ch;
        // Dashes take the font's full-width forms (a 2-em dash for ——); the ellipsis is full-width already.
        push(t, ch === '—' ? 'dash' : 'ellipsis', span.face, ch === '—' ? ['fwid'] : []);
        i += pair ? 2 : 1;
      } else if (isCjkSide(ch)) {
        const f = faceFor(ch);
        push(f.ch, 'cjk', f.face, metrics.hanFeatures(f.face));
        i++;
      } else {
        let j = i;
        while (j < chars.length && !/\s/.test(chars[j]!) && !isCjkSide(chars[j]!) && chars[j] !== '—' && chars[j] !== '…') j++;
        const word = chars.slice(i, j);
        if (word.every((c) => faceFor(c).face === span.face && faceFor(c).ch === c)) {
          // A compound or a URL may break where UAX #14 allows (after a hyphen, after a slash): one piece each.
          const w = word.join('');
          const lb = new LineBreaker(w);
          let from = 0;
          const base = units[i] ?? 0;
          for (let bk = lb.nextBreak(); bk; bk = lb.nextBreak()) {
            if (bk.position <= from || bk.position >= w.length) continue;
            push(w.slice(from, bk.position), 'latin', span.face, [], base + from);
            from = bk.position;
          }
          push(w.slice(from), 'latin', span.face, [], base + from);
        } else
          word.forEach((c, k) => {
            const f = faceFor(c);
            push(f.ch, 'latin', f.face, [], units[i + k] ?? 0);
          });
        i = j;
      }
    }
  });
  return { clusters, text };
}

/** The space between two clusters: natural width, whether justification spreads it, and its own room (`flex`). */
interface Gap {
  natural: number;
  stretch: boolean;
  /** Just inside brackets: spread only when a line has no other place. */
  inner?: boolean;
  /** A ¼ em between Chinese and Latin (⅛ to ⅓ em), a space between words, or the pause after ？ and ！ (widened up to ½ em first). */
  flex?: 'mixed' | 'word' | 'pause';
}
const STRETCH: Gap = Object.freeze({ natural: 0, stretch: true });
const INNER: Gap = Object.freeze({ natural: 0, stretch: true, inner: true });
const FIXED: Gap = Object.freeze({ natural: 0, stretch: false });
const PAUSE: Gap = Object.freeze({ natural: 0, stretch: true, flex: 'pause' });
/** ？ and ！: a sentence pause, widened once letter-spacing grows; squeezed last, and only where the font sets them in the left half of the em (Simplified, not Taiwan). */
const PAUSES = new Set('。？！');
/** Signs that set with their number and take the ¼ em on the Chinese side: 「10% 的」「约 $5」. */
const SIGN_AFTER = /[%‰]$/;
const SIGN_BEFORE = /^[$€£¥]/;
/** Paragraphs with more clusters than this are set by the greedy fill (a 200,000-character line). */
const PARAGRAPH_LIMIT = 20_000;
/** The cost of hyphenating a word at a line end (twice that for a capitalised word): taken only to spare a loose line. */
const HYPHEN_COST = 3000;
const NO_ROOM = Object.freeze({ grow: 0, shrink: 0, pause: 0 });
/** Full stops: squeezed inside a line only after every comma and bracket (jlreq's order), with ？ and ！. */
const FULL_STOPS = new Set('。．');
/** Room (in em) either side of a key's box (`<kbd>`), beyond the usual spacing. */
const KBD_ROOM = 0.3;

const WORDS = new Intl.Segmenter('zh', { granularity: 'word' });
/** Characters that lean on the word before them: a display line does not start with one (「AI / 的潜力」). */
const BOUND = new Set('的了着过们地得之吗呢吧著過們嗎');
/** One-character words a display line may end with, at a price: 「…背后的 / 指数级…」. */
const TRAILING = new Set('的之');
/** Conjunctions a display line may start with: 「…收入增长曲线 / 与指数级…」. */
const CONJUNCTIONS = new Set('与和及或并而與並');
const LATIN_PUNCT_END = /[,.;:!?)\]}]$/;
const CAPITAL = /^\p{Lu}/u;

/**
 * The cost of each break in display type: nothing after punctuation or before an opening mark, little at a
 * space or where Chinese meets Latin, more at a dictionary word boundary inside a Chinese run (Intl.Segmenter,
 * between words of two characters or more), much elsewhere, beside the middle dot of a name (「达里奥·阿莫迪」)
 * or before a particle that leans on the word before it.
 */
function displayBreaks(clusters: readonly Cluster[], text: string, sideOf: (c: Cluster) => 'cjk' | 'latin'): (a: number, b: number) => number {
  const bounds = new Map<number, { before: string; after: string }>();
  let before = '';
  for (const seg of WORDS.segment(text)) {
    if (before) bounds.set(seg.index, { before, after: seg.segment });
    before = seg.segment;
  }
  return (a, b) => {
    const A = clusters[a]!;
    const B = clusters[b]!;
    if (A.text === '·' || B.text === '·' || BOUND.has(B.text)) return 300;
    // A conjunction opens its line, never ends one (「…的潜力、/ 与 OpenAI…」).
    if (CONJUNCTIONS.has(A.text)) return 200;
    if (A.cls.punctCjk || A.kind === 'dash' || A.kind === 'ellipsis' || (A.kind === 'latin' && LATIN_PUNCT_END.test(A.text))) return 0;
    if (B.cls.opener) return 0;
    // Between capitalised words: a name or a title (「Dario Amodei」「Anthropic CEO」), kept whole when it can be.
    if (b - a > 1) return A.kind === 'latin' && B.kind === 'latin' && CAPITAL.test(A.text) && CAPITAL.test(B.text) ? 60 : 5;
    if (sideOf(A) !== sideOf(B)) return 10;
    if (A.kind === 'latin' && B.kind === 'latin') return 100;
    const w = bounds.get(B.start);
    if (w && w.before.length >= 2 && CONJUNCTIONS.has(w.after)) return 30;
    if (w && w.after.length >= 2 && w.before.length >= 2) return 80;
    if (w && w.after.length >= 2 && TRAILING.has(w.before)) return 150;
    return 400;
  };
}

/** Typesets one paragraph into lines, after clreq: kinsoku, compression, inter-character justification. */
export function typesetParagraph(spans: readonly Span[], style: ParagraphStyle, metrics: FontMetrics): SetLine[] {
  const { clusters: raw, text } = clusterize(spans, metrics);
  if (raw.length === 0) return [];
  const can = breakOpportunities(text);
  const display = !!style.display;

  // Words wider than the measure become breakable pieces (a URL, a long number).
  const clusters: Cluster[] = [];
  for (const c of raw) {
    if (c.kind === 'latin' && !c.box && c.natural > style.measure - style.indent) {
      let offset = c.start;
      for (const ch of c.text) {
        clusters.push({ ...c, text: ch, start: offset, src: c.src < 0 ? -1 : c.src + offset - c.start, natural: metrics.width(ch, c.face, c.size), set: 0, emergency: true });
        offset += ch.length;
      }
    } else if (c.kind === 'latin' && !c.box && style.align === 'justify' && !display && c.text.length >= 7) {
      // A long word may be hyphenated at a line end: one piece per syllable group, a hyphen possible after each but the last.
      const points = hyphenPoints(c.text);
      let from = 0;
      for (const to of [...points, c.text.length]) {
        const piece = c.text.slice(from, to);
        clusters.push({ ...c, text: piece, start: c.start + from, src: c.src < 0 ? -1 : c.src + from, natural: metrics.width(piece, c.face, c.size), set: 0, ...(to < c.text.length ? { hyphen: true } : {}) });
        from = to;
      }
    } else clusters.push(c);
  }
  const n = clusters.length;
  for (const c of clusters) {
    c.set = c.natural;
    c.cls = c.box ? BOX_CLASSES : classes(c);
  }

  // Consecutive punctuation: a closing mark before another mark is half-width; an opening mark after an opening mark too.
  const next = (k: number) => {
    let j = k + 1;
    while (j < n && clusters[j]!.kind === 'space') j++;
    return j;
  };
  const prev = (k: number) => {
    let j = k - 1;
    while (j >= 0 && clusters[j]!.kind === 'space') j--;
    return j;
  };
  const half = (c: Cluster) => c.natural / 2;
  const hyphenWidth = (c: Cluster) => metrics.width('-', c.face, c.size);
  for (let k = 0; k < n; k++) {
    const c = clusters[k]!;
    const nx = clusters[k + 1];
    if (c.closing && nx && (nx.closing || nx.opening || NO_LINE_START.has(nx.text[0]!))) c.set = half(c);
    const pv = clusters[k - 1];
    if (c.opening && pv && pv.opening) {
      c.set = half(c);
      c.shift = -half(c);
    }
  }

  const sideOf = (c: Cluster): 'cjk' | 'latin' => (c.kind === 'latin' && !c.emergency ? 'latin' : 'cjk');
  const isPunctCjk = (c: Cluster) => c.cls.punctCjk;
  /** The space between two neighbouring clusters a < b: natural width and whether justification may widen it. */
  const gap = (a: number, b: number): Gap => {
    const A = clusters[a]!;
    const B = clusters[b]!;
    if (A.span === B.span) return usualGap(a, b);
    // Between two spans: a footnote mark sits tight; a key's box gets room on either side.
    const sa = spans[A.span]!;
    const sb = spans[B.span]!;
    const spaced = b - a > 1;
    if (sb.attach && !spaced) return FIXED;
    if (sa.attach && !spaced) return STRETCH;
    const usual = usualGap(a, b);
    return sa.deco?.includes('kbd') || sb.deco?.includes('kbd') ? { ...usual, natural: usual.natural + KBD_ROOM * style.em } : usual;
  };
  const usualGap = (a: number, b: number): Gap => {
    const A = clusters[a]!;
    const B = clusters[b]!;
    const spaced = b - a > 1;
    if (A.emergency && B.emergency) return STRETCH;
    // Just inside brackets and quotes: widened only when a line has no other place to take the space.
    if (A.cls.opener || B.cls.closer) return INNER;
    if (PAUSES.has(A.text) && !B.cls.punctCjk) return PAUSE;
    if (A.cls.punctCjk || B.cls.punctCjk) return STRETCH;
    // A stray space between two Chinese characters is not shown.
    if (spaced && A.kind === 'cjk' && B.kind === 'cjk' && A.cls.cjk && B.cls.cjk) return STRETCH;
    const sa = sideOf(A);
    const sb = sideOf(B);
    if (spaced) {
      if (sa === 'latin' && sb === 'latin') return { natural: metrics.width(' ', A.face, A.size), stretch: true, flex: 'word' };
      return { natural: style.em / 4, stretch: true, flex: 'mixed' };
    }
    if (sa === 'cjk' && sb === 'cjk') return STRETCH;
    if (sa !== sb) {
      const letterA = sa === 'latin' ? A.cls.letterLast || SIGN_AFTER.test(A.text) : A.cls.cjk;
      const letterB = sb === 'latin' ? B.cls.letterFirst || SIGN_BEFORE.test(B.text) : B.cls.cjk;
      return letterA && letterB ? { natural: style.em / 4, stretch: true, flex: 'mixed' } : STRETCH;
    }
    return FIXED;
  };
  const canBreak = (a: number, b: number): boolean => {
    if (b >= n) return true;
    const A = clusters[a]!;
    const B = clusters[b]!;
    if (A.span !== B.span && spans[B.span]!.attach) return false;
    if (A.emergency && B.emergency) return true;
    if (A.hyphen && b === a + 1) return true;
    if (B.cls.noStart || A.cls.noEnd) return false;
    return can[B.start] === 1;
  };
  const lineStartWidth = (k: number, firstLine: boolean) => {
    const c = clusters[k]!;
    return c.opening && !firstLine ? half(c) : c.set;
  };

  /** Room of a gap of its own, before letter-spacing: the CJK–Latin ¼ em goes from ⅛ to ⅓ em, a word space ±½ and ⅓. */
  const room = (g: Gap): { grow: number; shrink: number; pause: number } =>
    g.flex === 'mixed'
      ? { grow: style.em / 4, shrink: style.em / 8, pause: 0 }
      : g.flex === 'word'
        ? { grow: g.natural * 1.5, shrink: g.natural / 3, pause: 0 }
        : g.flex === 'pause'
          ? { grow: 0, shrink: 0, pause: style.em / 2 }
          : NO_ROOM;
  const fitItem = (k: number): FitItem => {
    const c = clusters[k]!;
    const cut = c.opening || c.closing ? Math.max(0, c.set - half(c)) : 0;
    const pause = PAUSES.has(c.text) && c.kind === 'cjk' && c.set === c.natural && metrics.inkSide(c.face, c.text, c.features) === 'left';
    return {
      w: c.set,
      startCut: c.opening ? cut : 0,
      // A hyphen at the end of a line broken inside a word hangs in the margin (optical margin alignment, as
      // Latin typesetters hang it): the word's last letter is flush with the measure, the hyphen beyond it.
      endCut: c.closing ? cut : 0,
      squeeze: pause ? half(c) : cut,
      tier: pause || FULL_STOPS.has(c.text) ? 2 : 1,
      visible: c.kind === 'latin' ? c.text.length : c.kind === 'cjk' && !c.cls.punctCjk ? 1 : 0,
    };
  };
  const fitGap = (a: number, b: number, brk: number): FitGap => {
    const g = gap(a, b);
    const r = room(g);
    return { w: g.natural, spread: !g.stretch ? 0 : g.inner ? 2 : 1, grow: r.grow, shrink: r.shrink, pause: r.pause, brk };
  };
  const sideOfBreak = display ? displayBreaks(clusters, text, sideOf) : null;
  /** The cost of ending a line between items a and b, or −1 where no line may end. */
  const breakCost = (a: number, b: number): number => {
    if (!canBreak(a, b)) return -1;
    if (clusters[a]!.hyphen && b === a + 1) {
      // Hyphenation is a last resort, and dearer in a name.
      let w = a;
      while (w > 0 && clusters[w - 1]!.hyphen && clusters[w - 1]!.start + clusters[w - 1]!.text.length === clusters[w]!.start) w--;
      return CAPITAL.test(clusters[w]!.text) ? 2 * HYPHEN_COST : HYPHEN_COST;
    }
    if (sideOfBreak) return sideOfBreak(a, b);
    // A compound's pieces (「GPT-」「4o」) part only when nothing better is near.
    return clusters[a]!.kind === 'latin' && clusters[b]!.kind === 'latin' && b - a === 1 && !clusters[a]!.emergency ? 50 : 0;
  };

  type LineSpec = [number, number, boolean]; // [start, end, endsWithForcedBreak]
  const lines = ((style.align === 'justify' || display) && n <= PARAGRAPH_LIMIT && paragraphFit()) || greedy();
  return lines.map(([s, e, forced], li) => setLine(s, e, li === 0, li === lines.length - 1 || forced, forced));

  /**
   * Breaks chosen over the whole paragraph (knuth-plass.ts), each part up to a forced break on its own:
   * justified text by total fit, display type ragged and balanced. Null when no breaks fit or the work
   * bound is reached: the greedy fill sets the paragraph then.
   */
  function paragraphFit(): LineSpec[] | null {
    const out: LineSpec[] = [];
    let from = 0;
    // Work bound: every line end looks back over the lines it could start at, a line's worth of clusters or so.
    const budget = 400 * n + 100_000;
    for (let k = 0; k <= n; k++) {
      if (k < n && clusters[k]!.kind !== 'break') continue;
      const forced = k < n;
      const idx: number[] = [];
      for (let j = from; j < k; j++) if (clusters[j]!.kind !== 'space') idx.push(j);
      if (idx.length === 0) {
        if (forced) out.push([k, k, true]);
      } else {
        const items = idx.map(fitItem);
        const gaps = idx.slice(1).map((c, j) => fitGap(idx[j]!, c, breakCost(idx[j]!, c)));
        const starts = breakItems(items, gaps, { measure: style.measure, indent: style.indent, em: style.em, first: out.length === 0, mode: display ? 'display' : 'justify', last: !forced, budget });
        if (!starts) return null;
        starts.forEach((a, li) => {
          const b = li + 1 < starts.length ? starts[li + 1]! : idx.length;
          out.push([idx[a]!, idx[b - 1]! + 1, forced && b === idx.length]);
        });
      }
      from = k + 1;
    }
    return out;
  }

  /** Greedy fill (the fallback for paragraphs too big to weigh whole). */
  function greedy(): LineSpec[] {
    // Greedy fill: take what fits; at an overflow, set a closing mark half-width if that makes it fit,
    // else break at the last opportunity (pushing characters to the next line); forced breaks are kept.
    const lines: LineSpec[] = [];
    let i = 0;
    while (i < n && clusters[i]!.kind === 'space') i++;
    let first = true;
    // Every pass sets at least one cluster, so there can be no more lines than clusters: a bound, not a hope.
    let passes = 0;
    while (i < n) {
      if (++passes > n + 1) throw new LayoutBoundError(`line breaking made no progress at character ${clusters[i]!.start}`);
      const avail = style.measure - (first ? style.indent : 0);
      let w = 0;
      let k = i;
      let last = -1;
      let forced = false;
      while (k < n) {
        const c = clusters[k]!;
        if (c.kind === 'break') {
          forced = true;
          break;
        }
        if (c.kind === 'space') {
          k++;
          continue;
        }
        const cw = last < 0 ? lineStartWidth(k, first) : c.set;
        const g = last < 0 ? 0 : gap(last, k).natural;
        if (w + g + cw > avail + 1e-6) break;
        w += g + cw;
        last = k;
        k++;
      }
      let end: number;
      if (forced || k >= n) end = k;
      else {
        const c = clusters[k]!;
        const g = last < 0 ? 0 : gap(last, k).natural;
        if (last >= 0 && c.closing && w + g + half(c) <= avail + 1e-6 && canBreak(k, next(k))) end = k + 1;
        else {
          end = -1;
          for (let b = k; b > i; b = prev(b)) {
            const a = prev(b);
            if (a < i) break;
            if (canBreak(a, b)) {
              end = b;
              break;
            }
          }
          if (end < 0) end = last >= 0 ? k : k + 1;
        }
      }
      lines.push([i, end, forced]);
      i = forced ? end + 1 : end;
      while (i < n && clusters[i]!.kind === 'space') i++;
      first = false;
    }

    // A last line of one lone character takes one more from the line before, when the break allows it.
    if (lines.length >= 2) {
      const lastLine = lines[lines.length - 1]!;
      const before = lines[lines.length - 2]!;
      const visible = clusters.slice(lastLine[0], lastLine[1]).filter((c) => c.kind !== 'space' && !isPunctCjk(c));
      if (!before[2] && visible.length === 1 && visible[0]!.kind === 'cjk') {
        for (let b = prev(before[1]); b > before[0] + 1; b = prev(b)) {
          if (canBreak(prev(b), b)) {
            before[1] = b;
            lastLine[0] = b;
            break;
          }
        }
      }
    }

    return lines;
  }

  function setLine(s: number, e: number, firstLine: boolean, lastLine: boolean, forced: boolean): SetLine {
    const idx: number[] = [];
    for (let k = s; k < e; k++) if (clusters[k]!.kind !== 'space' && clusters[k]!.kind !== 'break') idx.push(k);
    const m = idx.length;
    const items = idx.map(fitItem);
    const gaps = idx.slice(1).map((k, j) => gap(idx[j]!, k));
    const indent = firstLine ? style.indent : 0;
    // The line's room, summed as the breaker summed it (knuth-plass.ts): the same line gets the same fit.
    const t: Totals = { natural: indent, grow: 0, pause: 0, shrink: 0, sq1: 0, n1: 0, sq2: 0, n2: 0, spread1: 0, spread2: 0 };
    items.forEach((it, j) => {
      t.natural += it.w;
      if (j > 0 && j < m - 1 && it.squeeze > 0) {
        if (it.tier === 1) (t.sq1 += it.squeeze), t.n1++;
        else (t.sq2 += it.squeeze), t.n2++;
      }
    });
    if (m > 0) t.natural -= (firstLine ? 0 : items[0]!.startCut) + items[m - 1]!.endCut;
    for (const g of gaps) {
      const r = room(g);
      t.natural += g.natural;
      t.grow += r.grow;
      t.pause += r.pause;
      t.shrink += r.shrink;
      if (g.stretch) g.inner ? t.spread2++ : t.spread1++;
    }
    // The last line stays at its natural width, unless it falls short of the measure by less than two
    // characters and spreading it is light: then it is set flush too rather than left almost-but-not-quite full.
    const kind: LineKind = display ? 'display' : style.align !== 'justify' ? 'ragged' : lastLine ? (forced ? 'ragged' : 'last') : 'justify';
    let adj = adjust(t, style.measure, style.em, kind);
    if (!adj.ok) adj = adjust(t, Infinity, style.em, 'ragged');
    const widths = idx.map((k, j) => {
      const c = clusters[k]!;
      const it = items[j]!;
      if (j === 0 && !firstLine && it.startCut > 0) return { set: c.set - it.startCut, shift: c.shift - it.startCut };
      if (j === m - 1 && it.endCut !== 0) return { set: c.set - it.endCut, shift: c.shift };
      const q = j > 0 && j < m - 1 ? it.squeeze * (it.tier === 1 ? adj.sq1F : adj.sq2F) : 0;
      if (q > 1e-9) return { set: c.set - q, shift: c.opening ? c.shift - q : c.shift };
      return { set: c.set, shift: c.shift };
    });
    const widen = (g: Gap) => g.stretch && (adj.inner || !g.inner);
    const spread = adj.spread;
    const slack = style.measure - adj.width;
    const gapWidth = (g: Gap) => {
      const r = room(g);
      return g.natural + r.grow * adj.growF + r.pause * adj.pauseF - r.shrink * adj.shrinkF + (widen(g) ? spread : 0);
    };
    const justify = adj.justified;
    let x = indent + (style.align === 'center' ? slack / 2 : style.align === 'right' ? slack : 0);
    const left = x;
    const pos: number[] = [];
    idx.forEach((_, j) => {
      pos.push(x);
      x += widths[j]!.set;
      const g = gaps[j];
      if (g) x += gapWidth(g);
    });
    const right = x;

    // Runs: neighbours join while style, features and spacing stay the same.
    const runs: TextRun[] = [];
    const links: LinkBox[] = [];
    const boxes: { x: number; box: InlineBox }[] = [];
    let run: { items: number[]; spacing: number } | null = null;
    const flush = () => {
      if (!run) return;
      const ks = run.items.map((j) => idx[j]!);
      const c0 = clusters[ks[0]!]!;
      if (c0.box) {
        boxes.push({ x: pos[run.items[0]!]!, box: c0.box });
        run = null;
        return;
      }
      const span = spans[c0.span]!;
      const lastJ = run.items[run.items.length - 1]!;
      const lastC = clusters[ks[ks.length - 1]!]!;
      const drawn = ks.reduce((a, k) => a + clusters[k]!.natural, 0) + run.spacing * (ks.length - 1);
      const x0 = pos[run.items[0]!]! + widths[run.items[0]!]!.shift;
      const trimEnd = lastC.natural - widths[lastJ]!.set + widths[lastJ]!.shift;
      const runText = ks.map((k) => clusters[k]!.text).join('');
      const r: TextRun = {
        kind: 'text',
        x: x0,
        y: 0,
        text: runText,
        face: c0.face,
        size: c0.size,
        spacing: run.spacing,
        features: c0.features,
        width: drawn - trimEnd - (pos[run.items[0]!]! - x0),
        glyphs: metrics.glyphRun(runText, c0.face, c0.features),
        color: span.color,
        ...(span.dots ? { dots: true } : {}),
        ...(span.rise ? { y: -span.rise } : {}),
        ...(span.deco?.length ? { deco: span.deco } : {}),
      };
      runs.push(r);
      if (span.link) links.push({ x: pos[run.items[0]!]!, y: -c0.size * 0.9, w: r.width, h: c0.size * 1.2, url: span.link });
      else if (span.dest) {
        // A footnote mark is a small target: its link reaches a little either side.
        const grow = span.attach ? c0.size * 0.5 : 0;
        links.push({ x: pos[run.items[0]!]! - grow, y: -c0.size * 0.9 - (span.rise ?? 0), w: r.width + 2 * grow, h: c0.size * 1.2, dest: span.dest });
      }
      run = null;
    };
    idx.forEach((k, j) => {
      const c = clusters[k]!;
      if (run) {
        const pj = run.items[run.items.length - 1]!;
        const p = clusters[idx[pj]!]!;
        const g = gaps[j - 1]!;
        const same =
          p.span === c.span &&
          p.face === c.face &&
          p.kind === 'cjk' &&
          c.kind === 'cjk' &&
          g.natural === 0 &&
          !g.flex &&
          widen(g) &&
          widths[pj]!.set === p.natural &&
          widths[j]!.shift === 0;
        if (same) {
          run.items.push(j);
          run.spacing = spread;
          return;
        }
        flush();
      }
      run = { items: [j], spacing: 0 };
    });
    flush();
    // The line's text as a reader sees it: a space stays where the source had one between words.
    const lineText = idx.map((k, j) => (j > 0 && k - idx[j - 1]! > 1 && clusters[k - 1]!.kind === 'space' ? ' ' : '') + clusters[k]!.text).join('');
    // The first and last characters from the block's text (TeX printed for a formula in error is not, nor a
    // footnote mark); an inline object adds nothing to that text: it ends where it starts.
    let a = 0;
    let z = idx.length - 1;
    while (a <= z && clusters[idx[a]!]!.src < 0) a++;
    while (z >= a && clusters[idx[z]!]!.src < 0) z--;
    const firstC = a <= z ? clusters[idx[a]!]! : undefined;
    const lastC = a <= z ? clusters[idx[z]!]! : undefined;
    const src = firstC && lastC ? { start: firstC.src, end: lastC.src + (lastC.box ? 0 : lastC.text.length) } : undefined;
    // A word broken at the line end gets its hyphen: a run of its own in the word's style.
    const end = clusters[idx[m - 1] ?? -1];
    const hyphen = !!end?.hyphen && !lastLine;
    if (hyphen) {
      const last = runs[runs.length - 1]!;
      runs.push({ kind: 'text', x: pos[m - 1]! + end.natural, y: last.y, text: '-', face: last.face, size: last.size, spacing: 0, features: [], width: hyphenWidth(end), glyphs: metrics.glyphRun('-', last.face), color: last.color, actualText: '\u00ad' });
    }
    return {
      runs,
      links,
      left,
      right,
      justified: justify,
      text: lineText,
      first: firstLine,
      last: lastLine,
      size: Math.max(...idx.map((k) => clusters[k]!.size), 0),
      ...(src ? { src } : {}),
      ...(boxes.length ? { boxes } : {}),
      ...(hyphen ? { hyphen: true } : {}),
    };
  }
}
