import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const SEED_CORPUS = path.join(ROOT, 'corpus');

/** A fresh temporary folder, removed by the caller's afterEach/afterAll. */
export function tempDir(prefix = 'studypack-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * Temporary folders for one test file, all removed after its tests: `temp(prefix)` makes one, `keep(dir)`
 * adds one made elsewhere (and gives it back). Call once, at the file's top level.
 */
export function tempDirs(): { temp: (prefix?: string) => string; keep: (dir: string) => string } {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  const keep = (dir: string) => (dirs.push(dir), dir);
  return { temp: (prefix) => keep(tempDir(prefix)), keep };
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
