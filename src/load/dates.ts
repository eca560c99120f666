// Reads the dates real-world front matter carries (ISO, slashes, with time and zone, 2024年3月5日, March 5, 2024) as YYYY-MM-DD.

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** YYYY-MM-DD when the three numbers make a real calendar day (1000–9999), else null. */
function iso(y: number, m: number, d: number): string | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d) || y < 1000 || y > 9999) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function month(word: string): number {
  const i = MONTHS.indexOf(word.slice(0, 3).toLowerCase());
  return i < 0 ? NaN : i + 1;
}

/** What may follow a date: a time (10:20, 10:20:30.5) and a zone (Z, +0800, +08:00, UTC, CST), in any mix. */
const TIME = String.raw`(?:[T\s]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5}))?`;

const FORMS: [RegExp, (m: RegExpExecArray) => string | null][] = [
  // 2024-03-05, 2024/3/5, 2024.03.05, with an optional time and zone: the day as the author wrote it.
  [new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`, 'i'), (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
  // 20240305
  [/^(\d{4})(\d{2})(\d{2})$/, (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
  // 2024年3月5日, 2024 年 3 月 5 号, with an optional time
  [new RegExp(String.raw`^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?${TIME}$`), (m) => iso(+m[1]!, +m[2]!, +m[3]!)],
  // March 5, 2024; Mar. 5 2024; Sept 5, 2024
  [/^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/, (m) => iso(+m[3]!, month(m[1]!), +m[2]!)],
  // 5 March 2024; 5 Mar, 2024
  [/^(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/, (m) => iso(+m[3]!, month(m[2]!), +m[1]!)],
];

/**
 * A front-matter date as YYYY-MM-DD, or null when it cannot be read. A YAML timestamp (a Date object)
 * is taken in UTC, as YAML reads a timestamp without a zone; text keeps the day it names, whatever its zone.
 */
export function readDate(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number') return readDate(String(value));
  if (typeof value !== 'string') return null;
  const s = value.trim().replace(/\s+/g, ' ');
  for (const [re, make] of FORMS) {
    const m = re.exec(s);
    if (m) return make(m);
  }
  return null;
}
