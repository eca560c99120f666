// The EPUB cover (src/render/epub/cover.ts): drawn once per drawing in a process (a watch session's rebuilds reuse it).
import { describe, expect, it } from 'vitest';
import type { BookMeta } from '../src/model/types.js';
import { renderCover } from '../src/render/epub/cover.js';

const meta = (title: string) => ({ title, subtitle: '阅读材料', editor: '编者', language: 'zh-CN', slug: 'x' }) as unknown as BookMeta;

describe('renderCover', () => {
  it('draws a PNG once for the same wording and fonts, another for other wording', () => {
    const a = renderCover(meta('封面标题'), '2025 年 1 月 1 日');
    expect(a.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect(renderCover(meta('封面标题'), '2025 年 1 月 1 日')).toBe(a);
    const b = renderCover(meta('另一个标题'), '2025 年 1 月 1 日');
    expect(b).not.toBe(a);
    expect(Buffer.compare(a, b)).not.toBe(0);
  });
});
