import type { LineBox } from '../../layout/types.js';

/** A character of an XHTML text segment, decoded, with where it starts in the raw document. */
interface Ch {
  ch: string;
  raw: number;
}

/** The decoded, whitespace-free characters of an XHTML body's text (between tags), with raw offsets. */
function bodyChars(xhtml: string, from: number): Ch[] {
  const out: Ch[] = [];
  for (const m of xhtml.slice(from).matchAll(/>([^<]+)</g)) {
    const start = from + m.index! + 1;
    const text = m[1]!;
    for (let i = 0; i < text.length; ) {
      let ch = text[i]!;
      let len = 1;
      if (ch === '&') {
        const e = /^&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/i.exec(text.slice(i));
        if (e) {
          len = e[0].length;
          const v = e[1]!;
          ch = v[0] === '#' ? String.fromCodePoint(v[1] === 'x' || v[1] === 'X' ? parseInt(v.slice(2), 16) : Number(v.slice(1))) : ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Record<string, string>)[v.toLowerCase()]!;
        }
      } else if (/[\uD800-\uDBFF]/.test(ch)) {
        ch = text.slice(i, i + 2);
        len = 2;
      }
      if (!/\s/.test(ch)) out.push({ ch, raw: start + i });
      i += len;
    }
  }
  return out;
}

export interface PageBreak {
  page: number;
  id: string;
}

/**
 * Inserts EPUB page-break markers into an article's XHTML where the PDF handout's pages begin: the first
 * page at the start of the article, every later page before the text its first line starts with (found
 * in order, whitespace ignored). A page whose first line cannot be found (a replaced glyph) gets none.
 */
export function insertPageBreaks(xhtml: string, pages: { number: number; lines: Pick<LineBox, 'text'>[] }[]): { xhtml: string; breaks: PageBreak[] } {
  const sectionAt = xhtml.indexOf('<section');
  const bodyStart = sectionAt >= 0 ? xhtml.indexOf('>', sectionAt) + 1 : xhtml.indexOf('<body');
  const chars = bodyChars(xhtml, bodyStart);
  const flat = chars.map((c) => c.ch).join('');
  const inserts: { raw: number; page: number }[] = [];
  let cursor = 0;
  pages.forEach((p, i) => {
    if (i === 0) {
      inserts.push({ raw: bodyStart, page: p.number });
      return;
    }
    const probe = (p.lines[0]?.text ?? '').replace(/\s+/g, '').slice(0, 12);
    if (!probe) return;
    const at = flat.indexOf(probe, cursor);
    if (at < 0) return;
    inserts.push({ raw: chars[at]!.raw, page: p.number });
    cursor = at + probe.length;
  });
  let out = xhtml;
  const breaks: PageBreak[] = [];
  for (const ins of [...inserts].sort((a, b) => b.raw - a.raw)) {
    const id = `page-${ins.page}`;
    out = `${out.slice(0, ins.raw)}<span id="${id}" epub:type="pagebreak" role="doc-pagebreak" aria-label="${ins.page}"></span>${out.slice(ins.raw)}`;
    breaks.push({ page: ins.page, id });
  }
  return { xhtml: out, breaks: breaks.reverse() };
}
