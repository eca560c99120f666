import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const SEED_CORPUS = path.join(ROOT, 'corpus');

/** A fresh temporary folder, removed by the caller's afterEach/afterAll. */
export function tempDir(prefix = 'studypack-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** Writes a corpus folder from a map of file name → content (string or bytes). */
export function writeCorpus(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir('studypack-corpus-');
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

export const BOOK_YAML = 'title: 测试书\nlanguage: zh-CN\ndate: 2025-01-01\nslug: test-book\n';

/** An article file; it gets one discussion question unless the front matter gives its own. */
export function article(front: string, body = '正文第一段。\n'): string {
  const questions = front.includes('questions:') ? '' : '\nquestions: [这篇文章的主旨是什么？]';
  return `---\n${front}${questions}\n---\n\n${body}`;
}
