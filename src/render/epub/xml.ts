/** XML parsed (htmlparser2, xmlMode) and written back from the tree with escaping: the one way foreign markup (SVG, MathML) reaches the EPUB. */
import { parseDocument } from 'htmlparser2';

/** The parts of htmlparser2's DOM nodes read here. */
export interface XmlNode {
  type: string;
  data?: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: XmlNode[];
}

export interface XmlElement extends XmlNode {
  type: 'tag' | 'script' | 'style';
  name: string;
  attribs: Record<string, string>;
  children: XmlNode[];
}

export function isElement(n: XmlNode): n is XmlElement {
  return (n.type === 'tag' || n.type === 'script' || n.type === 'style') && typeof n.name === 'string';
}

/**
 * The document's one root element, or null when there is none or more than one. `strict`: text beside it also
 * refuses the document; otherwise it is ignored (the tail of a doctype's internal subset, `]>`, reads as text).
 */
export function parseXmlRoot(xml: string, strict = true): XmlElement | null {
  const doc = parseDocument(xml, { xmlMode: true, decodeEntities: true, recognizeCDATA: true, recognizeSelfClosing: true });
  const top = (doc.children as unknown as XmlNode[]).filter((n) => n.type !== 'directive' && n.type !== 'comment' && !(n.type === 'text' && (!strict || !(n.data ?? '').trim())));
  const root = top[0];
  return top.length === 1 && root && isElement(root) ? root : null;
}

const escText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escAttr = (s: string) => escText(s).replace(/"/g, '&quot;');
/** An XML name (element or attribute) as it may be written: anything else is left out. */
const NAME = /^[A-Za-z_][\w.:-]*$/;

/** What a filter does with an element: keep it, drop it with everything inside. */
export interface XmlPolicy {
  keepElement(el: XmlElement): boolean;
  keepAttribute(el: XmlElement, name: string, value: string): boolean;
  /** Leave out text that is only white space between elements (MathML ignores it). */
  dropBlankText?: boolean;
}

/**
 * The element written back as XML: text and attribute values escaped, names checked, comments, processing
 * instructions and doctypes left out, CDATA written as escaped text; what the policy refuses is left out.
 */
export function serialiseXml(el: XmlElement, policy: XmlPolicy, extra: Record<string, string> = {}): string {
  const write = (n: XmlNode): string => {
    if (n.type === 'text') return policy.dropBlankText && /^[ \t\r\n]*$/.test(n.data ?? '') ? '' : escText(n.data ?? '');
    if (n.type === 'cdata') return (n.children ?? []).map(write).join('');
    if (!isElement(n) || !NAME.test(n.name) || !policy.keepElement(n)) return '';
    const attrs = Object.entries(n === el ? { ...n.attribs, ...extra } : n.attribs)
      .filter(([k, v]) => NAME.test(k) && policy.keepAttribute(n, k, v))
      .map(([k, v]) => ` ${k}="${escAttr(v)}"`)
      .join('');
    const inner = n.children.map(write).join('');
    return inner ? `<${n.name}${attrs}>${inner}</${n.name}>` : `<${n.name}${attrs}/>`;
  };
  return write(el);
}
