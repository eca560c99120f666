/** Flows rows into pages: a break moves back over rows that must stay with the next (a heading and its text, a paragraph's first and last lines). */
import type { Row } from './rows.js';

export interface PaginateOptions {
  /**
   * Room (pt) a page break may leave empty at the foot by carrying kept rows on to the next page (two body
   * lines). When more would be left, the break goes at the latest place among the kept rows that still
   * keeps headings with their text, groups whole, no paragraph with a single line on either page and no
   * lead-in (「…：」) apart from what it leads into. Unset: kept rows always go on together.
   */
  maxEmpty?: number;
}

export interface PlacedRow {
  row: Row;
  /** Top of the row, from the top of the text block. */
  y: number;
}

/**
 * Flows rows into pages of `height`. A page break goes before a row that does not fit, moved back over
 * rows that must stay with the next one (a heading and the lines after it, a paragraph's first and last
 * lines), unless the whole kept run would not fit a page anyway.
 *
 * Footnotes (a row's `notes`) are set at the foot of the page the row lands on, under `footRule`, and the
 * page's text is shortened by their height. A line stays on the page when its notes fit there, or at least
 * their first two lines: the note lines that do not fit run on to the foot of the next page, before that
 * page's own notes (a long note does not leave a hole of its own height). A line with less room than that
 * goes to the next page with its notes, like any line that does not fit.
 */
export function paginate(rows: readonly Row[], height: number, footRule?: Row, options: PaginateOptions = {}): PlacedRow[][] {
  const pages: PlacedRow[][] = [];
  let page: Row[] = [];
  let used = 0;
  // Note lines continued from the page before (they open this page's foot), and the height of the foot's notes.
  let carry: Row[] = [];
  let noted = 0;
  const ruleH = footRule?.height ?? 0;
  const foot = (notes: number) => (notes > 0 ? ruleH + notes : 0);
  const heightOf = (rs: Row[]) => rs.reduce((h, r, i) => h + r.height + (i === 0 ? 0 : r.spaceBefore), 0);
  const notesOf = (rs: readonly Row[]) => rs.reduce((h, r) => h + (r.notes ? sum(r.notes.flat()) : 0), 0);
  const close = () => {
    const placed = placeBody(page);
    const notes = [...carry, ...page.flatMap((r) => (r.notes ? r.notes.flat() : []))];
    carry = [];
    if (notes.length > 0) {
      // The foot takes what room the text leaves; the rest runs on to the next page (a page of notes alone
      // takes at least one line, so a note taller than a page still ends).
      const room = height - heightOf(page) - ruleH;
      let k = 0;
      for (let h = 0; k < notes.length && (h + notes[k]!.height <= room + 1e-6 || (k === 0 && page.length === 0)); k++) h += notes[k]!.height;
      carry = notes.slice(k);
      const kept = notes.slice(0, k);
      if (kept.length > 0) {
        let y = height - ruleH - sum(kept);
        if (footRule) placed.push({ row: footRule, y });
        y += ruleH;
        for (const row of kept) {
          placed.push({ row, y });
          y += row.height;
        }
      }
    }
    pages.push(placed);
    page = [];
    used = 0;
    noted = sum(carry);
  };
  /** The break among the kept rows page[cut…] that leaves the least room empty (see PaginateOptions). */
  const fuller = (cut: number, next: Row): number => {
    const max = options.maxEmpty;
    if (max === undefined) return cut;
    const kept = page.slice(0, cut);
    if (height - heightOf(kept) - foot(sum(carry) + notesOf(kept)) <= max + 1e-6) return cut;
    for (let c = page.length; c > cut; c--) if (canEndPage(page, c, page[c] ?? next)) return c;
    return cut;
  };
  for (const row of rows) {
    if (row.pageBreakBefore && page.length > 0) close();
    const space = page.length === 0 ? 0 : row.spaceBefore;
    const mine = row.notes ? notesOf([row]) : 0;
    // As little of its notes as the row may open its page's foot with.
    const least = row.notes ? sum(row.notes.flat().slice(0, RUN_ON_AFTER)) : 0;
    if (page.length > 0 && used + space + row.height + foot(noted + least) > height + 1e-6) {
      let cut = page.length;
      while (cut > 0 && page[cut - 1]!.keep) cut--;
      const moved = cut > 0 ? page.slice(cut) : [];
      if (cut === 0 || heightOf([...moved, row]) + foot(notesOf([...moved, row])) > height) cut = page.length;
      else cut = fuller(cut, row);
      const carried = page.splice(cut);
      close();
      page = carried;
      used = heightOf(page);
      noted += notesOf(page);
    }
    used += (page.length === 0 ? 0 : row.spaceBefore) + row.height;
    noted += mine;
    page.push(row);
  }
  if (page.length > 0) close();
  while (carry.length > 0) close();
  return pages;
}

/**
 * May a page end after rows[c − 1], `next` opening the next page? Not after a heading or with only one line
 * of text after it, not inside a group, not after a kept row without text (an image before its caption, a
 * rule under a title), not after a lead-in ending with a colon, and not leaving one line of a paragraph alone.
 */
function canEndPage(rows: readonly Row[], c: number, next: Row): boolean {
  const prev = rows[c - 1]!;
  if (prev.heading || (prev.group && prev.group === next.group)) return false;
  if (prev.keep && prev.lines.length === 0) return false;
  const pl = prev.lines[prev.lines.length - 1];
  const nl = next.lines[0];
  if (rows[c - 2]?.heading && !pl?.last) return false;
  if (pl && /[：:]$/.test(pl.text)) return false;
  if (pl && nl && !pl.last && !nl.first && (pl.first || nl.last)) return false;
  return true;
}

/** Note lines a page's foot must hold of a note before the rest may run on to the next page. */
const RUN_ON_AFTER = 2;

function sum(rows: readonly Row[]): number {
  return rows.reduce((h, r) => h + r.height, 0);
}

function placeBody(rs: readonly Row[]): PlacedRow[] {
  let y = 0;
  return rs.map((row, i) => {
    y += i === 0 ? 0 : row.spaceBefore;
    const placed = { row, y };
    y += row.height;
    return placed;
  });
}
