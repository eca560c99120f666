import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import { articleText } from '../src/model/walk.js';
import { normalisePunctuation } from '../src/parse/punctuation.js';
import { readBook } from '../src/pipeline.js';
import { article, BOOK_YAML, writeCorpus } from './helpers/corpus.js';

describe('ASCII punctuation between Chinese characters', () => {
  it.each([
    ['你好,世界', '你好，世界'],
    ['他问:为什么?', '他问：为什么？'],
    ['太好了!真的', '太好了！真的'],
    ['一;二', '一；二'],
    ['年化收入(ARR)从0做到1亿', '年化收入（ARR）从0做到1亿'],
    ['语言模型 ( LLM ) 的', '语言模型（LLM）的'],
    ['OpenAI,而坐在', 'OpenAI，而坐在'],
  ])('%s → %s', (input, output) => expect(normalisePunctuation(input)).toBe(output));

  it.each(['1,000 个', 'Hello, world: yes (really)?', 'https://example.org/a?b=1', '3.5 (beta)', 'P&L'])('leaves Latin text alone: %s', (s) =>
    expect(normalisePunctuation(s)).toBe(s),
  );

  it('is on by default and can be turned off', () => {
    const corpus = writeCorpus({ 'book.yaml': BOOK_YAML, '01-a.md': article('title: 标点', '他说,**这很好**!然后走了.\n') });
    const on = readBook(corpus, new Diagnostics())!;
    expect(articleText(on.articles[0]!)).toBe('他说，这很好！然后走了.');
    const off = readBook(corpus, new Diagnostics(), { normalisePunctuation: false })!;
    expect(articleText(off.articles[0]!)).toBe('他说,这很好!然后走了.');
  });
});
