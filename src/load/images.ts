import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import { imageSize } from './image-size.js';
import type { Book, Inline } from '../model/types.js';
import { ownInlines, walkBlocks } from '../model/walk.js';

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
    else if (n.type === 'strong' || n.type === 'emphasis' || n.type === 'link') yield* images(n.children);
  }
}

/**
 * Checks every image once, for every output: a local file inside the corpus folder (no `..`, no absolute
 * path, no symlink out), of a known type, present and readable. A good one gets its `file`; a remote one
 * is a warning (never fetched, its alt text stands in); everything else is an error at its line.
 */
export function resolveImages(book: Book, diags: Diagnostics): void {
  const root = fs.realpathSync(book.root);
  for (const a of book.articles) {
    for (const b of walkBlocks(a.blocks)) {
      for (const run of ownInlines(b)) {
        for (const img of images(run)) {
          const at = (sev: 'error' | 'warn', msg: string) => diags[sev](a.file, img.line, 1, RULE, msg);
          if (!img.alt.trim()) {
            diags.warn(a.file, img.line, 1, 'load:image-alt', `image '${img.src.slice(0, 60)}' has no alt text; write ![what it shows](${img.src.slice(0, 40)})`);
          }
          if (/^[a-z][a-z0-9+.-]*:/i.test(img.src) || img.src.startsWith('//')) {
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
            at('error', `image '${img.src}' is an absolute path; give a path inside the corpus folder`);
            continue;
          }
          const file = path.resolve(path.dirname(a.file), decoded);
          const rel = path.relative(book.root, file);
          if (rel.startsWith('..') || path.isAbsolute(rel)) {
            at('error', `image '${img.src}' is outside the corpus folder`);
            continue;
          }
          const mediaType = IMAGE_TYPES[path.extname(file).toLowerCase()];
          if (!mediaType) {
            at('error', `image '${img.src}' is not PNG, JPEG, GIF, SVG or WebP`);
            continue;
          }
          if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
            at('error', `image '${img.src}' not found (looked for ${path.relative(process.cwd(), file)})`);
            continue;
          }
          const real = path.relative(root, fs.realpathSync(file));
          if (real.startsWith('..') || path.isAbsolute(real)) {
            at('error', `image '${img.src}' is a link to a file outside the corpus folder`);
            continue;
          }
          const size = imageSize(file, mediaType);
          if ((mediaType === 'image/png' || mediaType === 'image/jpeg') && !size) {
            at('error', `image '${img.src}' is damaged or not really a ${mediaType === 'image/png' ? 'PNG' : 'JPEG'} file`);
            continue;
          }
          img.file = file;
          img.mediaType = mediaType;
          if (size) img.size = { width: size.width, height: size.height };
        }
      }
    }
  }
}
