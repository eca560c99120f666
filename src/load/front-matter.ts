/** Front matter: splits `---` YAML from the body and reads the article's metadata. */
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { ArticleKind, ArticleMeta } from '../model/types.js';
import { FieldReader } from './fields.js';
import { parseYaml } from '../util/yaml.js';

const RULE = 'load:front-matter';
const KINDS: readonly ArticleKind[] = ['interview', 'essay', 'article'];
const KNOWN_KEYS = ['title', 'short_title', 'slug', 'kind', 'speakers', 'interviewer', 'author', 'date', 'source', 'excerpt', 'questions'];
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

export interface SplitSource {
  meta: ArticleMeta;
  /** The Markdown after the front matter. */
  body: string;
  /** Line of the file on which `body` starts (1-based). */
  bodyLine: number;
  /** Line of a front-matter key in the file. */
  lineOf(key: string): number;
}

/** Splits `---` front matter from the body and reads the article's metadata. */
export function readFrontMatter(text: string, file: string, diags: Diagnostics): SplitSource | null {
  if (text.trim() === '') {
    diags.error(file, 1, 1, 'load:empty', 'file is empty; an article needs front matter with a title and some text');
    return null;
  }
  const lines = text.split('\n');
  if (lines[0]!.trimEnd() !== '---') {
    diags.error(file, 1, 1, RULE, "no front matter: the file must start with a line '---', then 'title: …', then '---'");
    return null;
  }
  const end = lines.findIndex((l, i) => i > 0 && (l.trimEnd() === '---' || l.trimEnd() === '...'));
  if (end < 0) {
    diags.error(file, 1, 1, RULE, "front matter is not closed: add a line '---' after the last field");
    return null;
  }
  const yaml = parseYaml({ file, firstLine: 2, text: lines.slice(1, end).join('\n') }, RULE, diags);
  if (!yaml) return null;
  if (yaml.data === null || typeof yaml.data !== 'object' || Array.isArray(yaml.data)) {
    diags.error(file, 2, 1, RULE, "front matter must be a set of 'key: value' lines");
    return null;
  }
  const f = new FieldReader(yaml, file, RULE, diags, 'front matter');
  const before = diags.errors.length;
  const title = f.string('title', { required: true });
  const slug = f.string('slug') ?? slugFromFile(file);
  if (f.has('slug') && !SLUG_PATTERN.test(slug)) {
    diags.error(file, yaml.lineOf('slug'), 1, RULE, `front matter: 'slug' must be lower-case letters, digits and '-' (got '${slug}')`);
  }
  const shortTitle = f.string('short_title');
  const meta: ArticleMeta = {
    title: title ?? '',
    ...(shortTitle ? { shortTitle } : {}),
    slug,
    kind: f.oneOf('kind', KINDS) ?? 'article',
    speakers: f.names('speakers'),
    interviewer: f.names('interviewer'),
    author: f.names('author'),
    date: f.date('date'),
    source: f.string('source'),
    excerpt: f.boolean('excerpt') ?? false,
    questions: f.strings('questions') ?? [],
  };
  f.warnUnknown(KNOWN_KEYS);
  if (diags.errors.length > before) return null;
  const body = lines.slice(end + 1).join('\n');
  if (!f.has('questions')) {
    diags.warn(file, 1, 1, 'load:questions', "the article has no discussion questions; add 'questions:' with 4 to 6 '- …' lines to its front matter");
  }
  if (body.trim() === '') {
    diags.warn(file, end + 1, 1, 'load:empty', 'the article has front matter but no text');
  }
  return { meta, body, bodyLine: end + 2, lineOf: yaml.lineOf };
}

/** `03-my-article.md` → `my-article`; anything not a-z0-9 becomes '-'. */
export function slugFromFile(file: string): string {
  const base = path.basename(file, path.extname(file)).replace(/^\d+[-_.\s]+/, '');
  const slug = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'article';
}
