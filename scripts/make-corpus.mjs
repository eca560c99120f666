#!/usr/bin/env node
// Writes a corpus of N articles made from the seed corpus's articles, each with a unique title and slug,
// for measuring studypack at scale. Usage: node scripts/make-corpus.mjs N OUT_DIR [SEED_DIR]
import fs from 'node:fs';
import path from 'node:path';

const [n, out, seedDir = new URL('../corpus', import.meta.url).pathname] = process.argv.slice(2);
const count = Number(n);
if (!Number.isInteger(count) || count < 1 || !out) {
  console.error('usage: node scripts/make-corpus.mjs N OUT_DIR [SEED_DIR]');
  process.exit(2);
}
const seeds = fs
  .readdirSync(seedDir)
  .filter((f) => /^\d+-.*\.md$/.test(f))
  .sort()
  .map((f) => fs.readFileSync(path.join(seedDir, f), 'utf8'));
fs.mkdirSync(out, { recursive: true });
for (const f of ['book.yaml', 'glossary.yaml']) {
  if (fs.existsSync(path.join(seedDir, f))) fs.copyFileSync(path.join(seedDir, f), path.join(out, f));
}
const width = String(count).length;
for (let i = 0; i < count; i++) {
  const src = seeds[i % seeds.length];
  const k = String(i + 1).padStart(width, '0');
  const text = src
    .replace(/^title: "?(.*?)"?$/m, (_, t) => `title: "${t.replace(/"/g, '\\"')}（第 ${i + 1} 篇）"`)
    .replace(/^slug: (.*)$/m, (_, s) => `slug: ${s}-${k}`);
  fs.writeFileSync(path.join(out, `${k}-article.md`), text);
}
console.log(`wrote ${count} articles to ${out}`);
