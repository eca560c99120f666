import type { FaceName } from '../fonts/catalog.js';
import type { Inline } from '../model/types.js';
import { isCjkSide } from './chars.js';
import type { Span } from './paragraph.js';

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
  const add = (text: string, s: { face: FaceName; color: string; link?: string; dots?: boolean; size?: number }) => {
    if (!text) return;
    const last = spans[spans.length - 1];
    const size = s.size ?? style.size;
    if (last && last.face === s.face && last.color === s.color && last.link === s.link && !!last.dots === !!s.dots && last.size === size) last.text += text;
    else spans.push({ text, face: s.face, size, color: s.color, ...(s.link ? { link: s.link } : {}), ...(s.dots ? { dots: true } : {}) });
  };
  const walk = (ns: readonly Inline[], s: { face: FaceName; color: string; link?: string; dots?: boolean }) => {
    ns.forEach((n, i) => {
      switch (n.type) {
        case 'text':
          add(n.value, s);
          break;
        case 'code':
          add(n.value, { ...s, face: 'sans', size: style.size * 0.92 });
          break;
        case 'strong':
          walk(n.children, { ...s, face: style.bold });
          break;
        case 'emphasis':
          walk(n.children, { ...s, dots: true });
          break;
        case 'link':
          walk(n.children, /^(https?:|mailto:)/i.test(n.href) ? { ...s, color: LINK_COLOR, link: n.href } : s);
          break;
        case 'image':
          add(n.alt, s);
          break;
        case 'break':
          add('\n', s);
          break;
        case 'softbreak': {
          const before = lastChar(spans);
          const after = firstText(ns.slice(i + 1));
          if (!(isCjkSide(before) || isCjkSide(after))) add(' ', s);
          break;
        }
      }
    });
  };
  walk(nodes, { face: style.face, color: style.color });
  return spans;
}

function lastChar(spans: Span[]): string {
  const t = spans[spans.length - 1]?.text ?? '';
  return t.slice(-1);
}

function firstText(ns: readonly Inline[]): string {
  for (const n of ns) {
    if (n.type === 'text' || n.type === 'code') return n.value.slice(0, 1);
    if (n.type === 'strong' || n.type === 'emphasis' || n.type === 'link') {
      const t = firstText(n.children);
      if (t) return t;
    }
  }
  return '';
}
