/** The EPUB's zip: our finished documents, package and resources in epub-gen-memory's layout, written reproducibly. */
import yazl from 'yazl';
import { renderEpubZip, type ZipLike } from '../../seams/epub-gen-memory.js';

export interface PackedDocument {
  filename: string;
  title: string;
  xhtml: string;
  /** Manifest properties of the document (`mathml`). */
  properties?: string;
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
  /** Reading systems' own files in META-INF (Apple Books' display options). */
  metaInf?: { name: string; data: string }[];
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
  const zip = await renderEpubZip(
    {
      title: input.title,
      lang: input.lang,
      description: '-',
      css: input.css,
      contentOPF: ejsLiteral(input.opf),
      tocXHTML: ejsLiteral(input.nav),
      tocNCX: ejsLiteral(input.ncx),
      // The chapter template inserts our finished XHTML as it is.
      chapterXHTML: '<%- content %>',
      prependChapterTitles: false,
      verbose: false,
    },
    input.documents,
  );
  for (const r of input.resources) zip.file(`OEBPS/${r.href}`, r.data);
  for (const f of input.metaInf ?? []) zip.file(`META-INF/${f.name}`, f.data);
  return zipEntries(zip, input.modified);
}

/**
 * Writes the zip epub-gen-memory assembled, in its order (mimetype first), with Node's native zlib through
 * yazl: JSZip's own deflate is JavaScript and took a third of the EPUB's time. Folder entries are left out
 * (readers and epubcheck need none); every entry carries the one fixed time, so the bytes are reproducible.
 */
async function zipEntries(zip: ZipLike, modified: Date): Promise<Buffer> {
  const out = new yazl.ZipFile();
  // DOS times are read in local time: shift so that any time zone writes the same fields (the UTC time).
  const dosTime = new Date(modified.getTime() + modified.getTimezoneOffset() * 60_000);
  for (const [name, entry] of Object.entries(zip.files)) {
    if (entry.dir) continue;
    const data = await entry.async('nodebuffer');
    const stored = name === 'mimetype';
    out.addBuffer(data, name, { mtime: dosTime, mode: 0o100644, compressionLevel: stored ? 0 : 9, forceDosTimestamp: true });
  }
  out.end();
  const chunks: Buffer[] = [];
  for await (const c of out.outputStream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
