import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { Diagnostics } from '../src/diagnostics.js';
import { readBook } from '../src/pipeline.js';
import { ROOT, SEED_CORPUS, tempDir } from './helpers/corpus.js';

const SCRIPT = path.join(ROOT, 'scripts/make-corpus.mjs');
const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function run(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });
}

/** Generates a corpus of n articles into a fresh folder and returns it. */
function generate(n: number, seed?: string): string {
  const dir = tempDir('studypack-gen-');
  dirs.push(dir);
  const out = path.join(dir, 'corpus');
  const r = run(String(n), out, ...(seed ? [seed] : []));
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  return out;
}

function articles(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort();
}

function frontMatter(file: string): Record<string, unknown> {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^---\n([\s\S]*?)\n---\n/.exec(text);
  expect(m, `${file} has front matter`).not.toBeNull();
  return parseYaml(m![1]!) as Record<string, unknown>;
}

describe('scripts/make-corpus.mjs', () => {
  const N = 23;
  const out = generate(N);
  const files = articles(out);
  const metas = files.map((f) => frontMatter(path.join(out, f)));

  it('writes N article files', () => {
    expect(files).toHaveLength(N);
    expect(files[0]).toBe('01-article.md');
    expect(files[N - 1]).toBe(`${N}-article.md`);
  });

  it('gives every article valid front matter with a unique title and slug', () => {
    const seedMetas = fs
      .readdirSync(SEED_CORPUS)
      .filter((f) => /^\d+-.*\.md$/.test(f))
      .sort()
      .map((f) => frontMatter(path.join(SEED_CORPUS, f)));
    for (const [i, meta] of metas.entries()) {
      const seed = seedMetas[i % seedMetas.length]!;
      expect(typeof meta.title).toBe('string');
      expect(typeof meta.slug).toBe('string');
      expect(meta.slug).toMatch(/^[a-z0-9-]+$/);
      // Everything but the title and slug is the seed's.
      expect({ ...meta, title: seed.title, slug: seed.slug }).toEqual(seed);
      expect(meta.title).toBe(`${seed.title as string}（第 ${i + 1} 篇）`);
    }
    expect(new Set(metas.map((m) => m.slug)).size).toBe(N);
    expect(new Set(metas.map((m) => m.title)).size).toBe(N);
  });

  it('keeps the article bodies of the seed', () => {
    const seedFiles = articles(SEED_CORPUS).filter((f) => /^\d+-/.test(f));
    const body = (t: string) => t.replace(/^---\n[\s\S]*?\n---\n/, '');
    for (const [i, f] of files.entries()) {
      const seed = fs.readFileSync(path.join(SEED_CORPUS, seedFiles[i % seedFiles.length]!), 'utf8');
      expect(body(fs.readFileSync(path.join(out, f), 'utf8'))).toBe(body(seed));
    }
  });

  it('copies book.yaml and glossary.yaml', () => {
    for (const f of ['book.yaml', 'glossary.yaml']) {
      expect(fs.readFileSync(path.join(out, f))).toEqual(fs.readFileSync(path.join(SEED_CORPUS, f)));
    }
  });

  it('is deterministic: two runs give identical files', () => {
    const again = generate(N);
    expect(fs.readdirSync(again).sort()).toEqual(fs.readdirSync(out).sort());
    for (const f of fs.readdirSync(out)) {
      expect(fs.readFileSync(path.join(again, f)).equals(fs.readFileSync(path.join(out, f))), f).toBe(true);
    }
  });

  it('leaves exactly N articles when run again with a smaller N in the same folder', () => {
    const dir = generate(12);
    const r = run('7', dir);
    expect(r.status).toBe(0);
    expect(articles(dir)).toEqual(['1-article.md', '2-article.md', '3-article.md', '4-article.md', '5-article.md', '6-article.md', '7-article.md']);
  });

  it('writes a corpus that studypack loads without errors: 12 articles', () => {
    const dir = generate(12);
    const diags = new Diagnostics();
    const book = readBook(dir, diags);
    expect(diags.errors).toEqual([]);
    expect(book).not.toBeNull();
    expect(book!.articles).toHaveLength(12);
    expect(new Set(book!.articles.map((a) => a.meta.slug)).size).toBe(12);
    expect(new Set(book!.articles.map((a) => a.meta.title)).size).toBe(12);
  });

  it.each([
    ['no arguments', []],
    ['N only', ['3']],
    ['N = 0', ['0', 'OUT']],
    ['negative N', ['-3', 'OUT']],
    ['fractional N', ['1.5', 'OUT']],
    ['N not a number', ['abc', 'OUT']],
    ['N in exponent form', ['1e3', 'OUT']],
    ['too many arguments', ['3', 'OUT', 'SEED', 'extra']],
    ['a seed folder that does not exist', ['3', 'OUT', '/nonexistent/seed']],
    ['OUT_DIR the same as the seed folder', ['3', SEED_CORPUS]],
  ])('rejects %s with exit code 2 and writes nothing', (_name, args) => {
    const dir = tempDir('studypack-gen-');
    dirs.push(dir);
    const real = (args as string[]).map((a) => (a === 'OUT' ? path.join(dir, 'out') : a));
    const before = fs.readdirSync(SEED_CORPUS).sort();
    const r = run(...real);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: node scripts\/make-corpus\.mjs/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
    expect(fs.readdirSync(SEED_CORPUS).sort()).toEqual(before);
  });

  it('rejects a seed folder without articles with exit code 2', () => {
    const seed = tempDir('studypack-seed-');
    const dir = tempDir('studypack-gen-');
    dirs.push(seed, dir);
    const r = run('3', path.join(dir, 'out'), seed);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/no seed articles/);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });
});
