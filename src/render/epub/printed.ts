/** What the EPUB takes from the PDF handout's layout: where each page starts in the text, and the index's page numbers. */
import type { BookLayout } from '../../layout/handout.js';
import type { TextPos } from '../../model/types.js';

/**
 * Small and plain, so it can be posted to a worker thread: each page's kind, article and first position (the
 * block key and offset its first line of text starts at), the index's page numbers and the paper.
 */
export interface PrintedPages {
  setup: { paper: string; duplex: boolean };
  pages: { number: number; kind: BookLayout['pages'][number]['kind']; article?: number; first?: TextPos; part?: number }[];
  index: BookLayout['index'];
}

export function printedPages(layout: BookLayout): PrintedPages {
  return {
    setup: { paper: layout.setup.paper, duplex: layout.setup.duplex },
    pages: layout.pages.map((p) => {
      const line = p.lines.find((l) => l.src);
      // A part's opening page (it shares its flow with the part's first article) opens with the part's destination.
      const part = p.dests.find((d) => /^part-\d+$/.test(d.name));
      return { number: p.number, kind: p.kind, article: p.article, ...(line?.src ? { first: { key: line.src.key, at: line.src.start } } : {}), ...(part ? { part: Number(part.name.slice(5)) } : {}) };
    }),
    index: layout.index,
  };
}
