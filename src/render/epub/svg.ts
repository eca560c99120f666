/** SVG images sanitised for packing: no script, no event handler, no reference outside the image itself. */
import { parseXmlRoot, serialiseXml, type XmlElement, type XmlPolicy } from './xml.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
/** Elements removed with everything inside them: scripts, foreign (HTML) content, SVG 1.2 event elements. */
const REMOVED = new Set(['script', 'foreignobject', 'handler', 'listener', 'iframe', 'object', 'embed']);
/** Animation elements: removed when they would set a link or a handler. */
const ANIMATION = new Set(['set', 'animate', 'animatecolor', 'animatemotion', 'animatetransform']);

/** Elements that only stand for what their link points to: removed unless it points inside the image. */
const REFERENCING = new Set(['image', 'use', 'feimage']);

/** A reference to something inside this image (`#id`), the only kind kept. */
const local = (ref: string) => ref.trim().startsWith('#');
const isLink = (attr: string) => /^(href|src)$|:href$/i.test(attr);

/** Every `url(…)` in a value names a fragment of this image (`url(#grad)`). */
function localUrls(value: string): boolean {
  for (const m of value.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) if (!local(m[2]!)) return false;
  return !/@import|expression\s*\(|javascript:/i.test(value);
}

const POLICY: XmlPolicy = {
  keepElement(el: XmlElement) {
    const name = el.name.toLowerCase().replace(/^svg:/, '');
    if (REMOVED.has(name)) return false;
    if (ANIMATION.has(name)) {
      const target = (el.attribs.attributeName ?? '').toLowerCase();
      if (/^on|(^|:)href$/.test(target)) return false;
    }
    if (REFERENCING.has(name)) {
      const refs = Object.entries(el.attribs).filter(([k]) => isLink(k));
      if (refs.length === 0 || !refs.every(([, v]) => local(v))) return false;
    }
    // A stylesheet that loads or runs anything goes whole.
    if (name === 'style') return localUrls(el.children.map((c) => c.data ?? (c.children ?? []).map((t) => t.data ?? '').join('')).join(''));
    return true;
  },
  keepAttribute(_el: XmlElement, name: string, value: string) {
    const n = name.toLowerCase();
    if (n.startsWith('on')) return false;
    if (isLink(n)) return local(value);
    return localUrls(value);
  },
};

/**
 * The SVG without `<script>`, `<foreignObject>`, `on…` handlers, and links, image references and `url(…)`s
 * that leave the image (only `#…` fragments stay); shapes, text and styles otherwise as they were. Null when
 * the file is not an SVG document.
 */
export function sanitiseSvg(svg: string): string | null {
  const root = parseXmlRoot(svg, false);
  if (!root || root.name.replace(/^svg:/, '') !== 'svg') return null;
  const ns: Record<string, string> = root.name === 'svg' && !root.attribs.xmlns ? { xmlns: SVG_NS } : {};
  return `<?xml version="1.0" encoding="UTF-8"?>\n${serialiseXml(root, POLICY, ns)}\n`;
}
