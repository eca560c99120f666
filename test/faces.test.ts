// The EPUB's subset collector (src/render/epub/faces.ts) and its English runs (view.ts): which face may draw each character of the finished markup.
import { describe, expect, it } from 'vitest';
import { faceCharacters, rememberDocuments } from '../src/render/epub/faces.js';
import { latinRuns } from '../src/render/epub/view.js';

const FACES = [
  { name: 'serif' as const, family: 'Body', weight: 400 },
  { name: 'serifBold' as const, family: 'Body', weight: 700 },
  { name: 'sans' as const, family: 'Head', weight: 400 },
  { name: 'mono' as const, family: 'Code', weight: 400 },
];

const doc = (body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE html><html xmlns="http://www.w3.org/1999/xhtml" lang="zh-CN"><head><title>标题不画</title></head><body>${body}</body></html>`;

const chars = (set: Set<string>) => [...set].sort().join('');

describe('faceCharacters', () => {
  it('gives each face the text its elements may be set in, by the cascade', () => {
    const css = `
      @font-face { font-family: "Body"; src: url(x.ttf); }
      html { font-family: "Body", "Songti SC", serif; }
      h1, .label { font-family: "Head", sans-serif; }
      .label.plain { font-family: inherit; }
      strong { font-weight: 700; }
      #quiet strong { font-weight: normal; }
      code { font-family: "Code", "Head", monospace; }
      nav > ol a { font-weight: bold; }
    `;
    const out = faceCharacters(
      [doc('<h1>标</h1><p>正<strong>粗</strong><span class="label">签<span class="label plain">承</span></span><code>x码</code></p><div id="quiet"><strong>轻</strong></div><nav><ol><li><a>链</a></li></ol></nav>')],
      css,
      FACES,
    );
    expect(chars(out.serif)).toBe([...'正轻'].sort().join(''));
    expect(chars(out.serifBold)).toBe([...'粗链'].sort().join(''));
    // The heading: sans at weight 700, which the family lacks: its nearest face; the inherited label: the sans.
    expect(chars(out.sans)).toBe([...'标签承x码'].sort().join(''));
    expect(chars(out.mono)).toBe([...'x码'].sort().join(''));
  });

  it('takes @supports rules as applying and as not, adds emphasis marks and generated content, and never the head', () => {
    const css = `
      html { font-family: "Body"; }
      em { font-weight: 700; text-emphasis: filled dot; }
      @supports (text-emphasis-style: filled dot) { em { font-weight: inherit; } }
      .ref::before { content: "\\2192 " attr(data-n) "。"; font-family: "Head"; }
      .open { -webkit-text-emphasis-style: open sesame; }
    `;
    const out = faceCharacters([doc('<p>甲<em>乙</em><span class="ref" data-n="九"></span><span class="open">丙</span></p>')], css, FACES);
    expect(chars(out.serif)).toBe([...'甲乙丙•﹆'].sort().join(''));
    expect(chars(out.serifBold)).toBe([...'乙•'].sort().join(''));
    // (The space after a hex escape ends the escape: it is no character.)
    expect(chars(out.sans)).toBe([...'→九。'].sort().join(''));
  });

  it('refuses a selector it cannot match exactly, in a rule that sets a face', () => {
    expect(() => faceCharacters([doc('<p>甲</p>')], 'p + p { font-weight: 700; }', FACES)).toThrow(/cannot match the selector 'p \+ p'/);
    expect(() => faceCharacters([doc('<p>甲</p>')], 'p:first-child { font-family: "Head"; }', FACES)).toThrow(/cannot match/);
    expect(() => faceCharacters([doc('<p>甲</p>')], 'p { font: 700 1em "Head"; }', FACES)).toThrow(/'font' shorthand/);
    // Rules that set no face are not read.
    expect(chars(faceCharacters([doc('<p>甲</p>')], 'html { font-family: Body; } p + p:hover { color: red; }', FACES).serif)).toBe('甲');
  });
});

describe('latinRuns', () => {
  const runs = (s: string) => latinRuns({ type: 'text', value: s }).map((n) => ('children' in n ? `[${n.children[0]!.value}]` : n.value)).join('');

  it('marks Latin phrases of three letters or more, with their inner hyphens, apostrophes and full stops', () => {
    expect(runs('由 Anthropic CEO 达里奥说')).toBe('由 [Anthropic CEO] 达里奥说');
    expect(runs('AI 与 GPT-4o，和 U.S. 政策')).toBe('AI 与 [GPT-4o]，和 U.S. 政策');
    expect(runs("“don't panic”与 café au lait")).toBe("“[don't panic]”与 [café au lait]");
    // Full-width letters and Roman numerals are no English.
    expect(runs('ＡＢＣ 第Ⅲ章')).toBe('ＡＢＣ 第Ⅲ章');
  });

  it('keeps text offsets on the pieces', () => {
    const pieces = latinRuns({ type: 'text', value: '甲 Claude 乙', at: 10 });
    expect(pieces.map((n) => ('children' in n ? n.children[0]!.at : n.at))).toEqual([10, 12, 18]);
  });
});

describe('faceCharacters, called again (a watch session)', () => {
  rememberDocuments();
  const css = 'html { font-family: "Body"; } h1 { font-family: "Head"; } strong { font-weight: 700; }';
  const a = doc('<h1>题</h1><p>甲<strong>乙</strong></p>');
  const b = doc('<p>丙丁</p>');

  it('gives what a first call gives, for documents kept and documents new', () => {
    const first = faceCharacters([a, b], css, FACES);
    const again = faceCharacters([a, doc('<p>戊<strong>己</strong></p>')], css, FACES);
    expect(chars(first.serif)).toBe([...'甲丙丁'].sort().join(''));
    expect(chars(again.serif)).toBe([...'甲戊'].sort().join(''));
    expect(chars(again.serifBold)).toBe([...'乙己'].sort().join(''));
    expect(chars(again.sans)).toBe('题');
  });

  it('reads a kept document again when the stylesheet changes', () => {
    faceCharacters([a, b], css, FACES);
    const other = faceCharacters([a, b], css.replace('"Head"', '"Body"'), FACES);
    expect(chars(other.sans)).toBe('');
    // The heading (bold by the UA stylesheet) now in the body family: its bold face.
    expect(chars(other.serifBold)).toBe([...'乙题'].sort().join(''));
  });
});
