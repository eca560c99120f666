import type { BookLayout } from '../../layout/book.js';

/**
 * What the EPUB takes from the PDF handout's layout: where each page starts (its first line's text), the
 * index's page numbers and the paper. Small and plain, so it can be posted to a worker thread.
 */
export interface PrintedPages {
  setup: { paper: string; duplex: boolean };
  pages: { number: number; kind: BookLayout['pages'][number]['kind']; article?: number; lines: { text: string }[] }[];
  index: BookLayout['index'];
}

export function printedPages(layout: BookLayout): PrintedPages {
  return {
    setup: { paper: layout.setup.paper, duplex: layout.setup.duplex },
    pages: layout.pages.map((p) => ({ number: p.number, kind: p.kind, article: p.article, lines: p.lines.slice(0, 1).map((l) => ({ text: l.text })) })),
    index: layout.index,
  };
}

