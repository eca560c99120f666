/** Resolves every image once for all outputs: local, inside the pack, of a known type, present and readable. */
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { imageSize } from './image-size.js';
import type { Block, Book, Inline, Part } from '../model/types.js';
import { allBlocks, ownInlines, walkBlocks } from '../model/walk.js';

const RULE = 'load:image';
export const IMAGE_TYPES: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.webp': 'image/webp',
};

function* images(nodes: readonly Inline[]): Generator<Extract<Inline, { type: 'image' }>> {
  for (const n of nodes) {
    if (n.type === 'image') yield n;
    else if ('children' in n) yield* images(n.children);
  }
}

export interface ImageOptions {
  /**
   * Folders images may also come from (pandoc's `--resource-path`): an image not found beside its article is
   * looked for in each, in order, and a path that leaves the corpus folder may land in one of them.
   */
  resourcePath?: string[];
  /** Remote images are fetched (load/fetch-images.ts): no warning here that they are not. */
  fetching?: boolean;
}

/**
 * Checks every image once, for every output: a local file inside the corpus folder or a resource folder (no
 * absolute path, no symlink out of them), of a known type, present and readable. A good one gets its `file`; a remote one
 * is a warning (never fetched, its alt text stands in); so is every other problem (missing, unsupported,
 * damaged, outside the pack): a warning at its line, the alt text shown, never an error that stops the pack.
 */
export function resolveImages(book: Book, diags: Diagnostics, options: ImageOptions = {}): void {
  const root = fs.realpathSync(book.root);
  const extra = (options.resourcePath ?? []).filter((d) => fs.existsSync(d)).map((d) => fs.realpathSync(d));
  const roots = [root, ...extra];
  const inside = (file: string, within: string[]) =>
    within.some((r) => {
      const rel = path.relative(r, file);
      return !rel.startsWith('..') && !path.isAbsolute(rel);
    });
  // The articles in book order, each part's opening page just before the part's first article.
  const docs: { file: string; blocks: Block[] }[] = [];
  const seen = new Set<Part>();
  for (const a of book.articles) {
    if (a.part && !seen.has(a.part)) {
      seen.add(a.part);
      if (a.part.file) docs.push({ file: a.part.file, blocks: a.part.blocks });
    }
    docs.push({ file: a.file, blocks: allBlocks(a) });
  }
  for (const a of docs) {
    // Images without alt text: one warning per file, at the first, with the count and lines.
    const noAlt: Extract<Inline, { type: 'image' }>[] = [];
    for (const b of walkBlocks(a.blocks)) {
      for (const run of ownInlines(b)) {
        for (const img of images(run)) {
          const at = (sev: 'error' | 'warn', msg: string) => diags[sev](a.file, img.line, 1, RULE, msg);
          if (!img.alt.trim()) noAlt.push(img);
          if (/^[a-z][a-z0-9+.-]*:/i.test(img.src) || img.src.startsWith('//')) {
            if (options.fetching && /^https?:\/\//i.test(img.src)) continue;
            at('warn', `remote image '${img.src.slice(0, 60)}' is not fetched or embedded; its alt text is shown instead`);
            continue;
          }
          let decoded: string;
          try {
            decoded = decodeURI(img.src);
          } catch {
            decoded = img.src;
          }
          if (path.isAbsolute(decoded)) {
            at('warn', `image '${img.src}' is an absolute path; give a path inside the corpus folder`);
            continue;
          }
          // Beside the article first; then in each resource folder, as written and without its leading `../`.
          const beside = path.resolve(path.dirname(a.file), decoded);
          const bare = decoded.replace(/^(?:\.\.?[\\/])+/, '');
          const candidates = [beside, ...extra.flatMap((d) => [path.resolve(d, decoded), path.resolve(d, bare)])];
          const file = candidates.find((f) => inside(path.resolve(f), roots) && fs.existsSync(f)) ?? beside;
          if (!inside(file, roots)) {
            at('warn', extra.length ? `image '${img.src}' is outside the corpus folder and the resource folders` : `image '${img.src}' is outside the corpus folder; name its folder with --resource-path to use it`);
            continue;
          }
          const mediaType = IMAGE_TYPES[path.extname(file).toLowerCase()];
          if (!mediaType) {
            at('warn', `image '${img.src}' is not PNG, JPEG, GIF, SVG or WebP`);
            continue;
          }
          if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
            at('warn', `image '${img.src}' not found (looked for ${path.relative(process.cwd(), file)})`);
            continue;
          }
          if (!inside(fs.realpathSync(file), roots)) {
            at('warn', `image '${img.src}' is a link to a file outside the corpus folder${extra.length ? ' and the resource folders' : ''}`);
            continue;
          }
          const size = imageSize(file, mediaType);
          if ((mediaType === 'image/png' || mediaType === 'image/jpeg') && !size) {
            at('warn', `image '${img.src}' is damaged or not really a ${mediaType === 'image/png' ? 'PNG' : 'JPEG'} file`);
            continue;
          }
          img.file = file;
          img.mediaType = mediaType;
          if (size) img.size = { width: size.width, height: size.height };
        }
      }
    }
    const first = noAlt[0];
    if (first) {
      const src = first.src.slice(0, 60);
      const message =
        noAlt.length === 1
          ? `image '${src}' has no alt text; write ![what it shows](${first.src.slice(0, 40)})`
          : `${noAlt.length} images have no alt text (lines ${noAlt.map((i) => i.line).join(', ')}); write ![what it shows](${first.src.slice(0, 40)}) for each`;
      diags.warn(a.file, first.line, 1, 'load:image-alt', message);
    }
  }
}
