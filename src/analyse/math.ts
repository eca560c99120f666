/** TeX math typeset once (MathJax): SVG for the PDF, MathML for the EPUB, with the size the layout needs. */
import { createRequire } from 'node:module';
import type { liteAdaptor as LiteAdaptor } from 'mathjax-full/js/adaptors/liteAdaptor.js';
import type { SerializedMmlVisitor as Visitor } from 'mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js';
import type { mathjax as MathJax } from 'mathjax-full/js/mathjax.js';
import type { Diagnostics } from '../diagnostics.js';
import type { Block, Inline } from '../model/types.js';
import { ownInlines, walkBlocks } from '../model/walk.js';

/** Same shape as the model's MathBox. */
export interface TypesetMath {
  /** A standalone SVG (paths only, no fonts), sized in ex. */
  svg: string;
  /** Width, height and depth below the baseline, in ex of the surrounding text. */
  width: number;
  height: number;
  depth: number;
  /** MathML (`<math>…</math>`), for readers that render it. */
  mathml: string;
}

let engine: { svg: ReturnType<typeof MathJax.document>; mml: ReturnType<typeof MathJax.document>; adaptor: ReturnType<typeof LiteAdaptor>; visitor: Visitor } | undefined;

/** MathJax loads on the first formula: a pack without math never pays for it. */
function load() {
  if (engine) return engine;
  const require = createRequire(import.meta.url);
  const { liteAdaptor } = require('mathjax-full/js/adaptors/liteAdaptor.js') as { liteAdaptor: typeof LiteAdaptor };
  const { STATE: _state } = require('mathjax-full/js/core/MathItem.js') as { STATE: { CONVERT: number } };
  const { SerializedMmlVisitor } = require('mathjax-full/js/core/MmlTree/SerializedMmlVisitor.js') as { SerializedMmlVisitor: new () => Visitor };
  const { RegisterHTMLHandler } = require('mathjax-full/js/handlers/html.js') as { RegisterHTMLHandler: (a: unknown) => void };
  const { TeX } = require('mathjax-full/js/input/tex.js') as { TeX: new (o: object) => never };
  const { AllPackages } = require('mathjax-full/js/input/tex/AllPackages.js') as { AllPackages: string[] };
  const { mathjax } = require('mathjax-full/js/mathjax.js') as { mathjax: typeof MathJax };
  const { SVG } = require('mathjax-full/js/output/svg.js') as { SVG: new (o: object) => never };
  STATE_CONVERT = _state.CONVERT;
  const adaptor = liteAdaptor();
  RegisterHTMLHandler(adaptor);
  const packages = AllPackages.filter((p: string) => p !== 'bussproofs' && p !== 'require' && p !== 'autoload');
  const svg = mathjax.document('', { InputJax: new TeX({ packages }), OutputJax: new SVG({ fontCache: 'none' }) });
  const mml = mathjax.document('', { InputJax: new TeX({ packages }) });
  engine = { svg, mml, adaptor, visitor: new SerializedMmlVisitor() };
  return engine;
}

const cache = new Map<string, TypesetMath | string>();
let STATE_CONVERT = 0;

/** Typesets TeX; a string (MathJax's message) when the TeX has an error. */
export function typesetMath(tex: string, display: boolean): TypesetMath | string {
  const key = `${display ? 'D' : 'I'}${tex}`;
  const known = cache.get(key);
  if (known) return known;
  const e = load();
  let result: TypesetMath | string;
  try {
    const node = e.svg.convert(tex, { display });
    const svgNode = e.adaptor.firstChild(node) as Parameters<typeof e.adaptor.outerHTML>[0];
    const svg = e.adaptor.outerHTML(svgNode);
    const error = /data-mjx-error="([^"]*)"/.exec(svg);
    if (error) throw new Error(error[1]);
    const ex = (name: string) => Number(/^(-?[\d.]+)ex$/.exec(e.adaptor.getAttribute(svgNode as never, name) ?? '')?.[1] ?? 0);
    const style = e.adaptor.getAttribute(svgNode as never, 'style') ?? '';
    const depth = -Number(/vertical-align:\s*(-?[\d.]+)ex/.exec(style)?.[1] ?? 0);
    const mmlNode = e.mml.convert(tex, { display, end: STATE_CONVERT });
    const mathml = e.visitor.visitTree(mmlNode);
    result = { svg: svg.includes('xmlns=') ? svg : svg.replace(/^<svg /, '<svg xmlns="http://www.w3.org/2000/svg" '), width: ex('width'), height: ex('height') - depth, depth, mathml };
  } catch (err) {
    result = (err as Error).message || 'TeX error';
  }
  if (cache.size > 5000) cache.clear();
  cache.set(key, result);
  return result;
}

/** Every math node of resolved blocks typeset in place; TeX with an error is warned at its line and printed as written. */
export function typesetBlocks(blocks: Block[], file: string, diags: Diagnostics): void {
  const inline = (ns: Inline[]) => {
    for (const n of ns) {
      if (n.type === 'math') {
        const r = typesetMath(n.tex, false);
        if (typeof r === 'string') diags.warn(file, n.line, 1, 'analyse:math', `TeX '${n.tex.slice(0, 40)}' cannot be typeset (${r}); it is printed as written`);
        else n.typeset = r;
      } else if ('children' in n) inline(n.children);
    }
  };
  for (const b of walkBlocks(blocks)) {
    if (b.type === 'math') {
      const r = typesetMath(b.tex, true);
      if (typeof r === 'string') diags.warn(file, b.pos.line, 1, 'analyse:math', `TeX block cannot be typeset (${r}); it is printed as written`);
      else b.typeset = r;
    }
    for (const run of ownInlines(b)) inline(run);
  }
}
