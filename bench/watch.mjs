#!/usr/bin/env node
// Watch-mode timing: one session builds the pack, then one article is edited N times and rebuilt each time.
// Prints JSON: the first (cold) build and, per output set, the median/min time of an incremental rebuild.
// Usage: node bench/watch.mjs [CORPUS] [--runs N]   (run `npm run compile` first)
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BuildSession } from '../dist/watch/session.js';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 5;
const source = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--runs') ?? new URL('../corpus', import.meta.url).pathname;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const results = [];
for (const outputs of [['pdf'], ['pdf', 'epub', 'sheets']]) {
  const corpus = fs.mkdtempSync(path.join(os.tmpdir(), 'studypack-watch-bench-'));
  const out = fs.mkdtempSync(path.join(os.tmpdir(), 'studypack-watch-bench-out-'));
  fs.cpSync(source, corpus, { recursive: true });
  const file = path.join(corpus, fs.readdirSync(corpus).filter((f) => f.endsWith('.md')).sort()[0]);
  const original = fs.readFileSync(file, 'utf8');
  const session = new BuildSession({ corpus, out, outputs });
  const cold = await session.rebuild();
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    // A new sentence each time: the article's layout changes, the others' do not.
    fs.writeFileSync(file, `${original.trimEnd()}\n\n第 ${i + 1} 次修改：新加的一句话。\n`);
    last = await session.rebuild();
    times.push(last.ms);
  }
  fs.rmSync(corpus, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
  results.push({ outputs: outputs.join('+'), coldMs: Math.round(cold.ms), editMedianMs: Math.round(median(times)), editMinMs: Math.round(Math.min(...times)), reused: last.reused, made: last.made, runs });
}
console.log(JSON.stringify(results, null, 2));
