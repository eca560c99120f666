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
 */
export function paginate(rows: readonly Row[], height: number): PlacedRow[][] {
  const pages: Row[][] = [];
  let page: Row[] = [];
  let used = 0;
  const heightOf = (rs: Row[]) => rs.reduce((h, r, i) => h + r.height + (i === 0 ? 0 : r.spaceBefore), 0);
  for (const row of rows) {
    if (row.pageBreakBefore && page.length > 0) {
      pages.push(page);
      page = [];
      used = 0;
    }
    const space = page.length === 0 ? 0 : row.spaceBefore;
    if (page.length > 0 && used + space + row.height > height + 1e-6) {
      let cut = page.length;
      while (cut > 0 && page[cut - 1]!.keep) cut--;
      const moved = cut > 0 ? page.slice(cut) : [];
      if (cut === 0 || heightOf([...moved, row]) > height) cut = page.length;
      const carried = page.splice(cut);
      pages.push(page);
      page = carried;
      used = heightOf(page);
    }
    used += (page.length === 0 ? 0 : row.spaceBefore) + row.height;
    page.push(row);
  }
  if (page.length > 0) pages.push(page);
  return pages.map((rs) => {
    let y = 0;
    return rs.map((row, i) => {
      y += i === 0 ? 0 : row.spaceBefore;
      const placed = { row, y };
      y += row.height;
      return placed;
    });
  });
}
