/** The book's metadata: book.yaml and the config's `book:` section, checked, with defaults. */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { BookMeta } from '../model/types.js';
import { labelsFor } from '../templates.js';
import { decodeSource } from '../util/decode.js';
import { FieldReader } from './fields.js';
import type { ChapterEntry, ChapterList } from './order.js';
import { SLUG_PATTERN, slugFromFile } from './slug.js';
import { parseYaml, type ParsedYaml } from '../util/yaml.js';

export const BOOK_FILE = 'book.yaml';
const RULE = 'load:book';
const KNOWN_KEYS = ['title', 'subtitle', 'editor', 'language', 'date', 'slug', 'description', 'identifier', 'publisher', 'chapters'];

/** Book metadata from the config's `book:` section (validated there), each key winning over book.yaml's. */
export interface BookMetaOverride {
  values: Partial<Record<keyof BookMeta, string | undefined>> & { chapters?: ChapterEntry[] };
  file: string;
  lineOf(key: string): number;
  /** Line of a node under the `book:` section, e.g. ['chapters', 2]. */
  lineAt?(at: readonly (string | number)[]): number;
}

/** The override's defined keys laid over the metadata read from book.yaml. */
function withOverride(meta: BookMeta, override?: BookMetaOverride): BookMeta {
  if (!override) return meta;
  const out: BookMeta = { ...meta };
  for (const [k, v] of Object.entries(override.values)) if (v !== undefined && k !== 'chapters') (out as unknown as Record<string, string>)[k] = v as string;
  return out;
}

/** The config's `chapters:` when it has one, else book.yaml's. */
function chaptersOf(fromFile: ChapterList | undefined, override?: BookMetaOverride): ChapterList | undefined {
  const given = override?.values.chapters;
  if (given && override) {
    const at = override.lineAt ?? ((p: readonly (string | number)[]) => override.lineOf(String(p[0])));
    return { entries: given, file: override.file, lineAt: at };
  }
  return fromFile;
}

/** book.yaml's `chapters:`: a list of paths, or of `{ part, page?, chapters: [paths] }`; wrong shapes are errors at their line. */
function readChapters(yaml: ParsedYaml, file: string, diags: Diagnostics): ChapterList | undefined {
  const v = (yaml.data as Record<string, unknown>).chapters;
  if (v === undefined || v === null) return undefined;
  const bad = (at: (string | number)[], msg: string) => diags.error(file, yaml.lineAt(['chapters', ...at]), 1, RULE, `book: ${msg}`);
  if (!Array.isArray(v) || v.length === 0) {
    bad([], "'chapters' must be a list of Markdown files ('- part1/a.md'), or of parts ('- part: 第一部分' with its own 'chapters:')");
    return undefined;
  }
  const entries: ChapterEntry[] = [];
  v.forEach((e: unknown, i) => {
    if (typeof e === 'string' && e.trim()) return entries.push(e.trim());
    const m = e as Record<string, unknown> | null;
    if (m && typeof m === 'object' && !Array.isArray(m) && typeof m.part === 'string' && Array.isArray(m.chapters) && m.chapters.every((c) => typeof c === 'string' && c.trim())) {
      const extra = Object.keys(m).filter((k) => !['part', 'page', 'chapters'].includes(k));
      if (extra.length > 0) return bad([i, extra[0]!], `unknown key '${extra[0]}' in a part of 'chapters' (a part has part, page and chapters)`);
      if (m.page !== undefined && typeof m.page !== 'string') return bad([i, 'page'], "a part's 'page' must be a Markdown file");
      return entries.push({ part: m.part.trim(), ...(typeof m.page === 'string' ? { page: m.page.trim() } : {}), chapters: (m.chapters as string[]).map((c) => c.trim()) });
    }
    bad([i], "each entry of 'chapters' must be a Markdown file, or a part: 'part: <title>' with 'chapters: [files]'");
  });
  return { entries, file, lineAt: yaml.lineAt };
}

/**
 * Reads `book.yaml` from the corpus; without one, the folder's name titles the book.
 * Keys of the config's `book:` section (`override`) win over book.yaml's, key by key.
 */
export function readBookMeta(root: string, diags: Diagnostics, override?: BookMetaOverride): { meta: BookMeta; file?: string; chapters?: ChapterList } | null {
  const file = path.join(root, BOOK_FILE);
  const fallbackSlug = slugFromFile(path.basename(root)) === 'article' ? 'studypack' : slugFromFile(path.basename(root));
  if (!fs.existsSync(file)) {
    if (override?.values.title === undefined) {
      diags.warn(root, 0, 0, RULE, `no ${BOOK_FILE} and no 'book: title:' in studypack.config.yaml; the book is titled after the folder`);
    }
    return { meta: withOverride({ title: path.basename(root), language: 'zh-CN', slug: fallbackSlug }, override), file: override?.file, chapters: chaptersOf(undefined, override) };
  }
  const text = decodeSource(fs.readFileSync(file), file, diags);
  if (text === null) return null;
  const yaml = parseYaml({ file, firstLine: 1, text }, RULE, diags);
  if (!yaml) return null;
  if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    diags.error(file, 1, 1, RULE, "book metadata must be a set of 'key: value' lines");
    return null;
  }
  const f = new FieldReader(yaml, file, RULE, diags, 'book');
  const before = diags.errors.length;
  const meta: BookMeta = {
    title: f.string('title', { required: override?.values.title === undefined }) ?? '',
    subtitle: f.string('subtitle'),
    editor: f.string('editor'),
    language: f.string('language') ?? 'zh-CN',
    date: f.date('date'),
    slug: f.string('slug') ?? fallbackSlug,
    description: f.string('description'),
    identifier: f.string('identifier'),
    publisher: f.string('publisher'),
  };
  if (!SLUG_PATTERN.test(meta.slug)) {
    diags.error(file, yaml.lineOf('slug'), 1, RULE, `book: 'slug' must be lower-case letters, digits and '-' (got '${meta.slug}')`);
  }
  if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(meta.language)) {
    diags.error(file, yaml.lineOf('language'), 1, RULE, `book: 'language' must be a language tag such as zh-CN (got '${meta.language}')`);
  }
  f.warnUnknown(KNOWN_KEYS);
  const chapters = chaptersOf(readChapters(yaml, file, diags), override);
  if (diags.errors.length > before) return null;
  const merged = withOverride(meta, override);
  if (override?.values.language !== undefined) {
    if (labelsFor(merged.language) !== merged.language && labelsFor(merged.language) !== merged.language.split('-')[0]) {
      diags.warn(override.file, override.lineOf('language'), 1, RULE, `no labels for '${merged.language}' in templates/labels/; the generated labels are in ${labelsFor(merged.language)}`);
    }
    return { meta: merged, file, chapters };
  }
  if (labelsFor(meta.language) !== meta.language && labelsFor(meta.language) !== meta.language.split('-')[0]) {
    diags.warn(file, yaml.lineOf('language'), 1, RULE, `no labels for '${meta.language}' in templates/labels/; the generated labels are in ${labelsFor(meta.language)}`);
  }
  return { meta: merged, file, chapters };
}
