// The config's keys in one table: the zod schema that checks studypack.config.yaml, and the README's config reference.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PAPERS } from './papers.js';
import { TEMPLATES_DIR } from '../templates.js';
import { VARIANTS } from '../seams/opencc.js';

/** The config file's name, at the root of a pack (the corpus folder). */
export { CONFIG_FILE } from './file.js';

export const OUTPUT_KINDS = ['pdf', 'epub', 'sheets', 'booklet'] as const;
export const FACE_NAMES = ['serif', 'serifBold', 'sans', 'sansBold'] as const;
export const INDEX_MODES = ['auto', 'glossary', 'off'] as const;
export const INDEX_ORDERS = ['pinyin', 'stroke', 'zhuyin'] as const;

/** The label files shipped in templates/labels/ (zh-CN today). */
export function labelLanguages(): string[] {
  const dir = path.join(TEMPLATES_DIR, 'labels');
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/**
 * One documented key of the config. The zod schema and the README's config reference are both
 * made from this table, so they cannot drift apart.
 */
export interface ConfigKey {
  key: string;
  schema: z.ZodType;
  type: string;
  default?: string;
  description: string;
  /** Keys of a nested mapping. */
  children?: ConfigKey[];
}

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date written YYYY-MM-DD, e.g. 2025-08-07' });
/** YAML reads `date: 2025-08-31` as a date; the config takes it as the text it was. */
const dateLike = z.preprocess((v) => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 10) : v), date);
const text = z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string().trim().min(1, { message: 'must not be empty' }));

const BOOK_KEYS: ConfigKey[] = [
  { key: 'title', schema: text, type: 'text', description: 'book title (needed here or in book.yaml)' },
  { key: 'subtitle', schema: text, type: 'text', description: 'subtitle on the title page' },
  { key: 'editor', schema: text, type: 'text', description: "editor, on the title page and as the EPUB's creator" },
  {
    key: 'language',
    schema: z.string().regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, { message: 'must be a language tag such as zh-CN' }),
    type: 'BCP 47 tag',
    default: 'zh-CN',
    description: "the book's language (`dc:language`, PDF `Lang`)",
  },
  { key: 'date', schema: dateLike, type: 'YYYY-MM-DD', description: "the book's date (title page; fixes the files' dates)" },
  {
    key: 'slug',
    schema: z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, { message: "must be lower-case letters, digits and '-'" }),
    type: '`a-z0-9-`',
    default: "the folder's name",
    description: 'output file name',
  },
  { key: 'description', schema: text, type: 'text', description: 'EPUB description' },
  { key: 'publisher', schema: text, type: 'text', description: 'EPUB publisher' },
  { key: 'identifier', schema: text, type: 'text', default: 'a UUID derived from the metadata', description: 'EPUB identifier' },
  {
    key: 'chapters',
    schema: z
      .array(z.union([z.string().trim().min(1), z.strictObject({ part: text, page: z.string().trim().min(1).optional(), chapters: z.array(z.string().trim().min(1)).min(1) })]))
      .min(1, { message: 'must list at least one file' }),
    type: 'list of paths or parts',
    default: 'SUMMARY.md, else the folders',
    description: 'the articles in order, paths from the corpus folder; `- part: 第一部分` with its own `chapters:` (and `page:`) makes a part; other files are left out',
  },
];

const fontPath = z.string().regex(/\.(ttf|otf)$/i, { message: 'must be a .ttf or .otf file' });

const FONT_KEYS: ConfigKey[] = [
  { key: 'serif', schema: fontPath, type: 'path', default: 'Noto Serif SC Regular', description: 'body text' },
  { key: 'serifBold', schema: fontPath, type: 'path', default: 'Noto Serif SC Bold', description: 'bold in the body' },
  { key: 'sans', schema: fontPath, type: 'path', default: 'Noto Sans SC Regular', description: 'bylines, running heads, labels' },
  { key: 'sansBold', schema: fontPath, type: 'path', default: 'Noto Sans SC Bold', description: 'headings' },
];

export const CONFIG_KEYS: ConfigKey[] = [
  {
    key: 'book',
    schema: z.unknown(),
    type: 'mapping',
    description: 'book metadata; each key here wins over the same key in `book.yaml` (still read when present)',
    children: BOOK_KEYS,
  },
  { key: 'outputs', schema: z.array(z.enum(OUTPUT_KINDS)).min(1, { message: 'must name at least one output' }), type: `list of ${OUTPUT_KINDS.join(', ')}`, default: 'pdf, epub, sheets', description: 'what `studypack build` writes without output flags' },
  {
    key: 'paper',
    schema: z.preprocess((v) => (typeof v === 'string' ? (PAPERS.find((p) => p.toLowerCase() === v.toLowerCase()) ?? v) : v), z.enum(PAPERS as [string, ...string[]])), type: PAPERS.join(' \\| '), default: 'A4', description: 'PDF paper size' },
  { key: 'duplex', schema: z.boolean(), type: 'true/false', default: 'false', description: 'lay the PDF out for two-sided printing (articles on right-hand pages)' },
  {
    key: 'signature',
    schema: z.number().int().min(4).refine((n) => n % 4 === 0, { message: 'must be a multiple of 4' }),
    type: 'multiple of 4',
    default: 'one gathering',
    description: 'booklet gatherings of this many pages',
  },
  { key: 'answerLines', schema: z.number().int().min(1).max(30), type: 'number 1–30', default: '5', description: 'ruled answer lines under each question on the discussion sheets: exactly this many, unless the question gives its own `lines:` (front matter `questions:`)' },
  { key: 'normalisePunctuation', schema: z.boolean(), type: 'true/false', default: 'true', description: 'set ASCII `, : ; ? ! ( )` between Chinese characters as full-width marks' },
  { key: 'labels', schema: z.string().min(1), type: 'language tag', default: "the book's `language`", description: 'language of the generated labels (目录, 讨论题 …): a file in `templates/labels/`' },
  {
    key: 'resourcePath',
    schema: z.array(z.string().trim().min(1)).min(1, { message: 'must name at least one folder' }),
    type: 'list of folders',
    default: 'none',
    description: "folders images may also come from (pandoc's `--resource-path`), relative to the config file, e.g. `[../assets]`; the command line's `--resource-path` adds to them",
  },
  { key: 'fetchImages', schema: z.boolean(), type: 'true/false', default: 'false', description: 'download remote images (http, https) into a cache folder (`~/.cache/studypack/images`), with a 10 s timeout, a 10 MB cap and a content-type check; otherwise their alt text is shown' },
  {
    key: 'fonts',
    schema: z.unknown(),
    type: 'mapping',
    description: 'TTF/OTF files replacing the four faces, relative to the config file; each must exist',
    children: FONT_KEYS,
  },
  {
    key: 'index',
    schema: z.enum(INDEX_MODES),
    type: INDEX_MODES.join(' \\| '),
    default: 'auto',
    description:
      "the index of key figures: `auto` lists the glossary's people and organisations when `glossary.yaml` names any, else the ones the Chinese segmenter recognises plus a term index (术语); `glossary` only the glossary's; `off` no index",
  },
  {
    key: 'indexOrder',
    schema: z.enum(INDEX_ORDERS),
    type: INDEX_ORDERS.join(' \\| '),
    default: 'stroke for zh-TW and zh-HK editions, else pinyin',
    description: "the index's order: by pinyin, by stroke count (CLDR's stroke collation, groups such as 「5 畫」) or by zhuyin (bopomofo groups)",
  },
  { key: 'keyNumbers', schema: z.number().int().min(0).max(200), type: 'number 0–200', default: '15', description: 'key figures per article in the index, the most salient (money, percentages, multiples, large quantities, figures in headings or bold)' },
  {
    key: 'variant',
    schema: z.union([z.enum(VARIANTS), z.array(z.enum(VARIANTS)).min(1, { message: 'must name at least one edition' })]),
    type: `${VARIANTS.join(' \\| ')}, or a list`,
    default: 'zh-Hans (the pack as written)',
    description:
      'the editions `studypack build` makes: `zh-TW` and `zh-HK` are Traditional editions converted with OpenCC (Taiwan vocabulary for zh-TW), set in Noto Serif/Sans TC, their files named `<slug>.zh-TW.pdf`, `<slug>.zh-TW.epub`, `sheets/zh-TW/`; phrases to keep go in `variant-exceptions.yaml`',
  },
  {
    key: 'defaultQuestions',
    schema: z.array(text).min(1, { message: 'must hold at least one prompt' }),
    type: 'list of text',
    default: 'the labels\' `defaultQuestions` (five generic prompts)',
    description: 'discussion prompts on the sheet of an article without `questions:`, marked as generic',
  },
];

function objectOf(keys: ConfigKey[]): z.ZodType {
  const shape: Record<string, z.ZodType> = {};
  for (const k of keys) shape[k.key] = (k.children ? objectOf(k.children) : k.schema).optional();
  return z.strictObject(shape);
}

/** The config's schema: unknown keys and wrong types are errors. */
export const configSchema = objectOf(CONFIG_KEYS);

export interface BookSection {
  title?: string;
  subtitle?: string;
  editor?: string;
  language?: string;
  date?: string;
  slug?: string;
  description?: string;
  publisher?: string;
  identifier?: string;
  chapters?: (string | { part: string; page?: string; chapters: string[] })[];
}

/** The config file as read (every key optional). */
export interface ConfigData {
  book?: BookSection;
  outputs?: (typeof OUTPUT_KINDS)[number][];
  paper?: string;
  duplex?: boolean;
  signature?: number;
  answerLines?: number;
  normalisePunctuation?: boolean;
  labels?: string;
  resourcePath?: string[];
  fetchImages?: boolean;
  fonts?: Partial<Record<(typeof FACE_NAMES)[number], string>>;
  index?: (typeof INDEX_MODES)[number];
  keyNumbers?: number;
  defaultQuestions?: string[];
  variant?: (typeof VARIANTS)[number] | (typeof VARIANTS)[number][];
  indexOrder?: (typeof INDEX_ORDERS)[number];
}

/** The known keys at a path of the config (for "did you mean"). */
export function knownKeysAt(pathKeys: readonly PropertyKey[]): string[] {
  let keys = CONFIG_KEYS;
  for (const p of pathKeys) {
    const next = keys.find((k) => k.key === p)?.children;
    if (!next) return [];
    keys = next;
  }
  return keys.map((k) => k.key);
}

/** The config reference as a Markdown table, for the README (see scripts/config-docs.mjs). */
export function configReference(): string {
  const rows: string[] = ['| key | value | default | meaning |', '|---|---|---|---|'];
  const add = (keys: ConfigKey[], prefix: string) => {
    for (const k of keys) {
      rows.push(`| \`${prefix}${k.key}\` | ${k.type} | ${k.default ?? ''} | ${k.description} |`);
      if (k.children) add(k.children, `${prefix}${k.key}.`);
    }
  };
  add(CONFIG_KEYS, '');
  return rows.join('\n');
}
