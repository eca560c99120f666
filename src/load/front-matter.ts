/** Front matter: splits `---` YAML from the body and reads the article's metadata. */
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { ArticleKind, ArticleMeta } from '../model/types.js';
import { readDate } from './dates.js';
import { FieldReader } from './fields.js';
import { isOtherToolsKey, ORDER_KEYS, OTHER_TOOLS_KEYS, STUDYPACK_KEYS } from './known-keys.js';
import { articleSlug, dateFromFileName, SLUG_PATTERN, slugify, titleFromFileName } from './slug.js';
import { blankLines, findTitleHeading } from './title-heading.js';
import { parseYaml, type ParsedYaml } from '../util/yaml.js';

export { SLUG_PATTERN, slugFromFile } from './slug.js';

const RULE = 'load:front-matter';
const KINDS: readonly ArticleKind[] = ['interview', 'essay', 'article'];
/** Did-you-mean candidates for an unknown key: studypack's own keys, then other tools'. */
const SUGGEST = [...STUDYPACK_KEYS, ...OTHER_TOOLS_KEYS];
/** `excerpt: 是的` is a yes/no meant for studypack's `excerpt`; other text is a blog's summary (Jekyll, Hexo). */
const YES_NO = /^(yes|no|y|n|on|off|true|false|是|否|是的|不是|对|不对|真|假)$/i;

export interface SplitSource {
  meta: ArticleMeta;
  /** The Markdown after the front matter; a heading that gave the title is blanked out (its lines stay, empty). */
  body: string;
  /** Line of the file on which `body` starts (1-based). */
  bodyLine: number;
  /** Line of a front-matter key in the file (1 without front matter). */
  lineOf(key: string): number;
  /** Where the title came from: the front matter, the body's first `# heading`, or the file (or folder) name. */
  titleFrom: 'front-matter' | 'heading' | 'file';
  /** Line of the title in the file (its key, its heading, or 1). */
  titleLine: number;
  /** True when the slug was given in the front matter (not made from the file name). */
  slugGiven: boolean;
  /** `order:` / `weight:` (or Docusaurus `sidebar_position`, Just the Docs `nav_order`): lower comes first. */
  order?: number;
  /** Line of the order key. */
  orderLine?: number;
  /** True when the front matter has `questions:`. */
  hasQuestions: boolean;
  /** True when the file starts with front matter. */
  hasFrontMatter: boolean;
}

/** `README.md` / `index.md` are named after their folder. */
function namedFile(file: string): string {
  return /^(readme|index)\.(md|markdown)$/i.test(path.basename(file)) ? path.dirname(file) : file;
}

/**
 * Splits optional `---` front matter from the body and reads the article's metadata. The title is the
 * front matter's `title`, else the body's title heading (then removed from the body), else the file's name.
 * `role: 'part'` reads a folder's opening page (README.md / index.md): no "no text" warning.
 */
export function readFrontMatter(text: string, file: string, diags: Diagnostics, options: { role?: 'article' | 'part' } = {}): SplitSource | null {
  if (text.trim() === '') {
    diags.error(file, 1, 1, 'load:empty', "file is empty; an article needs some text (and a title: a '# …' heading or 'title:' in front matter)");
    return null;
  }
  const lines = text.split('\n');
  let yaml: Pick<ParsedYaml, 'data' | 'lineOf'> & Partial<Pick<ParsedYaml, 'lineAt'>> = { data: {}, lineOf: () => 1 };
  let bodyStart = 0;
  const hasFrontMatter = lines[0]!.trimEnd() === '---';
  if (hasFrontMatter) {
    const end = lines.findIndex((l, i) => i > 0 && (l.trimEnd() === '---' || l.trimEnd() === '...'));
    if (end < 0) {
      diags.error(file, 1, 1, RULE, "front matter is not closed: add a line '---' after the last field");
      return null;
    }
    const parsed = parseYaml({ file, firstLine: 2, text: lines.slice(1, end).join('\n') }, RULE, diags);
    if (!parsed) return null;
    if (parsed.data === null || parsed.data === undefined) parsed.data = {};
    if (typeof parsed.data !== 'object' || Array.isArray(parsed.data)) {
      diags.error(file, 2, 1, RULE, "front matter must be a set of 'key: value' lines");
      return null;
    }
    yaml = parsed;
    bodyStart = end + 1;
  }
  const bodyLine = bodyStart + 1;
  let body = lines.slice(bodyStart).join('\n');
  const f = new FieldReader(yaml, file, RULE, diags, 'front matter');
  const before = diags.errors.length;
  const named = namedFile(file);

  // Title: front matter, else the title heading, else the name. A heading that repeats the front matter's title goes too.
  let title = f.has('title') ? f.string('title', { required: true }) : undefined;
  let titleFrom: SplitSource['titleFrom'] = 'front-matter';
  let titleLine = yaml.lineOf('title');
  if (title !== undefined) {
    const top = findTitleHeading(body.split('\n', 80).join('\n'));
    if (top?.first && squash(top.title) === squash(title)) {
      body = blankLines(body, top.start, top.end);
      diags.note(file, bodyLine + top.start, 1, RULE, "the first heading repeats the front matter's title: it is printed once, as the title");
    }
  } else if (!f.has('title')) {
    const heading = findTitleHeading(body);
    if (heading) {
      title = heading.title;
      titleFrom = 'heading';
      titleLine = bodyLine + heading.start;
      body = blankLines(body, heading.start, heading.end);
    } else {
      title = titleFromFileName(named);
      titleFrom = 'file';
      titleLine = 1;
    }
  }

  // Slug: the front matter's, made safe for file names when it is not; else from the file (or folder) name.
  let slug = articleSlug(named);
  let slugGiven = false;
  const given = f.string('slug');
  if (given !== undefined) {
    const safe = SLUG_PATTERN.test(given) ? given : slugify(given);
    if (safe) {
      slug = safe;
      slugGiven = true;
      if (safe !== given) diags.note(file, yaml.lineOf('slug'), 1, RULE, `front matter: slug '${given}' is used as '${safe}' (output file names take a-z, 0-9 and '-')`);
    } else diags.warn(file, yaml.lineOf('slug'), 1, RULE, `front matter: slug '${given}' has nothing usable in a file name; '${slug}' (from the file name) is used`);
  }

  let excerpt = false;
  const ex = (yaml.data as Record<string, unknown>).excerpt;
  const blogExcerpt = typeof ex === 'string' && !YES_NO.test(ex.trim());
  if (!blogExcerpt) excerpt = f.boolean('excerpt') ?? false;

  let date = f.date('date', { lenient: true });
  if (!f.has('date')) {
    const fromName = dateFromFileName(file);
    if (fromName) date = readDate(fromName) ?? undefined;
  }
  const shortTitle = f.string('short_title');
  const questions = f.questions('questions');
  const meta: ArticleMeta = {
    title: title ?? '',
    ...(shortTitle ? { shortTitle } : {}),
    slug,
    kind: f.oneOf('kind', KINDS) ?? 'article',
    speakers: f.names('speakers'),
    interviewer: f.names('interviewer'),
    author: [...f.names('author'), ...f.names('authors')],
    date,
    source: f.string('source'),
    excerpt,
    questions: questions?.texts ?? [],
    ...(questions?.lines ? { questionLines: questions.lines } : {}),
  };
  let order: number | undefined;
  let orderLine: number | undefined;
  for (const key of ORDER_KEYS) {
    if (order === undefined && f.has(key)) {
      order = f.number(key);
      orderLine = yaml.lineOf(key);
    }
  }
  const others = f.warnUnknown(STUDYPACK_KEYS, isOtherToolsKey, SUGGEST);
  if (blogExcerpt) others.push('excerpt');
  if (others.length > 0) {
    const first = Math.min(...others.map((k) => yaml.lineOf(k)));
    diags.note(file, first, 1, RULE, `front matter: keys of other tools, not used by studypack: ${others.join(', ')}`);
  }
  const data = yaml.data as Record<string, unknown>;
  if (data.draft === true || data.published === false) {
    const key = data.draft === true ? 'draft' : 'published';
    diags.note(file, yaml.lineOf(key), 1, RULE, `front matter: '${key}: ${String(data[key])}' does not leave the article out of the pack`);
  }
  if (diags.errors.length > before) return null;
  if (options.role !== 'part' && body.trim() === '') {
    diags.warn(file, hasFrontMatter ? bodyStart : 1, 1, 'load:empty', hasFrontMatter ? 'the article has front matter but no text' : 'the article has a title but no text');
  }
  return { meta, body, bodyLine, lineOf: yaml.lineOf, titleFrom, titleLine, slugGiven, order, orderLine, hasQuestions: f.has('questions'), hasFrontMatter };
}

/** Titles compared without spacing and case. */
function squash(s: string): string {
  return s.replace(/\s+/g, '').toLowerCase();
}
