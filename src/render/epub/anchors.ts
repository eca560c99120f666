import type { EntityMatcher } from '../../analyse/entities.js';

export interface Anchor {
  id: string;
  /** Glossary index for a name, or -1 for a number. */
  entry: number;
}

/**
 * Inserts empty anchors (`<span id="…"></span>`) before every glossary name in the text of an XHTML
 * document's body, and before each key number (found in order), so the index can link to each occurrence.
 * Only text between tags is touched, never markup or attributes.
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
  const names: Anchor[] = [];
  const numbers: (string | null)[] = figures.map(() => null);
  let nextFigure = 0;
  let count = 0;
  const out = body.replace(/>([^<]+)</g, (whole, text: string) => {
    const inserts: { at: number; html: string }[] = [];
    for (const h of matcher.find(text)) {
      const id = `${prefix}n${++count}`;
      names.push({ id, entry: h.entry });
      inserts.push({ at: h.start, html: `<span id="${id}"></span>` });
    }
    let from = 0;
    while (nextFigure < figures.length) {
      const at = text.indexOf(figures[nextFigure]!, from);
      if (at < 0) break;
      const id = `${prefix}f${nextFigure + 1}`;
      numbers[nextFigure] = id;
      inserts.push({ at, html: `<span id="${id}"></span>` });
      from = at + figures[nextFigure]!.length;
      nextFigure++;
    }
    if (inserts.length === 0) return whole;
    inserts.sort((a, b) => a.at - b.at);
    let s = '';
    let last = 0;
    for (const ins of inserts) {
      s += text.slice(last, ins.at) + ins.html;
      last = ins.at;
    }
    return `>${s}${text.slice(last)}<`;
  });
  return { xhtml: head + out, names, numbers };
}
