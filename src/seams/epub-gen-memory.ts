// epub-gen-memory private API, all in one place: its zip layout filled with our own finished documents. Touches the protected EPub#content (each chapter's `content`, set after the library's HTML clean-up, which would rewrite our XHTML) and EPub#zip (the JSZip it assembled, to add resources and read its entries in order); its public API ends in genEpub()/generateAsync(): a finished zip, deflated by JSZip in JavaScript, stamped with the current time.
import { createRequire } from 'node:module';

/** The JSZip the library assembles (JSZip's own public API). */
export interface ZipLike {
  file(name: string, data: string | Buffer, options?: object): ZipLike;
  files: Record<string, { dir: boolean; async(type: 'nodebuffer'): Promise<Buffer> }>;
}

/** The members of EPub the seam uses: render() is public, content and zip are protected. */
export interface EPubInternals {
  content: { content: string }[];
  zip: ZipLike;
  render(): Promise<unknown>;
}

/** A CommonJS module; the import shape differs between Node and vitest, so it is required. */
const require = createRequire(import.meta.url);
const mod = require('epub-gen-memory') as { EPub: new (options: object, content: object[]) => EPubInternals };

export interface FinishedChapter {
  title: string;
  filename: string;
  /** The whole XHTML document, inserted as it is (the options' chapter template must be `<%- content %>`). */
  xhtml: string;
}

/** Creates epub-gen-memory's EPub for `chapters` (their content empty until render): the protected members exposed. */
export function createEPub(options: object, chapters: readonly { title: string; filename: string }[]): EPubInternals {
  return new mod.EPub(
    options,
    chapters.map((c) => ({ title: c.title, filename: c.filename, content: '' })),
  );
}

/**
 * Renders the library's zip (mimetype first and stored, META-INF/container.xml, OEBPS/ with the options'
 * templates) with each chapter's finished XHTML in place of what the library would make of it.
 */
export async function renderEpubZip(options: object, chapters: readonly FinishedChapter[]): Promise<ZipLike> {
  const epub = createEPub(options, chapters);
  if (!Array.isArray(epub.content) || epub.content.length !== chapters.length) throw new Error('epub-gen-memory: EPub#content is not the chapter list; see src/seams/epub-gen-memory.ts');
  chapters.forEach((c, i) => {
    epub.content[i]!.content = c.xhtml;
  });
  await epub.render();
  if (!epub.zip || typeof epub.zip.file !== 'function') throw new Error('epub-gen-memory: EPub#zip is not a JSZip; see src/seams/epub-gen-memory.ts');
  return epub.zip;
}
