// The EPUB of the features fixture (notes, boxes, figures, math, code, styled text, task lists, links inside the pack), and the SVG and MathML it packs.
import fs from 'node:fs';
import path from 'node:path';
import * as fontkit from 'fontkit';
import { DomUtils, parseDocument } from 'htmlparser2';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../src/model/types.js';
import { build, type BuildResult } from '../src/pipeline.js';
import { mathmlMarkup } from '../src/render/epub/mathml.js';
import { sanitiseSvg } from '../src/render/epub/svg.js';
import { runAce } from './helpers/ace.js';
import { FIXTURES, tempDir } from './helpers/corpus.js';
import { epubcheck } from './helpers/tools.js';

type Doc = ReturnType<typeof parseDocument>;
type El = ReturnType<typeof DomUtils.findAll>[number];

const CORPUS = path.join(FIXTURES, 'features');
let out: string;
let result: BuildResult;
let zip: JSZip;
/** Every XHTML document of the book: name inside OEBPS → source and parsed tree. */
const docs = new Map<string, { xhtml: string; dom: Doc }>();

const elements = (dom: Doc | El, test: (e: El) => boolean) => DomUtils.findAll(test, 'children' in dom ? dom.children : []);
const byAttr = (dom: Doc | El, name: string, value?: string) => elements(dom, (e) => (value === undefined ? name in e.attribs : e.attribs[name] === value));
const ids = (dom: Doc) => new Set(byAttr(dom, 'id').map((e) => e.attribs.id!));
const text = (e: El | El[]) => DomUtils.textContent(e);
const file = (name: string) => zip.file(`OEBPS/${name}`)!;

beforeAll(async () => {
  out = tempDir('studypack-epub-features-');
  result = await build({ corpus: CORPUS, out, outputs: ['epub'] });
  zip = await JSZip.loadAsync(fs.readFileSync(result.outputs[0]!.file));
  for (const name of Object.keys(zip.files).filter((n) => n.startsWith('OEBPS/') && n.endsWith('.xhtml'))) {
    const xhtml = await zip.file(name)!.async('string');
    docs.set(name.slice('OEBPS/'.length), { xhtml, dom: parseDocument(xhtml, { xmlMode: true }) });
  }
}, 120_000);
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const doc = (prefix: string) => [...docs.entries()].find(([n]) => n.startsWith(prefix))![1];

describe('the features EPUB', () => {
  it('builds without errors and passes epubcheck with 0 fatals, 0 errors, 0 warnings', () => {
    expect(result.diagnostics.items.filter((d) => d.severity === 'error')).toEqual([]);
    const report = epubcheck(result.outputs[0]!.file);
    expect(report.messages).toEqual([]);
    expect(report).toMatchObject({ fatals: 0, errors: 0, warnings: 0 });
  }, 120_000);

  it('Ace by DAISY finds no violation', () => {
    const report = runAce(result.outputs[0]!.file);
    expect(report.violations).toEqual([]);
    expect(report.outcome).toBe('pass');
  }, 300_000);

  it('links each note reference to an aside with epub:type footnote in the same document, which links back', () => {
    let refs = 0;
    for (const [name, { dom }] of docs) {
      for (const a of elements(dom, (e) => e.name === 'a' && e.attribs['epub:type'] === 'noteref')) {
        refs++;
        expect(a.attribs.role, name).toBe('doc-noteref');
        expect(a.attribs.href, name).toMatch(/^#fn-\d+$/);
        const [aside] = byAttr(dom, 'id', a.attribs.href!.slice(1));
        expect(aside?.name, a.attribs.href).toBe('aside');
        expect(aside!.attribs).toMatchObject({ 'epub:type': 'footnote', role: 'doc-footnote' });
        const back = elements(aside!, (e) => e.attribs.role === 'doc-backlink');
        expect(back.length).toBe(1);
        expect(byAttr(dom, 'id', back[0]!.attribs.href!.slice(1))[0]?.attribs['epub:type']).toBe('noteref');
      }
    }
    expect(refs).toBe(2);
    const notes = elements(doc('01-').dom, (e) => e.name === 'aside');
    expect(notes.map((n) => text(n).trim().replace(/^\d+/, ''))).toEqual(['每周四晚上七点，在图书馆二楼。这条脚注有两行。', '这是一条内联脚注，写在正文里。']);
    // The notes come after the body and before the questions.
    const x = doc('01-').xhtml;
    expect(x.indexOf('id="fn-1"')).toBeGreaterThan(x.indexOf('id="fnref-2"'));
    expect(x.indexOf('id="fn-2"')).toBeLessThan(x.indexOf('id="questions"'));
  });

  it('sets containers and alerts as labelled boxes, details as details, center as a centred block', () => {
    const { dom } = doc('01-');
    const boxes = elements(dom, (e) => e.name === 'div' && /\bbox\b/.test(e.attribs.class ?? ''));
    expect(boxes.map((b) => [b.attribs.class, b.attribs.role, text(elements(b, (e) => e.attribs.class === 'box-label'))])).toEqual([
      ['box box-tip', 'note', '读前准备'],
      ['box box-warning', 'note', '警告'],
      ['box box-note', 'note', '注意'],
    ]);
    for (const b of boxes) expect(byAttr(b, 'id', b.attribs['aria-labelledby'])).toHaveLength(1);
    const [details] = elements(dom, (e) => e.name === 'details');
    expect(text(elements(details!, (e) => e.name === 'summary'))).toBe('点击展开：参考答案');
    expect(text(details!)).toContain('答案藏在这里');
    expect(text(elements(dom, (e) => e.attribs.class === 'center'))).toContain('这一行居中。');
  });

  it('packs every local image of the fixture (WebP as PNG, SVG sanitised) and sets each in a figure with its caption', async () => {
    const packed = Object.keys(zip.files).filter((n) => n.startsWith('OEBPS/images/') && !n.endsWith('/cover.png'));
    const count = (ext: string) => packed.filter((n) => n.endsWith(ext)).length;
    expect({ png: count('.png'), gif: count('.gif'), svg: count('.svg'), webp: count('.webp'), all: packed.length }).toEqual({ png: 2, gif: 1, svg: 1, webp: 0, all: 4 });
    const { dom } = doc('01-');
    const figures = elements(dom, (e) => e.name === 'figure');
    expect(figures.map((f) => [elements(f, (e) => e.name === 'img')[0]?.attribs.alt, text(elements(f, (e) => e.name === 'figcaption'))])).toEqual([
      ['柱状图', '图 1 三年的增长'],
      ['', '图 2 一张照片的图题写在下一行'],
      ['动图的第一帧', '动图的第一帧'],
      ['一片叶子', '一片叶子'],
    ]);
    const srcs = new Set([...docs.values()].flatMap(({ dom: d }) => elements(d, (e) => e.name === 'img').map((e) => `OEBPS/${e.attribs.src}`)));
    for (const p of packed) expect(srcs, p).toContain(p);
    const opf = await file('content.opf').async('string');
    for (const p of packed) expect(opf).toMatch(new RegExp(`href="${p.slice('OEBPS/'.length)}" media-type="image/(png|gif|svg\\+xml)"`));
    // The WebP converted: real PNG bytes.
    const pngs = await Promise.all(packed.filter((n) => n.endsWith('.png')).map((n) => zip.file(n)!.async('nodebuffer')));
    for (const b of pngs) expect(b.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  });

  it('packs the SVG without script, handlers or external references, its shapes kept', async () => {
    const svg = await zip.file(Object.keys(zip.files).find((n) => n.endsWith('.svg'))!)!.async('string');
    expect(svg).not.toMatch(/<script/i);
    expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
    expect(svg).not.toMatch(/href\s*=\s*"(?!#)/i);
    expect(svg).not.toContain('example.com');
    expect(svg.match(/<rect /g)).toHaveLength(3);
    expect(svg).toContain('>增长</text>');
  });

  it('sets math as MathML with its TeX as alttext, and the manifest says which documents hold MathML', async () => {
    const { dom, xhtml } = doc('02-');
    const maths = elements(dom, (e) => e.name === 'math');
    expect(maths.map((m) => [m.attribs.xmlns, m.attribs.alttext, m.attribs.display])).toEqual([
      ['http://www.w3.org/1998/Math/MathML', 'E=mc^2', undefined],
      ['http://www.w3.org/1998/Math/MathML', '\\int_0^1 x^2\\,dx = \\frac{1}{3}', 'block'],
    ]);
    expect(xhtml).not.toContain('data-mjx');
    const opf = await file('content.opf').async('string');
    expect(opf).toMatch(/<item id="doc-02-code-and-math" href="02-code-and-math.xhtml" media-type="application\/xhtml\+xml" properties="mathml" \/>/);
    expect(opf).toMatch(/<item id="doc-01-boxes-and-notes" href="01-boxes-and-notes.xhtml" media-type="application\/xhtml\+xml" \/>/);
  });

  it('sets code as token spans in the embedded mono face, its Chinese in the sans', async () => {
    const { dom } = doc('02-');
    const codes = elements(dom, (e) => e.name === 'code' && /^language-/.test(e.attribs.class ?? ''));
    expect(codes.map((c) => c.attribs.class)).toEqual(['language-js', 'language-python', 'language-bash', 'language-json']);
    const js = codes[0]!;
    expect(elements(js, (e) => e.attribs.class === 'tok-keyword').map(text)).toEqual(['function', 'const', 'return']);
    const source = result.book!.articles[1]!.blocks.find((b): b is Extract<Block, { type: 'code' }> => b.type === 'code')!;
    expect(text(js)).toBe(source.value);
    const opf = await file('content.opf').async('string');
    expect(opf).toContain('href="fonts/mono.ttf" media-type="font/ttf"');
    const css = await file('style.css').async('string');
    expect(css).toContain('font-family: "JetBrains Mono";');
    expect(css).toMatch(/code, pre, kbd \{ font-family: "JetBrains Mono", "Noto Sans SC", "PingFang SC", [^;]*, monospace;/);
    const font = async (n: string) => fontkit.create(await file(`fonts/${n}.ttf`).async('nodebuffer')) as fontkit.Font;
    const mono = await font('mono');
    const sans = await font('sans');
    const code = codes.map(text).join('') + text(elements(dom, (e) => e.name === 'code' && !e.attribs.class));
    const missing = (f: fontkit.Font, s: string) => [...new Set(s)].filter((c) => c.trim() && !f.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(missing(mono, code.replace(/[^\x20-\x7e]/g, ''))).toEqual([]);
    expect(missing(sans, code.replace(/[\x00-\x7f]/g, ''))).toEqual([]);
  });

  it('marks English phrases with lang="en" but never inside code or keys', () => {
    let runs = 0;
    for (const { dom } of docs.values()) {
      runs += elements(dom, (e) => e.attribs.lang === 'en').length;
      const code = elements(dom, (e) => e.name === 'code' || e.name === 'pre' || e.name === 'kbd');
      expect(code.flatMap((c) => elements(c, (e) => 'lang' in e.attribs))).toEqual([]);
    }
    expect(runs).toBeGreaterThan(0);
  });

  it('every face holds the characters set in it: notes, box labels, captions', async () => {
    const font = async (n: string) => fontkit.create(await file(`fonts/${n}.ttf`).async('nodebuffer')) as fontkit.Font;
    const missing = (f: fontkit.Font, s: string) => [...new Set(s)].filter((c) => c.trim() && !f.hasGlyphForCodePoint(c.codePointAt(0)!));
    const { dom } = doc('01-');
    expect(missing(await font('serif'), text(elements(dom, (e) => e.name === 'aside')))).toEqual([]);
    expect(missing(await font('sansBold'), text(elements(dom, (e) => /box-label/.test(e.attribs.class ?? ''))))).toEqual([]);
    // (The back link's label is its title: a tooltip, which the reader draws in its own face.)
    expect(missing(await font('sans'), text(elements(dom, (e) => e.name === 'figcaption')))).toEqual([]);
  });

  it('sets styled text as its HTML elements and task items with a labelled tick box', () => {
    const { dom } = doc('01-');
    const tag = (t: string) => elements(dom, (e) => e.name === t).map(text);
    expect({ sup: tag('sup'), sub: tag('sub'), kbd: tag('kbd'), mark: tag('mark'), del: tag('del'), ins: tag('ins') }).toEqual({
      sup: ['2'],
      sub: ['2'],
      kbd: ['Ctrl', 'C'],
      mark: ['高亮'],
      del: ['删除线'],
      ins: ['下划线'],
    });
    const tasks = elements(dom, (e) => e.name === 'li' && /\btask\b/.test(e.attribs.class ?? ''));
    expect(tasks.map((li) => [li.attribs.class, elements(li, (e) => e.attribs.class === 'task-box')[0]?.attribs['aria-label']])).toEqual([
      ['task task-done', '已完成'],
      ['task task-open', '未完成'],
    ]);
    expect(elements(dom, (e) => e.name === 'input')).toEqual([]);
    // The nested lists stay nested.
    expect(elements(tasks[1]!, (e) => e.name === 'ul')).toHaveLength(2);
  });

  it('leaves no Markdown or HTML source showing in any document', () => {
    for (const [name, { xhtml, dom }] of docs) {
      const t = text(dom.children as El[]);
      for (const s of [':::', '[^', '[!NOTE]', '{{', '<br', '<sup', '$$']) expect(t, `${name}: ${s}`).not.toContain(s);
      expect(xhtml, name).not.toContain('&lt;br');
    }
  });

  it('links inside the pack land on an existing id of an existing document', () => {
    let internal = 0;
    for (const [name, { dom }] of docs) {
      for (const a of elements(dom, (e) => e.name === 'a' && 'href' in e.attribs)) {
        const href = a.attribs.href!;
        if (/^(https?:|mailto:)/.test(href)) continue;
        internal++;
        const [target, id] = href.split('#') as [string, string | undefined];
        const to = target ? docs.get(target) : docs.get(name);
        expect(to, `${name} → ${href}`).toBeDefined();
        if (id) expect(ids(to!.dom), `${name} → ${href}`).toContain(id);
      }
    }
    expect(internal).toBeGreaterThan(0);
    const links = elements(doc('01-').dom, (e) => e.name === 'a' && !e.attribs.class);
    expect(links.map((a) => [text(a), a.attribs.href])).toEqual([
      ['下一篇的代码一节', `02-code-and-math.xhtml#${(result.book!.articles[1]!.blocks[0] as Extract<Block, { type: 'heading' }>).id}`],
      ['提示框', '#sec-89abadac'],
    ]);
    expect(elements(doc('02-').dom, (e) => e.name === 'a').map((a) => a.attribs.href)).toContain('01-boxes-and-notes.xhtml');
  });
});

describe('sanitiseSvg', () => {
  const hostile = `<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY x "boom">]>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10" onload="alert(1)">
  <script type="text/javascript"><![CDATA[alert('x')]]></script>
  <defs><linearGradient id="g"><stop offset="0" stop-color="#000"/></linearGradient></defs>
  <style>@import url(https://evil.example/x.css); rect { fill: red }</style>
  <style>.ok { fill: url(#g) }</style>
  <rect width="5" height="5" fill="url(#g)" onclick="steal()" ONMOUSEOVER="x()"/>
  <rect width="5" height="5" fill="url(https://evil.example/p.svg#g)"/>
  <circle cx="5" cy="5" r="2" style="fill: url('http://evil.example/a#b')"/>
  <a xlink:href="javascript:alert(1)"><text x="1" y="9">a &amp; b &lt; c</text></a>
  <a href="#g"><path d="M0 0L10 10"/></a>
  <image href="https://evil.example/remote.png" width="1" height="1"/>
  <image xlink:href="data:image/png;base64,AAAA" width="1" height="1"/>
  <use href="http://evil.example/s.svg#x"/>
  <use xlink:href="#g"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
  <set attributeName="href" to="javascript:alert(1)"/>
  <animate attributeName="opacity" from="0" to="1" dur="1s"/>
</svg>`;

  it('removes scripts, handlers and every reference leaving the image, and keeps the drawing', () => {
    const svg = sanitiseSvg(hostile)!;
    expect(svg).not.toMatch(/script|alert|steal|<foreignObject|<iframe|evil\.example|javascript:|@import|data:|DOCTYPE|ENTITY/i);
    expect(svg).not.toMatch(/\son[a-z]+\s*=/i);
    expect([...svg.matchAll(/href="([^"]*)"/g)].map((m) => m[1])).toEqual(['#g', '#g']);
    expect(svg.match(/<rect /g)).toHaveLength(2);
    expect(svg).toContain('<linearGradient id="g">');
    expect(svg).toContain('viewBox="0 0 10 10"');
    expect(svg).toContain('<style>.ok { fill: url(#g) }</style>');
    expect(svg).toContain('<text x="1" y="9">a &amp; b &lt; c</text>');
    expect(svg).toContain('<path d="M0 0L10 10"/>');
    expect(svg).toContain('<animate attributeName="opacity"');
    expect(svg).not.toContain('<image');
    expect(svg).not.toContain('<set ');
    // Well-formed: it parses back to the same text.
    expect(sanitiseSvg(svg)).toBe(svg);
  });

  it('adds the SVG namespace when missing, and refuses what is not an SVG document', () => {
    expect(sanitiseSvg('<svg width="1"><rect/></svg>')).toContain('<svg width="1" xmlns="http://www.w3.org/2000/svg"><rect/></svg>');
    expect(sanitiseSvg('<html><body/></html>')).toBeNull();
    expect(sanitiseSvg('<svg/><svg/>')).toBeNull();
    expect(sanitiseSvg('not xml at all')).toBeNull();
  });
});

describe('mathmlMarkup', () => {
  it('rebuilds MathML from its tree, with the TeX as alttext and no MathJax data attributes', () => {
    const m = mathmlMarkup('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block">\n  <mo data-mjx-texclass="OP">&#x222B;</mo>\n  <mi>x</mi>\n</math>', 'a<b & "c"');
    expect(m).toBe('<math xmlns="http://www.w3.org/1998/Math/MathML" display="block" alttext="a&lt;b &amp; &quot;c&quot;"><mo>∫</mo><mi>x</mi></math>');
  });

  it('refuses anything but one math element', () => {
    expect(mathmlMarkup('<svg/>', 'x')).toBeNull();
    expect(mathmlMarkup('<math/><math/>', 'x')).toBeNull();
    expect(mathmlMarkup('text <math/>', 'x')).toBeNull();
    expect(mathmlMarkup('<math xmlns="http://example.com/"/>', 'x')).toBeNull();
    expect(mathmlMarkup('<math><mi onclick="x()" href="https://e.example">x</mi></math>', 'x')).toBe('<math xmlns="http://www.w3.org/1998/Math/MathML" alttext="x"><mi>x</mi></math>');
  });
});
