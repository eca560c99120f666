/** Flows rows into pages: a break moves back over rows that must stay with the next (a heading and its text, a paragraph's first and last lines). */
import type { Row } from './rows.js';

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
export function paginate(rows: readonly Row[], height: number, footRule?: Row): PlacedRow[][] {
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
