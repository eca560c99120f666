/** What the EPUB takes from the PDF handout's layout: where each page starts in the text, and the index's page numbers. */
import type { BookLayout } from '../../layout/handout.js';
import type { TextPos } from '../../model/types.js';

/**
 * Small and plain, so it can be posted to a worker thread: each page's kind, article and first position (the
 * block key and offset its first line of text starts at), whether it has text, the destination it opens at,
 * the index's page numbers and the paper.
 */
export interface PrintedPages {
  setup: { paper: string; duplex: boolean };
  pages: {
    number: number;
    kind: BookLayout['pages'][number]['kind'];
    article?: number;
    first?: TextPos;
    /** A part's opening page: the part's number (it shares its flow with the part's first article). */
    part?: number;
    /** The page sets text (a blank page of a duplex handout does not). */
    text: boolean;
    /**
     * The PDF destination in force at the page's top: on a TOC page, the one its first entry links to;
     * elsewhere one set at or above its first line, else the last one set on an earlier page.
     */
    at?: string;
  }[];
  index: BookLayout['index'];
}

export function printedPages(layout: BookLayout): PrintedPages {
  let inForce: string | undefined;
  return {
    setup: { paper: layout.setup.paper, duplex: layout.setup.duplex },
    pages: layout.pages.map((p) => {
      const line = p.lines.find((l) => l.src);
      // A part's opening page (it shares its flow with the part's first article) opens with the part's destination.
      const part = p.dests.find((d) => /^part-\d+$/.test(d.name));
      const top = p.lines.find((l) => l.text.trim())?.y ?? Infinity;
      const dests = [...p.dests].sort((a, b) => a.y - b.y);
      const opening =
        p.kind === 'toc'
          ? [...p.links].filter((l) => l.dest).sort((a, b) => a.y - b.y)[0]?.dest
          : dests.filter((d) => d.y <= top).pop()?.name;
      const at = opening ?? inForce;
      if (dests.length) inForce = dests[dests.length - 1]!.name;
      return {
        number: p.number,
        kind: p.kind,
        article: p.article,
        ...(line?.src ? { first: { key: line.src.key, at: line.src.start } } : {}),
        ...(part ? { part: Number(part.name.slice(5)) } : {}),
        text: p.lines.some((l) => l.text.trim() !== ''),
        ...(at ? { at } : {}),
      };
    }),
    index: layout.index,
  };
}
