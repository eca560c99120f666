import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../../diagnostics.js';
import { face, type FaceName } from '../../fonts/catalog.js';
import { subsetTtf } from '../../fonts/subset.js';
import { analyse } from '../../analyse/analysis.js';
import { EntityMatcher } from '../../analyse/entities.js';
import { compareNames, letterOf } from '../../analyse/sort.js';
import type { Book } from '../../model/types.js';
import { pageRanges } from '../../analyse/analysis.js';
import type { PrintedPages } from './printed.js';

export { printedPages, type PrintedPages } from './printed.js';
import { insertAnchors } from './anchors.js';
import { renderCover } from './cover.js';
import { insertPageBreaks } from './pagebreaks.js';
import { inlineText, walkBlocks, walkText, ownInlines } from '../../model/walk.js';
import { buildDate } from '../../util/build-date.js';
import { loadLabels, longDate, TEMPLATES_DIR, TemplateSet, type Labels } from '../../templates.js';
import { packEpub, type PackedDocument } from './package.js';
import { articleFilename, derivedIdentifier, EpubViewBuilder, labelsText, navEntries, type ImageAsset, type NavEntry } from './view.js';

export interface EpubResult {
  bytes: Buffer;
  /** Subset font sizes by face, for reports. */
  fonts: { face: FaceName; href: string; bytes: number; chars: number }[];
  documents: string[];
}

const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('');

let templates: TemplateSet | undefined;
function epubTemplates(): TemplateSet {
  templates ??= new TemplateSet(path.join(TEMPLATES_DIR, 'epub'));
  return templates;
}

/** Text of rendered XHTML: tags dropped, entities decoded. */
function xhtmlText(xhtml: string): string {
  return xhtml
    .replace(/<[^>]*>/g, '')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** Characters each face must hold, from what the templates set in it (see style.css.hbs). */
function faceTexts(book: Book, labels: Labels, documents: string): Record<FaceName, string> {
  const label = labelsText(labels);
  let headings = `${book.meta.title}${book.meta.subtitle ?? ''}`;
  let meta = `${book.meta.editor ?? ''}${book.meta.date ?? ''}0123456789`;
  let bold = '';
  for (const a of book.articles) {
    const m = a.meta;
    headings += m.title;
    meta += [...m.speakers, ...m.interviewer, ...m.author, m.source ?? '', m.date ?? ''].join('');
    for (const b of walkBlocks(a.blocks)) {
      if (b.type === 'heading') headings += inlineText(b.children);
      if (b.type === 'table') bold += b.head.map(inlineText).join('');
      for (const run of ownInlines(b)) for (const t of walkText(run)) if (t.strong) bold += t.value;
    }
  }
  return {
    serif: xhtmlText(documents) + label,
    serifBold: bold,
    sans: meta + label,
    sansBold: headings + label,
  };
}

function uniqueChars(s: string): string {
  return [...new Set([...s, ...ASCII])].sort().join('');
}

/** The EPUB's XHTML documents and nav, before fonts and packing (the preview server serves these too). */
export interface EpubDocuments {
  /** Title page, one document per article, index, colophon (the cover comes with packing). */
  documents: PackedDocument[];
  /** The nav document (table of contents). */
  nav: string;
  entries: NavEntry[];
  pageList: { page: number; href: string }[];
  hasIndex: boolean;
  images: ImageAsset[];
  imagesWithoutAlt: number;
}

/** The stylesheet, with @font-face rules for the given font files. */
export function renderEpubCss(fonts: { family: string; weight: number; href: string }[]): string {
  return epubTemplates().render('style.css.hbs', { fonts });
}

/** Renders the book's XHTML documents and nav from the templates; null when that found errors. */
export function renderEpubDocuments(book: Book, diags: Diagnostics, handout?: PrintedPages): EpubDocuments | null {
  const t = epubTemplates();
  const lang = book.meta.language;
  const labels = loadLabels(book.meta.labels ?? lang);
  const views = new EpubViewBuilder(book, diags);
  const base = { lang, labels, book: book.meta };

  const documents: PackedDocument[] = [];
  const analysis = analyse(book);
  const matcher = new EntityMatcher(book.glossary);
  const refs = new Map<number, { article: number; href: string }[]>();
  const numberHrefs: (string | null)[][] = [];
  // Page-break markers matching the PDF handout's pages (when its layout is given): “page 12” is one passage.
  const pageList: { page: number; href: string }[] = [];
  const mark = (filename: string, xhtml: string, pages: PrintedPages['pages']) => {
    if (!handout || pages.length === 0) return xhtml;
    const r = insertPageBreaks(xhtml, pages);
    for (const b of r.breaks) pageList.push({ page: b.page, href: `${filename}#${b.id}` });
    return r.xhtml;
  };
  const titlePages = handout ? handout.pages.filter((p) => p.kind === 'title') : [];
  documents.push({ filename: 'title.xhtml', title: book.meta.title, xhtml: mark('title.xhtml', t.render('title.xhtml.hbs', base), titlePages) });
  for (const a of book.articles) {
    const article = views.article(a);
    const rendered = t.render('article.xhtml.hbs', { ...base, article });
    const figures = (analysis.numbers[a.number - 1] ?? []).map((n) => n.text.split('、')[0]!);
    const anchored = insertAnchors(rendered, `ix${a.number}-`, matcher, figures);
    for (const n of anchored.names) {
      const list = refs.get(n.entry) ?? [];
      list.push({ article: a.number, href: `${article.filename}#${n.id}` });
      refs.set(n.entry, list);
    }
    numberHrefs.push(anchored.numbers.map((id) => (id ? `${article.filename}#${id}` : article.filename)));
    const articlePages = handout ? handout.pages.filter((p) => p.kind === 'article' && p.article === a.number) : [];
    documents.push({ filename: article.filename, title: a.meta.title, xhtml: mark(article.filename, anchored.xhtml, articlePages) });
  }
  const hasIndex = analysis.hasPeople || analysis.hasNumbers;
  if (hasIndex) {
    const people = book.glossary
      .map((e, i) => ({ e, refs: refs.get(i) ?? [] }))
      .filter((x) => x.refs.length > 0)
      .sort((x, y) => compareNames(x.e.name, y.e.name));
    const groups: { letter: string; entries: object[] }[] = [];
    for (const { e, refs: rs } of people) {
      const letter = letterOf(e.name);
      if (groups[groups.length - 1]?.letter !== letter) groups.push({ letter, entries: [] });
      const han = (x: string) => /\p{Script=Han}/u.test(x);
      const other = e.aliases.find((x) => han(x) !== han(e.name) && x.includes(' ')) ?? e.aliases.find((x) => han(x) !== han(e.name));
      const byArticle = [...new Set(rs.map((r) => r.article))].map((n) => ({
        label: (labels.articleRef as string).replace('{n}', String(n)),
        refs: rs.filter((r) => r.article === n).map((r, k) => ({ href: r.href, n: k + 1 })),
      }));
      const printed = handout?.index.people.find((p) => p.name === e.name);
      groups[groups.length - 1]!.entries.push({ name: e.name, other, description: e.description, articles: byArticle, pages: printed ? pageRanges(printed.pages) : '' });
    }
    const numberGroups = book.articles
      .map((a) => ({
        title: a.meta.title,
        numbers: (analysis.numbers[a.number - 1] ?? []).map((n, k) => ({
          text: n.text,
          context: n.context,
          href: numberHrefs[a.number - 1]![k],
          page: handout?.index.numbers.filter((x) => x.article === a.number)[k]?.page,
        })),
      }))
      .filter((g) => g.numbers.length > 0);
    const indexPages = handout ? handout.pages.filter((p) => p.kind === 'index').slice(0, 1) : [];
    const indexXhtml = t.render('index.xhtml.hbs', { ...base, groups, numberGroups, hasPeople: analysis.hasPeople, hasNumbers: analysis.hasNumbers, printed: !!handout });
    documents.push({ filename: 'index.xhtml', title: labels.index as string, xhtml: mark('index.xhtml', indexXhtml, indexPages) });
  }
  const colophonArticles = book.articles.map((a) => ({
    href: articleFilename(a),
    title: a.meta.title,
    excerpt: a.meta.excerpt,
    creators: [...a.meta.author, ...a.meta.speakers].join(labels.nameSeparator as string),
    date: a.meta.date,
    source: a.meta.source,
  }));
  documents.push({ filename: 'colophon.xhtml', title: labels.colophon as string, xhtml: t.render('colophon.xhtml.hbs', { ...base, articles: colophonArticles }) });
  if (diags.hasErrors) return null;
  const indexEntry: NavEntry[] = hasIndex
    ? [
        {
          title: labels.index as string,
          href: 'index.xhtml',
          children: [
            ...(analysis.hasPeople ? [{ title: labels.indexPeople as string, href: 'index.xhtml#index-people', children: [] }] : []),
            ...(analysis.hasNumbers ? [{ title: labels.indexNumbers as string, href: 'index.xhtml#index-numbers', children: [] }] : []),
          ],
        },
      ]
    : [];
  const entries: NavEntry[] = navEntries(book, [...indexEntry, { title: labels.colophon as string, href: 'colophon.xhtml', children: [] }], labels.questions as string);
  pageList.sort((x, y) => x.page - y.page);
  const nav = t.render('nav.xhtml.hbs', {
    ...base,
    entries,
    pageList,
    landmarks: [
      { type: 'cover', href: 'cover.xhtml', title: labels.cover },
      { type: 'titlepage', href: 'title.xhtml', title: labels.titlePage },
      { type: 'toc', href: 'toc.xhtml', title: labels.toc },
      ...(book.articles[0] ? [{ type: 'bodymatter', href: articleFilename(book.articles[0]), title: labels.bodymatter }] : []),
      ...(hasIndex ? [{ type: 'index', href: 'index.xhtml', title: labels.index }] : []),
    ],
  });
  return { documents, nav, entries, pageList, hasIndex, images: [...views.images.values()], imagesWithoutAlt: views.imagesWithoutAlt };
}

/** Renders the book as an EPUB 3: title page, nav, one document per article, colophon; subset fonts embedded. */
export async function renderEpub(book: Book, diags: Diagnostics, printed?: PrintedPages | Promise<PrintedPages | undefined>): Promise<EpubResult | null> {
  const t = epubTemplates();
  const lang = book.meta.language;
  const labels = loadLabels(book.meta.labels ?? lang);
  const base = { lang, labels, book: book.meta };
  // A cover image made from the title page, for the readers that show one (Kindle, Kobo, Apple Books).
  // Drawn first: it does not depend on the handout, which may still be being laid out elsewhere.
  const cover = renderCover(book.meta, book.meta.date ? longDate(book.meta.date, labels) : '');
  const handout = await printed;
  const rendered = renderEpubDocuments(book, diags, handout);
  if (!rendered) return null;
  const { documents, nav, entries, pageList, hasIndex } = rendered;
  // Fonts: each face subset to what it sets (characters no font has were reported by the pipeline).
  const faces: FaceName[] = ['serif', 'serifBold', 'sans', 'sansBold'];
  const texts = faceTexts(book, labels, documents.map((d) => d.xhtml).join('') + nav);
  const fonts = await Promise.all(
    faces.map(async (name) => {
      const f = face(name);
      const chars = uniqueChars(texts[name]);
      const data = await subsetTtf(f.file, chars);
      return { face: name, family: f.family, weight: f.weight, href: `fonts/${name}.ttf`, data, chars: [...chars].length };
    }),
  );
  const css = renderEpubCss(fonts.map((f) => ({ family: f.family, weight: f.weight, href: f.href })));
  documents.unshift({ filename: 'cover.xhtml', title: book.meta.title, xhtml: t.render('cover.xhtml.hbs', base) });

  // Navigation: nested points numbered in reading order.
  let order = 0;
  let depth = 0;
  const toPoint = (e: NavEntry, level: number): object => {
    depth = Math.max(depth, level);
    const id = `nav-${++order}`;
    return { id, order, title: e.title, href: e.href, children: e.children.map((c) => toPoint(c, level + 1)) };
  };
  const points = entries.map((e) => toPoint(e, 1));
  const identifier = book.meta.identifier ?? derivedIdentifier(book);
  const ncx = t.render('toc.ncx.hbs', { ...base, identifier, points, depth });

  const images = rendered.images;
  const resources: { href: string; data: Buffer; mediaType: string; properties?: string }[] = [
    { href: 'images/cover.png', data: cover, mediaType: 'image/png', properties: 'cover-image' },
    ...fonts.map((f) => ({ href: f.href, data: f.data, mediaType: 'font/ttf' })),
    ...images.map((img) => ({ href: img.href, data: fs.readFileSync(img.file), mediaType: img.mediaType })),
  ];
  const docIds = documents.map((d) => 'doc-' + d.filename.replace(/\.xhtml$/, '').replace(/[^A-Za-z0-9-]/g, '-'));
  const modified = buildDate(book);
  const people = (role: string, names: string[]) => names.map((name) => ({ name, role }));
  const authors = [...new Set(book.articles.flatMap((a) => a.meta.author))];
  const speakers = [...new Set(book.articles.flatMap((a) => a.meta.speakers))].filter((n) => !authors.includes(n));
  const interviewers = [...new Set(book.articles.flatMap((a) => a.meta.interviewer))];
  const creators = book.meta.editor ? people('edt', [book.meta.editor]) : people('aut', authors);
  const contributors = [
    ...(book.meta.editor ? people('aut', authors) : []),
    ...people('ive', speakers),
    ...people('ivr', interviewers),
  ];
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', ...(hasIndex ? ['index'] : []), ...(pageList.length ? ['printPageNumbers'] : [])];
  if (rendered.imagesWithoutAlt === 0) features.push('alternativeText');
  const opf = t.render('package.opf.hbs', {
    ...base,
    identifier,
    creators,
    contributors,
    modified: modified.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    hasImages: true,
    accessibilityFeatures: features,
    // Claimed only where what the build can check holds: every image described (headings and language are always set).
    conformsTo: rendered.imagesWithoutAlt === 0 ? ['EPUB Accessibility 1.1 - WCAG 2.2 Level AA'] : [],
    certifiedBy: book.meta.publisher ?? book.meta.editor ?? 'studypack',
    // The print edition the page numbers come from.
    pageSource: handout && pageList.length ? `${book.meta.title} ${labels.printEdition as string} (${handout.setup.paper}${handout.setup.duplex ? ', duplex' : ''})` : '',
    documents: documents.map((d, i) => ({ id: docIds[i], href: d.filename })),
    resources: resources.map((r, i) => ({ id: r.properties === 'cover-image' ? 'cover-image' : `res-${i + 1}`, href: r.href, mediaType: r.mediaType, properties: r.properties })),
    spine: [docIds[0], docIds[1], 'nav', ...docIds.slice(2)],
  });

  const bytes = await packEpub({
    title: book.meta.title,
    lang,
    documents,
    opf,
    nav,
    ncx,
    css,
    resources: resources.map((r) => ({ href: r.href, data: r.data })),
    modified,
  });
  return {
    bytes,
    fonts: fonts.map((f) => ({ face: f.face, href: f.href, bytes: f.data.length, chars: f.chars })),
    documents: documents.map((d) => d.filename),
  };
}
