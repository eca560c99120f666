import type { EntityMatcher } from '../../analyse/entities.js';

export interface Anchor {
  id: string;
  /** Glossary index for a name. */
  entry: number;
}

/**
 * Inserts empty anchors (`<span id="…"></span>`) before every glossary name in the text of an XHTML
 * document's body, and before each key number (in reading order), so the index can link to each
 * occurrence. Only text between tags is touched, never markup or attributes. A figure not found as
 * written (split by markup, say) gets no anchor, and the search for the next one goes on from where
 * the last was found.
 */
export function insertAnchors(
  xhtml: string,
  prefix: string,
  matcher: EntityMatcher,
  figures: string[],
): { xhtml: string; names: Anchor[]; numbers: (string | null)[] } {
  const bodyAt = xhtml.indexOf('<body');
  if (bodyAt < 0) return { xhtml, names: [], numbers: figures.map(() => null) };
  const head = xhtml.slice(0, bodyAt);
  const body = xhtml.slice(bodyAt);
  // The text segments between tags, in order.
  const segments: { start: number; text: string; inserts: { at: number; html: string }[] }[] = [];
  for (const m of body.matchAll(/>([^<]+)</g)) segments.push({ start: m.index! + 1, text: m[1]!, inserts: [] });

  const names: Anchor[] = [];
  let count = 0;
  for (const seg of segments) {
    for (const h of matcher.find(seg.text)) {
      const id = `${prefix}n${++count}`;
      names.push({ id, entry: h.entry });
      seg.inserts.push({ at: h.start, html: `<span id="${id}"></span>` });
    }
  }
  const numbers: (string | null)[] = figures.map(() => null);
  let cursor = { seg: 0, offset: 0 };
  figures.forEach((fig, k) => {
    for (let i = cursor.seg; i < segments.length; i++) {
      const at = segments[i]!.text.indexOf(fig, i === cursor.seg ? cursor.offset : 0);
      if (at < 0) continue;
      const id = `${prefix}f${k + 1}`;
      numbers[k] = id;
      segments[i]!.inserts.push({ at, html: `<span id="${id}"></span>` });
      cursor = { seg: i, offset: at + fig.length };
      return;
    }
  });

  let out = '';
  let last = 0;
  for (const seg of segments) {
    if (seg.inserts.length === 0) continue;
    seg.inserts.sort((a, b) => a.at - b.at);
    out += body.slice(last, seg.start);
    let pos = 0;
    for (const ins of seg.inserts) {
      out += seg.text.slice(pos, ins.at) + ins.html;
      pos = ins.at;
    }
    out += seg.text.slice(pos);
    last = seg.start + seg.text.length;
  }
  out += body.slice(last);
  return { xhtml: head + out, names, numbers };
}
