/** Model inlines → styled spans for the line breaker, each with its offset in the block's text. */
import type { FaceName } from '../fonts/catalog.js';
import type { Inline } from '../model/types.js';
import { linkDest } from './dests.js';
import type { Span } from './paragraph.js';
import type { Deco } from './types.js';
import { mathBox } from './math.js';

export interface TextStyle {
  face: FaceName;
  bold: FaceName;
  size: number;
  color: string;
}

export const LINK_COLOR = '#1f4e8c';

/** The style a run of inlines is in as the walk goes down: bold, emphasis, links, inline HTML. */
interface Run {
  face: FaceName;
  color: string;
  link?: string;
  dest?: string;
  dots?: boolean;
  size?: number;
  rise?: number;
  deco?: Deco[];
  /** A footnote mark: tight to the text before it, and the note it links to. */
  attach?: boolean;
  note?: number;
}

/** Model inlines → styled spans. Soft breaks join Chinese lines without a space; bold takes the bold face. */
export function inlineSpans(nodes: readonly Inline[], style: TextStyle): Span[] {
  const spans: Span[] = [];
  // A span's `at` is its first character's offset in the block's text; merged neighbours are contiguous there.
  const add = (text: string, s: Run, at: number | undefined) => {
    if (!text) return;
    const last = spans[spans.length - 1];
    const size = s.size ?? style.size;
    if (last && !last.box && last.face === s.face && last.color === s.color && last.link === s.link && !!last.dots === !!s.dots && last.size === size && sameExtras(last, s)) last.text += text;
    else
      spans.push({
        text,
        face: s.face,
        size,
        color: s.color,
        ...(s.link ? { link: s.link } : {}),
        ...(s.dots ? { dots: true } : {}),
        ...(s.dest ? { dest: s.dest } : {}),
        ...(s.rise ? { rise: s.rise } : {}),
        ...(s.deco?.length ? { deco: s.deco } : {}),
        ...(s.attach ? { attach: true } : {}),
        ...(s.note !== undefined ? { note: s.note } : {}),
        ...(at !== undefined ? { at } : {}),
      });
  };
  const walk = (ns: readonly Inline[], s: Run) => {
    ns.forEach((n) => {
      switch (n.type) {
        case 'text':
          add(n.value, s, n.at);
          break;
        case 'code':
          add(n.value, { ...s, face: 'mono', size: style.size * 0.92 }, n.at);
          break;
        case 'math':
          // A typeset formula is one box in the line; TeX with an error is printed as written, in the code face.
          if (n.typeset) spans.push({ text: '', face: s.face, size: style.size, color: s.color, box: mathBox(n.tex, n.typeset, s.face, style.size), ...(n.at !== undefined ? { at: n.at } : {}) });
          else add(`$${n.tex}$`, { ...s, face: 'mono', size: style.size * 0.92 }, undefined);
          break;
        case 'strong':
          walk(n.children, { ...s, face: style.bold });
          break;
        case 'emphasis':
          walk(n.children, { ...s, dots: true });
          break;
        case 'link':
          // The analysis kept only targets an output can follow: web and mail addresses, and places in the pack
          // (a jump to the heading's or the article's named destination).
          if (n.target) walk(n.children, { ...s, color: LINK_COLOR, dest: linkDest(n.target) });
          else walk(n.children, n.href && !n.href.startsWith('#') ? { ...s, color: LINK_COLOR, link: n.href } : s);
          break;
        case 'styled':
          walk(n.children, styledRun(n.tag, s, style));
          break;
        case 'footnoteRef': {
          // A raised number, tight to the text it follows; it links to the note at the page foot.
          const size = s.size ?? style.size;
          add(String(n.n), { face: s.face, color: s.color, size: size * 0.62, rise: (s.rise ?? 0) + size * 0.42, attach: true, note: n.n }, undefined);
          break;
        }
        case 'image':
          add(n.alt, s, n.at);
          break;
        case 'break':
          add('\n', s, n.at);
          break;
        case 'softbreak':
          // Joined by the analysis (analyse/text.ts): nothing between Chinese lines, a space between Latin ones.
          add(n.join ?? '', s, n.at);
          break;
      }
    });
  };
  walk(nodes, { face: style.face, color: style.color });
  return spans;
}

function sameExtras(a: Span, b: Run): boolean {
  if (a.attach || b.attach || a.note !== undefined || b.note !== undefined) return false;
  return a.dest === b.dest && (a.rise ?? 0) === (b.rise ?? 0) && (a.deco ?? []).join() === (b.deco ?? []).join();
}

/** What inline HTML means in print: sup/sub smaller and raised/lowered, a key in a box, a highlight, lines through or under. */
function styledRun(tag: Extract<Inline, { type: 'styled' }>['tag'], s: Run, style: TextStyle): Run {
  const size = s.size ?? style.size;
  const deco = (d: Deco): Run => ({ ...s, deco: [...(s.deco ?? []).filter((x) => x !== d), d] });
  switch (tag) {
    case 'sup':
      return { ...s, size: size * 0.7, rise: (s.rise ?? 0) + size * 0.38 };
    case 'sub':
      return { ...s, size: size * 0.7, rise: (s.rise ?? 0) - size * 0.14 };
    case 'small':
      return { ...s, size: size * 0.85 };
    case 'kbd':
      return { ...deco('kbd'), face: 'sans', size: size * 0.85 };
    case 'mark':
    case 'del':
    case 'ins':
      return deco(tag);
    case 'abbr':
    case 'span':
      return s;
  }
}
