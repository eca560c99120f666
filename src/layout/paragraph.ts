/** The clreq paragraph breaker: clusters, kinsoku, punctuation compression, inter-character justification. */
import LineBreaker from 'linebreak';
import type { FaceName } from '../fonts/catalog.js';
import { needsGlyph } from '../fonts/coverage.js';
import { breakOpportunities } from './breaks.js';
import { COMPRESSIBLE_CLOSING, COMPRESSIBLE_OPENING, isCjk, isCjkSide, isLatinLike, NO_LINE_END, NO_LINE_START } from '../util/chars.js';
import { MONO_FEATURES, type FontMetrics } from '../fonts/metrics.js';
import type { Deco, LinkBox, TextRun } from './types.js';

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
  return ({ serif: 'sans', serifBold: 'sansBold', sans: 'serif', sansBold: 'serifBold', mono: 'sans' } as const)[face];
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
        closing: single && COMPRESSIBLE_CLOSING.has(t),
        opening: single && COMPRESSIBLE_OPENING.has(t),
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
        push(f.ch, 'cjk', f.face);
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

const STRETCH = Object.freeze({ natural: 0, stretch: true });
const INNER = Object.freeze({ natural: 0, stretch: true, inner: true });
const FIXED = Object.freeze({ natural: 0, stretch: false });
/** Room (in em) either side of a key's box (`<kbd>`), beyond the usual spacing. */
const KBD_ROOM = 0.3;

/** Typesets one paragraph into lines, after clreq: kinsoku, compression, inter-character justification. */
export function typesetParagraph(spans: readonly Span[], style: ParagraphStyle, metrics: FontMetrics): SetLine[] {
  const { clusters: raw, text } = clusterize(spans, metrics);
  if (raw.length === 0) return [];
  const can = breakOpportunities(text);

  // Words wider than the measure become breakable pieces (a URL, a long number).
  const clusters: Cluster[] = [];
  for (const c of raw) {
    if (c.kind === 'latin' && !c.box && c.natural > style.measure - style.indent) {
      let offset = c.start;
      for (const ch of c.text) {
        clusters.push({ ...c, text: ch, start: offset, src: c.src < 0 ? -1 : c.src + offset - c.start, natural: metrics.width(ch, c.face, c.size), set: 0, emergency: true });
        offset += ch.length;
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
  const gap = (a: number, b: number): { natural: number; stretch: boolean; inner?: boolean } => {
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
    return sa.deco?.includes('kbd') || sb.deco?.includes('kbd') ? { natural: usual.natural + KBD_ROOM * style.em, stretch: usual.stretch } : usual;
  };
  const usualGap = (a: number, b: number): { natural: number; stretch: boolean; inner?: boolean } => {
    const A = clusters[a]!;
    const B = clusters[b]!;
    const spaced = b - a > 1;
    if (A.emergency && B.emergency) return STRETCH;
    // Just inside brackets and quotes: widened only when a line has no other place to take the space.
    if (A.cls.opener || B.cls.closer) return INNER;
    if (A.cls.punctCjk || B.cls.punctCjk) return STRETCH;
    // A stray space between two Chinese characters is not shown.
    if (spaced && A.kind === 'cjk' && B.kind === 'cjk' && A.cls.cjk && B.cls.cjk) return STRETCH;
    const sa = sideOf(A);
    const sb = sideOf(B);
    if (spaced) {
      if (sa === 'latin' && sb === 'latin') return { natural: metrics.width(' ', A.face, A.size), stretch: true };
      return { natural: style.em / 4, stretch: true };
    }
    if (sa === 'cjk' && sb === 'cjk') return STRETCH;
    if (sa !== sb) {
      const letterA = sa === 'latin' ? A.cls.letterLast : A.cls.cjk;
      const letterB = sb === 'latin' ? B.cls.letterFirst : B.cls.cjk;
      return letterA && letterB ? { natural: style.em / 4, stretch: true } : STRETCH;
    }
    return FIXED;
  };
  const canBreak = (a: number, b: number): boolean => {
    if (b >= n) return true;
    const A = clusters[a]!;
    const B = clusters[b]!;
    if (A.span !== B.span && spans[B.span]!.attach) return false;
    if (A.emergency && B.emergency) return true;
    if (B.cls.noStart || A.cls.noEnd) return false;
    return can[B.start] === 1;
  };
  const lineStartWidth = (k: number, firstLine: boolean) => {
    const c = clusters[k]!;
    return c.opening && !firstLine ? half(c) : c.set;
  };

  // Greedy fill: take what fits; at an overflow, set a closing mark half-width if that makes it fit,
  // else break at the last opportunity (pushing characters to the next line); forced breaks are kept.
  const lines: [number, number, boolean][] = []; // [start, end, endsWithForcedBreak]
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

  return lines.map(([s, e, forced], li) => setLine(s, e, li === 0, li === lines.length - 1 || forced, forced));

  function setLine(s: number, e: number, firstLine: boolean, lastLine: boolean, forced: boolean): SetLine {
    const idx: number[] = [];
    for (let k = s; k < e; k++) if (clusters[k]!.kind !== 'space' && clusters[k]!.kind !== 'break') idx.push(k);
    const widths = idx.map((k, j) => {
      const c = clusters[k]!;
      if (j === 0 && c.opening && !firstLine) return { set: half(c), shift: -half(c) };
      if (j === idx.length - 1 && c.closing) return { set: half(c), shift: c.shift };
      return { set: c.set, shift: c.shift };
    });
    const gaps = idx.slice(1).map((k, j) => gap(idx[j]!, k));
    const indent = firstLine ? style.indent : 0;
    const natural = indent + widths.reduce((a, b) => a + b.set, 0) + gaps.reduce((a, b) => a + b.natural, 0);
    const outer = gaps.filter((g) => g.stretch && !g.inner).length;
    const widen = (g: { stretch: boolean; inner?: boolean }) => g.stretch && (outer === 0 || !g.inner);
    const stretchable = gaps.filter(widen).length;
    const slack = style.measure - natural;
    // The last line stays at its natural width, unless it falls short of the measure by less than two
    // characters: then it is set flush too (about half a point more between characters at 40 a line)
    // rather than left almost-but-not-quite full.
    const nearlyFull = lastLine && !forced && slack < 2 * style.em - 1e-6;
    const justify = style.align === 'justify' && (!lastLine || nearlyFull) && stretchable > 0 && slack > -1e-6;
    const spread = justify ? slack / stretchable : 0;
    let x = indent + (style.align === 'center' ? slack / 2 : style.align === 'right' ? slack : 0);
    const left = x;
    const pos: number[] = [];
    idx.forEach((_, j) => {
      pos.push(x);
      x += widths[j]!.set;
      const g = gaps[j];
      if (g) x += g.natural + (widen(g) ? spread : 0);
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
      const r: TextRun = {
        kind: 'text',
        x: x0,
        y: 0,
        text: ks.map((k) => clusters[k]!.text).join(''),
        face: c0.face,
        size: c0.size,
        spacing: run.spacing,
        features: c0.features,
        width: drawn - trimEnd - (pos[run.items[0]!]! - x0),
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
    return { runs, links, left, right, justified: justify, text: lineText, first: firstLine, last: lastLine, size: Math.max(...idx.map((k) => clusters[k]!.size), 0), ...(src ? { src } : {}), ...(boxes.length ? { boxes } : {}) };
  }
}
