/** MathML from the analysis (MathJax) checked and rebuilt from its parsed tree, with the TeX as its alttext, for the EPUB's documents. */
import { parseXmlRoot, serialiseXml, type XmlPolicy } from './xml.js';

const MATHML_NS = 'http://www.w3.org/1998/Math/MathML';

/** MathML elements only; no handlers, no links out, and no MathJax-private `data-` attributes (not in EPUB's MathML). */
const POLICY: XmlPolicy = {
  keepElement: (el) => !el.name.includes(':'),
  keepAttribute: (_el, name, value) => {
    const n = name.toLowerCase();
    if (n.startsWith('on') || n.startsWith('data-')) return false;
    if (n === 'href' || n.endsWith(':href') || n === 'src') return value.trim().startsWith('#');
    return true;
  },
  dropBlankText: true,
};

/**
 * The `<math>` markup for a formula: the MathML parsed, required to be one `<math>` element, and written back
 * from the tree (so it is well-formed and escaped whatever it held), with `alttext` the TeX. Null when the
 * string is not a single `<math>` element.
 */
export function mathmlMarkup(mathml: string, tex: string): string | null {
  const root = parseXmlRoot(mathml);
  if (!root || root.name !== 'math' || (root.attribs.xmlns ?? MATHML_NS) !== MATHML_NS) return null;
  return serialiseXml(root, POLICY, { xmlns: MATHML_NS, alttext: tex });
}
