import type { FaceName } from '../fonts/catalog.js';
import type { Inline } from '../model/types.js';
import type { Span } from './paragraph.js';
import { mathBox } from './math.js';

export interface TextStyle {
  face: FaceName;
  bold: FaceName;
  size: number;
  color: string;
}

export const LINK_COLOR = '#1f4e8c';

/** Model inlines → styled spans. Soft breaks join Chinese lines without a space; bold takes the bold face. */
export function inlineSpans(nodes: readonly Inline[], style: TextStyle): Span[] {
  const spans: Span[] = [];
  // A span's `at` is its first character's offset in the block's text; merged neighbours are contiguous there.
  const add = (text: string, s: { face: FaceName; color: string; link?: string; dots?: boolean; size?: number }, at: number | undefined) => {
    if (!text) return;
    const last = spans[spans.length - 1];
    const size = s.size ?? style.size;
    if (last && !last.box && last.face === s.face && last.color === s.color && last.link === s.link && !!last.dots === !!s.dots && last.size === size) last.text += text;
    else spans.push({ text, face: s.face, size, color: s.color, ...(s.link ? { link: s.link } : {}), ...(s.dots ? { dots: true } : {}), ...(at !== undefined ? { at } : {}) });
  };
  const walk = (ns: readonly Inline[], s: { face: FaceName; color: string; link?: string; dots?: boolean }) => {
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
          // The analysis kept only targets an output can follow; the PDF follows web and mail addresses.
          walk(n.children, n.href && !n.href.startsWith('#') ? { ...s, color: LINK_COLOR, link: n.href } : s);
          break;
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
