/** Glyph coverage: the characters no embedded face has, warned once with the file and line of their first use. */
import fs from 'node:fs';
import type { Diagnostics } from '../diagnostics.js';
import type { Book } from '../model/types.js';
import { allBlocks, ownInlines, walkBlocks, walkText } from '../model/walk.js';
import { openFont } from './catalog.js';

/** Characters that need no glyph: controls, spaces, joiners, variation selectors. */
export function needsGlyph(cp: number): boolean {
  if (cp < 0x21 || (cp >= 0x7f && cp <= 0xa0)) return false;
  if (cp >= 0x2000 && cp <= 0x200f) return false; // spaces, ZW(N)J, marks
  if (cp >= 0x2028 && cp <= 0x202f) return false;
  if (cp >= 0x2060 && cp <= 0x206f) return false;
  if (cp === 0x3000 || cp === 0xfeff) return false;
  if (cp >= 0xfe00 && cp <= 0xfe0f) return false;
  return true;
}

export interface CharUse {
  file: string;
  line: number;
}

/** Every character of the book's text with its first use (file:line). */
export function collectChars(book: Book): Map<number, CharUse> {
  const first = new Map<number, CharUse>();
  const note = (s: string, file: string, line: number) => {
    for (const ch of s) {
      const cp = ch.codePointAt(0)!;
      if (!first.has(cp)) first.set(cp, { file, line });
    }
  };
  const meta = book.metaFile ?? book.root;
  for (const v of [book.meta.title, book.meta.subtitle, book.meta.editor, book.meta.description]) if (v) note(v, meta, 1);
  for (const a of book.articles) {
    const m = a.meta;
    for (const v of [m.title, m.source, ...m.speakers, ...m.interviewer, ...m.author]) if (v) note(v, a.file, 1);
    for (const b of walkBlocks(allBlocks(a))) {
      if (b.type === 'code') note(b.value, a.file, b.pos.line);
      for (const run of ownInlines(b)) for (const t of walkText(run)) note(t.value, a.file, t.line);
    }
  }
  return first;
}

/**
 * Warns once per line for the characters none of the given fonts has, naming where each is first used.
 * Returns the characters that are covered. Called once per build by the pipeline, whichever outputs it makes.
 */
export function checkCoverage(chars: Map<number, CharUse>, fontFiles: string[], diags: Diagnostics): Set<number> {
  const fonts = fontFiles.map(openFont);
  const covered = new Set<number>();
  const missing = new Map<string, { use: CharUse; chars: string[] }>();
  for (const [cp, use] of chars) {
    if (!needsGlyph(cp)) continue;
    if (fonts.some((f) => f.hasGlyphForCodePoint(cp))) {
      covered.add(cp);
      continue;
    }
    const key = `${use.file}:${use.line}`;
    const entry = missing.get(key) ?? { use, chars: [] };
    entry.chars.push(`${String.fromCodePoint(cp)} (U+${cp.toString(16).toUpperCase().padStart(4, '0')})`);
    missing.set(key, entry);
  }
  const sources = new Map<string, string[]>();
  const columnOf = (use: CharUse, ch: string): number => {
    let lines = sources.get(use.file);
    if (!lines) {
      lines = fs.existsSync(use.file) && fs.statSync(use.file).isFile() ? fs.readFileSync(use.file, 'utf8').split('\n') : [];
      sources.set(use.file, lines);
    }
    const text = lines[use.line - 1] ?? '';
    const at = text.indexOf(ch);
    return at < 0 ? 1 : [...text.slice(0, at)].length + 1;
  };
  for (const { use, chars: list } of missing.values()) {
    diags.warn(use.file, use.line, columnOf(use, list[0]!.split(' ')[0]!), 'fonts:missing-glyph', `no embedded font has ${list.join(', ')}; the PDFs show □ for it, e-readers their own font`);
  }
  return covered;
}
