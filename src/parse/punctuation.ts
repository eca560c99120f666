/** Punctuation normalisation: ASCII , : ; ? ! ( ) between Chinese characters set as full-width marks. */
import type { Block, Inline } from '../model/types.js';
import { walkBlocks } from '../model/walk.js';

const FULL: Record<string, string> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！', '(': '（', ')': '）' };
const HAN = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’]/u;

/**
 * ASCII `, : ; ? ! ( )` written between Chinese characters become full-width (，：；？！（）), as the
 * web and many input methods lose them; spaces beside a converted mark go, since the mark carries its
 * own space. A mark is Chinese when the nearest non-space character before or after it is Chinese;
 * a `)` whose `(` was converted follows it. Latin text (`1,000`, `a: b`, `(see p. 3)`) is left alone.
 */
export function normalisePunctuation(text: string): string {
  const chars = [...text];
  const isHan = (k: number) => k >= 0 && k < chars.length && HAN.test(chars[k]!);
  const near = (k: number, dir: -1 | 1) => {
    let j = k + dir;
    while (j >= 0 && j < chars.length && (chars[j] === ' ' || chars[j] === '\u0000')) j += dir;
    return j;
  };
  const converted = new Set<number>();
  // Brackets are decided as pairs: Chinese when the text before the opening one, after the closing one,
  // or inside them is Chinese; both change together.
  const pairOf = new Map<number, number>();
  const stack: number[] = [];
  chars.forEach((c, k) => {
    if (c === '(') stack.push(k);
    else if (c === ')' && stack.length) {
      const open = stack.pop()!;
      pairOf.set(open, k);
      pairOf.set(k, open);
    }
  });
  for (let k = 0; k < chars.length; k++) {
    const c = chars[k]!;
    if (!(c in FULL) || converted.has(k)) continue;
    let chinese = isHan(near(k, -1)) || isHan(near(k, 1));
    if (c === ',' && /\d/.test(chars[k - 1] ?? '') && /\d/.test(chars[k + 1] ?? '')) chinese = false;
    if (c === ':' && chars[k + 1] === '/') chinese = false;
    const mate = pairOf.get(k);
    if (mate !== undefined) {
      const [open, close] = c === '(' ? [k, mate] : [mate, k];
      chinese = isHan(near(open, -1)) || isHan(near(close, 1)) || chars.slice(open + 1, close).some((_, j) => isHan(open + 1 + j));
      if (chinese) {
        chars[open] = '（';
        chars[close] = '）';
        converted.add(open).add(close);
      }
      continue;
    }
    if (chinese) {
      chars[k] = FULL[c]!;
      converted.add(k);
    }
  }
  return chars.filter((ch, k) => !(ch === ' ' && (converted.has(k - 1) || converted.has(k + 1)))).join('');
}

/** Applies the normalisation to every text run of the blocks, seeing across run boundaries within a block. */
export function normaliseBlocks(blocks: Block[]): void {
  for (const b of walkBlocks(blocks)) {
    const runs: Inline[][] =
      b.type === 'heading' || b.type === 'paragraph' ? [b.children] : b.type === 'table' ? [...b.head, ...b.rows.flat()] : b.type === 'figure' ? [b.caption] : [];
    for (const run of runs) normaliseRun(run);
  }
}

function normaliseRun(nodes: Inline[]): void {
  const texts: { value: string }[] = [];
  const collect = (ns: Inline[]) => {
    for (const n of ns) {
      if (n.type === 'text') texts.push(n);
      else if (n.type === 'strong' || n.type === 'emphasis' || n.type === 'link' || n.type === 'styled') collect(n.children);
    }
  };
  collect(nodes);
  if (texts.length === 0) return;
  // Normalise the joined text with a marker between nodes, then split it back.
  const SEP = '\u0000';
  const joined = texts.map((t) => t.value).join(SEP);
  const out = normalisePunctuation(joined).split(SEP);
  if (out.length === texts.length) texts.forEach((t, i) => (t.value = out[i]!));
}
