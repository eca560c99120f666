/** The EPUB's page list: each PDF handout page mapped to its place in the EPUB (its marker, else the nearest marker before its place), and the NCX's play order. */
import { Parser } from 'htmlparser2';
import type { Article } from '../../model/types.js';
import { articleDest, sectionDestPrefix } from '../../layout/dests.js';
import type { PrintedPages } from './printed.js';
import { articleFilename, partFilename } from './view.js';

/** A page of the handout and where it is in the EPUB. */
export interface PageTarget {
  page: number;
  href: string;
}

/** An id of a document, and whether its element is a page-break marker. */
export interface DocumentId {
  id: string;
  pagebreak: boolean;
}

/** The ids of a document in document order (read as a stream: a document may be megabytes). */
export function documentIds(xhtml: string): DocumentId[] {
  const ids: DocumentId[] = [];
  const parser = new Parser(
    {
      onopentag(_, attribs) {
        if (attribs.id) ids.push({ id: attribs.id, pagebreak: /(^|\s)pagebreak(\s|$)/.test(attribs['epub:type'] ?? '') || attribs.role === 'doc-pagebreak' });
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xhtml);
  parser.end();
  return ids;
}

/** The ids of each document, by file name. */
export type IdIndex = ReadonlyMap<string, readonly DocumentId[]>;

export function idIndex(docs: readonly { filename: string; xhtml: string }[]): Map<string, readonly DocumentId[]> {
  return new Map(docs.map((d) => [d.filename, documentIds(d.xhtml)]));
}

/**
 * Where a PDF destination of the handout (layout/dests.ts, layout/toc-index.ts) is in the EPUB: a part's or an
 * article's start is its document, a heading or note the element with the same id there, the index and its sections
 * the index document and its ids. Undefined when the EPUB has no such place.
 */
export function destHref(dest: string, articles: readonly Article[], ids: ReadonlyMap<string, ReadonlySet<string>>): string | undefined {
  const at = (file: string, id?: string) => (!ids.has(file) ? undefined : id && ids.get(file)!.has(id) ? `${file}#${id}` : file);
  const part = /^part-(\d+)$/.exec(dest);
  if (part) return at(partFilename(Number(part[1])));
  if (dest === 'index') return at('index.xhtml');
  if (dest.startsWith('index-')) return at('index.xhtml', dest);
  for (const a of articles) {
    const file = articleFilename(a);
    if (dest === articleDest(a)) return at(file);
    const prefix = sectionDestPrefix(a);
    if (dest.startsWith(prefix)) return at(file, dest.slice(prefix.length).replace(/^(fn|fnref):/, '$1-'));
  }
  return undefined;
}

/**
 * The TOC pages after the first, by the nav entry each opens with (the href of the entry its first line links
 * to): the nav puts each one's marker in that entry. `navHrefs`: the nav's entries.
 */
export function tocPageEntries(printed: PrintedPages['pages'], articles: readonly Article[], index: IdIndex, navHrefs: ReadonlySet<string>): Map<string, number> {
  const ids = idSets(index);
  const out = new Map<string, number>();
  for (const p of printed.filter((q) => q.kind === 'toc' && q.text).slice(1)) {
    const href = p.at ? destHref(p.at, articles, ids) : undefined;
    if (href && navHrefs.has(href) && !out.has(href)) out.set(href, p.number);
  }
  return out;
}

const idSets = (index: IdIndex) => new Map([...index].map(([file, ids]) => [file, new Set(ids.map((x) => x.id))]));

/**
 * Targets for the pages with text that the documents carry no marker of (index pages after the first, while
 * the index sets one marker): the last page-break marker at or before the place of the PDF destination in force
 * at the page's top (pages 21–23 of an index that starts on page 20: that page's marker), else the first marker
 * of a page of the same kind. `marked`: the pages with a marker; `index`: the documents' ids, in reading order.
 */
export function nearestTargets(printed: PrintedPages['pages'], marked: readonly PageTarget[], articles: readonly Article[], index: IdIndex): PageTarget[] {
  const have = new Set(marked.map((t) => t.page));
  const firstOfKind = new Map<string, string>();
  for (const p of printed) {
    const t = marked.find((m) => m.page === p.number);
    if (t && !firstOfKind.has(p.kind)) firstOfKind.set(p.kind, t.href);
  }
  // Every place in reading order: each document, then its ids.
  const places: { href: string; pagebreak: boolean }[] = [...index].flatMap(([file, ids]) => [{ href: file, pagebreak: false }, ...ids.map((x) => ({ href: `${file}#${x.id}`, pagebreak: x.pagebreak }))]);
  const placeOf = new Map(places.map((x, i) => [x.href, i]));
  const ids = idSets(index);
  const out: PageTarget[] = [];
  for (const p of printed) {
    if (!p.text || have.has(p.number)) continue;
    const href = p.at ? destHref(p.at, articles, ids) : undefined;
    let target: string | undefined;
    for (let i = href ? (placeOf.get(href) ?? -1) : -1; i >= 0 && !target; i--) if (places[i]!.pagebreak) target = places[i]!.href;
    target ??= firstOfKind.get(p.kind);
    if (target) out.push({ page: p.number, href: target });
  }
  return out;
}

/**
 * Play order for the NCX: every target (nav points, page targets) numbered by where it is in the reading order
 * (spine, then document order of its id; a document before its ids), one number for each distinct target.
 */
export function playOrder(targets: readonly string[], spine: readonly string[], index: IdIndex): Map<string, number> {
  const position = new Map<string, [number, number]>();
  spine.forEach((file, i) => {
    position.set(file, [i, -1]);
    (index.get(file) ?? []).forEach((x, k) => position.set(`${file}#${x.id}`, [i, k]));
  });
  const key = (href: string) => position.get(href) ?? position.get(href.split('#')[0]!) ?? [spine.length, 0];
  const distinct = [...new Set(targets)].sort((a, b) => {
    const [x, y] = [key(a), key(b)];
    return x[0] - y[0] || x[1] - y[1] || (a < b ? -1 : a > b ? 1 : 0);
  });
  return new Map(distinct.map((href, i) => [href, i + 1]));
}
