// The date a build stamps its outputs with, reproducibly (SOURCE_DATE_EPOCH, else the book's dates; the EPUB's modified date from its content).
import type { Book } from '../model/types.js';

/** SOURCE_DATE_EPOCH when set, else the book's date, else the newest article date. */
export function buildDate(book: Book, env = process.env): Date {
  const sde = env.SOURCE_DATE_EPOCH;
  if (sde && /^\d+$/.test(sde)) return new Date(Number(sde) * 1000);
  const dates = [book.meta.date, ...book.articles.map((a) => a.meta.date)].filter((d): d is string => !!d).sort();
  const d = book.meta.date ?? dates[dates.length - 1];
  return d ? new Date(`${d}T00:00:00Z`) : new Date(Date.UTC(1980, 0, 1));
}


/**
 * The date an EPUB's content was last modified (dcterms:modified): SOURCE_DATE_EPOCH when set; else a time on
 * the day buildDate gives (the book's date), its seconds into that day taken from a hash of the content, so
 * a rebuilt book with new content carries a new date and the same content always the same one.
 */
export function contentDate(book: Book, contentHash: Uint8Array, env = process.env): Date {
  const sde = env.SOURCE_DATE_EPOCH;
  if (sde && /^\d+$/.test(sde)) return new Date(Number(sde) * 1000);
  const day = buildDate(book, {});
  const seconds = Buffer.from(contentHash).readUInt32BE(0) % 86_400;
  return new Date(day.getTime() + seconds * 1000);
}
