/** Reads a corpus folder: its Markdown files, decoded and checked, with front matter, metadata and glossary. */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { BookMeta, GlossaryEntry } from '../model/types.js';
import { readBookMeta, type BookMetaOverride } from './book-meta.js';
import { decodeSource } from '../util/decode.js';
import { readFrontMatter, type SplitSource } from './front-matter.js';
import { readGlossary } from './glossary.js';
import { findSummary, planChapters, planFolders, planSummary, unlisted, type Plan } from './order.js';

export interface SourceFile extends SplitSource {
  file: string;
  /** The whole decoded text, for messages that quote a line. */
  text: string;
  /** The part the article is in (shared by the articles of one part), when the corpus has parts. */
  part?: PartSource;
}

/** A part as loaded: its title and, when it has one, its opening page (a folder's README.md / index.md). */
export interface PartSource {
  /** 1-based, in book order. */
  number: number;
  title: string;
  /** The opening page's file and its text after front matter (parsed into the part's blocks). */
  page?: SplitSource & { file: string };
}

export interface Corpus {
  root: string;
  meta: BookMeta;
  metaFile?: string;
  sources: SourceFile[];
  /** The parts, in book order (empty when the corpus has none). */
  parts: PartSource[];
  glossary: GlossaryEntry[];
  /** How the order was found: a chapters: list, SUMMARY.md, or the folders' names and order keys. */
  orderFrom: Plan['how'];
  /** The glossary's `exclude:` list. */
  exclude: string[];
}

/** Up to this many articles without questions get a warning each; more get one warning for the corpus. */
const QUESTIONS_ONE_BY_ONE = 3;

/** Reads a corpus folder. Errors are collected; the result is null when the corpus cannot be built. */
export function loadCorpus(rootDir: string, diags: Diagnostics, options: { book?: BookMetaOverride } = {}): Corpus | null {
  const root = path.resolve(rootDir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    diags.error(root, 0, 0, 'load:corpus', 'corpus folder not found');
    return null;
  }
  const book = readBookMeta(root, diags, options.book);

  // Each file is read once, whether for its order key, as a part's page or as an article.
  const read = new Map<string, { split: SplitSource; text: string } | null>();
  const readFile = (file: string, role: 'article' | 'part' = 'article') => {
    if (!read.has(file)) {
      const text = decodeSource(fs.readFileSync(file), file, diags);
      const split = text === null ? null : readFrontMatter(text, file, diags, { role });
      read.set(file, split && text !== null ? { split, text } : null);
    }
    return read.get(file)!;
  };

  const summary = book?.chapters ? undefined : findSummary(root);
  let plan: Plan;
  if (book?.chapters) plan = planChapters(root, book.chapters, diags);
  else if (summary) {
    const text = decodeSource(fs.readFileSync(summary), summary, diags);
    plan = planSummary(root, summary, text ?? '', diags);
  } else {
    plan = planFolders(root, (f) => readFile(f, /^(readme|index)\./i.test(path.basename(f)) ? 'part' : 'article')?.split.order, diags);
  }
  if (plan.how !== 'folders') {
    const left = unlisted(root, plan);
    if (left.length > 0) {
      const list = plan.how === 'summary' ? summary! : book!.chapters!.file;
      const names = left.map((f) => path.relative(root, f));
      const shown = names.length > 8 ? `${names.slice(0, 8).join(', ')} and ${names.length - 8} more` : names.join(', ');
      diags.warn(list, plan.how === 'summary' ? 1 : book!.chapters!.lineAt(['chapters']), 1, 'load:corpus', `${left.length} Markdown file${left.length === 1 ? ' is' : 's are'} not in ${path.basename(list)} ${plan.how === 'chapters' ? "'chapters:' " : ''}and left out of the pack: ${shown}`);
    }
  }
  if (plan.entries.length === 0 && !diags.hasErrors) diags.error(root, 0, 0, 'load:corpus', 'no Markdown articles (*.md) in the corpus folder');

  // Parts: SUMMARY.md's and chapters: titles stand; a folder's part takes its opening page's title when the page has one.
  const parts = new Map<object, PartSource>();
  for (const def of plan.parts) {
    const page = def.page ? readFile(def.page, 'part') : null;
    const own = plan.how === 'folders' && page && page.split.titleFrom !== 'file' ? page.split.meta.title : undefined;
    parts.set(def, { number: def.number, title: own ?? def.title, ...(page ? { page: { ...page.split, file: def.page! } } : {}) });
  }

  const sources: SourceFile[] = [];
  const slugs = new Map<string, { file: string; given: boolean }>();
  const titles = new Map<string, { file: string; given: boolean }>();
  const rel = (f: string) => path.relative(root, f) || path.basename(f);
  for (const entry of plan.entries) {
    const got = readFile(entry.file);
    if (!got) continue;
    const { split, text } = got;
    const file = entry.file;
    const meta = { ...split.meta };
    const same = slugs.get(meta.slug);
    if (same && (same.given || split.slugGiven)) {
      diags.error(file, split.lineOf('slug'), 1, 'load:duplicate', `slug '${meta.slug}' is already used by ${rel(same.file)}`);
    } else if (same) {
      let n = 2;
      while (slugs.has(`${meta.slug}-${n}`)) n++;
      diags.note(file, 1, 1, 'load:duplicate', `slug '${meta.slug}' (from the file name) is already used by ${rel(same.file)}; this article's is '${meta.slug}-${n}'`);
      meta.slug = `${meta.slug}-${n}`;
    }
    slugs.set(meta.slug, { file, given: split.slugGiven });
    const given = split.titleFrom === 'front-matter';
    const sameTitle = titles.get(meta.title);
    if (sameTitle) {
      const message = `title '${meta.title}' is already used by ${rel(sameTitle.file)}`;
      if (sameTitle.given && given) diags.error(file, split.titleLine, 1, 'load:duplicate', message);
      else diags.warn(file, split.titleLine, 1, 'load:duplicate', `${message}; readers will see two articles of that name`);
    } else titles.set(meta.title, { file, given });
    if (plan.how !== 'folders' && split.order !== undefined) {
      diags.note(file, split.orderLine ?? 1, 1, 'load:front-matter', `the order key is not used: ${plan.how === 'summary' ? 'SUMMARY.md' : "'chapters:'"} sets the order`);
    }
    const part = entry.part ? parts.get(entry.part) : undefined;
    sources.push({ ...split, meta, file, text, ...(part ? { part } : {}) });
  }

  // Discussion questions: a warning per article without them, or one for the corpus when more than a few lack them.
  const without = sources.filter((s) => !s.hasQuestions);
  if (without.length > QUESTIONS_ONE_BY_ONE) {
    const names = without.map((s) => rel(s.file));
    const shown = names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
    const which = without.length === sources.length ? `none of the ${sources.length} articles has` : `${without.length} of the ${sources.length} articles have no`;
    diags.warn(without[0]!.file, 1, 1, 'load:questions', `${which} discussion questions (${shown}); add 'questions:' with 4 to 6 '- …' lines to an article's front matter for its discussion sheet`);
  } else {
    for (const s of without) diags.warn(s.file, 1, 1, 'load:questions', "the article has no discussion questions; add 'questions:' with 4 to 6 '- …' lines to its front matter");
  }

  const exclude: string[] = [];
  const glossary = readGlossary(root, diags, exclude);
  if (!book || diags.hasErrors) return null;
  const usedParts = [...new Set(sources.flatMap((s) => (s.part ? [s.part] : [])))];
  return { root, meta: book.meta, metaFile: book.file, sources, parts: usedParts, glossary, exclude, orderFrom: plan.how };
}
