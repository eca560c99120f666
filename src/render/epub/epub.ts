/** The EPUB: documents rendered from the templates, fonts subset to what each face sets, images and package assembled. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Diagnostics } from '../../diagnostics.js';
import { face, type FaceName } from '../../fonts/catalog.js';
import { subsetTtf } from '../../fonts/subset.js';
import { occurrencesOf, pageRanges, type AnalysedArticle, type Analysis } from '../../analyse/analysis.js';
import type { Book } from '../../model/types.js';
import type { PrintedPages } from './printed.js';
import { indexScope, PAGE_RANGES_CAP } from '../../layout/toc-index.js';

export { printedPages, type PrintedPages } from './printed.js';
import { renderCover } from './cover.js';
import { contentDate } from '../../util/build-date.js';
import { loadLabels, longDate, TEMPLATES_DIR, TemplateSet, type Labels } from '../../templates.js';
import { packEpub, type PackedDocument } from './package.js';
import { articleFilename, derivedIdentifier, EpubViewBuilder, navEntries, partFilename, textRuns, type ImageAsset, type Mark, type MarksByKey, type NavEntry } from './view.js';
import { faceCharacters } from './faces.js';
import { documentIds, idIndex, nearestTargets, playOrder, tocPageEntries, type IdIndex } from './pages.js';

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

function uniqueChars(chars: Iterable<string>): string {
  return [...new Set([...chars, ...ASCII])].sort().join('');
}

/** The EPUB's XHTML documents and nav, before fonts and packing (the preview server serves these too). */
export interface EpubDocuments {
  /** Title page, one document per article, index, colophon (the cover comes with packing). */
  documents: PackedDocument[];
  /** The nav document (table of contents). */
  nav: string;
  entries: NavEntry[];
  pageList: { page: number; href: string }[];
  /** The documents' ids (the nav's and cover's left out), for page targets and play order. */
  ids: IdIndex;
  hasIndex: boolean;
  images: ImageAsset[];
  imagesWithoutAlt: number;
  /** The book sets code: the mono face is embedded. */
  hasCode: boolean;
}

/** The stylesheet, with @font-face rules for the given font files. */
export function renderEpubCss(fonts: { family: string; weight: number; href: string }[]): string {
  const css = epubTemplates().render('style.css.hbs', { fonts });
  // The stylesheet names the Simplified families; a Traditional edition embeds Noto Serif TC and Noto Sans TC.
  const tc = fonts.some((f) => / TC$/.test(f.family));
  return tc ? css.replace(/"Noto (Serif|Sans) SC"/g, '"Noto $1 TC"') : css;
}

/**
 * Where marks go in each article: the index's anchors from the analysis, and the handout's page starts (each
 * page's first position, from the PDF layout). Keyed by block, in text order.
 */
function articleMarks(art: AnalysedArticle, pages: PrintedPages['pages']): MarksByKey {
  const marks: MarksByKey = new Map();
  const add = (key: string, at: number, mark: Mark) => {
    let list = marks.get(key);
    if (!list) marks.set(key, (list = []));
    list.push({ at, mark });
  };
  // A page break goes before an anchor at the same place: the page starts with the name.
  pages.forEach((p, i) => {
    if (i > 0 && p.first) add(p.first.key, p.first.at, { type: 'pagebreak', page: p.number });
  });
  for (const o of [...art.names, ...art.terms, ...art.numbers.flatMap(occurrencesOf)].sort((x, y) => (x.key === y.key ? x.at - y.at : 0))) add(o.key, o.at, { type: 'anchor', id: o.id });
  for (const list of marks.values()) list.sort((x, y) => x.at - y.at);
  return marks;
}

/** Renders the book's XHTML documents and nav from the templates; null when that found errors. */
export function renderEpubDocuments(book: Book, analysis: Analysis, diags: Diagnostics, handout?: PrintedPages): EpubDocuments | null {
  const t = epubTemplates();
  const lang = book.meta.language;
  const labels = loadLabels(book.meta.labels ?? lang);
  const views = new EpubViewBuilder(book, labels);
  const base = { lang, labels, book: book.meta };

  const documents: PackedDocument[] = [];
  // Page-break markers matching the PDF handout's pages (when its layout is given): “page 12” is one passage.
  const pageList: { page: number; href: string }[] = [];
  const firstOf = (pages: PrintedPages['pages'], filename: string): number | undefined => {
    const p = pages[0];
    if (p) pageList.push({ page: p.number, href: `${filename}#page-${p.number}` });
    return p?.number;
  };
  const printed = handout?.pages ?? [];
  const titlePage = firstOf(printed.filter((p) => p.kind === 'title'), 'title.xhtml');
  const titleRuns = { title: textRuns(book.meta.title), subtitle: textRuns(book.meta.subtitle ?? ''), editor: textRuns(book.meta.editor ?? '') };
  documents.push({ filename: 'title.xhtml', title: book.meta.title, xhtml: t.render('title.xhtml.hbs', { ...base, runs: titleRuns, pagebreak: titlePage }) });
  const hrefOf = new Map<string, string>();
  book.articles.forEach((a, ai) => {
    const art = analysis.articles[ai]!;
    const filename = articleFilename(a);
    let pages = printed.filter((p) => p.kind === 'article' && p.article === a.number);
    // A part opening before this article: its own document, with the page it starts on.
    const part = analysis.parts.find((p) => p.first === a.number);
    if (part) {
      const own = pages.filter((p) => p.part === part.number);
      pages = pages.filter((p) => p.part !== part.number && !p.first?.key.startsWith(`p${part.number}.`));
      const view = views.part(part, a, firstOf(own, partFilename(part.number)));
      documents.push({ filename: view.filename, title: part.title, xhtml: t.render('part.xhtml.hbs', { ...base, part: view }), ...(view.mathml ? { properties: 'mathml' } : {}) });
    }
    const marks = articleMarks(art, pages);
    for (const [, list] of marks) for (const { mark } of list) if (mark.type === 'pagebreak') pageList.push({ page: mark.page, href: `${filename}#page-${mark.page}` });
    const article = views.article(a, art, marks, firstOf(pages, filename));
    for (const o of [...art.names, ...art.terms, ...art.numbers.flatMap(occurrencesOf)]) hrefOf.set(o.id, `${filename}#${o.id}`);
    documents.push({ filename, title: a.meta.title, xhtml: t.render('article.xhtml.hbs', { ...base, article }), ...(article.mathml ? { properties: 'mathml' } : {}) });
  });
  const hasIndex = analysis.hasIndex;
  if (hasIndex) {
    const more = String(labels.pagesMore);
    const printedPeople = new Map((handout?.index.people ?? []).map((p) => [p.entry, p.pages]));
    const printedTerms = new Map((handout?.index.terms ?? []).map((t) => [t.entry, t.pages]));
    const printedNumbers = new Map((handout?.index.numbers ?? []).map((n) => [n.id, n.pages]));
    // Links to each occurrence, grouped by article; a large pack's long lists end in 「等」 like the page lists.
    const byArticle = (refs: { article: number; href: string }[]) =>
      [...new Set(refs.map((r) => r.article))].map((n) => {
        const mine = refs.filter((r) => r.article === n);
        return {
          label: (labels.articleRef as string).replace('{n}', String(n)),
          refs: mine.slice(0, 30).map((r, k) => ({ href: r.href, n: k + 1 })),
          more: mine.length > 30 ? more : '',
        };
      });
    const lettered = <T extends { letter: string }>(items: T[], entry: (x: T) => object | null) => {
      const groups: { letter: string; entries: object[] }[] = [];
      for (const x of items) {
        const e = entry(x);
        if (!e) continue;
        if (groups[groups.length - 1]?.letter !== x.letter) groups.push({ letter: x.letter, entries: [] });
        groups[groups.length - 1]!.entries.push(e);
      }
      return groups;
    };
    const groups = lettered(analysis.people, (p) => {
      const refs = analysis.articles.flatMap((art) => art.names.filter((h) => h.entry === p.entry && hrefOf.has(h.id)).map((h) => ({ article: art.number, href: hrefOf.get(h.id)! })));
      const pages = printedPeople.get(p.entry);
      if (refs.length === 0 && !pages?.length) return null;
      return { name: p.name, other: p.other, description: p.description, articles: byArticle(refs), pages: pages ? pageRanges(pages, PAGE_RANGES_CAP, more) : '' };
    });
    const termGroups = lettered(analysis.terms, (t) => {
      const refs = analysis.articles.flatMap((art) => art.terms.filter((h) => h.entry === t.entry && hrefOf.has(h.id)).map((h) => ({ article: art.number, href: hrefOf.get(h.id)! })));
      const pages = printedTerms.get(t.entry);
      if (refs.length === 0 && !pages?.length) return null;
      return { name: t.name, other: t.other, articles: byArticle(refs), pages: pages ? pageRanges(pages, PAGE_RANGES_CAP, more) : '' };
    });
    const numberGroups = book.articles
      .map((a, ai) => ({
        title: a.meta.title,
        // 「key：context」; a merged bare count links to each of its occurrences (the first from the key).
        numbers: analysis.articles[ai]!.numbers.map((n) => {
          const pages = printedNumbers.get(n.id);
          const also = (n.also ?? []).filter((o) => hrefOf.has(o.id)).map((o, k) => ({ href: hrefOf.get(o.id)!, n: k + 2 }));
          return { text: n.text, context: n.context, href: hrefOf.get(n.id), also, page: pages?.length ? pageRanges(pages, PAGE_RANGES_CAP, more) : '' };
        }),
      }))
      .filter((g) => g.numbers.length > 0);
    const indexPage = firstOf(printed.filter((p) => p.kind === 'index'), 'index.xhtml');
    const indexXhtml = t.render('index.xhtml.hbs', {
      ...base,
      scope: indexScope(analysis, labels),
      groups,
      termGroups,
      definitions: analysis.definitions,
      numberGroups,
      hasPeople: analysis.hasPeople,
      hasTerms: termGroups.length > 0,
      hasDefinitions: analysis.definitions.length > 0,
      hasNumbers: analysis.hasNumbers,
      printed: !!handout,
      pagebreak: indexPage,
    });
    documents.push({ filename: 'index.xhtml', title: labels.index as string, xhtml: indexXhtml });
  }
  const colophonArticles = book.articles.map((a) => ({
    href: articleFilename(a),
    title: textRuns(a.meta.title),
    excerpt: a.meta.excerpt,
    creators: textRuns([...a.meta.author, ...a.meta.speakers].join(labels.nameSeparator as string)),
    date: a.meta.date,
    source: a.meta.source ? textRuns(a.meta.source) : undefined,
  }));
  for (const u of views.unusable) diags.warn(u.file, u.line, 1, 'epub:image', u.message);
  const colophonRuns = { fontsCredit: textRuns(String(labels.fontsCredit)), publisherFont: textRuns(String(labels.publisherFont)), generator: textRuns(String(labels.generator)) };
  documents.push({ filename: 'colophon.xhtml', title: labels.colophon as string, xhtml: t.render('colophon.xhtml.hbs', { ...base, articles: colophonArticles, runs: colophonRuns }) });
  if (diags.hasErrors) return null;
  const indexEntry: NavEntry[] = hasIndex
    ? [
        {
          title: labels.index as string,
          href: 'index.xhtml',
          children: [
            ...(analysis.hasPeople ? [{ title: labels.indexPeople as string, href: 'index.xhtml#index-people', children: [] }] : []),
            ...(analysis.hasTerms ? [{ title: labels.indexTerms as string, href: 'index.xhtml#index-terms', children: [] }] : []),
            ...(analysis.definitions.length > 0 ? [{ title: labels.glossaryTerms as string, href: 'index.xhtml#index-glossary', children: [] }] : []),
            ...(analysis.hasNumbers ? [{ title: labels.indexNumbers as string, href: 'index.xhtml#index-numbers', children: [] }] : []),
          ],
        },
      ]
    : [];
  const entries: NavEntry[] = navEntries(book, [...indexEntry, { title: labels.colophon as string, href: 'colophon.xhtml', children: [] }], labels.questions as string, analysis.parts);
  // The handout's TOC pages: the first at a marker before the nav, each later one at a marker in the nav entry
  // its first line is; the pages the documents have no marker of (later index pages) at the nearest marker
  // before their place (pages.ts). The nav's titles have their Latin phrases marked.
  const tocPage = firstOf(printed.filter((p) => p.kind === 'toc'), 'toc.xhtml');
  const navHrefs = (es: NavEntry[]): string[] => es.flatMap((e) => [e.href, ...navHrefs(e.children)]);
  const ids = idIndex(documents);
  const tocMarks = tocPageEntries(printed, book.articles, ids, new Set(navHrefs(entries)));
  const navView = (e: NavEntry): object => {
    const page = tocMarks.get(e.href);
    if (page !== undefined) {
      tocMarks.delete(e.href);
      pageList.push({ page, href: `toc.xhtml#page-${page}` });
    }
    return { href: e.href, title: textRuns(e.title), ...(page !== undefined ? { pagebreak: page } : {}), children: e.children.map(navView) };
  };
  const navItems = entries.map(navView);
  pageList.push(...nearestTargets(printed, pageList, book.articles, ids));
  pageList.sort((x, y) => x.page - y.page);
  const nav = t.render('nav.xhtml.hbs', {
    ...base,
    entries: navItems,
    pagebreak: tocPage,
    pageList,
    landmarks: [
      { type: 'cover', href: 'cover.xhtml', title: labels.cover },
      { type: 'titlepage', href: 'title.xhtml', title: labels.titlePage },
      { type: 'toc', href: 'toc.xhtml', title: labels.toc },
      ...(book.articles[0] ? [{ type: 'bodymatter', href: articleFilename(book.articles[0]), title: labels.bodymatter }] : []),
      ...(hasIndex ? [{ type: 'index', href: 'index.xhtml', title: labels.index }] : []),
    ],
  });
  return { documents, nav, entries, pageList, ids, hasIndex, images: [...views.images.values()], imagesWithoutAlt: views.imagesWithoutAlt, hasCode: views.hasCode };
}

/** The bytes an image is packed as: converted to PNG (WebP), sanitised (SVG, done by the view), or the file's own; null (and an error) when a WebP cannot be read. */
async function imageBytes(img: ImageAsset, diags: Diagnostics): Promise<Buffer | null> {
  if (img.data) return img.data;
  if (img.sourceType === 'image/webp') {
    const { default: sharp } = await import('sharp');
    try {
      return await sharp(img.file).png().toBuffer();
    } catch (e) {
      diags.error(img.file, 1, 1, 'epub:image', `image cannot be converted to PNG (${(e as Error).message}); is it a damaged WebP file?`);
      return null;
    }
  }
  return fs.readFileSync(img.file);
}

/** Renders the book as an EPUB 3: title page, nav, one document per article, colophon; subset fonts embedded. */
export async function renderEpub(book: Book, analysis: Analysis, diags: Diagnostics, printed?: PrintedPages | Promise<PrintedPages | undefined>): Promise<EpubResult | null> {
  const t = epubTemplates();
  const lang = book.meta.language;
  const labels = loadLabels(book.meta.labels ?? lang);
  const base = { lang, labels, book: book.meta };
  // A cover image made from the title page, for the readers that show one (Kindle, Kobo, Apple Books).
  // Drawn first: it does not depend on the handout, which may still be being laid out elsewhere.
  const cover = renderCover(book.meta, book.meta.date ? longDate(book.meta.date, labels) : '');
  const handout = await printed;
  const rendered = renderEpubDocuments(book, analysis, diags, handout);
  if (!rendered) return null;
  const { documents, nav, entries, pageList, hasIndex } = rendered;
  documents.unshift({ filename: 'cover.xhtml', title: book.meta.title, xhtml: t.render('cover.xhtml.hbs', base) });
  // Fonts: each face subset to the characters the finished documents may set in it, as the stylesheet gives
  // faces to their elements (faces.ts); characters no font has were reported by the pipeline.
  const faces: FaceName[] = ['serif', 'serifBold', 'sans', 'sansBold', ...(rendered.hasCode ? (['mono'] as const) : [])];
  const embedded = faces.map((name) => ({ ...face(name), href: `fonts/${name}.ttf` }));
  const css = renderEpubCss(embedded.map((f) => ({ family: f.family, weight: f.weight, href: f.href })));
  const chars = faceCharacters([...documents.map((d) => d.xhtml), nav], css, embedded);
  const fonts = await Promise.all(
    embedded.map(async (f) => {
      const text = uniqueChars(chars[f.name]);
      const data = await subsetTtf(f.file, text);
      return { face: f.name, href: f.href, data, chars: [...text].length };
    }),
  );

  // Navigation: nested points, and the handout's pages.
  let order = 0;
  let depth = 0;
  // Play order: nav points and page targets numbered in reading order, one number for each place.
  const hrefs = (es: NavEntry[]): string[] => es.flatMap((e) => [e.href, ...hrefs(e.children)]);
  const spine = [documents[0]!.filename, documents[1]!.filename, 'toc.xhtml', ...documents.slice(2).map((d) => d.filename)];
  const orders = playOrder([...hrefs(entries), ...pageList.map((p) => p.href)], spine, new Map([...rendered.ids, ['toc.xhtml', documentIds(nav)]]));
  const toPoint = (e: NavEntry, level: number): object => {
    depth = Math.max(depth, level);
    return { id: `nav-${++order}`, order: orders.get(e.href), title: e.title, href: e.href, children: e.children.map((c) => toPoint(c, level + 1)) };
  };
  const points = entries.map((e) => toPoint(e, 1));
  const pageTargets = pageList.map((p) => ({ id: `page-target-${p.page}`, page: p.page, order: orders.get(p.href), href: p.href }));
  const identifier = book.meta.identifier ?? derivedIdentifier(book);
  const ncx = t.render('toc.ncx.hbs', {
    ...base,
    identifier,
    points,
    depth,
    pageTargets,
    totalPageCount: pageList.length ? (handout?.pages.length ?? 0) : 0,
    maxPageNumber: Math.max(0, ...pageList.map((p) => p.page)),
  });

  const images = rendered.images;
  const resources: { href: string; data: Buffer; mediaType: string; properties?: string }[] = [
    { href: 'images/cover.png', data: cover, mediaType: 'image/png', properties: 'cover-image' },
    ...fonts.map((f) => ({ href: f.href, data: f.data, mediaType: 'font/ttf' })),
    ...(await Promise.all(images.map(async (img) => ({ href: img.href, data: (await imageBytes(img, diags)) ?? Buffer.alloc(0), mediaType: img.mediaType })))),
  ];
  if (diags.hasErrors) return null;
  const docIds = documents.map((d) => 'doc-' + d.filename.replace(/\.xhtml$/, '').replace(/[^A-Za-z0-9-]/g, '-'));
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
  // Print page numbers are claimed when every page of the handout that has text is in the page list; the
  // summary says how far the list goes.
  const textPages = (handout?.pages ?? []).filter((p) => p.text).map((p) => p.number);
  const listed = new Set(pageList.map((p) => p.page));
  const complete = textPages.length > 0 && textPages.every((n) => listed.has(n));
  const features = ['structuralNavigation', 'tableOfContents', 'readingOrder', ...(hasIndex ? ['index'] : []), ...(complete ? ['printPageNumbers'] : [])];
  if (rendered.imagesWithoutAlt === 0) features.push('alternativeText');
  const fill = (key: string, values: Record<string, number>) => String(labels[key]).replace(/\{(\w+)\}/g, (_, k: string) => String(values[k] ?? ''));
  const pagesSummary = !handout || pageList.length === 0 ? '' : complete ? fill('accessibilityPages', { n: textPages.length }) : fill('accessibilityPagesPartial', { n: textPages.length, m: textPages.filter((n) => listed.has(n)).length });
  const opfContext = {
    ...base,
    identifier,
    creators,
    contributors,
    hasImages: true,
    accessibilityFeatures: features,
    accessibilitySummary: `${labels.accessibilitySummary as string}${pagesSummary}`,
    // Claimed only where what the build can check holds: every image described (headings and language are always set).
    conformsTo: rendered.imagesWithoutAlt === 0 ? ['EPUB Accessibility 1.1 - WCAG 2.2 Level AA'] : [],
    certifiedBy: book.meta.publisher ?? book.meta.editor ?? 'studypack',
    // The print edition the page numbers come from.
    pageSource: handout && pageList.length ? `${book.meta.title} ${labels.printEdition as string} (${handout.setup.paper}${handout.setup.duplex ? ', duplex' : ''})` : '',
    documents: documents.map((d, i) => ({ id: docIds[i], href: d.filename, properties: d.properties })),
    resources: resources.map((r, i) => ({ id: r.properties === 'cover-image' ? 'cover-image' : `res-${i + 1}`, href: r.href, mediaType: r.mediaType, properties: r.properties })),
    spine: [docIds[0], docIds[1], 'nav', ...docIds.slice(2)],
  };
  // dcterms:modified: SOURCE_DATE_EPOCH when set, else a time on the book's date drawn from a hash of everything
  // packed (build-date.ts): new content, new date; the same content, the same bytes.
  const hash = createHash('sha256');
  for (const part of [t.render('package.opf.hbs', { ...opfContext, modified: '' }), nav, ncx, css, ...documents.map((d) => d.xhtml), ...resources.map((r) => r.data)]) hash.update(part);
  const modified = contentDate(book, hash.digest());
  const opf = t.render('package.opf.hbs', { ...opfContext, modified: modified.toISOString().replace(/\.\d{3}Z$/, 'Z') });

  const bytes = await packEpub({
    title: book.meta.title,
    lang,
    documents,
    opf,
    nav,
    ncx,
    css,
    resources: resources.map((r) => ({ href: r.href, data: r.data })),
    metaInf: [{ name: 'com.apple.ibooks.display-options.xml', data: t.render('display-options.xml.hbs', {}) }],
    modified,
  });
  return {
    bytes,
    fonts: fonts.map((f) => ({ face: f.face, href: f.href, bytes: f.data.length, chars: f.chars })),
    documents: documents.map((d) => d.filename),
  };
}
