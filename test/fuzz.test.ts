import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { NO_LINE_END, NO_LINE_START } from '../src/util/chars.js';
import { FontMetrics } from '../src/fonts/metrics.js';
import { typesetParagraph } from '../src/layout/paragraph.js';
import { inlineSpans } from '../src/layout/spans.js';
import { walkBlocks } from '../src/model/walk.js';
import { parseMarkdown } from '../src/parse/markdown.js';
import { normaliseBlocks } from '../src/parse/punctuation.js';
import { lineEdges } from './helpers/lines.js';

const metrics = new FontMetrics();
const HAN = [...'的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长知民样现分将外但身些与高意进把法此实回二理美点月明其种声全工己话儿者向情部正名定女问力机给等几很业最间新什打便位因重被走电四第门相次东政海口使教西再平真听世气信北少关并内加化由却代军产入先山五太水万市眼体别处总才场师书比住员九笑性通目华报立马命张活难神数件安表原车白应路期叫死常提感金何更反合放做系计或司利受光王果亲界及今京务制解各任至清物台象记边共风战干接它许八特觉望直服毛林题建南度统色字请交爱让认算论百吃义科怎元社术结六功指思非流每青管夫连远资队跟带花快条院变联言权往展该领传近留红治决周保达办运武半候七必城父强步完革深区即求品士转量空甚众技轻程告江语英基派满式李息写呢识极令黄德收脸钱党倒未持取设始版双历越史商千片容研像找友孩站广改议形委早房音火际则首单据导影失拿网香似斯专石若兵弟谁校读志飞观争究包组造落视济喜离虽坏兴'];
const PUNCT = [...'，。、：；？！）」』”》（「『“《……——·'];
const LATIN = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'];
const DIGIT = [...'0123456789%.$'];

const char = fc.oneof(
  { weight: 70, arbitrary: fc.constantFrom(...HAN) },
  { weight: 12, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 10, arbitrary: fc.constantFrom(...LATIN) },
  { weight: 4, arbitrary: fc.constantFrom(...DIGIT) },
  { weight: 4, arbitrary: fc.constant(' ') },
);
const paragraph = fc.array(char, { minLength: 0, maxLength: 400 }).map((cs) => cs.join(''));
const markdownChar = fc.oneof(
  { weight: 80, arbitrary: char },
  { weight: 20, arbitrary: fc.constantFrom('\n', '\n\n', '# ', '## ', '- ', '1. ', '> ', '**', '*', '`', '[', '](https://a.b)', '![', '|', '---', '<b>', '\\', '\u0000', '😀', '𠀀', '\u202e') },
);
const markdown = fc.array(markdownChar, { minLength: 0, maxLength: 300 }).map((cs) => cs.join(''));

describe('property tests', () => {
  it('the line breaker keeps every character once, in order, and the kinsoku rules, at any measure', () => {
    fc.assert(
      fc.property(paragraph, fc.integer({ min: 6, max: 45 }), (text, ems) => {
        const lines = typesetParagraph([{ text, face: 'serif', size: 10, color: '#000' }], { measure: ems * 10, indent: 20, align: 'justify', em: 10 }, metrics);
        expect(lines.map((l) => l.text).join('').replace(/\s+/g, '')).toBe(text.replace(/\s+/g, ''));
        lines.forEach((l, i) => {
          if (i > 0) expect(NO_LINE_START.has(l.text[0]!), `line ${i} of ${JSON.stringify(text)}: ${l.text}`).toBe(false);
          if (i < lines.length - 1) expect(NO_LINE_END.has(l.text[l.text.length - 1]!), `line ${i}: ${l.text}`).toBe(false);
          expect(lineEdges(l.runs).right).toBeLessThanOrEqual(ems * 10 + 0.01);
        });
      }),
      { numRuns: 400, seed: 20261129 },
    );
  });

  it('parsing and laying out random Markdown never throws', () => {
    fc.assert(
      fc.property(markdown, (md) => {
        const diags = new Diagnostics();
        const { blocks } = parseMarkdown(md, 'fuzz.md', 1, diags);
        normaliseBlocks(blocks);
        for (const b of walkBlocks(blocks)) {
          if (b.type !== 'paragraph' && b.type !== 'heading') continue;
          typesetParagraph(inlineSpans(b.children, { face: 'serif', bold: 'serifBold', size: 10, color: '#000' }), { measure: 200, indent: 20, align: 'justify', em: 10 }, metrics);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
