#!/usr/bin/env node
// The first use of the four Noto faces in a fresh process, step by step (issue 16: is a metrics cache worth it?); prints JSON.
//
//   node bench/fonts.mjs FONT_FILE...
//
// Per step, summed over the faces, in ms: fontkit's import (once), reading the file, its SHA-1 (the key of
// every font cache), fontkit.create, the first cmap lookup, the first advance (hmtx), 60 more characters'
// advances, the first shaping (GSUB/GPOS set up) and a second one. A metrics cache (cmap and advances of the
// glyphs used, keyed by the SHA-1) could save only the cmap and hmtx steps of the layout: the painter shapes
// every run with fontkit (cmap, hmtx, GSUB, GPOS) and the subsetter decodes glyf, so a cold build --pdf
// parses those tables anyway.
import fs from 'node:fs';
import { createHash } from 'node:crypto';

const files = process.argv.slice(2);
if (!files.length) {
  console.error('usage: node bench/fonts.mjs FONT_FILE...');
  process.exit(2);
}
const t0 = performance.now();
const fontkit = await import('fontkit');
const steps = { 'import fontkit (from node_modules)': performance.now() - t0 };
const add = (k, t) => (steps[k] = (steps[k] ?? 0) + t);
const text = '中国人工智能公司Anthropic的首席执行官达里奥·阿莫代伊（Dario Amodei）认为，“规模定律”仍然有效。';
for (const file of files) {
  let t = performance.now();
  const bytes = fs.readFileSync(file);
  add('read the file', performance.now() - t);
  t = performance.now();
  createHash('sha1').update(bytes).digest('hex');
  add('SHA-1', performance.now() - t);
  t = performance.now();
  const font = fontkit.create(bytes);
  add('fontkit.create', performance.now() - t);
  t = performance.now();
  const glyph = font.glyphForCodePoint(0x4e2d);
  add('first cmap lookup', performance.now() - t);
  t = performance.now();
  void glyph.advanceWidth;
  add('first advance (hmtx)', performance.now() - t);
  t = performance.now();
  for (const ch of text) void font.glyphForCodePoint(ch.codePointAt(0)).advanceWidth;
  add('60 more advances', performance.now() - t);
  t = performance.now();
  font.layout('中');
  add('first shaping (GSUB/GPOS)', performance.now() - t);
  t = performance.now();
  font.layout(text);
  add('second shaping', performance.now() - t);
}
const bytes = files.reduce((s, f) => s + fs.statSync(f).size, 0);
console.log(JSON.stringify({ faces: files.length, bytes, steps: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, Number(v.toFixed(2))])) }));
