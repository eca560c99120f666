/** Finds glossary names (and their aliases) in text: longest form first, Latin names as whole words, titles in 《》 skipped. */
import type { GlossaryEntry } from '../model/types.js';

export interface EntityHit {
  /** Index of the entry in the glossary. */
  entry: number;
  start: number;
  end: number;
  form: string;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const LATIN = /[A-Za-z0-9]/;

/**
 * Finds glossary names in text: the longest form wins at each position; a Latin form must stand as a
 * whole word (Dario is not found inside Darios); runs of spaces in a form match one space.
 */
export class EntityMatcher {
  private readonly re: RegExp | null;
  private readonly owner = new Map<string, number>();

  constructor(glossary: readonly GlossaryEntry[]) {
    const forms: string[] = [];
    glossary.forEach((e, i) =>
      [e.name, ...e.aliases].forEach((f) => {
        const key = this.norm(f);
        if (key && !this.owner.has(key)) {
          this.owner.set(key, i);
          forms.push(key);
        }
      }),
    );
    forms.sort((a, b) => b.length - a.length);
    this.re = forms.length ? new RegExp(forms.map(escape).join('|'), 'g') : null;
  }

  private norm(s: string): string {
    return s.trim().replace(/\s+/g, ' ');
  }

  find(text: string): EntityHit[] {
    if (!this.re) return [];
    const hits: EntityHit[] = [];
    // A name inside a book or article title (《关于 DeepSeek 和出口管制》) cites the title, not the entity.
    const titles: [number, number][] = [];
    for (const t of text.matchAll(/《[^《》]*》/g)) titles.push([t.index!, t.index! + t[0].length]);
    this.re.lastIndex = 0;
    for (let m = this.re.exec(text); m; m = this.re.exec(text)) {
      const form = m[0];
      const start = m.index;
      const end = start + form.length;
      if (LATIN.test(form[0]!) && LATIN.test(text[start - 1] ?? '')) continue;
      if (LATIN.test(form[form.length - 1]!) && LATIN.test(text[end] ?? '')) continue;
      if (titles.some(([a, b]) => start >= a && end <= b)) continue;
      hits.push({ entry: this.owner.get(form)!, start, end, form });
    }
    return hits;
  }
}
