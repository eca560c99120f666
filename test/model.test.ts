import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Diagnostics } from '../src/diagnostics.js';
import type { Block } from '../src/model/types.js';
import { inlineText, walkBlocks, walkText } from '../src/model/walk.js';
import { readBook } from '../src/pipeline.js';
import { FIXTURES } from './helpers/corpus.js';

describe('document model positions', () => {
  const diags = new Diagnostics();
  const book = readBook(path.join(FIXTURES, 'model'), diags)!;
  const article = book.articles[0]!;
  const blocks = [...walkBlocks(article.blocks)];
  const find = (pred: (b: Block) => boolean) => blocks.find(pred)!;

  it('parses without errors', () => {
    expect(diags.errors).toEqual([]);
    expect(book.meta.title).toBe('模型测试');
    expect(article.meta).toMatchObject({ title: '位置测试', kind: 'essay', author: ['测试者'], date: '2025-01-01', slug: 'positions' });
  });

  it('a block on line N reports line N of the source file', () => {
    const at = (text: string) => find((b) => (b.type === 'paragraph' || b.type === 'heading') && inlineText(b.children).startsWith(text)).pos.line;
    expect(at('第一段')).toBe(7);
    expect(at('第九行的标题')).toBe(9);
    expect(at('第十一行')).toBe(11);
    expect(at('第十九行的小标题')).toBe(19);
    expect(find((b) => b.type === 'list').pos.line).toBe(14);
    expect(find((b) => b.type === 'blockquote').pos.line).toBe(17);
    expect(find((b) => b.type === 'table').pos.line).toBe(21);
    const list = find((b) => b.type === 'list');
    expect(list.type === 'list' && list.items.map((i) => i.pos.line)).toEqual([14, 15]);
  });

  it('text inside a paragraph knows its own line, bold included', () => {
    const para = find((b) => b.type === 'paragraph' && inlineText(b.children).startsWith('第十一行'));
    const runs = [...walkText(para.type === 'paragraph' ? para.children : [])];
    expect(runs.find((r) => r.value.includes('第十一行'))!.line).toBe(11);
    const bold = runs.find((r) => r.strong)!;
    expect(bold).toMatchObject({ value: '粗体', line: 12, strong: true });
  });

  it('headings get stable ids from their text', () => {
    const h = find((b) => b.type === 'heading');
    expect(h.type === 'heading' && h.id).toMatch(/^sec-[0-9a-f]{8}$/);
    const again = readBook(path.join(FIXTURES, 'model'), new Diagnostics())!;
    const h2 = [...walkBlocks(again.articles[0]!.blocks)].find((b) => b.type === 'heading');
    expect(h2 && h2.type === 'heading' && h2.id).toBe(h.type === 'heading' && h.id);
  });
});

describe('heading levels', () => {
  it('start at 2 under the article title and never skip a level', () => {
    const book = readBook(path.join(FIXTURES, 'model'), new Diagnostics())!;
    const levels = [...walkBlocks(book.articles[1]!.blocks)].flatMap((b) => (b.type === 'heading' ? [b.level] : []));
    expect(levels).toEqual([2, 3, 4]);
    const first = [...walkBlocks(book.articles[0]!.blocks)].flatMap((b) => (b.type === 'heading' ? [b.level] : []));
    expect(first).toEqual([2, 3]);
  });
});
