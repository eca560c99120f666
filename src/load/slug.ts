// File-name-safe slugs (Chinese read as toneless pinyin) and readable titles made from file and folder names.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';

export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;
/** Longest slug made here: output names are `NN-<slug>.pdf`, well under any file system's limit. */
const MAX_SLUG = 60;

type Pinyin = (text: string, options: { toneType: 'none'; type: 'array'; nonZh: 'consecutive' }) => string[];
let pinyinFn: Pinyin | undefined;
/** pinyin-pro is large: loaded the first time a name has Chinese characters. */
function pinyin(): Pinyin {
  pinyinFn ??= (createRequire(import.meta.url)('pinyin-pro') as { pinyin: Pinyin }).pinyin;
  return pinyinFn;
}

const HAN = /\p{Script=Han}/u;

/**
 * Lower-case a-z, 0-9 and '-' from any text: Chinese characters become their toneless pinyin
 * (读书会 → du-shu-hui), accents are dropped (Café → cafe), anything else separates words.
 * Empty when nothing usable is left (e.g. a name of emoji or kana only).
 */
export function slugify(text: string): string {
  let s = text.normalize('NFKD').replace(/\p{M}/gu, '');
  if (HAN.test(s)) s = pinyin()(s, { toneType: 'none', type: 'array', nonZh: 'consecutive' }).join('-');
  s = s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s.length > MAX_SLUG) s = s.slice(0, MAX_SLUG).replace(/-[^-]*$/, '') || s.slice(0, MAX_SLUG);
  return s;
}

/** `2024-03-05-` (a Jekyll post's date) at the start of a file name. */
const DATE_PREFIX = /^(\d{4})-(\d{1,2})-(\d{1,2})[-_\s]+/;
/** An ordering prefix: `01-`, `2_`, `1.2.`, `03 ` (a leading zero), `1.2 `; never `100 个问题`. */
const NUMBER_PREFIX = /^(?:\d+(?:[.\-_]\d+)*[-_.]\s*|0\d*\s+|\d+(?:\.\d+)+\s+)(?=\S)/;

/** The file's name without folder, extension, Jekyll date or ordering prefix. */
function bareName(file: string): string {
  const base = path.basename(file, path.extname(file));
  return base.replace(DATE_PREFIX, '').replace(NUMBER_PREFIX, '') || base;
}

/** The date a Jekyll post's file name starts with, as written (`2024-3-5-x.md` → 2024-3-5). */
export function dateFromFileName(file: string): string | undefined {
  const m = DATE_PREFIX.exec(path.basename(file));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

/** `03-reading_notes.md` → `reading notes`; `读书会 第一次.md` → `读书会 第一次`. */
export function titleFromFileName(file: string): string {
  return bareName(file).replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim() || path.basename(file);
}

/** `03-my-article.md` → `my-article`; `读书会 记录.md` → `du-shu-hui-ji-lu`; `article` when nothing is left. */
export function slugFromFile(file: string): string {
  return slugify(bareName(file)) || 'article';
}

/** A slug for an article file that is never empty: a name with nothing usable gets a hash of itself. */
export function articleSlug(file: string): string {
  const s = slugify(bareName(file));
  return s || `article-${createHash('sha1').update(path.basename(file)).digest('hex').slice(0, 6)}`;
}
