// Watch mode's cache: laid-out pages and painted sheets kept between builds, keyed by a hash of their inputs.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Diagnostics, type Diagnostic } from '../diagnostics.js';
import { FACES, faceKey } from '../fonts/catalog.js';

/**
 * Results kept between builds of one session (watch mode): an article's laid-out handout pages, its
 * discussion sheet, keyed by a hash of everything they are computed from, the faces' fonts included. A
 * value is reused only when its key matches, so a build with the cache gives the same bytes as a build
 * without one; the diagnostics the computation reported are kept with the value and reported again on reuse.
 */
export class BuildCache {
  private entries = new Map<string, { value: unknown; diagnostics: Diagnostic[] }>();
  private used = new Set<string>();
  /** Reused and computed values in the current build, for reports and tests. */
  hits = 0;
  misses = 0;

  /** The value for `parts` (anything JSON can hold), computed by `compute` only when not kept from before. */
  get<T>(kind: string, parts: unknown, diags: Diagnostics, compute: (diags: Diagnostics) => T): T {
    // Layouts are measured with the faces' fonts: a face set to another font (`fonts:` edited) misses.
    const key = `${kind}:${FACES.map(faceKey).join(',')}:${cacheKey(parts)}`;
    this.used.add(key);
    const kept = this.entries.get(key);
    if (kept) {
      this.hits++;
      for (const d of kept.diagnostics) diags.add(d);
      return kept.value as T;
    }
    this.misses++;
    const own = new Diagnostics();
    const value = compute(own);
    for (const d of own.items) diags.add(d);
    // Never keep a value whose computation found errors: the next build must look again.
    if (!own.hasErrors) this.entries.set(key, { value, diagnostics: own.items });
    return value;
  }

  /** Starts a build: counters reset; entries no build asks for again are dropped when it ends. */
  begin(): void {
    this.used = new Set();
    this.hits = 0;
    this.misses = 0;
  }

  end(): void {
    for (const key of [...this.entries.keys()]) if (!this.used.has(key)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

/**
 * A hash of the parts as JSON, plus the size and modification time of every image file they name
 * (images are read at layout time, so an image edited in place changes the key too). Markdown files are
 * not statted: their text is in the parts already.
 */
const IMAGE_FILE = /\.(png|jpe?g|gif|svg|webp)$/i;

function cacheKey(parts: unknown): string {
  const json = JSON.stringify(parts);
  const hash = createHash('sha256').update(json);
  for (const m of json.matchAll(/"file":"((?:[^"\\]|\\.)*)"/g)) {
    const file = JSON.parse(`"${m[1]}"`) as string;
    if (!IMAGE_FILE.test(file)) continue;
    try {
      const st = fs.statSync(file);
      hash.update(`\u0000${file}\u0000${st.size}\u0000${st.mtimeMs}`);
    } catch {
      hash.update(`\u0000${file}\u0000missing`);
    }
  }
  return hash.digest('hex');
}
