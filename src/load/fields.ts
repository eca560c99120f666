/** Typed fields from a parsed YAML mapping, with wrong types reported at the key's line. */
import type { Diagnostics } from '../diagnostics.js';
import type { ParsedYaml } from '../util/yaml.js';

/** Reads typed fields from a parsed YAML mapping, reporting wrong types at the key's line. */
export class FieldReader {
  private readonly map: Record<string, unknown>;

  constructor(
    private readonly yaml: ParsedYaml,
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

  /** A name or a list of names. */
  names(key: string): string[] {
    const v = this.map[key];
    if (v === undefined || v === null) return [];
    if (typeof v === 'string') return v.trim() ? [v.trim()] : [];
    if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.map((x: string) => x.trim()).filter(Boolean);
    this.fail(key, `'${key}' must be a name or a list of names`);
    return [];
  }

  /** A list of non-empty strings. */
  strings(key: string): string[] | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v) && v.every((x) => typeof x === 'string' && x.trim() !== '')) return v.map((x: string) => x.trim());
    this.fail(key, `'${key}' must be a list of texts (one '- …' line each)`);
    return undefined;
  }

  boolean(key: string): boolean | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return this.fail(key, `'${key}' must be true or false`);
    return v;
  }

  /** An ISO calendar date, YYYY-MM-DD. */
  date(key: string): string | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    const s = v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.trim() : '';
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
    if (m) {
      const d = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!));
      if (d.getUTCMonth() === +m[2]! - 1 && d.getUTCDate() === +m[3]!) return s;
    }
    return this.fail(key, `'${key}' is not a date (write YYYY-MM-DD, e.g. 2025-08-07)`);
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const v = this.map[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string' && (allowed as readonly string[]).includes(v)) return v as T;
    return this.fail(key, `'${key}' must be one of ${allowed.join(', ')}`);
  }

  /** Keys present that the reader does not know: warned, with a suggestion. */
  warnUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.map)) {
      if (known.includes(key)) continue;
      const near = closest(key, known);
      const hint = near ? `; did you mean '${near}'?` : '';
      this.diags.warn(this.file, this.yaml.lineOf(key), 1, this.rule, `${this.what}: unknown key '${key}'${hint}`);
    }
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
