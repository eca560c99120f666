/** `--fetch-images`: remote images downloaded once into a cache folder, with a timeout, a size cap and a content-type check. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Diagnostics } from '../diagnostics.js';
import type { Book, ImageInline, Inline } from '../model/types.js';
import { allBlocks, ownInlines, walkBlocks } from '../model/walk.js';
import { imageSize } from './image-size.js';

const RULE = 'load:fetch-image';
/** What a downloaded image may be, by its Content-Type. */
const TYPES: Record<string, string> = { 'image/png': '.png', 'image/jpeg': '.jpg', 'image/gif': '.gif', 'image/webp': '.webp', 'image/svg+xml': '.svg' };

export interface FetchOptions {
  /** Where downloads are kept between builds (default: $XDG_CACHE_HOME/studypack/images, else ~/.cache/…). */
  cacheDir?: string;
  /** Per image (default 10 s). */
  timeoutMs?: number;
  /** Largest image accepted (default 10 MB). */
  maxBytes?: number;
}

export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'studypack', 'images');
}

function* images(nodes: readonly Inline[]): Generator<ImageInline> {
  for (const n of nodes) {
    if (n.type === 'image') yield n;
    else if ('children' in n) yield* images(n.children);
  }
}

/** Downloads one image into the cache; the cached file, or a reason it cannot be used. */
async function download(url: string, dir: string, options: Required<Omit<FetchOptions, 'cacheDir'>>): Promise<{ file: string; mediaType: string } | string> {
  const key = createHash('sha256').update(url).digest('hex').slice(0, 32);
  for (const [type, ext] of Object.entries(TYPES)) {
    const cached = path.join(dir, key + ext);
    if (fs.existsSync(cached)) return { file: cached, mediaType: type };
  }
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'follow' });
  } catch (e) {
    const err = e as Error;
    return err.name === 'TimeoutError' ? `no answer within ${options.timeoutMs / 1000} s` : `cannot be fetched (${(err.cause as Error | undefined)?.message ?? err.message})`;
  }
  if (!res.ok) return `the server answered ${res.status}`;
  const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  const ext = TYPES[type];
  if (!ext) {
    await res.body?.cancel();
    return `is '${type || 'of no type'}', not an image studypack can use`;
  }
  const declared = Number(res.headers.get('content-length') ?? 0);
  if (declared > options.maxBytes) {
    await res.body?.cancel();
    return `is ${declared} bytes, over the ${options.maxBytes}-byte limit`;
  }
  // Read with the cap enforced as it streams: a server that lies about the length is cut off too.
  const chunks: Buffer[] = [];
  let size = 0;
  const reader = res.body!.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > options.maxBytes) {
      await reader.cancel();
      return `is over the ${options.maxBytes}-byte limit`;
    }
    chunks.push(Buffer.from(value));
  }
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, key + ext);
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, Buffer.concat(chunks));
  fs.renameSync(tmp, file);
  return { file, mediaType: type };
}

/**
 * Fetches every remote image of the book (http and https only) into the cache and points the image at its
 * local copy, checked like a local image. A failure is a warning at the image's line; its alt text stands in.
 */
export async function fetchImages(book: Book, diags: Diagnostics, options: FetchOptions = {}): Promise<void> {
  const dir = options.cacheDir ?? defaultCacheDir();
  const opts = { timeoutMs: options.timeoutMs ?? 10_000, maxBytes: options.maxBytes ?? 10 * 1024 * 1024 };
  // Every address fetched once, all at the same time; results applied in reading order (warnings too).
  const found: { file: string; img: ImageInline }[] = [];
  const byUrl = new Map<string, ReturnType<typeof download>>();
  for (const a of book.articles)
    for (const b of walkBlocks(allBlocks(a)))
      for (const run of ownInlines(b))
        for (const img of images(run)) {
          if (!/^https?:\/\//i.test(img.src)) continue;
          found.push({ file: a.file, img });
          if (!byUrl.has(img.src)) byUrl.set(img.src, download(img.src, dir, opts));
        }
  for (const { file, img } of found) {
    const r = await byUrl.get(img.src)!;
    if (typeof r === 'string') {
      diags.warn(file, img.line, 1, RULE, `remote image '${img.src.slice(0, 60)}' ${r}; its alt text is shown instead`);
      continue;
    }
    const size = imageSize(r.file, r.mediaType);
    if (!size) {
      diags.warn(file, img.line, 1, RULE, `remote image '${img.src.slice(0, 60)}' is damaged or not really ${r.mediaType}; its alt text is shown instead`);
      continue;
    }
    img.file = r.file;
    img.mediaType = r.mediaType;
    img.size = { width: size.width, height: size.height };
  }
}
