/** Paragraph-level line breaking: Knuth–Plass total fit over clreq stretch and shrink, and balanced ragged lines for display type. */

/**
 * One thing set on a line (a Chinese character, a Latin word, a mark), as the breaker sees it. Widths are
 * the cluster's set width inside a line; the cuts are what the line's edges take off it.
 */
export interface FitItem {
  w: number;
  /** Width saved when the item opens a line other than the paragraph's first (an opening mark set half-width). */
  startCut: number;
  /** Width saved when it ends a line (a closing mark set half-width). */
  endCut: number;
  /** Width it may give up inside a line: a full-width mark set half-width. */
  squeeze: number;
  /** Order of squeezing (jlreq): 1 commas, colons, brackets and quotes; 2 full stops, last. */
  tier: 1 | 2;
  /** Characters a reader counts on the line: 0 for punctuation, 1 for a Chinese character, a word's letters. */
  visible: number;
}

/** The space between item k and item k + 1. */
export interface FitGap {
  /** Natural width. */
  w: number;
  /** Takes the inter-character spacing when justified: 1 always, 2 only when the line has no other place (just inside brackets). */
  spread: 0 | 1 | 2;
  /** Room to widen before any letter-spacing (the CJK–Latin gap up to ⅓ em, a word space by half) and to narrow (to ⅛ em, a word space by a third). */
  grow: number;
  shrink: number;
  /** Room to widen the pause after ？ or ！ (up to ½ em), taken only once letter-spacing reaches PAUSE_AFTER. */
  pause: number;
  /** The cost of ending a line here, or −1 where no line may end. */
  brk: number;
}

/**
 * How a line is finished: `justify` spreads it to the measure; `last` is a justified paragraph's last line
 * (spread only when nearly full, and lightly); `ragged` keeps its natural width (a line before a forced
 * break, left/centred text); `display` is ragged display type (titles, headings).
 */
export type LineKind = 'justify' | 'last' | 'ragged' | 'display';

/** What a line holds of the adjustable widths: sums over its inner gaps and inner items. */
export interface Totals {
  natural: number;
  grow: number;
  pause: number;
  shrink: number;
  sq1: number;
  n1: number;
  sq2: number;
  n2: number;
  /** Gaps taking the spacing (spread 1), and those taking it only as a last resort (spread 2). */
  spread1: number;
  spread2: number;
}

/** How a line's widths are adjusted to fit: fractions of each kind of room used, and the spacing per gap. */
export interface Adjustment {
  /** Fits at all (shrinking as far as allowed). */
  ok: boolean;
  /** Set flush with the measure by spreading. */
  justified: boolean;
  growF: number;
  pauseF: number;
  /** Letter-spacing added to each spreading gap (pt) and whether the inner gaps (spread 2) take it. */
  spread: number;
  inner: boolean;
  shrinkF: number;
  sq1F: number;
  sq2F: number;
  /** Width after adjustment. */
  width: number;
  badness: number;
}

const EPS = 1e-6;
/** Letter-spacing (in em) that costs a line 100: loose.py's "loose" threshold. */
const LOOSE = 0.05;
/** A paragraph's last line is spread to the measure when it is this close to full, and only lightly (em per gap). */
const NEARLY_FULL = 2.5;
const LAST_SPREAD = 0.05;
/** A last line left almost but not quite full: it reads like a mistake, so the breaks avoid it. */
const ALMOST_FULL = 200;
/** Letter-spacing (em) a line takes before the pauses after ？ and ！ widen: a little spacing is invisible, a wide pause is not. */
const PAUSE_AFTER = 0.03;

/** The adjustment of one line: widen the flexible gaps first, then letter-space; narrow the gaps, then squeeze marks (commas and brackets before full stops). */
export function adjust(t: Totals, measure: number, em: number, kind: LineKind): Adjustment {
  return adjustInto(blank(), t, measure, em, kind);
}

function blank(): Adjustment {
  return { ok: true, justified: false, growF: 0, pauseF: 0, spread: 0, inner: false, shrinkF: 0, sq1F: 0, sq2F: 0, width: 0, badness: 0 };
}

/** adjust(), written into `a` (the breaker weighs millions of lines and keeps none of them). */
function adjustInto(a: Adjustment, t: Totals, measure: number, em: number, kind: LineKind): Adjustment {
  a.ok = true;
  a.justified = false;
  a.growF = a.pauseF = a.spread = a.shrinkF = a.sq1F = a.sq2F = a.badness = 0;
  a.inner = false;
  a.width = t.natural;
  const slack = measure - t.natural;
  if (slack >= -EPS) {
    if (kind === 'ragged' || kind === 'display') return a;
    if (kind === 'last' && slack >= NEARLY_FULL * em - EPS) return a;
    const g = Math.min(slack, t.grow);
    const rest = slack - g;
    const inner = t.spread1 === 0;
    const n = inner ? t.spread2 : t.spread1;
    if (rest > EPS && n === 0) {
      // Nothing to spread: the line stays short of the measure (a lone long word), as bad as one gap taking it all.
      a.badness = kind === 'last' ? 0 : 1e4 + 100 * (rest / em / LOOSE) ** 3;
      return a;
    }
    // Letter-spacing up to PAUSE_AFTER, then the pauses after ？ and ！, then letter-spacing again.
    const p = Math.min(Math.max(0, rest - n * PAUSE_AFTER * em), t.pause);
    const spread = rest > EPS ? (rest - p) / n : 0;
    const r = spread / em;
    if (kind === 'last' && r >= LAST_SPREAD) {
      a.badness = ALMOST_FULL;
      return a;
    }
    a.growF = t.grow > 0 ? g / t.grow : 0;
    a.pauseF = t.pause > 0 ? p / t.pause : 0;
    a.badness = 100 * (r / LOOSE) ** 3 * (inner && spread > 0 ? 2 : 1) + 5 * a.growF * a.growF + 20 * a.pauseF * a.pauseF;
    a.justified = true;
    a.spread = spread;
    a.inner = inner;
    a.width = measure;
    return a;
  }
  // Display type is never squeezed: a title takes another line instead.
  if (kind === 'display') {
    a.ok = false;
    a.badness = Infinity;
    return a;
  }
  let need = -slack;
  const s1 = Math.min(need, t.shrink);
  need -= s1;
  const q1 = Math.min(need, t.sq1);
  need -= q1;
  const q2 = Math.min(need, t.sq2);
  need -= q2;
  if (need > EPS) {
    a.ok = false;
    a.badness = Infinity;
    return a;
  }
  a.shrinkF = t.shrink > 0 ? s1 / t.shrink : 0;
  a.sq1F = t.sq1 > 0 ? q1 / t.sq1 : 0;
  a.sq2F = t.sq2 > 0 ? q2 / t.sq2 : 0;
  a.badness = 15 * a.shrinkF * a.shrinkF + 20 * t.n1 * a.sq1F * a.sq1F + 40 * t.n2 * a.sq2F * a.sq2F;
  a.justified = kind !== 'ragged';
  a.width = measure;
  return a;
}

export interface BreakOptions {
  measure: number;
  /** Indent of the segment's first line (the paragraph's first line only). */
  indent: number;
  em: number;
  /** The segment opens the paragraph: its first line is indented and keeps an opening mark full-width. */
  first: boolean;
  /** How the segment's lines are finished: justified text, or display type. */
  mode: 'justify' | 'display';
  /** The segment's last line is the paragraph's (not a line before a forced break). */
  last: boolean;
  /** Work allowed before giving up (the caller falls back to the greedy fill). */
  budget: number;
}

/** Demerits of a line that is fine: every line costs this, so fewer lines are better. */
const LINE_PENALTY = 10;
/** A paragraph's last line holding one lone character: taken rather than a line letter-spaced by about 0.075 em or more. */
const LONE_LAST = 1.5e5;
/** A display line holding a single character or a two-character word. */
const LONE_DISPLAY = 1e6;
/** Display type: the most lines weighed, and the cost of each line past the fewest that fit. */
const DISPLAY_LINES = 12;
const EXTRA_LINE = 100;
/**
 * A line of a display setting of two lines or more that ends almost at the measure (short of it by less than two
 * ems) reads as a justified line that failed: each costs this (more than two lines), so a long title takes another
 * line rather than such lines. A heading on one line is never charged.
 */
const NEAR_MEASURE = 250;

/**
 * Breaks a run of items (a paragraph, or its part up to a forced break) into lines: the starts of the lines
 * as item indices, or null when no set of breaks fits (or the work budget runs out).
 *
 * Justified text is total fit: the sum over lines of (10 + badness)², badness growing with the cube of the
 * letter-spacing, so the worst line weighs most. Display type is ragged and balanced: the fewest lines,
 * then the least sum of squared shortfalls (in em) plus the cost of each break.
 */
export function breakItems(items: readonly FitItem[], gaps: readonly FitGap[], o: BreakOptions): number[] | null {
  const m = items.length;
  if (m === 0) return [0];
  // Prefix sums: item widths and squeeze, gap widths and room, counts.
  const W = new Float64Array(m + 1);
  const SQ1 = new Float64Array(m + 1);
  const N1 = new Float64Array(m + 1);
  const SQ2 = new Float64Array(m + 1);
  const N2 = new Float64Array(m + 1);
  const VIS = new Float64Array(m + 1);
  const G = new Float64Array(m + 1);
  const GROW = new Float64Array(m + 1);
  const PAUSE = new Float64Array(m + 1);
  const SHR = new Float64Array(m + 1);
  const SP1 = new Float64Array(m + 1);
  const SP2 = new Float64Array(m + 1);
  for (let k = 0; k < m; k++) {
    const it = items[k]!;
    W[k + 1] = W[k]! + it.w;
    SQ1[k + 1] = SQ1[k]! + (it.tier === 1 ? it.squeeze : 0);
    N1[k + 1] = N1[k]! + (it.tier === 1 && it.squeeze > 0 ? 1 : 0);
    SQ2[k + 1] = SQ2[k]! + (it.tier === 2 ? it.squeeze : 0);
    N2[k + 1] = N2[k]! + (it.tier === 2 && it.squeeze > 0 ? 1 : 0);
    VIS[k + 1] = VIS[k]! + it.visible;
    const g = gaps[k];
    G[k + 1] = G[k]! + (g ? g.w : 0);
    GROW[k + 1] = GROW[k]! + (g ? g.grow : 0);
    PAUSE[k + 1] = PAUSE[k]! + (g ? g.pause : 0);
    SHR[k + 1] = SHR[k]! + (g ? g.shrink : 0);
    SP1[k + 1] = SP1[k]! + (g && g.spread === 1 ? 1 : 0);
    SP2[k + 1] = SP2[k]! + (g && g.spread === 2 ? 1 : 0);
  }
  const scratch = blank();
  const t: Totals = { natural: 0, grow: 0, pause: 0, shrink: 0, sq1: 0, n1: 0, sq2: 0, n2: 0, spread1: 0, spread2: 0 };
  /** Fills `t` for the line of items [a, b). */
  const totals = (a: number, b: number) => {
    const firstLine = o.first && a === 0;
    t.natural = W[b]! - W[a]! + G[b - 1]! - G[a]! + (firstLine ? o.indent : 0) - (firstLine ? 0 : items[a]!.startCut) - items[b - 1]!.endCut;
    // Squeezing happens inside the line: its first and last items keep their widths (or their edge cuts).
    const lo = a + 1;
    const hi = b - 1;
    const inner = hi > lo;
    t.sq1 = inner ? SQ1[hi]! - SQ1[lo]! : 0;
    t.n1 = inner ? N1[hi]! - N1[lo]! : 0;
    t.sq2 = inner ? SQ2[hi]! - SQ2[lo]! : 0;
    t.n2 = inner ? N2[hi]! - N2[lo]! : 0;
    t.grow = GROW[b - 1]! - GROW[a]!;
    t.pause = PAUSE[b - 1]! - PAUSE[a]!;
    t.shrink = SHR[b - 1]! - SHR[a]!;
    t.spread1 = SP1[b - 1]! - SP1[a]!;
    t.spread2 = SP2[b - 1]! - SP2[a]!;
  };
  if (o.mode === 'display') return display();
  // First only lines at least half full (a looser one is never the best while another fits); if that finds
  // no way through (a long word after a few characters), every line.
  return justify(true) ?? justify(false);

  function justify(prune: boolean): number[] | null {
    const best = new Float64Array(m + 1).fill(Infinity);
    const prev = new Int32Array(m + 1).fill(-1);
    best[0] = 0;
    let work = 0;
    for (let b = 1; b <= m; b++) {
      if (b < m && gaps[b - 1]!.brk < 0) continue;
      const end = b === m;
      const kind: LineKind = end ? (o.last ? 'last' : 'ragged') : 'justify';
      // The shortest line weighed ends here: the latest start whose natural width reaches half the measure.
      let from = b - 1;
      if (prune && !end) {
        const half = o.measure / 2;
        let lo = 0;
        let hi = b - 1;
        if (W[b]! - W[0]! + G[b - 1]! - G[0]! >= half) {
          while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (W[b]! - W[mid]! + G[b - 1]! - G[mid]! >= half) lo = mid;
            else hi = mid - 1;
          }
          from = lo;
        }
      }
      for (let a = from; a >= 0; a--) {
        if (++work > o.budget) return null;
        totals(a, b);
        const least = t.natural - t.shrink - t.sq1 - t.sq2;
        // Lines only get wider going back (within half an em either way): stop once well past the measure.
        if (least > o.measure + o.em) break;
        if (best[a] === Infinity || (a > 0 && gaps[a - 1]!.brk < 0)) continue;
        if (least > o.measure + EPS) continue;
        const adj = adjustInto(scratch, t, o.measure, o.em, kind);
        if (!adj.ok) continue;
        const lone = end && o.last && a > 0 && VIS[b]! - VIS[a]! === 1;
        const total = best[a]! + (LINE_PENALTY + adj.badness) ** 2 + (end ? 0 : gaps[b - 1]!.brk) + (lone ? LONE_LAST : 0);
        if (total < best[b]!) {
          best[b] = total;
          prev[b] = a;
        }
      }
    }
    if (best[m] === Infinity) return null;
    return path(prev);
  }

  function path(from: Int32Array, k?: number): number[] {
    const starts: number[] = [];
    for (let b = m, j = k ?? 0; b > 0; j--) {
      const a = k === undefined ? from[b]! : from[j * (m + 1) + b]!;
      starts.push(a);
      b = a;
    }
    return starts.reverse();
  }

  /**
   * Display type: for each number of lines from the fewest up to two more, the breaks with the least
   * squared shortfall (which, the text being the same, balances the lines); then the count whose lines
   * vary least in width, with the cheapest breaks, each line past the fewest costing EXTRA_LINE.
   */
  function display(): number[] | null {
    const K = Math.min(m, DISPLAY_LINES);
    const cost = new Float64Array((K + 1) * (m + 1)).fill(Infinity);
    const from = new Int32Array((K + 1) * (m + 1)).fill(-1);
    const widths = new Float64Array((K + 1) * (m + 1));
    cost[0] = 0;
    let work = 0;
    for (let b = 1; b <= m; b++) {
      if (b < m && gaps[b - 1]!.brk < 0) continue;
      const end = b === m;
      for (let a = b - 1; a >= 0; a--) {
        if (++work > o.budget) return null;
        totals(a, b);
        if (t.natural > o.measure + 2 * o.em) break;
        if ((a > 0 && gaps[a - 1]!.brk < 0) || t.natural > o.measure + EPS) continue;
        const adj = adjustInto(scratch, t, o.measure, o.em, 'display');
        if (!adj.ok) continue;
        const short = (o.measure - adj.width) / o.em;
        const lone = VIS[b]! - VIS[a]! <= 2 && !(a === 0 && end);
        const near = short > 0.02 && short < 2 && !(a === 0 && end) ? NEAR_MEASURE : 0;
        const c = short * short + near + adj.badness + (end ? 0 : gaps[b - 1]!.brk) + (lone ? LONE_DISPLAY : 0);
        for (let k = 1; k <= K; k++) {
          const before = cost[(k - 1) * (m + 1) + a]!;
          if (before === Infinity || before + c >= cost[k * (m + 1) + b]!) continue;
          cost[k * (m + 1) + b] = before + c;
          from[k * (m + 1) + b] = a;
          widths[k * (m + 1) + b] = adj.width / o.em;
        }
      }
    }
    let fewest = 0;
    while (fewest <= K && cost[fewest * (m + 1) + m] === Infinity) fewest++;
    if (fewest > K) return null;
    let best: number[] | null = null;
    let bestScore = Infinity;
    for (let k = fewest; k <= Math.min(K, fewest + 2); k++) {
      if (cost[k * (m + 1) + m] === Infinity) continue;
      const starts = path(from, k);
      // What the lines cost beyond their shortfall (breaks, squeezing, lone words), and how much their widths vary.
      const ws: number[] = [];
      let extra = cost[k * (m + 1) + m]!;
      for (let j = k, b = m; j > 0; j--) {
        const w = widths[j * (m + 1) + b]!;
        ws.push(w);
        extra -= (o.measure / o.em - w) ** 2;
        b = from[j * (m + 1) + b]!;
      }
      const mean = ws.reduce((x, y) => x + y, 0) / k;
      const score = ws.reduce((x, w) => x + (w - mean) ** 2, 0) + extra + EXTRA_LINE * (k - fewest);
      if (score < bestScore) {
        bestScore = score;
        best = starts;
      }
    }
    return best;
  }
}
