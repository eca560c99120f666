/** SVG drawn as vector art in the PDF (svg-to-pdfkit), made safe first: no scripts, no links, nothing fetched or read from disk. */
import { createRequire } from 'node:module';
import { DomUtils, parseDocument } from 'htmlparser2';
import type { FaceName } from '../../fonts/catalog.js';

interface SvgToPdfOptions {
  width?: number;
  height?: number;
  preserveAspectRatio?: string;
  assumePt?: boolean;
  warningCallback?: (message: string) => void;
  fontCallback?: (family: string, bold: boolean, italic: boolean, options: { fauxItalic: boolean; fauxBold: boolean }) => string;
  imageCallback?: (link: string) => string | Buffer;
}

type ChildNode = ReturnType<typeof parseDocument>['children'][number];
type Element = Extract<ChildNode, { attribs: Record<string, string> }>;

type SvgToPdf = (doc: PDFKit.PDFDocument, svg: string, x: number, y: number, options?: SvgToPdfOptions) => void;

let svgToPdf: SvgToPdf | undefined;

/** Elements dropped with everything in them: scripts, foreign content, animation (which may rewrite links). */
const DROPPED = new Set(['script', 'foreignobject', 'iframe', 'object', 'embed', 'audio', 'video', 'canvas', 'handler', 'listener', 'set', 'animate', 'animatemotion', 'animatetransform', 'animatecolor', 'discard']);

/** The only image data an SVG may carry: PNG or JPEG inside it. Anything else (a web address, a path on disk) is refused. */
const INLINE_IMAGE = /^data:image\/(?:png|jpe?g);base64,/i;

/**
 * The SVG with nothing that acts or reaches out: scripts, event handlers, foreign objects and animations
 * removed, links (`<a>`) turned into plain groups, every `href` that does not point inside the document
 * (`#id`) or hold an inline PNG or JPEG removed, comments, doctypes and processing instructions dropped,
 * and a stroke of width 0 (MathJax's) made no stroke.
 * A root without a `color` gets black, as a browser's would be (MathJax draws in `currentColor`).
 */
export function safeSvg(markup: string): string {
  const doc = parseDocument(markup, { xmlMode: true });
  const clean = (nodes: ChildNode[]): ChildNode[] =>
    nodes.filter((n) => {
      if (n.type === 'text' || n.type === 'cdata') return true;
      if (n.type !== 'tag' && n.type !== 'script' && n.type !== 'style') return false;
      const el = n as Element;
      const name = el.name.toLowerCase().replace(/^svg:/, '');
      if (DROPPED.has(name)) return false;
      if (name === 'a') el.name = 'g';
      for (const attr of Object.keys(el.attribs)) {
        const value = el.attribs[attr]!;
        const local = attr.toLowerCase().replace(/^xlink:/, '');
        const keep = local.startsWith('on') ? false : local === 'href' ? value.trim().startsWith('#') || (name === 'image' && INLINE_IMAGE.test(value.trim())) : true;
        if (!keep) delete el.attribs[attr];
      }
      // A zero stroke width means no stroke in SVG; in PDF a zero line width is the thinnest line the device draws.
      if (/^\s*0*\.?0*(px)?\s*$/.test(el.attribs['stroke-width'] ?? 'x')) el.attribs.stroke = 'none';
      el.children = clean(el.children);
      return true;
    });
  const roots = clean(doc.children).filter((n): n is Element => n.type === 'tag');
  const root = roots.find((n) => n.name.toLowerCase().replace(/^svg:/, '') === 'svg');
  if (!root) return '';
  if (!('color' in root.attribs)) root.attribs.color = 'black';
  return DomUtils.getOuterHTML(root, { xmlMode: true });
}

/** Text in an SVG is set in the book's faces: a serif family in the serif, anything else (monospace too) in the sans. */
function faceForFamily(family: string, bold: boolean): FaceName {
  const serif = /(^|[\s,'"])serif\b|song|ming|宋|明|times|georgia/i.test(family ?? '') && !/sans/i.test(family ?? '');
  return serif ? (bold ? 'serifBold' : 'serif') : bold ? 'sansBold' : 'sans';
}

/**
 * Draws safe SVG markup scaled into the box (x, y, w, h), keeping its proportions (centred). Whatever the
 * SVG asks for outside itself is refused: images other than inline PNG or JPEG, other documents, fonts
 * other than the book's. Warnings (an element svg-to-pdfkit cannot draw) go to `warn`.
 */
export function drawSvg(doc: PDFKit.PDFDocument, markup: string, x: number, y: number, w: number, h: number, warn: (message: string) => void = () => {}): void {
  svgToPdf ??= createRequire(import.meta.url)('svg-to-pdfkit') as SvgToPdf;
  doc.save();
  svgToPdf(doc, markup, x, y, {
    width: w,
    height: h,
    assumePt: true,
    preserveAspectRatio: 'xMidYMid meet',
    warningCallback: warn,
    fontCallback: (family, bold) => faceForFamily(family, bold),
    imageCallback: (link) => {
      const m = INLINE_IMAGE.exec(link.trim());
      return m ? Buffer.from(link.trim().slice(m[0].length), 'base64') : Buffer.alloc(0);
    },
  });
  doc.restore();
}
