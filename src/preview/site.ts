// The preview's site in memory: the EPUB's documents and CSS as web pages, with the live-reload script.
import fs from 'node:fs';
import { Diagnostics, formatDiagnostic } from '../diagnostics.js';
import { face, fontBytes, setFaceFiles, type FaceName } from '../fonts/catalog.js';
import { readPack, type BuildOptions } from '../pipeline.js';
import { renderEpubCss, renderEpubDocuments } from '../render/epub/epub.js';

/** One file the preview serves, from memory. */
export interface SiteFile {
  type: string;
  body: Buffer;
}

/** The preview's whole content, by URL path. Nothing outside this map is ever served. */
export type Site = Map<string, SiteFile>;

export const EVENTS_PATH = '/__studypack/events';

/**
 * The live-reload script, inlined into the preview's pages only (never into the EPUB): on a
 * `reload` event the page's body is fetched again and swapped in place; `problems` shows the
 * build's errors in a banner while the last good pages stay.
 */
const LIVE_SCRIPT = `<script>
(function () {
  var es = new EventSource(${JSON.stringify(EVENTS_PATH)});
  function banner(text) {
    var b = document.getElementById('studypack-problems');
    if (!text) { if (b) b.remove(); return; }
    if (!b) { b = document.createElement('pre'); b.id = 'studypack-problems'; document.body.prepend(b); }
    b.setAttribute('style', 'position:sticky;top:0;z-index:9;margin:0;padding:.6em 1em;background:#fee;color:#900;border-bottom:2px solid #c00;white-space:pre-wrap;font:13px monospace;text-indent:0');
    b.textContent = text;
  }
  es.addEventListener('reload', function () {
    fetch(location.pathname, { cache: 'no-store' }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, 'text/html');
      if (doc.querySelector('link[rel=stylesheet]') && !document.querySelector('link[rel=stylesheet]')) return location.reload();
      document.querySelectorAll('link[rel=stylesheet]').forEach(function (l) { l.href = l.href.split('?')[0] + '?v=' + Date.now(); });
      document.title = doc.title;
      document.body.replaceWith(document.adoptNode(doc.body));
      document.documentElement.setAttribute('data-studypack-build', String(Date.now()));
    }).catch(function () { location.reload(); });
  });
  es.addEventListener('problems', function (e) { banner(e.data); });
})();
</script>`;

/** Adds the live-reload script to a page of the preview. */
export function withLiveReload(xhtml: string): string {
  const i = xhtml.lastIndexOf('</body>');
  return i < 0 ? xhtml + LIVE_SCRIPT : xhtml.slice(0, i) + LIVE_SCRIPT + '\n' + xhtml.slice(i);
}

const FACES: FaceName[] = ['serif', 'serifBold', 'sans', 'sansBold', 'mono'];
const HTML = 'text/html; charset=utf-8';

/**
 * Renders the pack as the EPUB's documents (same templates, same CSS), for a browser: the nav is
 * the index page, fonts are the full font files (so text typed since the last build still shows).
 */
export function renderSite(options: Pick<BuildOptions, 'corpus' | 'normalisePunctuation' | 'book' | 'labels' | 'fonts' | 'resourcePath' | 'index' | 'keyNumbers'>): { site: Site | null; diagnostics: Diagnostics } {
  const diagnostics = new Diagnostics();
  setFaceFiles(options.fonts ?? {});
  const pack = readPack(options.corpus, diagnostics, { normalisePunctuation: options.normalisePunctuation, book: options.book, labels: options.labels, resourcePath: options.resourcePath, index: options.index, keyNumbers: options.keyNumbers });
  if (!pack) return { site: null, diagnostics };
  const docs = renderEpubDocuments(pack.book, pack.analysis, diagnostics);
  if (!docs) return { site: null, diagnostics };
  const site: Site = new Map();
  const page = (xhtml: string): SiteFile => ({ type: HTML, body: Buffer.from(withLiveReload(xhtml)) });
  site.set('/', page(docs.nav));
  site.set('/toc.xhtml', page(docs.nav));
  for (const d of docs.documents) site.set(`/${d.filename}`, page(d.xhtml));
  const fonts = FACES.map((name) => face(name));
  site.set('/style.css', { type: 'text/css; charset=utf-8', body: Buffer.from(renderEpubCss(fonts.map((f) => ({ family: f.family, weight: f.weight, href: `fonts/${f.name}.${f.file.toLowerCase().endsWith('.otf') ? 'otf' : 'ttf'}` })))) });
  for (const f of fonts) {
    const otf = f.file.toLowerCase().endsWith('.otf');
    site.set(`/fonts/${f.name}.${otf ? 'otf' : 'ttf'}`, { type: otf ? 'font/otf' : 'font/ttf', body: fontBytes(f.file) });
  }
  // Sanitised SVG as packed; a WebP (packed as PNG) served as it is, with its own type, for the browser reads it.
  for (const img of docs.images) site.set(`/${img.href}`, { type: img.sourceType ?? img.mediaType, body: img.data ?? fs.readFileSync(img.file) });
  return { site, diagnostics };
}

/** The page shown when the pack has never built: its errors, and live reload to recover. */
export function problemsPage(diagnostics: Diagnostics): Site {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const text = diagnostics.errors.map((d) => esc(formatDiagnostic(d))).join('\n');
  const html = `<!DOCTYPE html>\n<html lang="en"><head><meta charset="UTF-8" /><title>studypack: errors</title></head>\n<body>\n<h1>The pack has errors</h1>\n<pre>${text}</pre>\n<p>Fix them and save: this page reloads by itself.</p>\n</body></html>`;
  return new Map([['/', { type: HTML, body: Buffer.from(withLiveReload(html)) }]]);
}
