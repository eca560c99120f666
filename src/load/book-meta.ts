/** The book's metadata: book.yaml and the config's `book:` section, checked, with defaults. */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { BookMeta } from '../model/types.js';
import { labelsFor } from '../templates.js';
import { decodeSource } from '../util/decode.js';
import { FieldReader } from './fields.js';
import { SLUG_PATTERN, slugFromFile } from './front-matter.js';
import { parseYaml } from '../util/yaml.js';

export const BOOK_FILE = 'book.yaml';
const RULE = 'load:book';
const KNOWN_KEYS = ['title', 'subtitle', 'editor', 'language', 'date', 'slug', 'description', 'identifier', 'publisher'];

/** Book metadata from the config's `book:` section (validated there), each key winning over book.yaml's. */
export interface BookMetaOverride {
  values: Partial<Record<keyof BookMeta, string | undefined>>;
  file: string;
  lineOf(key: string): number;
}

/** The override's defined keys laid over the metadata read from book.yaml. */
function withOverride(meta: BookMeta, override?: BookMetaOverride): BookMeta {
  if (!override) return meta;
  const out: BookMeta = { ...meta };
  for (const [k, v] of Object.entries(override.values)) if (v !== undefined) (out as unknown as Record<string, string>)[k] = v;
  return out;
}

/**
 * Reads `book.yaml` from the corpus; without one, the folder's name titles the book.
 * Keys of the config's `book:` section (`override`) win over book.yaml's, key by key.
 */
export function readBookMeta(root: string, diags: Diagnostics, override?: BookMetaOverride): { meta: BookMeta; file?: string } | null {
  const file = path.join(root, BOOK_FILE);
  const fallbackSlug = slugFromFile(path.basename(root)) === 'article' ? 'studypack' : slugFromFile(path.basename(root));
  if (!fs.existsSync(file)) {
    if (override?.values.title === undefined) {
      diags.warn(root, 0, 0, RULE, `no ${BOOK_FILE} and no 'book: title:' in studypack.config.yaml; the book is titled after the folder`);
    }
    return { meta: withOverride({ title: path.basename(root), language: 'zh-CN', slug: fallbackSlug }, override), file: override?.file };
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
  if (diags.errors.length > before) return null;
  const merged = withOverride(meta, override);
  if (override?.values.language !== undefined) {
    if (labelsFor(merged.language) !== merged.language && labelsFor(merged.language) !== merged.language.split('-')[0]) {
      diags.warn(override.file, override.lineOf('language'), 1, RULE, `no labels for '${merged.language}' in templates/labels/; the generated labels are in ${labelsFor(merged.language)}`);
    }
    return { meta: merged, file };
  }
  if (labelsFor(meta.language) !== meta.language && labelsFor(meta.language) !== meta.language.split('-')[0]) {
    diags.warn(file, yaml.lineOf('language'), 1, RULE, `no labels for '${meta.language}' in templates/labels/; the generated labels are in ${labelsFor(meta.language)}`);
  }
  return { meta: merged, file };
}
