import { createRequire } from 'node:module';

/** epub-gen-memory's EPub class (a CommonJS module; the import shape differs between Node and vitest). */
const require = createRequire(import.meta.url);
const mod = require('epub-gen-memory') as { EPub: new (options: object, content: object[]) => EPubLike };

interface ZipLike {
  file(name: string, data: string | Buffer, options?: object): ZipLike;
  files: Record<string, { date: Date }>;
  generateAsync(options: object): Promise<Buffer>;
}

interface EPubLike {
  content: { content: string }[];
  zip: ZipLike;
  render(): Promise<unknown>;
}

export interface PackedDocument {
  filename: string;
  title: string;
  xhtml: string;
}

export interface PackInput {
  title: string;
  lang: string;
  /** Every content document in spine order (the nav excluded). */
  documents: PackedDocument[];
  opf: string;
  nav: string;
  ncx: string;
  css: string;
  /** Fonts and images: path inside OEBPS → bytes. */
  resources: { href: string; data: Buffer }[];
  /** Zip entry time: fixed so the same input gives the same bytes. */
  modified: Date;
}

/** ejs would read `<%` in our already-rendered text as a tag: escape it as `<%%`. */
function ejsLiteral(s: string): string {
  return s.replace(/<%/g, '<%%');
}

/**
 * Packs the rendered documents with epub-gen-memory: its zip layout (mimetype first and stored,
 * META-INF/container.xml, OEBPS/), with our own package, nav and NCX passed as its custom templates.
 */
export async function packEpub(input: PackInput): Promise<Buffer> {
  const epub = new mod.EPub(
    {
      title: input.title,
      lang: input.lang,
      description: '-',
      css: input.css,
      contentOPF: ejsLiteral(input.opf),
      tocXHTML: ejsLiteral(input.nav),
      tocNCX: ejsLiteral(input.ncx),
      chapterXHTML: '<%- content %>',
      prependChapterTitles: false,
      verbose: false,
    },
    input.documents.map((d) => ({ title: d.title, filename: d.filename, content: '' })),
  );
  // The chapter template inserts `content` as it is: set our finished XHTML after the library's HTML clean-up.
  input.documents.forEach((d, i) => {
    epub.content[i]!.content = d.xhtml;
  });
  await epub.render();
  for (const r of input.resources) epub.zip.file(`OEBPS/${r.href}`, r.data);
  for (const entry of Object.values(epub.zip.files)) entry.date = input.modified;
  return epub.zip.generateAsync({
    type: 'nodebuffer',
    mimeType: 'application/epub+zip',
    compression: 'DEFLATE',
    compressionOptions: { level: 9 },
    platform: 'UNIX',
  });
}
