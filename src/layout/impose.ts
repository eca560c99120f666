/** One side of a printed sheet: the source pages on its left and right halves (1-based; null = blank). */
export interface SheetSide {
  left: number | null;
  right: number | null;
}

/**
 * Saddle-stitch imposition: the order in which `pageCount` pages go two-up onto sheet sides so that the
 * stack, printed double-sided (flip on the short edge), folded and nested, reads 1, 2, 3 …. Pages are
 * padded with blanks to a multiple of 4. With a signature size (a multiple of 4), the pages are split
 * into gatherings of that many pages, each folded on its own and stacked in order.
 */
export function imposition(pageCount: number, signature?: number): SheetSide[] {
  const total = Math.ceil(Math.max(pageCount, 1) / 4) * 4;
  const size = signature && signature >= 4 ? Math.floor(signature / 4) * 4 : total;
  const sides: SheetSide[] = [];
  const page = (n: number) => (n <= pageCount ? n : null);
  for (let start = 0; start < total; start += size) {
    const p = Math.min(size, total - start);
    for (let s = 0; s < p / 4; s++) {
      sides.push({ left: page(start + p - 2 * s), right: page(start + 1 + 2 * s) });
      sides.push({ left: page(start + 2 + 2 * s), right: page(start + p - 1 - 2 * s) });
    }
  }
  return sides;
}
