// Which Markdown files of a corpus are articles, in what order, and in which part: from chapters:, SUMMARY.md, or the folders.
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { parseSummary } from './summary.js';
import { titleFromFileName } from './slug.js';

export const MARKDOWN = /\.(md|markdown)$/i;
/** A folder's own page, the opening page of its part. */
export const FOLDER_PAGE = /^(readme|index)\.(md|markdown)$/i;
const SUMMARY = /^summary\.(md|markdown)$/i;
/** Files a repository keeps beside its articles; never articles unless listed. */
const REPO_FILE = /^(license|licence|changelog|changes|history|contributing|code_of_conduct|security|authors|contributors|notice|todo)(\.[a-z-]+)?\.(md|markdown)$/i;

/** One part of the book: a SUMMARY.md or chapters: part title, or a top-level subfolder. */
export interface PartDef {
  /** 1-based, in book order. */
  number: number;
  title: string;
  /** The part's opening page: its folder's README.md / index.md, or the `page:` of a chapters: part. */
  page?: string;
  /** Where the part is declared (SUMMARY.md or book.yaml and line), for messages. */
  at?: { file: string; line: number };
}

export interface PlanEntry {
  file: string;
  part?: PartDef;
  /** Where the article is listed (SUMMARY.md or book.yaml / config and line), for messages. */
  at?: { file: string; line: number };
}

export interface Plan {
  how: 'chapters' | 'summary' | 'folders';
  entries: PlanEntry[];
  parts: PartDef[];
}

/** A chapters: list from book.yaml or the config: paths, or parts with their own list. */
export type ChapterEntry = string | { part: string; page?: string; chapters: string[] };

export interface ChapterList {
  entries: ChapterEntry[];
  file: string;
  /** Line of the node at a path under `chapters`, e.g. [2, 'chapters', 0]. */
  lineAt(at: readonly (string | number)[]): number;
}

// ---- natural order ----

const collator = new Intl.Collator('zh', { numeric: true });
const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 十二 → 12, 一百零五 → 105. */
function chineseNumber(s: string): number {
  let total = 0;
  let digit = 0;
  for (const c of s) {
    if (c in CN_DIGITS) digit = CN_DIGITS[c]!;
    else {
      total += (digit || 1) * CN_UNITS[c]!;
      digit = 0;
    }
  }
  return total + digit;
}

/** Chinese ordinals as digits, so 第二章 sorts before 第十章 and 二、 before 十一、. */
function sortKey(name: string): string {
  const n = '零〇一二两三四五六七八九十百千';
  return name
    .replace(new RegExp(`第([${n}]+)`, 'g'), (_m, d: string) => `第${chineseNumber(d)}`)
    .replace(new RegExp(`^([${n}]+)([、.．])`), (_m, d: string, sep: string) => `${chineseNumber(d)}${sep}`);
}

/** Natural order of names: `2-x.md` before `10-x.md`, 第二章 before 第十章; fixed, whatever the locale. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(sortKey(a), sortKey(b)) || (a < b ? -1 : a > b ? 1 : 0);
}

// ---- what is in the folder ----

function skippedDir(name: string): boolean {
  return name.startsWith('.') || name === 'node_modules' || (name.startsWith('_') && name !== '_posts');
}

function articleName(name: string): boolean {
  return MARKDOWN.test(name) && !name.startsWith('_') && !name.startsWith('.');
}

/** Every Markdown file under the root that could be an article (relative paths, natural order per folder). */
export function allMarkdown(root: string): string[] {
  const out: string[] = [];
  const visit = (dir: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => naturalCompare(a.name, b.name));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory() && !skippedDir(e.name)) visit(full);
      else if (e.isFile() && articleName(e.name) && !SUMMARY.test(e.name)) out.push(full);
    }
  };
  visit(root);
  return out;
}

/** The SUMMARY.md of a corpus: at its root, or in `src/` (mdBook) or `docs/`. */
export function findSummary(root: string): string | undefined {
  for (const dir of ['', 'src', 'docs']) {
    const d = path.join(root, dir);
    if (!fs.existsSync(d) || !fs.statSync(d).isDirectory()) continue;
    const f = fs.readdirSync(d).find((n) => SUMMARY.test(n));
    if (f && fs.statSync(path.join(d, f)).isFile()) return path.join(d, f);
  }
  return undefined;
}

/**
 * Articles from the folders: files and subfolders in natural order, an `order:`/`weight:` key first
 * (lower first). Each top-level subfolder is a part, titled by its README.md / index.md (its opening
 * page) or its name; deeper folders belong to their top-level folder's part. At the root, README.md,
 * index.md and repository files (LICENSE.md, CHANGELOG.md …) are not articles (a note says so).
 */
export function planFolders(root: string, orderOf: (file: string) => number | undefined, diags: Diagnostics): Plan {
  const parts: PartDef[] = [];
  const entries: PlanEntry[] = [];
  const sortItems = (names: { name: string; file: string; isDir: boolean }[]) => {
    const key = (it: { file: string; isDir: boolean }) => {
      if (!it.isDir) return orderOf(it.file);
      const page = folderPage(it.file);
      return page ? orderOf(page) : undefined;
    };
    // Read in name order (so messages come in that order), then sort by order key, then name.
    const sorted = names.sort((a, b) => naturalCompare(a.name, b.name));
    const keys = new Map(sorted.map((it) => [it.file, key(it)]));
    return sorted.sort((a, b) => {
      const ka = keys.get(a.file);
      const kb = keys.get(b.file);
      if (ka !== undefined && kb !== undefined && ka !== kb) return ka - kb;
      if (ka !== undefined && kb === undefined) return -1;
      if (ka === undefined && kb !== undefined) return 1;
      return naturalCompare(a.name, b.name);
    });
  };
  const walk = (dir: string, depth: number, part: PartDef | undefined): PlanEntry[] => {
    const out: PlanEntry[] = [];
    const items: { name: string; file: string; isDir: boolean }[] = [];
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => naturalCompare(a.name, b.name))) {
      const file = path.join(dir, e.name);
      if (e.isDirectory() && !skippedDir(e.name)) items.push({ name: e.name, file, isDir: true });
      else if (e.isFile() && articleName(e.name)) {
        if (SUMMARY.test(e.name)) continue;
        if (depth > 0 && FOLDER_PAGE.test(e.name)) continue; // the folder's page, placed by its parent
        if (depth === 0 && (FOLDER_PAGE.test(e.name) || REPO_FILE.test(e.name))) {
          diags.note(file, 0, 0, 'load:corpus', `not an article (${FOLDER_PAGE.test(e.name) ? "the folder's own page" : 'a repository file'}); list it in SUMMARY.md or 'chapters:' to include it`);
          continue;
        }
        items.push({ name: e.name, file, isDir: false });
      }
    }
    for (const it of sortItems(items)) {
      if (!it.isDir) {
        out.push({ file: it.file, part });
        continue;
      }
      const page = folderPage(it.file);
      if (depth === 0) {
        const inner = walk(it.file, 1, undefined);
        if (inner.length === 0) {
          if (page) out.push({ file: page });
          continue;
        }
        const def: PartDef = { number: 0, title: titleFromFileName(it.file), ...(page ? { page } : {}) };
        parts.push(def);
        out.push(...inner.map((e) => ({ ...e, part: def })));
      } else {
        if (page) out.push({ file: page, part });
        out.push(...walk(it.file, depth + 1, part));
      }
    }
    return out;
  };
  entries.push(...walk(root, 0, undefined));
  parts.forEach((p, i) => (p.number = i + 1));
  return { how: 'folders', entries, parts };
}

/** A folder's README.md or index.md (README first). */
export function folderPage(dir: string): string | undefined {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  const pick = names.filter((n) => FOLDER_PAGE.test(n)).sort((a, b) => (/^readme/i.test(a) === /^readme/i.test(b) ? naturalCompare(a, b) : /^readme/i.test(a) ? -1 : 1))[0];
  return pick && fs.statSync(path.join(dir, pick)).isFile() ? path.join(dir, pick) : undefined;
}

/** A listed path as a file inside the root, or why it is not one. */
function resolveListed(root: string, base: string, href: string): { file: string } | { problem: string } {
  if (/^[a-z][a-z0-9+.-]*:/i.test(href) || href.startsWith('//')) return { problem: 'is a web address, not a file of the corpus' };
  let target = href.replace(/[?#].*$/, '');
  try {
    target = decodeURI(target);
  } catch {
    /* as written */
  }
  if (target === '') return { problem: 'names no file' };
  // `/part1/a.md` is from the corpus folder, as a site's root.
  const file = target.startsWith('/') ? path.join(root, target) : path.resolve(base, target);
  const rel = path.relative(root, file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return { problem: 'is outside the corpus folder' };
  if (!MARKDOWN.test(file)) return { problem: 'is not a Markdown file (.md)' };
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) return { problem: `is not there (looked for ${path.relative(process.cwd(), file) || file})` };
  return { file };
}

/**
 * The order SUMMARY.md gives: each linked chapter, in the part of the heading or unlinked bullet above it.
 * A link to a missing file, a file outside the corpus or a second link to one file is a warning; so is
 * a chapter not written yet and a part with no chapter.
 */
export function planSummary(root: string, summaryFile: string, text: string, diags: Diagnostics): Plan {
  const rule = 'load:summary';
  const name = path.relative(root, summaryFile) || path.basename(summaryFile);
  const parts: PartDef[] = [];
  const entries: PlanEntry[] = [];
  const seen = new Map<string, number>();
  let part: PartDef | undefined;
  const used = new Set<PartDef>();
  for (const item of parseSummary(text)) {
    if (item.kind === 'part') {
      part = { number: 0, title: item.title, at: { file: summaryFile, line: item.line } };
      parts.push(part);
      continue;
    }
    if (item.kind === 'separator') {
      part = undefined;
      continue;
    }
    if (item.kind === 'draft') {
      diags.warn(summaryFile, item.line, 1, rule, `'${item.title}' links no file (a chapter not written yet): left out`);
      continue;
    }
    const r = resolveListed(root, path.dirname(summaryFile), item.href);
    if ('problem' in r) {
      diags.warn(summaryFile, item.line, 1, rule, `${name} links '${item.href}', which ${r.problem}: left out`);
      continue;
    }
    const before = seen.get(r.file);
    if (before !== undefined) {
      diags.warn(summaryFile, item.line, 1, rule, `${name} links '${item.href}' a second time (first on line ${before}): it is in the pack once`);
      continue;
    }
    seen.set(r.file, item.line);
    if (part) used.add(part);
    entries.push({ file: r.file, ...(part ? { part } : {}), at: { file: summaryFile, line: item.line } });
  }
  for (const p of parts.filter((x) => !used.has(x))) diags.warn(summaryFile, p.at!.line, 1, rule, `part '${p.title}' has no chapter that is in the pack`);
  const kept = parts.filter((x) => used.has(x));
  // A part whose chapters all sit in one subfolder opens with that folder's README.md / index.md, unless SUMMARY.md links it.
  const base = path.dirname(summaryFile);
  for (const p of kept) {
    const top = new Set(entries.filter((e) => e.part === p).map((e) => path.relative(base, e.file).split(path.sep)));
    const folders = new Set([...top].map((segs) => (segs.length > 1 ? segs[0]! : '')));
    const only = folders.size === 1 ? [...folders][0]! : '';
    const page = only ? folderPage(path.join(base, only)) : undefined;
    if (page && !seen.has(page)) p.page = page;
  }
  kept.forEach((p, i) => (p.number = i + 1));
  return { how: 'summary', entries, parts: kept };
}

/**
 * The order a chapters: list gives (book.yaml or the config's book: section): paths from the corpus
 * folder, or `{ part: 第一部分, page: part1/README.md, chapters: [...] }`. A path that is not a Markdown
 * file of the corpus is an error at its line.
 */
export function planChapters(root: string, list: ChapterList, diags: Diagnostics): Plan {
  const rule = 'load:chapters';
  const parts: PartDef[] = [];
  const entries: PlanEntry[] = [];
  const seen = new Set<string>();
  const add = (href: string, at: (string | number)[], part?: PartDef) => {
    const line = list.lineAt(['chapters', ...at]);
    const r = resolveListed(root, root, href);
    if ('problem' in r) {
      diags.error(list.file, line, 1, rule, `chapters: '${href}' ${r.problem}`);
      return;
    }
    if (seen.has(r.file)) {
      diags.error(list.file, line, 1, rule, `chapters: '${href}' is listed twice`);
      return;
    }
    seen.add(r.file);
    entries.push({ file: r.file, ...(part ? { part } : {}), at: { file: list.file, line } });
  };
  list.entries.forEach((e, i) => {
    if (typeof e === 'string') return add(e, [i]);
    const part: PartDef = { number: parts.length + 1, title: e.part, at: { file: list.file, line: list.lineAt(['chapters', i]) } };
    if (e.page) {
      const r = resolveListed(root, root, e.page);
      if ('problem' in r) diags.error(list.file, list.lineAt(['chapters', i, 'page']), 1, rule, `chapters: page '${e.page}' ${r.problem}`);
      else {
        part.page = r.file;
        seen.add(r.file);
      }
    }
    parts.push(part);
    e.chapters.forEach((c, j) => add(c, [i, 'chapters', j], part));
  });
  return { how: 'chapters', entries, parts };
}

/** Markdown files of the corpus that a SUMMARY.md or chapters: list leaves out (besides the root's README / index). */
export function unlisted(root: string, plan: Plan): string[] {
  const listed = new Set([...plan.entries.map((e) => e.file), ...plan.parts.flatMap((p) => (p.page ? [p.page] : []))]);
  return allMarkdown(root).filter((f) => !listed.has(f) && !(path.dirname(f) === root && (FOLDER_PAGE.test(path.basename(f)) || REPO_FILE.test(path.basename(f)))));
}
