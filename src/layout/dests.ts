/** Names of the handout's PDF destinations: articles, their headings, footnotes, and links inside the pack. */

/** An article's start. */
export function articleDest(a: { number: number }): string {
  return `art-${a.number}`;
}

/** Prefix of an article's heading destinations (and of its structure element ids). */
export function sectionDestPrefix(a: { number: number }): string {
  return `a${a.number}-`;
}

/** A part's opening page. */
export function partDest(n: number): string {
  return `part-${n}`;
}

/** Where a link inside the pack lands: a part's opening page, the heading it names, else the article's start. */
export function linkDest(target: { article: number; id?: string; part?: number }): string {
  if (target.part !== undefined) return partDest(target.part);
  return target.id ? `${sectionDestPrefix({ number: target.article })}${target.id}` : articleDest({ number: target.article });
}

/** A footnote at the page foot, and the mark that refers to it (`prefix` is the article's `sectionDestPrefix`); a heading id never has a colon. */
export function noteDest(prefix: string, n: number): string {
  return `${prefix}fn:${n}`;
}

export function noteRefDest(prefix: string, n: number): string {
  return `${prefix}fnref:${n}`;
}
