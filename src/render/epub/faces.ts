/** Which embedded face each character of the finished EPUB may be set in: the stylesheet's font rules applied to the parsed XHTML documents. */
import { Parser } from 'htmlparser2';
import type { FaceName } from '../../fonts/catalog.js';

/** A face the EPUB embeds, as its @font-face rule declares it. */
export interface EmbeddedFace {
  name: FaceName;
  family: string;
  weight: number;
}

/** The properties that decide which face sets a character, or add characters of their own. */
const FONT_PROPS = new Set(['font-family', 'font-weight']);
const EMPHASIS_PROPS = new Set([
  'text-emphasis',
  'text-emphasis-style',
  '-webkit-text-emphasis',
  '-webkit-text-emphasis-style',
  '-epub-text-emphasis',
  '-epub-text-emphasis-style',
]);
const RELEVANT = new Set([...FONT_PROPS, ...EMPHASIS_PROPS, 'content', 'quotes', 'font']);

interface Decl {
  prop: string;
  value: string;
  important: boolean;
}

interface Compound {
  tag?: string;
  classes: string[];
  ids: string[];
  attrs: { name: string; op?: string; value?: string }[];
}

/** A selector: compounds from left to right, each with the combinator that joins it to the one before it. */
interface Selector {
  parts: { compound: Compound; combinator: ' ' | '>' }[];
  pseudo?: 'before' | 'after';
  specificity: number;
}

interface Rule {
  selectors: Selector[];
  decls: Decl[];
  order: number;
  /** Inside @supports or @media: applies on some readers only. */
  conditional: boolean;
  /** The browser's own stylesheet (lowest in the cascade). */
  ua: boolean;
}

/** The parts of htmlparser2's DOM read here. */
interface Node {
  type: string;
  name?: string;
  data?: string;
  attribs?: Record<string, string>;
  children?: Node[];
  parent?: Node | null;
}
type Element = Node & { name: string; attribs: Record<string, string>; children: Node[] };
const isElement = (n: Node): n is Element => (n.type === 'tag' || n.type === 'script' || n.type === 'style') && typeof n.name === 'string';

/**
 * What browsers set before any book stylesheet, as far as faces go (WHATWG rendering, Chromium's html.css):
 * bold headings, strong and table heads, monospace code, MathML in the math family.
 */
const UA_CSS = `
h1, h2, h3, h4, h5, h6, b, strong, th { font-weight: bold; }
code, kbd, pre, samp, tt { font-family: monospace; }
math { font-family: math; }
`;

/** Characters a face never needs a glyph for (line ends, tabs). */
const CONTROL = /[\u0000-\u001f\u007f]/g;

/** Text with CSS comments removed (strings kept as they are). */
function stripComments(css: string): string {
  let out = '';
  for (let i = 0; i < css.length; ) {
    const c = css[i]!;
    if (c === '"' || c === "'") {
      const end = stringEnd(css, i);
      out += css.slice(i, end);
      i = end;
    } else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      i = end < 0 ? css.length : end + 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** The index just past the quoted string that starts at `i`. */
function stringEnd(s: string, i: number): number {
  const q = s[i];
  let j = i + 1;
  while (j < s.length && s[j] !== q) j += s[j] === '\\' ? 2 : 1;
  return Math.min(j + 1, s.length);
}

/** Splits `s` at `sep` where it stands outside strings, parentheses and brackets. */
function splitTop(s: string, sep: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '"' || c === "'") i = stringEnd(s, i) - 1;
    else if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === sep && depth === 0) {
      out.push(s.slice(start, i));
      start = i + 1;
    }
  }
  out.push(s.slice(start));
  return out;
}

/** The stylesheet's top-level statements: `prelude { body }` blocks and `prelude;` statements. */
function statements(css: string): { prelude: string; body?: string }[] {
  const out: { prelude: string; body?: string }[] = [];
  let depth = 0;
  let start = 0;
  let bodyStart = 0;
  for (let i = 0; i < css.length; i++) {
    const c = css[i]!;
    if (c === '"' || c === "'") i = stringEnd(css, i) - 1;
    else if (c === '{') {
      if (depth++ === 0) bodyStart = i + 1;
    } else if (c === '}') {
      if (--depth === 0) {
        out.push({ prelude: css.slice(start, bodyStart - 1).trim(), body: css.slice(bodyStart, i) });
        start = i + 1;
      }
    } else if (c === ';' && depth === 0) {
      out.push({ prelude: css.slice(start, i).trim() });
      start = i + 1;
    }
  }
  return out;
}

function declarations(body: string): Decl[] {
  return splitTop(body, ';').flatMap((d) => {
    const colon = d.indexOf(':');
    if (colon < 0) return [];
    const prop = d.slice(0, colon).trim().toLowerCase();
    let value = d.slice(colon + 1).trim();
    const important = /!\s*important\s*$/i.test(value);
    if (important) value = value.replace(/!\s*important\s*$/i, '').trim();
    return prop && value ? [{ prop, value, important }] : [];
  });
}

const IDENT = String.raw`-?[_a-zA-Z\u00a0-\uffff][-_a-zA-Z0-9\u00a0-\uffff]*`;
const TOKEN = new RegExp(
  String.raw`^(?:(\s*>\s*)|(\s+)|(\*)|(${IDENT})|\.(${IDENT})|#(${IDENT})|\[\s*(${IDENT})\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|(${IDENT})))?\s*\]|::?(before|after)\b)`,
);

/** A selector as this module matches it; a selector it cannot match exactly (other combinators, pseudo-classes) is an error. */
function parseSelector(text: string): Selector {
  const parts: Selector['parts'] = [];
  let compound: Compound | null = null;
  let combinator: ' ' | '>' = ' ';
  let pseudo: Selector['pseudo'];
  let [ids, classes, tags] = [0, 0, 0];
  let rest = text.trim();
  const current = () => (compound ??= { classes: [], ids: [], attrs: [] });
  while (rest) {
    const m = TOKEN.exec(rest);
    if (!m || pseudo) throw new Error(`EPUB stylesheet: the font subsetter cannot match the selector '${text}' (src/render/epub/faces.ts)`);
    rest = rest.slice(m[0].length);
    if (m[1] || m[2]) {
      if (compound) parts.push({ compound, combinator });
      compound = null;
      combinator = m[1] ? '>' : ' ';
    } else if (m[3]) current();
    else if (m[4]) {
      current().tag = m[4].toLowerCase();
      tags++;
    } else if (m[5]) {
      current().classes.push(m[5]);
      classes++;
    } else if (m[6]) {
      current().ids.push(m[6]);
      ids++;
    } else if (m[7]) {
      current().attrs.push({ name: m[7], op: m[8], value: m[9] ?? m[10] ?? m[11] });
      classes++;
    } else if (m[12]) {
      pseudo = m[12] as 'before' | 'after';
      tags++;
    }
  }
  if (compound) parts.push({ compound, combinator });
  if (parts.length === 0) throw new Error(`EPUB stylesheet: empty selector in '${text}'`);
  return { parts, ...(pseudo ? { pseudo } : {}), specificity: ids * 1e6 + classes * 1e3 + tags };
}

/** The rules of a stylesheet that bear on faces; @supports and @media blocks give conditional rules. */
function parseRules(css: string, ua: boolean, counter: { order: number }, conditional = false): Rule[] {
  const rules: Rule[] = [];
  for (const st of statements(stripComments(css))) {
    if (st.body === undefined) continue;
    if (st.prelude.startsWith('@')) {
      const name = /^@([-\w]+)/.exec(st.prelude)?.[1]?.toLowerCase() ?? '';
      if (name === 'supports' || name === 'media' || name === 'layer' || name === 'container') rules.push(...parseRules(st.body, ua, counter, true));
      continue;
    }
    const decls = declarations(st.body).filter((d) => RELEVANT.has(d.prop));
    if (decls.length === 0) continue;
    const font = decls.find((d) => d.prop === 'font');
    if (font) throw new Error(`EPUB stylesheet: the 'font' shorthand (in '${st.prelude}') is not read by the font subsetter; set font-family and font-weight`);
    rules.push({ selectors: splitTop(st.prelude, ',').map(parseSelector), decls, order: counter.order++, conditional, ua });
  }
  return rules;
}

/** Each element's classes, split once. */
const classCache = new WeakMap<Element, string[]>();

function matchesCompound(el: Element, c: Compound): boolean {
  if (c.tag && el.name.toLowerCase() !== c.tag) return false;
  let cls = classCache.get(el);
  if (!cls) classCache.set(el, (cls = (el.attribs.class ?? '').split(/\s+/)));
  if (!c.classes.every((x) => cls.includes(x))) return false;
  if (!c.ids.every((x) => el.attribs.id === x)) return false;
  return c.attrs.every((a) => {
    const v = el.attribs[a.name];
    if (v === undefined) return false;
    const want = a.value ?? '';
    switch (a.op) {
      case undefined:
        return true;
      case '=':
        return v === want;
      case '~=':
        return v.split(/\s+/).includes(want);
      case '|=':
        return v === want || v.startsWith(`${want}-`);
      case '^=':
        return want !== '' && v.startsWith(want);
      case '$=':
        return want !== '' && v.endsWith(want);
      default:
        return want !== '' && v.includes(want);
    }
  });
}

const parentElement = (el: Node): Element | null => {
  const p = el.parent;
  return p && isElement(p) ? p : null;
};

function matches(el: Element, sel: Selector, i = sel.parts.length - 1): boolean {
  const part = sel.parts[i]!;
  if (!matchesCompound(el, part.compound)) return false;
  if (i === 0) return true;
  if (part.combinator === '>') {
    const p = parentElement(el);
    return !!p && matches(p, sel, i - 1);
  }
  for (let p = parentElement(el); p; p = parentElement(p)) if (matches(p, sel, i - 1)) return true;
  return false;
}

/** An element's computed style, as far as faces go. */
interface Style {
  /** The font-family list; null: the reader's default. */
  family: string[] | null;
  weight: number;
  /** Emphasis marks by property (each engine reads its own). */
  emphasis: Record<string, string>;
  quotes: string;
}

const ROOT_STYLE: Style = { family: null, weight: 400, emphasis: {}, quotes: '\u201c\u201d\u2018\u2019' };

function familyList(value: string): string[] {
  return splitTop(value, ',').map((f) => f.trim().replace(/^(["'])(.*)\1$/, '$2').toLowerCase()).filter(Boolean);
}

function weightOf(value: string, parent: number): number {
  const v = value.toLowerCase();
  if (v === 'normal') return 400;
  if (v === 'bold') return 700;
  if (v === 'bolder') return parent < 350 ? 400 : parent < 550 ? 700 : 900;
  if (v === 'lighter') return parent < 550 ? 100 : parent < 750 ? 400 : 700;
  const n = Number(v);
  return Number.isFinite(n) ? n : parent;
}

/** Decodes a CSS string's escapes (`\2022`, `\"`). */
function cssString(s: string): string {
  return s.slice(1, -1).replace(/\\([0-9a-fA-F]{1,6})\s?|\\([\s\S])/g, (_, hex: string | undefined, ch: string | undefined) => (hex ? String.fromCodePoint(parseInt(hex, 16)) : ch === '\n' ? '' : (ch ?? '')));
}

/** The mark an emphasis style draws (CSS Text Decoration 3 § 3.1); a shape alone is filled, a fill alone a dot (sesame in vertical text). */
function emphasisMark(value: string): string {
  const v = value.trim();
  const str = /^("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')/.exec(v);
  if (str) return [...cssString(str[1]!)][0] ?? '';
  const words = v.toLowerCase().split(/\s+/);
  if (words.includes('none')) return '';
  const open = words.includes('open');
  const shapes: Record<string, [string, string]> = {
    dot: ['\u2022', '\u25e6'],
    circle: ['\u25cf', '\u25cb'],
    'double-circle': ['\u25c9', '\u25ce'],
    triangle: ['\u25b2', '\u25b3'],
    sesame: ['\ufe45', '\ufe46'],
  };
  const shape = words.find((w) => w in shapes);
  if (shape) return shapes[shape]![open ? 1 : 0];
  if (open || words.includes('filled')) return open ? '\u25e6\ufe46' : '\u2022\ufe45';
  return '';
}

/** The property whose emphasis value a declaration sets (the shorthand and its `-style` longhand are one value here). */
const emphasisKey = (prop: string) => prop.replace(/-style$/, '');

/**
 * In a watch session (rememberDocuments): the last call's documents, by their text, with the text each gave
 * each face, and the stylesheet and faces they were read with. Off in a one-off build, which reads each once.
 */
let lastCall: { context: string; docs: Map<string, Record<string, string>> } | null = null;
let remembering = false;

/** Keeps each document's characters by face from one call to the next (watch mode: most documents come back unchanged). */
export function rememberDocuments(): void {
  remembering = true;
}

/**
 * The characters each embedded face may have to draw in the finished documents: every text node (and image alt
 * text, shown when an image cannot be) given to each face its element's font-family list and weight can reach,
 * with the emphasis marks its text draws and the text of `::before`/`::after` content. Safe rather than exact:
 * every embedded face in a family list gets the text (a character the first face has never reaches the next),
 * and rules in @supports or @media blocks are taken both as applying and as not.
 */
export function faceCharacters(documents: readonly string[], css: string, faces: readonly EmbeddedFace[]): Record<FaceName, Set<string>> {
  const counter = { order: 0 };
  const rules = [...parseRules(UA_CSS, true, counter), ...parseRules(css, false, counter)];
  /** Each face's text, gathered as strings (made sets at the end). */
  const text = Object.fromEntries(faces.map((f) => [f.name, ''])) as Record<FaceName, string>;
  const byFamily = new Map<string, EmbeddedFace[]>();
  for (const f of faces) byFamily.set(f.family.toLowerCase(), [...(byFamily.get(f.family.toLowerCase()) ?? []), f]);

  /** The face of a family that CSS font matching picks for a weight (CSS Fonts 4 § 5.2). */
  const pick = (list: EmbeddedFace[], w: number): EmbeddedFace => {
    const exact = list.find((f) => f.weight === w);
    if (exact) return exact;
    const below = list.filter((f) => f.weight < w).sort((a, b) => b.weight - a.weight);
    const above = list.filter((f) => f.weight > w).sort((a, b) => a.weight - b.weight);
    return (w <= 500 ? [...below, ...above] : [...above, ...below])[0]!;
  };
  const facesOf = (s: Style, fallback: Style | null): EmbeddedFace[] => {
    const found = (s.family ?? []).flatMap((f) => {
      const list = byFamily.get(f);
      return list ? [pick(list, s.weight)] : [];
    });
    // A family list with none of the book's faces: the reader's default, which the book sets as the root's.
    if (found.length === 0 && fallback && fallback !== s) return facesOf({ ...fallback, weight: s.weight }, null);
    return found;
  };

  // Without conditional rules there is one cascade; with them, a second with them applying.
  const variants = (rules.some((r) => r.conditional) ? [false, true] : [false]).map((conditional) => cascader(rules.filter((r) => conditional || !r.conditional)));
  /** Styles interned by value, each with the faces it reaches and the marks it draws. */
  const interned = new Map<string, Style>();
  const known = new Map<Style, { faces: EmbeddedFace[]; marks: string }>();
  const internedSet = new Set<Style>();
  const intern = (st: Style): Style => {
    // Most elements take their parent's style as it is (apply returns it): already interned.
    if (internedSet.has(st)) return st;
    const key = JSON.stringify([st.family, st.weight, st.emphasis, st.quotes]);
    let s0 = interned.get(key);
    if (!s0) {
      interned.set(key, (s0 = st));
      internedSet.add(st);
    }
    return s0;
  };

  // A document read before with the same stylesheet and faces (a watch session's unchanged articles) gives
  // what it gave then: its characters by face are kept from the last call, not read again.
  const context = `${css}\u0000${faces.map((f) => `${f.name}:${f.family}:${f.weight}`).join(',')}`;
  const before = lastCall?.context === context ? lastCall.docs : new Map<string, Record<string, string>>();
  const now = new Map<string, Record<string, string>>();
  lastCall = remembering ? { context, docs: now } : null;
  // Each document is read as a stream (no tree: a document may be megabytes), with the open elements on a stack.
  for (const doc of documents) {
    // Outside a watch session nothing is kept: no document (megabytes, some) is hashed for a lookup.
    const kept = remembering ? (before.get(doc) ?? now.get(doc)) : undefined;
    if (kept) {
      for (const f of faces) text[f.name] += kept[f.name] ?? '';
      now.set(doc, kept);
      continue;
    }
    // This document's text for each face, gathered on its own (never sliced out of the book's long strings).
    const mine = Object.fromEntries(faces.map((f) => [f.name, ''])) as Record<FaceName, string>;
    const stack: (Element & { styles: Style[] })[] = [];
    let rootStyles: Style[] | null = null;
    /** Inside head, script or style: no text drawn. */
    let hidden = 0;
    /** Text set in a style (of cascade variant `v`): to the faces it reaches, with its marks. */
    const addIn = (st: Style, v: number, data: string) => {
      if (!data) return;
      let k = known.get(st);
      if (!k) known.set(st, (k = { faces: facesOf(st, rootStyles?.[v] ?? null), marks: Object.values(st.emphasis).join('') }));
      // Marks are drawn over characters only (white space, an ideographic space too, gets none).
      const marks = data.trim() !== '' ? k.marks : '';
      for (const f of k.faces) mine[f.name] += data + marks;
    };
    const add = (styles: Style[], data: string) => styles.forEach((st, v) => addIn(st, v, data));
    const parser = new Parser(
      {
        onopentag(name, attribs) {
          const parent = stack[stack.length - 1];
          const el = { type: 'tag', name, attribs, children: [], parent: parent ?? null, styles: [] as Style[] };
          el.styles = variants.map((c, v) => intern(c.apply(c.cascade(el), parent ? parent.styles[v]! : ROOT_STYLE)));
          stack.push(el);
          rootStyles ??= el.styles;
          const lower = name.toLowerCase();
          if (hidden || lower === 'head' || lower === 'script' || lower === 'style') {
            hidden++;
            return;
          }
          if (attribs.alt) add(el.styles, attribs.alt);
          for (const pseudo of ['before', 'after'] as const)
            variants.forEach((c, v) => {
              if (!c.hasPseudo(pseudo)) return;
              const decls = c.cascade(el, pseudo);
              const content = decls.get('content');
              if (!content) return;
              const st = intern(c.apply(decls, el.styles[v]!));
              addIn(st, v, contentText(content.value, el, st));
            });
        },
        ontext(data) {
          const el = stack[stack.length - 1];
          if (el && !hidden) add(el.styles, data);
        },
        onclosetag() {
          stack.pop();
          if (hidden) hidden--;
        },
      },
      { xmlMode: true, decodeEntities: true, recognizeSelfClosing: true },
    );
    parser.write(doc);
    parser.end();
    for (const f of faces) text[f.name] += mine[f.name];
    if (remembering) now.set(doc, mine);
  }
  return Object.fromEntries(faces.map((f) => [f.name, new Set(text[f.name].replace(CONTROL, ''))])) as Record<FaceName, Set<string>>;
}

/** The cascade of a set of rules: each element's winning declarations (or its ::before's, ::after's), and the style they give. */
function cascader(active: readonly Rule[]) {
  // Selectors by the element they style (the element itself, its ::before, its ::after), and by what their last
  // compound needs (a tag name, else a class, else nothing): an element is matched against its candidates only.
  type Entry = { r: Rule; sel: Selector };
  const bySubject = { before: [] as Entry[], after: [] as Entry[] };
  const keyed = new Map<string, Entry[]>();
  for (const r of active)
    for (const sel of r.selectors) {
      const entry = { r, sel };
      if (sel.pseudo) {
        bySubject[sel.pseudo].push(entry);
        continue;
      }
      const last = sel.parts[sel.parts.length - 1]!.compound;
      const key = last.tag ? `t:${last.tag}` : last.classes[0] ? `c:${last.classes[0]}` : '*';
      keyed.set(key, [...(keyed.get(key) ?? []), entry]);
    }
  const candidates = (el: Element): Entry[] => {
    let cls = classCache.get(el);
    if (!cls) classCache.set(el, (cls = (el.attribs.class ?? '').split(/\s+/)));
    return [...(keyed.get('*') ?? []), ...(keyed.get(`t:${el.name.toLowerCase()}`) ?? []), ...cls.flatMap((c) => (c ? (keyed.get(`c:${c}`) ?? []) : []))];
  };
  return {
    hasPseudo: (pseudo: 'before' | 'after') => bySubject[pseudo].length > 0,
    /** Winning declarations of the rules matching `el` (its `pseudo` element when given), by property. */
    cascade(el: Element, pseudo?: 'before' | 'after'): Map<string, Decl> {
      const won = new Map<string, { decl: Decl; rank: number[] }>();
      for (const { r, sel } of pseudo ? bySubject[pseudo] : candidates(el)) {
        if (!matches(el, sel)) continue;
        for (const d of r.decls) {
          const rank = [d.important ? 1 : 0, r.ua ? 0 : 1, sel.specificity, r.order];
          const key = EMPHASIS_PROPS.has(d.prop) ? emphasisKey(d.prop) : d.prop;
          const prev = won.get(key);
          if (!prev || compareRank(rank, prev.rank) >= 0) won.set(key, { decl: d, rank });
        }
      }
      return new Map([...won].map(([k, v]) => [k, v.decl]));
    },
    /** The style the declarations give, inheriting the rest from `parent`. */
    apply(decls: Map<string, Decl>, parent: Style): Style {
      if (decls.size === 0) return parent;
      const s: Style = { ...parent, emphasis: { ...parent.emphasis } };
      for (const [key, d] of decls) {
        const inherit = d.value.toLowerCase() === 'inherit';
        const initial = /^(initial|unset|revert)$/i.test(d.value);
        if (key === 'font-family') s.family = inherit ? parent.family : initial ? null : familyList(d.value);
        else if (key === 'font-weight') s.weight = inherit ? parent.weight : initial ? 400 : weightOf(d.value, parent.weight);
        else if (key === 'quotes') s.quotes = inherit ? parent.quotes : [...d.value.matchAll(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g)].map((m) => cssString(m[0])).join('');
        else if (EMPHASIS_PROPS.has(d.prop)) s.emphasis[key] = inherit ? (parent.emphasis[key] ?? '') : initial ? '' : emphasisMark(d.value);
      }
      return s;
    },
  };
}

function compareRank(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The text a `content` value generates: its strings, attribute values, counters' digits and quotes. */
function contentText(value: string, el: Element, style: Style): string {
  let text = '';
  const re = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|attr\(\s*([-\w:]+)\s*\)|counters?\(|(?:no-)?(?:open|close)-quote/g;
  for (const m of value.matchAll(re)) {
    const t = m[0];
    if (t.startsWith('"') || t.startsWith("'")) text += cssString(t);
    else if (t.startsWith('attr')) text += el.attribs[m[1]!] ?? '';
    else if (t.startsWith('counter')) text += '0123456789-.';
    else if (!t.startsWith('no-')) text += style.quotes;
  }
  return text;
}
