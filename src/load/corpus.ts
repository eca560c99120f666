/** Reads a corpus folder: its Markdown files, decoded and checked, with front matter, metadata and glossary. */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { BookMeta, GlossaryEntry } from '../model/types.js';
import { readBookMeta, type BookMetaOverride } from './book-meta.js';
import { decodeSource } from '../util/decode.js';
import { readFrontMatter, type SplitSource } from './front-matter.js';
import { readGlossary } from './glossary.js';

export interface SourceFile extends SplitSource {
  file: string;
  /** The whole decoded text, for messages that quote a line. */
  text: string;
}

export interface Corpus {
  root: string;
  meta: BookMeta;
  metaFile?: string;
  sources: SourceFile[];
  glossary: GlossaryEntry[];
  /** The glossary's `exclude:` list. */
  exclude: string[];
}

/** The Markdown files of a corpus folder: `*.md`, in name order; README.md and `_*.md` are not articles. */
export function listArticleFiles(root: string): string[] {
  return fs
    .readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isFile() && /\.(md|markdown)$/i.test(e.name) && !/^readme\./i.test(e.name) && !e.name.startsWith('_'))
    .map((e) => e.name)
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((n) => path.join(root, n));
}

/** Reads a corpus folder. Errors are collected; the result is null when the corpus cannot be built. */
export function loadCorpus(rootDir: string, diags: Diagnostics, options: { book?: BookMetaOverride } = {}): Corpus | null {
  const root = path.resolve(rootDir);
  if (!fs.existsSync(root) || !fs.statSync(root).isDirectory()) {
    diags.error(root, 0, 0, 'load:corpus', 'corpus folder not found');
    return null;
  }
  const book = readBookMeta(root, diags, options.book);
  const files = listArticleFiles(root);
  if (files.length === 0) diags.error(root, 0, 0, 'load:corpus', 'no Markdown articles (*.md) in the corpus folder');
  const sources: SourceFile[] = [];
  const slugs = new Map<string, string>();
  const titles = new Map<string, string>();
  for (const file of files) {
    const text = decodeSource(fs.readFileSync(file), file, diags);
    if (text === null) continue;
    const split = readFrontMatter(text, file, diags);
    if (!split) continue;
    const { slug, title } = split.meta;
    const sameSlug = slugs.get(slug);
    if (sameSlug) diags.error(file, split.lineOf('slug'), 1, 'load:duplicate', `slug '${slug}' is already used by ${path.basename(sameSlug)}`);
    const sameTitle = titles.get(title);
    if (sameTitle) diags.error(file, split.lineOf('title'), 1, 'load:duplicate', `title '${title}' is already used by ${path.basename(sameTitle)}`);
    slugs.set(slug, file);
    titles.set(title, file);
    sources.push({ ...split, file, text });
  }
  const exclude: string[] = [];
  const glossary = readGlossary(root, diags, exclude);
  if (!book || diags.hasErrors) return null;
  return { root, meta: book.meta, metaFile: book.file, sources, glossary, exclude };
}
