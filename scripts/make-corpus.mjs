#!/usr/bin/env node
// Writes a corpus of N articles made from the seed corpus's articles, each with a unique title and slug,
// for measuring studypack at scale. Usage: node scripts/make-corpus.mjs N OUT_DIR [SEED_DIR]
//
// Article i (1-based) is seed article ((i-1) mod seeds) with " （第 i 篇）" added to its title and "-NNN"
// (i, zero-padded to the width of N) added to its slug; it is written to OUT_DIR/NNN-article.md.
// book.yaml and glossary.yaml are copied from the seed folder. The output depends only on N and the seed
// (no dates, no randomness), so two runs give identical files. Generated articles left in OUT_DIR by an
// earlier, larger run (NNN-article.md) are removed, so OUT_DIR always ends up with exactly N articles.
// Exit codes: 0 written, 2 usage error (bad N, missing OUT_DIR, seed folder without articles, OUT_DIR = seed).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const USAGE = 'usage: node scripts/make-corpus.mjs N OUT_DIR [SEED_DIR]   (N: a whole number ≥ 1)';

function fail(message) {
  console.error(`make-corpus: ${message}\n${USAGE}`);
  process.exit(2);
}

const args = process.argv.slice(2);
if (args.length < 2 || args.length > 3) fail(`expected 2 or 3 arguments, got ${args.length}`);
const [n, out, seedDir = fileURLToPath(new URL('../corpus', import.meta.url))] = args;
if (!/^\d+$/.test(n) || Number(n) < 1 || !Number.isSafeInteger(Number(n))) fail(`N must be a whole number ≥ 1 (got '${n}')`);
const count = Number(n);
if (!out) fail('OUT_DIR is empty');
if (!fs.existsSync(seedDir) || !fs.statSync(seedDir).isDirectory()) fail(`seed folder not found: ${seedDir}`);
if (path.resolve(out) === path.resolve(seedDir)) fail('OUT_DIR must not be the seed folder');

const FRONT = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/;
const seeds = fs
  .readdirSync(seedDir)
  .filter((f) => /^\d+-.*\.md$/.test(f))
  .sort()
  .map((f) => {
    const text = fs.readFileSync(path.join(seedDir, f), 'utf8');
    const m = FRONT.exec(text);
    if (!m) fail(`seed article ${f} has no YAML front matter`);
    let meta;
    try {
      meta = parseYaml(m[1]);
    } catch (e) {
      fail(`seed article ${f}: front matter is not valid YAML (${e.message})`);
    }
    if (typeof meta?.title !== 'string' || typeof meta?.slug !== 'string') fail(`seed article ${f} lacks a title or slug`);
    if (!/^title:.*$/m.test(m[1]) || !/^slug:.*$/m.test(m[1])) fail(`seed article ${f}: title and slug must be one-line keys`);
    return { file: f, text, front: m[0], meta };
  });
if (seeds.length === 0) fail(`no seed articles (NN-name.md) in ${seedDir}`);

fs.mkdirSync(out, { recursive: true });
for (const f of fs.readdirSync(out)) {
  if (/^\d+-article\.md$/.test(f)) fs.rmSync(path.join(out, f));
}
for (const f of ['book.yaml', 'glossary.yaml']) {
  if (fs.existsSync(path.join(seedDir, f))) fs.copyFileSync(path.join(seedDir, f), path.join(out, f));
}
const width = String(count).length;
for (let i = 0; i < count; i++) {
  const seed = seeds[i % seeds.length];
  const k = String(i + 1).padStart(width, '0');
  // Only the front matter's title and slug lines change; JSON strings are valid YAML double-quoted scalars.
  const front = seed.front
    .replace(/^title:.*$/m, () => `title: ${JSON.stringify(`${seed.meta.title}（第 ${i + 1} 篇）`)}`)
    .replace(/^slug:.*$/m, () => `slug: ${seed.meta.slug}-${k}`);
  fs.writeFileSync(path.join(out, `${k}-article.md`), front + seed.text.slice(seed.front.length));
}
console.log(`wrote ${count} articles to ${out}`);
