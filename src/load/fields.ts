/** Typed fields from a parsed YAML mapping, with wrong types reported at the key's line. */
import type { Diagnostics } from '../diagnostics.js';
import { readDate } from './dates.js';
import type { ParsedYaml } from '../util/yaml.js';

/** Most answer lines a question may ask for (`lines:`), as many as the config's `answerLines` allows. */
export const MAX_QUESTION_LINES = 30;

/** Reads typed fields from a parsed YAML mapping, reporting wrong types at the key's line. */
export class FieldReader {
  private readonly map: Record<string, unknown>;

  constructor(
    private readonly yaml: Pick<ParsedYaml, 'data' | 'lineOf'> & Partial<Pick<ParsedYaml, 'lineAt'>>,
    private readonly file: string,
    private readonly rule: string,
    private readonly diags: Diagnostics,
    private readonly what: string,
  ) {
    this.map = (yaml.data ?? {}) as Record<string, unknown>;
  }

  has(key: string): boolean {
    return this.map[key] !== undefined && this.map[key] !== null;
  }

  private fail(key: string, message: string): undefined {
    this.diags.error(this.file, this.yaml.lineOf(key), 1, this.rule, `${this.what}: ${message}`);
    return undefined;
  }

  string(key: string, opts: { required?: boolean } = {}): string | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) {
      if (opts.required) this.fail(key, `'${key}' is missing`);
      return undefined;
    }
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    if (typeof v !== 'string') return this.fail(key, `'${key}' must be text`);
    if (opts.required && v.trim() === '') return this.fail(key, `'${key}' is empty`);
    return v.trim();
  }

  /** A name or a list of names; a name may also be written `{ name: …, link: … }`, as some blog themes do. */
  names(key: string): string[] {
    const v = this.map[key];
    if (v === undefined || v === null) return [];
    const name = (x: unknown): string | null => {
      if (typeof x === 'string') return x.trim();
      if (typeof x === 'number') return String(x);
      if (x && typeof x === 'object' && !Array.isArray(x) && typeof (x as { name?: unknown }).name === 'string') return (x as { name: string }).name.trim();
      return null;
    };
    const list = (Array.isArray(v) ? v : [v]).map(name);
    if (list.every((x): x is string => x !== null)) return list.filter(Boolean);
    this.fail(key, `'${key}' must be a name or a list of names`);
    return [];
  }

  /** A number (or a number written as text); anything else is a warning and is ignored. */
  number(key: string): number | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
    if (Number.isFinite(n)) return n;
    this.diags.warn(this.file, this.yaml.lineOf(key), 1, this.rule, `${this.what}: '${key}' must be a number; it is ignored`);
    return undefined;
  }

  /** A list of non-empty strings. */
  strings(key: string): string[] | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '')) return v.map((x: string) => x.trim());
    this.fail(key, `'${key}' must be a list of texts (one '- …' line each)`);
    return undefined;
  }

  /**
   * Discussion questions: a list whose items are a question's text, or a mapping `text:` (the question) with
   * `lines:` (its answer lines on the sheet, a whole number from 0 to MAX_QUESTION_LINES). Errors are reported at the item's line.
   * `lines` is null where an item gives none, and absent when none does.
   */
  questions(key: string): { texts: string[]; lines?: (number | null)[] } | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    if (!Array.isArray(v)) return this.fail(key, `'${key}' must be a list: one '- …' line per question`);
    const at = (...path: (string | number)[]) => this.yaml.lineAt?.([key, ...path]) ?? this.yaml.lineOf(key);
    const bad = (line: number, message: string) => {
      this.diags.error(this.file, line, 1, this.rule, `${this.what}: ${message}`);
      ok = false;
    };
    let ok = true;
    const texts: string[] = [];
    const lines: (number | null)[] = [];
    v.forEach((item: unknown, i) => {
      const which = `question ${i + 1}`;
      if (typeof item === 'string' && item.trim() !== '') {
        texts.push(item.trim());
        lines.push(null);
        return;
      }
      if (!item || typeof item !== 'object' || Array.isArray(item)) {
        bad(at(i), `${which} must be text, or 'text:' with 'lines:' (quote a question holding ': ')`);
        return;
      }
      const q = item as Record<string, unknown>;
      for (const k of Object.keys(q)) {
        if (k === 'text' || k === 'lines') continue;
        const near = closest(k, ['text', 'lines']);
        this.diags.warn(this.file, at(i, k), 1, this.rule, `${this.what}: ${which}: unknown key '${k}'${near ? `; did you mean '${near}'?` : ''} (a question takes 'text:' and 'lines:')`);
      }
      if (typeof q.text !== 'string' || q.text.trim() === '') {
        bad(at(i), `${which} has no 'text:' (the question itself); write '- text: …' with 'lines: N' under it, or quote a question holding ': '`);
        return;
      }
      texts.push(q.text.trim());
      const n = q.lines;
      if (n === undefined || n === null) {
        lines.push(null);
        return;
      }
      if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > MAX_QUESTION_LINES) {
        bad(at(i, 'lines'), `${which}: 'lines' must be a whole number from 0 to ${MAX_QUESTION_LINES}, the answer lines under it on the sheet (got '${String(n)}')`);
        return;
      }
      lines.push(n);
    });
    if (!ok) return undefined;
    return lines.some((n) => n !== null) ? { texts, lines } : { texts };
  }

  boolean(key: string): boolean | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.fail(key, `'${key}' must be true or false`);
    return v;
  }

  /**
   * A calendar date, returned as YYYY-MM-DD; read in any common form (2025-08-07, 2025/8/7,
   * 2025-08-07 10:20 +0800, 2025年8月7日, August 7, 2025). `lenient`: one that cannot be read is a
   * warning and is left out, instead of an error.
   */
  date(key: string, opts: { lenient?: boolean } = {}): string | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    const iso = readDate(v);
    if (iso) return iso;
    if (!opts.lenient) return this.fail(key, `'${key}' is not a date (write YYYY-MM-DD, e.g. 2025-08-07)`);
    const shown = typeof v === 'string' ? ` '${v.trim().slice(0, 40)}'` : '';
    this.diags.warn(this.file, this.yaml.lineOf(key), 1, this.rule, `${this.what}: '${key}'${shown} is not a date studypack can read (e.g. 2025-08-07, 2025/8/7, 2025年8月7日, August 7, 2025); the date is left out`);
    return undefined;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    return this.fail(key, `'${key}' must be one of ${allowed.join(', ')}`);
  }

  /**
   * Keys present that the reader does not know: warned, with a suggestion (from `known`, then `accepted`).
   * Keys in `accepted` (other tools' keys) are not warned about; those present are returned.
   */
  warnUnknown(known: readonly string[], accepted: (key: string) => boolean = () => false, suggest: readonly string[] = known): string[] {
    const others: string[] = [];
    for (const key of Object.keys(this.map)) {
      if (known.includes(key)) continue;
      if (accepted(key)) {
        others.push(key);
        continue;
      }
      const near = closest(key, suggest);
      const hint = near ? `; did you mean '${near}'?` : '';
      this.diags.warn(this.file, this.yaml.lineOf(key), 1, this.rule, `${this.what}: unknown key '${key}'${hint}`);
    }
    return others;
  }
}

function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const o of options) {
    const d = editDistance(word.toLowerCase(), o.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = o;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}
